//! VMO-01: every clustered host needs a vMotion VMkernel port on a gigabit or faster uplink.

use crate::model::VmkRole;
use crate::refdata::LimitItem;
use crate::rules::{Context, Findings, Rule, RuleMeta, Severity, number};

/// A clustered host without a vMotion VMkernel port, or whose vMotion uplink is slower than 1 Gb/s.
pub struct VmoNoVmotionVmkernel;

static META: RuleMeta = RuleMeta {
    id: "VMO-01",
    name: "vmotion-vmkernel-missing-or-slow",
    title: "A clustered host has no vMotion VMkernel port, or its uplink is slower than 1 Gb/s",
    severity: Severity::Error,
    checks: "Every host in a cluster has a VMkernel port with the `Vmotion` role, and the fastest such port's speed is at least the `VmotionMinMbps` limit (1000). The speed is what Virtual Connect allocates to the Flex-10 FlexNIC carrying the port's network (never the request), else `uplink_mbps`. Ports with an unknown uplink speed (`uplink_mbps: 0`) are not judged on speed.",
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
                .map(|vmk| (vmk, host.vmk_uplink_mbps(vmk)))
                .max_by_key(|(_, speed)| *speed)
            else {
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
