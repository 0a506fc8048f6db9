//! FT-NET-05: active FT logging uplinks on one module or switch, and vMotion and FT logging active on different uplinks.

use std::collections::BTreeMap;

use super::vmk_label;
use crate::model::{ClusterId, HostId, VmkRole};
use crate::rules::ft_vm::join;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// FT logging active on different modules across a cluster, or stacked with vMotion on one uplink.
pub struct FtNetTeaming;

static META: RuleMeta = RuleMeta {
    id: "FT-NET-05",
    name: "ft-logging-teaming-mismatch",
    title: "FT logging teaming is not aligned across hosts or stacks with vMotion",
    severity: Severity::Warning,
    reach: Reach::Cluster,
    checks: "On FT hosts, using each VMkernel port's `active_uplink` (the VC module or physical switch of its active uplink): within a cluster, every `FtLogging` port is active on the same module or switch (reported on the cluster); on a host, the `FtLogging` port and a separate `Vmotion` port are not active on the same uplink (reported on the host). Ports without `active_uplink` are not checked.",
    why: "FT logging between two hosts whose active uplinks sit on different VC modules or switches has to cross the stacking link or the upstream network, adding latency and a failure point. vMotion and FT logging should use mirrored active/standby teaming (vMotion active A / standby B, FT active B / standby A) so that in normal operation they never share a NIC and a single uplink failure stacks them only temporarily.",
    example: "In cluster `prod`, `esx01` has its FT logging vmk active on `bay1` and `esx02` on `bay2`.",
    fix: "Mirror the teaming orders on every host: vMotion active on module A with standby B, FT logging active on module B with standby A.",
    source: "S10",
};

impl Rule for FtNetTeaming {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        let mut clusters: BTreeMap<ClusterId, BTreeMap<&str, Vec<HostId>>> = BTreeMap::new();
        for host_id in ctx.ft_hosts().iter().copied() {
            let Some(host) = ctx.host(host_id) else {
                continue;
            };
            for (position, vmk) in host.vmkernel_ports.iter().enumerate() {
                if !vmk.roles.contains(&VmkRole::FtLogging) {
                    continue;
                }
                let Some(uplink) = vmk.active_uplink.as_deref() else {
                    continue;
                };
                if let Some(cluster) = host.cluster {
                    let hosts = clusters
                        .entry(cluster)
                        .or_default()
                        .entry(uplink)
                        .or_default();
                    if hosts.last() != Some(&host_id) {
                        hosts.push(host_id);
                    }
                }
                if vmk.roles.contains(&VmkRole::Vmotion) {
                    continue;
                }
                let vmotion = host.vmkernel_ports.iter().enumerate().find(|(_, other)| {
                    other.roles.contains(&VmkRole::Vmotion)
                        && !other.roles.contains(&VmkRole::FtLogging)
                        && other.active_uplink.as_deref() == Some(uplink)
                });
                if let Some((other_position, other)) = vmotion {
                    out.add(
                        &META,
                        host_id,
                        format!(
                            "{} has vMotion ({}) and FT logging ({}) both active on {uplink}; mirror their teaming so each has its own active uplink",
                            ctx.host_label(host_id),
                            vmk_label(&other.name, other_position),
                            vmk_label(&vmk.name, position)
                        ),
                    );
                }
            }
        }
        for (cluster_id, uplinks) in clusters {
            if uplinks.len() < 2 {
                continue;
            }
            let Some(cluster) = ctx.cluster(cluster_id) else {
                continue;
            };
            let parts: Vec<String> = uplinks
                .iter()
                .map(|(uplink, hosts)| {
                    let names: Vec<String> =
                        hosts.iter().map(|id| ctx.project.host_name(*id)).collect();
                    format!("on {uplink} for {}", join(&names))
                })
                .collect();
            out.add(
                &META,
                cluster_id,
                format!(
                    "{} has FT logging active {}; keep every host's active FT logging uplink on one VC module or switch",
                    cluster.name,
                    join(&parts)
                ),
            );
        }
    }
}
