//! FT-VM-17: FT VMs cannot share a SCSI bus (MSCS).

use super::some;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// An FT VM with a shared-bus SCSI controller (MSCS clustering).
pub struct FtVmSharedScsiBus;

static META: RuleMeta = RuleMeta {
    id: "FT-VM-17",
    name: "ft-vm-shared-scsi-bus",
    title: "A VM with Fault Tolerance shares a SCSI bus (MSCS)",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "No FT VM has a SCSI controller with `shared_bus: true`.",
    why: "MSCS shared-bus SCSI lets another VM write to the same disks, which record/replay cannot capture; FT and Microsoft clustering cannot be combined on one VM.",
    example: "`sqlclu01` has `scsi_controllers: [(kind: LsiLogic, shared_bus: true)]` and `ft: (secondary_host: 2)`.",
    fix: "Choose FT or MSCS for the VM, not both.",
    source: "S08",
};

impl Rule for FtVmSharedScsiBus {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        for (id, vm) in ctx.ft_vms() {
            let shared = vm
                .scsi_controllers
                .iter()
                .filter(|controller| controller.shared_bus)
                .count();
            if shared > 0 {
                out.add(
                    &META,
                    id,
                    format!(
                        "{} has {} with bus sharing (MSCS); FT cannot protect a clustered VM",
                        vm.name,
                        some(shared, "SCSI controller")
                    ),
                );
            }
        }
    }
}
