//! HA-07: HA on vSphere 4.x runs over IPv4 management addresses only.

use super::interface_label;
use crate::model::Release;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// A host of an HA cluster under vCenter 4.x with an IPv6 management address.
pub struct HaManagementNotIpv4;

static META: RuleMeta = RuleMeta {
    id: "HA-07",
    name: "ha-management-not-ipv4",
    title: "An HA host has an IPv6 management address",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "For every cluster with `ha.enabled` whose vCenter is 4.0 or later (the stage's release in a simulated \
             stage): each host's `management_ip` and the `ip` of each of its `management_interfaces` is IPv4; an \
             address with a `:` is IPv6. One finding per host, naming the addresses. Empty addresses and clusters \
             with no vCenter are unknown and not checked.",
    why: "vSphere 4.x can address hosts over IPv6, but HA does not support it: its agents and heartbeats run over \
          IPv4 only, so a host managed over IPv6 cannot join the HA cluster.",
    example: "Cluster `prod` under vCenter 4.0 U1; `esx01` has `management_ip: \"fd00:10::11\"`.",
    fix: "Give the hosts' management interfaces IPv4 addresses and add the hosts to vCenter by those addresses or \
          names resolving to them.",
    source: "V12 (vSphere 4.1 HA checklist)",
};

/// The address is IPv6 (IPv4 addresses and names have no colon).
fn is_ipv6(address: &str) -> bool {
    address.contains(':')
}

impl Rule for HaManagementNotIpv4 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        let vsphere4 = Release::new(4, 0);
        for (&cluster_id, cluster) in &ctx.project.clusters {
            if !cluster.ha.enabled {
                continue;
            }
            let Some(vcenter) = ctx
                .cluster_vcenter(cluster)
                .filter(|vcenter| vcenter.release >= vsphere4)
            else {
                continue;
            };
            for (host_id, host) in ctx.cluster_hosts(cluster_id) {
                let mut addresses: Vec<String> = Vec::new();
                if is_ipv6(&host.management_ip) {
                    addresses.push(format!("management address {}", host.management_ip.trim()));
                }
                for (position, interface) in host.management_interfaces.iter().enumerate() {
                    if is_ipv6(&interface.ip) && interface.ip.trim() != host.management_ip.trim() {
                        addresses.push(format!(
                            "{} {}",
                            interface_label(interface, position),
                            interface.ip.trim()
                        ));
                    }
                }
                if addresses.is_empty() {
                    continue;
                }
                out.add(
                    &META,
                    host_id,
                    format!(
                        "{} in HA cluster {} (vCenter {}) is managed over IPv6 ({}); HA on vSphere 4 needs IPv4",
                        ctx.host_label(host_id),
                        cluster.name,
                        vcenter.release,
                        addresses.join(", ")
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        Cluster, ClusterId, Ha, Host, HostId, Index, ManagementInterface, Project, Vcenter,
        VcenterId,
    };
    use crate::refdata::ReferenceData;

    fn found(vcenter: &str, management_ip: &str, interface_ip: &str) -> Vec<String> {
        let mut project = Project::default();
        project.vcenters.insert(
            VcenterId(1),
            Vcenter {
                name: "vc01".into(),
                release: vcenter.parse().unwrap(),
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
        project.hosts.insert(
            HostId(1),
            Host {
                name: "esx01".into(),
                cluster: Some(ClusterId(1)),
                management_ip: management_ip.into(),
                management_interfaces: vec![ManagementInterface {
                    name: "vswif0".into(),
                    ip: interface_ip.into(),
                    ..ManagementInterface::default()
                }],
                ..Host::default()
            },
        );
        let reference = ReferenceData::bundled().unwrap();
        let index = Index::build(&project);
        let ctx = Context::new(&project, &reference, &index);
        let mut out = Findings::default();
        HaManagementNotIpv4.check(&ctx, &mut out);
        out.into_vec().into_iter().map(|f| f.message).collect()
    }

    #[test]
    fn ipv6_on_vcenter_4_is_an_error_once_per_host() {
        let found = found("4.0 U1", "fd00:10::11", "fd00:10::11");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].contains("(management address fd00:10::11)"),
            "{found:?}"
        );
        let interface_only = super::tests::found("4.0", "10.10.1.11", "fd00:10::11");
        assert!(
            interface_only[0].contains("vswif0 fd00:10::11"),
            "{interface_only:?}"
        );
    }

    #[test]
    fn ipv4_unknown_or_virtualcenter_2_is_quiet() {
        assert!(found("4.0", "10.10.1.11", "10.10.1.11").is_empty());
        assert!(found("4.0", "", "").is_empty());
        assert!(found("2.5 U4", "fd00:10::11", "").is_empty());
    }
}
