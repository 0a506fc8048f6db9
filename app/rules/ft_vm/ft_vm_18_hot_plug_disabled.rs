//! FT-VM-18: FT turns device hot-plug off for its VMs.

use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// An FT VM designed with hot-add, which FT turns off.
pub struct FtVmHotPlugDisabled;

static META: RuleMeta = RuleMeta {
    id: "FT-VM-18",
    name: "ft-vm-hot-plug-disabled",
    title: "Fault Tolerance turns hot-plug off for a VM designed with hot-add",
    severity: Severity::Info,
    reach: Reach::Cluster,
    checks: "An FT VM with `hot_add: true`.",
    why: "FT automatically disables hot-plug of devices (CPU and memory hot-add included) on protected VMs; even changing the network of a vNIC while the VM runs counts as hot-plug. Hardware changes then need FT turned off first.",
    example: "`app01` has `hot_add: true` and `ft: (secondary_host: 2)`.",
    fix: "Plan hardware changes with FT turned off temporarily, then turn FT back on.",
    source: "S10",
};

impl Rule for FtVmHotPlugDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        for (id, vm) in ctx.ft_vms() {
            if vm.hot_add {
                out.add(
                    &META,
                    id,
                    format!(
                        "{} is designed with hot-add but FT turns hot-plug off, so changing its hardware or a vNIC's network needs FT turned off first",
                        vm.name
                    ),
                );
            }
        }
    }
}
