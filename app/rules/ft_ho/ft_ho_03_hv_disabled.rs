//! FT-HO-03: FT needs hardware virtualisation turned on in the BIOS.

use super::hv_name;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// An FT host has Intel VT / AMD-V disabled in the BIOS.
pub struct FtHoHvDisabled;

static META: RuleMeta = RuleMeta {
    id: "FT-HO-03",
    name: "ft-host-hv-disabled",
    title: "A host that may run FT VMs has hardware virtualisation disabled in the BIOS",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "Every FT host (every host of a cluster holding an FT VM, plus each Primary and Secondary host) has `bios.hv = true` (Intel VT or AMD-V). A host whose setting the plan does not record is an info finding, never an error.",
    why: "FT runs the Primary and the Secondary with hardware-assisted virtualisation; with VT/AMD-V off the host reports FT as unsupported (API reason `cpuHvDisabled`). Many OEMs ship the setting disabled, and it only takes effect after a cold boot.",
    example: "`esx02` in the FT cluster `prod` has `bios: (hv: false)`.",
    fix: "Enable Intel VT / AMD-V in RBSU and cold-boot the host.",
    source: "S01 vSphere 4.x Availability, FT prerequisites; S02 vSphere 4.1 Availability, Turn On Fault Tolerance; S03 HostCapabilityFtUnsupportedReason (`cpuHvDisabled`)",
};

impl Rule for FtHoHvDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        for id in ctx.ft_hosts().iter().copied() {
            let Some(host) = ctx.host(id) else {
                continue;
            };
            match host.bios.hv {
                Some(true) => continue,
                Some(false) => {}
                // Unknown is not off: the user should record it, but nothing is wrong yet.
                None => {
                    out.add_at(
                        &META,
                        Severity::Info,
                        id,
                        format!(
                            "the plan does not record whether {} has {} on in the BIOS; it may run FT VMs, which need it",
                            ctx.host_label(id),
                            hv_name(host.cpu.vendor)
                        ),
                    );
                    continue;
                }
            }
            out.add(
                &META,
                id,
                format!(
                    "{} may run FT VMs but has {} disabled in the BIOS",
                    ctx.host_label(id),
                    hv_name(host.cpu.vendor)
                ),
            );
        }
    }
}
