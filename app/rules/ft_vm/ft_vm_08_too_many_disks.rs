//! FT-VM-08: an FT VM should have at most 16 virtual disks.

use super::primary_release;
use crate::refdata::LimitItem;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity, number};

/// An FT VM with more virtual disks than FT supports.
pub struct FtVmTooManyDisks;

static META: RuleMeta = RuleMeta {
    id: "FT-VM-08",
    name: "ft-vm-too-many-disks",
    title: "A VM with Fault Tolerance has more than 16 virtual disks",
    severity: Severity::Warning,
    reach: Reach::Cluster,
    checks: "Every FT VM has at most `FtVmDisks` (16) entries in `disks`, from the reference limits.",
    why: "Legacy FT supports at most 16 virtual disks per protected VM; every disk's reads also travel over the FT logging network to the Secondary.",
    example: "`file01` has 18 disks and `ft: (secondary_host: 2)`.",
    fix: "Consolidate the VM's disks to 16 or fewer.",
    source: "S09 (vSphere 5.5 / 6.0 Availability, legacy FT)",
};

impl Rule for FtVmTooManyDisks {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        for (id, vm) in ctx.ft_vms() {
            let Some(max) = ctx.limit(LimitItem::FtVmDisks, primary_release(ctx, vm)) else {
                continue;
            };
            let disks = vm.disks.len();
            if disks as f64 > max {
                out.add(
                    &META,
                    id,
                    format!(
                        "{} has {disks} virtual disks; an FT VM should have at most {}",
                        vm.name,
                        number(max)
                    ),
                );
            }
        }
    }
}
