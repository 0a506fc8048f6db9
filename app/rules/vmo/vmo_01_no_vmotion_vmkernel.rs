//! VMO-01: every clustered host needs a vMotion VMkernel port on a gigabit or faster uplink.

use crate::model::VmkRole;
use crate::refdata::LimitItem;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity, number};

/// A clustered host without a vMotion VMkernel port, or whose vMotion uplink is slower than 1 Gb/s.
pub struct VmoNoVmotionVmkernel;

static META: RuleMeta = RuleMeta {
    id: "VMO-01",
    name: "vmotion-vmkernel-missing-or-slow",
    title: "A clustered host has no vMotion VMkernel port, or its uplink is slower than 1 Gb/s",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "Every host in a cluster has a VMkernel port with the `Vmotion` role, and the fastest such port's speed is at least the `VmotionMinMbps` limit (1000). The speed is what Virtual Connect allocates to the Flex-10 FlexNIC carrying the port's network (never the request), else `uplink_mbps`. Ports with an unknown uplink speed (`uplink_mbps: 0`) are not judged on speed. A host whose VMkernel ports the plan does not record (`unrecorded.vmkernel_ports`, set by an import whose export has no vSC_VMK tab) and lists none with vMotion is an info finding, never an error.",
    why: "vMotion copies a running VM's memory over the VMkernel port marked for vMotion; a host without one can neither send nor receive VMs, so DRS cannot balance onto it and maintenance mode cannot evacuate it. VMware requires Gigabit Ethernet for vMotion and recommends a dedicated NIC (with Flex-10, a FlexNIC of at least 1 Gb).",
    example: "`esx04` in cluster `prod` has only a management VMkernel port; or its vMotion port sits on a 500 Mb/s FlexNIC.",
    fix: "Add a VMkernel port with vMotion enabled on a dedicated NIC or FlexNIC of at least 1000 Mb/s.",
    source: "S16 VI3 Resource Management Guide, VMotion requirements; S59 Dell vMotion networking best practices",
};

impl Rule for VmoNoVmotionVmkernel {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        for (&host_id, host) in &ctx.project.hosts {
            let Some(cluster) = host.cluster.and_then(|id| ctx.cluster(id)) else {
                continue;
            };
            // The speed the port really gets: Virtual Connect's allocation on a Flex-10 port (rules-v2).
            let Some((fastest, speed)) = host
                .vmk_with(VmkRole::Vmotion)
                .map(|vmk| (vmk, ctx.index.flexnics.vmk_uplink_mbps(host_id, vmk)))
                .max_by_key(|(_, speed)| *speed)
            else {
                if host.unrecorded.vmkernel_ports {
                    // Unknown is not none: the plan (an import without vSC_VMK) does not list the host's ports.
                    out.add_at(
                        &META,
                        Severity::Info,
                        host_id,
                        format!(
                            "the plan does not record the VMkernel ports of {} in cluster {}, so whether it has one with vMotion enabled is unknown",
                            ctx.host_label(host_id),
                            cluster.name,
                        ),
                    );
                    continue;
                }
                out.add(
                    &META,
                    host_id,
                    format!(
                        "{} in cluster {} has no VMkernel port with vMotion enabled",
                        ctx.host_label(host_id),
                        cluster.name,
                    ),
                );
                continue;
            };
            let Some(min) = ctx.limit(LimitItem::VmotionMinMbps, Some(host.esx.release)) else {
                continue;
            };
            if speed > 0 && f64::from(speed) < min {
                out.add(
                    &META,
                    host_id,
                    format!(
                        "{} carries vMotion on {} over a {} Mb/s uplink; vMotion needs at least {} Mb/s",
                        ctx.host_label(host_id),
                        fastest.name,
                        speed,
                        number(min),
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Cluster, ClusterId, Host, HostId, Project, Unrecorded};

    fn found(unrecorded: Unrecorded) -> Vec<(Severity, String)> {
        let mut project = Project::default();
        project.clusters.insert(
            ClusterId(1),
            Cluster {
                name: "prod".into(),
                ..Cluster::default()
            },
        );
        project.hosts.insert(
            HostId(1),
            Host {
                name: "esx01".into(),
                cluster: Some(ClusterId(1)),
                unrecorded,
                ..Host::default()
            },
        );
        crate::rules::testing::run(&VmoNoVmotionVmkernel, &project, None)
    }

    #[test]
    fn recorded_ports_without_vmotion_are_an_error_unrecorded_ones_info() {
        let recorded = found(Unrecorded::default());
        assert_eq!(recorded.len(), 1, "{recorded:?}");
        assert_eq!(recorded[0].0, Severity::Error);
        assert!(
            recorded[0].1.contains("has no VMkernel port"),
            "{recorded:?}"
        );
        let unknown = found(Unrecorded {
            vmkernel_ports: true,
            ..Unrecorded::default()
        });
        assert_eq!(unknown.len(), 1, "{unknown:?}");
        assert_eq!(unknown[0].0, Severity::Info);
        assert!(
            unknown[0]
                .1
                .contains("does not record the VMkernel ports of esx01"),
            "{unknown:?}"
        );
    }
}
