//! FT-VM-11: an FT VM's HA restart priority must not be disabled.

use crate::model::RestartPriority;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// An FT VM whose VM-level HA restart priority is "disabled".
pub struct FtVmRestartDisabled;

static META: RuleMeta = RuleMeta {
    id: "FT-VM-11",
    name: "ft-vm-ha-restart-disabled",
    title: "A VM with Fault Tolerance has HA restart priority disabled",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "No FT VM has `restart_priority: Disabled`.",
    why: "FT relies on HA to restart a failed pair member and to create a new Secondary; a VM whose HA restart priority is disabled cannot be protected by FT.",
    example: "`app01` has `restart_priority: Disabled` and `ft: (secondary_host: 2)`.",
    fix: "Set the VM's HA restart priority to anything but disabled (cluster default, high, medium or low).",
    source: "S02, S08",
};

impl Rule for FtVmRestartDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        for (id, vm) in ctx.ft_vms() {
            if vm.restart_priority == RestartPriority::Disabled {
                out.add(
                    &META,
                    id,
                    format!(
                        "{} has its HA restart priority disabled; FT needs HA to restart and re-protect the VM",
                        vm.name
                    ),
                );
            }
        }
    }
}
