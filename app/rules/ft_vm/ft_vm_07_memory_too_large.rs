//! FT-VM-07: an FT VM may have at most 64 GB of memory.

use super::primary_release;
use crate::refdata::LimitItem;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity, number};

/// An FT VM with more memory than FT supports.
pub struct FtVmMemoryTooLarge;

static META: RuleMeta = RuleMeta {
    id: "FT-VM-07",
    name: "ft-vm-memory-too-large",
    title: "A VM with Fault Tolerance has more memory than FT supports",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "Every FT VM has `memory_mb` at most `FtVmMemoryMb` (65536 MB) from the reference limits.",
    why: "Legacy FT supports VMs of up to 64 GB of memory; FT also reserves the whole memory of the VM on both the Primary's and the Secondary's host.",
    example: "`db01` has `memory_mb: 98304` and `ft: (secondary_host: 2)`.",
    fix: "Shrink the VM's memory to 64 GB or less, or protect it with HA alone.",
    source: "S08 (secondary source only: the 4.x limit is M, section 7)",
};

impl Rule for FtVmMemoryTooLarge {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        for (id, vm) in ctx.ft_vms() {
            let Some(max) = ctx.limit(LimitItem::FtVmMemoryMb, primary_release(ctx, vm)) else {
                continue;
            };
            if f64::from(vm.memory_mb) > max {
                out.add(
                    &META,
                    id,
                    format!(
                        "{} has {} MB of memory; an FT VM may have at most {} MB",
                        vm.name,
                        vm.memory_mb,
                        number(max)
                    ),
                );
            }
        }
    }
}
