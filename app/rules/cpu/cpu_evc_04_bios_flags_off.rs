//! CPU-EVC-04: every host of an EVC cluster has hardware virtualisation and NX/XD enabled in the BIOS.

use crate::rules::{Context, Findings, Rule, RuleMeta, Severity};

/// A host of an EVC cluster with Intel VT / AMD-V or NX/XD disabled in the BIOS.
pub struct CpuEvcBiosFlagsOff;

static META: RuleMeta = RuleMeta {
    id: "CPU-EVC-04",
    name: "evc-host-bios-flags-off",
    title: "A host of an EVC cluster has hardware virtualisation or NX/XD disabled in the BIOS",
    severity: Severity::Error,
    checks: "For every cluster with an EVC mode (`evc_mode`), each host has `bios.hv` (Intel VT / AMD-V) and `bios.nx_xd` (No-Execute / Execute Disable) on.",
    why: "EVC requires both features on every host: the baselines assume NX/XD is present, and vCenter will not enable EVC or admit a host into an EVC cluster while either is off in the BIOS. Many servers shipped with VT disabled, so freshly racked blades are a common cause.",
    example: "`esx03` in EVC cluster `prod` has `bios: (hv: false, nx_xd: true)`.",
    fix: "Enable Intel VT / AMD-V and NX/XD in the BIOS (HP RBSU), then power-cycle the host (a warm reboot does not apply VT).",
    source: "S14 KB 1003212, S15 EVC requirements",
};

impl Rule for CpuEvcBiosFlagsOff {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        for (&cluster_id, cluster) in &ctx.project.clusters {
            let Some(mode) = cluster.evc_mode.as_deref() else {
                continue;
            };
            for (host_id, host) in ctx.cluster_hosts(cluster_id) {
                let off = match (host.bios.hv, host.bios.nx_xd) {
                    (true, true) => continue,
                    (false, true) => "hardware virtualisation (VT/AMD-V)",
                    (true, false) => "NX/XD",
                    (false, false) => "hardware virtualisation (VT/AMD-V) and NX/XD",
                };
                out.add(
                    &META,
                    host_id,
                    format!(
                        "{} has {off} disabled in the BIOS; EVC cluster {} (mode {mode}) needs both on",
                        ctx.host_label(host_id),
                        cluster.name,
                    ),
                );
            }
        }
    }
}
