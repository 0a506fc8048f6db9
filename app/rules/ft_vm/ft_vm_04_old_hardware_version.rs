//! FT-VM-04: FT needs virtual hardware version 7.

use super::primary_release;
use crate::refdata::LimitItem;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity, number};

/// An FT VM with virtual hardware older than version 7.
pub struct FtVmOldHardwareVersion;

static META: RuleMeta = RuleMeta {
    id: "FT-VM-04",
    name: "ft-vm-old-hardware-version",
    title: "A VM with Fault Tolerance has virtual hardware older than version 7",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "Every FT VM has `hw_version` at least `FtVmMinHwVersion` (7) from the reference limits.",
    why: "Fault Tolerance is a vSphere 4 feature of virtual hardware version 7; a VM still on version 4 (the ESX 3.5 format) cannot be protected.",
    example: "`app01` has `hw_version: 4` and `ft: (secondary_host: 2)`.",
    fix: "Upgrade VMware Tools, then the virtual hardware to version 7 (needs the VM powered off and ESX 4 hosts only).",
    source: "S08",
};

impl Rule for FtVmOldHardwareVersion {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        for (id, vm) in ctx.ft_vms() {
            let Some(min) = ctx.limit(LimitItem::FtVmMinHwVersion, primary_release(ctx, vm)) else {
                continue;
            };
            // An unknown version is not reported here: the export did not say, and FT-VM-04 is no place to guess.
            let Some(hw_version) = vm.hw_version else {
                continue;
            };
            if f64::from(hw_version) < min {
                out.add(
                    &META,
                    id,
                    format!(
                        "{} has virtual hardware version {}; FT needs version {} or later",
                        vm.name,
                        hw_version,
                        number(min)
                    ),
                );
            }
        }
    }
}
