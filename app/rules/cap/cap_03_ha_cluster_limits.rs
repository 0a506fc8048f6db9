//! CAP-03: an HA cluster stays within the HA configuration maximums of its vCenter release.

use crate::model::Release;
use crate::refdata::LimitItem;
use crate::rules::feat::vcenter_product;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity, number};

/// An HA cluster with too many hosts, too many VMs, or too many VMs on one host for its vCenter's HA limits.
pub struct CapHaClusterLimits;

static META: RuleMeta = RuleMeta {
    id: "CAP-03",
    name: "ha-cluster-over-limits",
    title: "An HA cluster exceeds the HA hosts-per-cluster, VMs-per-host or VMs-per-cluster limits",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "For every cluster with `ha.enabled`, with the limits of its vCenter's release (assets data): the host count \
             is at most `HostsPerHaCluster` (32); every host runs at most `VmsPerHostHaSmallCluster` VMs when the cluster \
             has at most `HaSmallClusterHosts` hosts (4.0: 100 in clusters of up to 8 hosts, 160 from 4.0 U1), otherwise \
             at most `VmsPerHostHaLargeCluster` (40 in clusters of 9-32 hosts); the cluster holds at most `VmsPerHaCluster` \
             VMs (1,280 on 4.0, 3,000 on 4.1). VMs are those registered to the cluster, and on a host those whose `host` \
             (the Primary's host for FT VMs) it is, powered off or not. vCenter 4.1 drops the per-host split, so its \
             data gives the 4.0 limits no hold on a 4.1 stage.",
    why: "vSphere 4.0 HA (AAM) is only supported within these maximums: beyond them failover may not restart every VM, \
          and VMware support will ask to bring the cluster back within limits. During a rolling upgrade VMs pile onto \
          fewer hosts, so a stage can cross the per-host limit even when the target design does not.",
    example: "Cluster `prod` (vCenter 4.0 U1, HA on) has 12 hosts and `esx05` runs 45 VMs: clusters of more than 8 hosts \
              allow 40 VMs per host.",
    fix: "Split clusters or cap density.",
    source: "S48 (vSphere 4.0 Configuration Maximums; thephuck on 4.0 U1); section 7 (1,280 VMs per HA cluster, 4.1 limits)",
};

impl Rule for CapHaClusterLimits {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        for (&cluster_id, cluster) in &ctx.project.clusters {
            if !cluster.ha.enabled {
                continue;
            }
            let Some(vcenter) = ctx.cluster_vcenter(cluster) else {
                continue;
            };
            let release = Some(vcenter.release);
            let hosts = ctx.index.hosts_of(cluster_id);
            let host_count = hosts.len();

            if let Some(max_hosts) = ctx.limit(LimitItem::HostsPerHaCluster, release)
                && host_count as f64 > max_hosts
            {
                out.add(
                    &META,
                    cluster_id,
                    format!(
                        "HA cluster {} has {host_count} hosts; {} allows {} per HA cluster",
                        cluster.name,
                        vcenter_product(vcenter.release),
                        number(max_hosts)
                    ),
                );
            }

            let vm_count = ctx.index.vms_of(cluster_id).len();
            if let Some(max_vms) = ctx.limit(LimitItem::VmsPerHaCluster, release)
                && vm_count as f64 > max_vms
            {
                out.add(
                    &META,
                    cluster_id,
                    format!(
                        "HA cluster {} holds {vm_count} VMs; {} allows {} per HA cluster",
                        cluster.name,
                        vcenter_product(vcenter.release),
                        number(max_vms)
                    ),
                );
            }

            let Some(per_host) = per_host_limit(ctx, vcenter.release, host_count) else {
                continue;
            };
            for &host_id in hosts {
                let running = ctx.index.vms_on(host_id).len();
                if running as f64 > per_host.max {
                    out.add(
                        &META,
                        host_id,
                        format!(
                            "{} runs {running} VMs in HA cluster {} of {host_count} hosts; {} allows {} VMs per host in HA clusters {}",
                            ctx.host_label(host_id),
                            cluster.name,
                            vcenter_product(vcenter.release),
                            number(per_host.max),
                            per_host.scope
                        ),
                    );
                }
            }
        }
    }
}

/// The per-host VM limit that applies to a cluster of `host_count` hosts, and the cluster sizes it covers.
struct PerHostLimit {
    max: f64,
    scope: String,
}

fn per_host_limit(ctx: &Context<'_>, release: Release, host_count: usize) -> Option<PerHostLimit> {
    let small_hosts = ctx.limit(LimitItem::HaSmallClusterHosts, Some(release))?;
    if host_count as f64 <= small_hosts {
        Some(PerHostLimit {
            max: ctx.limit(LimitItem::VmsPerHostHaSmallCluster, Some(release))?,
            scope: format!("of up to {} hosts", number(small_hosts)),
        })
    } else {
        Some(PerHostLimit {
            max: ctx.limit(LimitItem::VmsPerHostHaLargeCluster, Some(release))?,
            scope: format!("of more than {} hosts", number(small_hosts)),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        Cluster, ClusterId, Ha, Host, HostId, Index, Project, Vcenter, VcenterId, Vm, VmId,
    };
    use crate::refdata::ReferenceData;

    /// A 9-host HA cluster under a vCenter of `release`, with 41 VMs on its first host.
    fn crowded_host(release: &str) -> Vec<String> {
        let mut project = Project::default();
        project.vcenters.insert(
            VcenterId(1),
            Vcenter {
                name: "vc01".into(),
                release: release.parse().unwrap(),
                ..Vcenter::default()
            },
        );
        project.clusters.insert(
            ClusterId(1),
            Cluster {
                name: "prod".into(),
                vcenter: Some(VcenterId(1)),
                ha: Ha {
                    enabled: true,
                    ..Ha::default()
                },
                ..Cluster::default()
            },
        );
        for id in 1..=9 {
            project.hosts.insert(
                HostId(id),
                Host {
                    name: format!("esx{id:02}"),
                    cluster: Some(ClusterId(1)),
                    ..Host::default()
                },
            );
        }
        for id in 1..=41 {
            project.vms.insert(
                VmId(id),
                Vm {
                    name: format!("app{id:02}"),
                    cluster: Some(ClusterId(1)),
                    host: Some(HostId(1)),
                    ..Vm::default()
                },
            );
        }
        let reference = ReferenceData::bundled().unwrap();
        let index = Index::build(&project);
        let ctx = Context::new(&project, &reference, &index);
        let mut out = Findings::default();
        CapHaClusterLimits.check(&ctx, &mut out);
        out.into_vec().into_iter().map(|f| f.message).collect()
    }

    #[test]
    fn vcenter_4_0_u1_limits_large_clusters_to_40_vms_per_host() {
        let messages = crowded_host("4.0 U1");
        assert_eq!(messages.len(), 1, "{messages:?}");
        assert!(
            messages[0].contains("allows 40 VMs per host"),
            "{messages:?}"
        );
    }

    #[test]
    fn vcenter_4_1_does_not_inherit_the_4_0_per_host_limits() {
        assert!(crowded_host("4.1").is_empty());
    }
}
