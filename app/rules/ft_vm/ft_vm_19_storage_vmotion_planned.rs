//! FT-VM-19: no Storage vMotion while FT is on.

use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// An FT VM with a Storage vMotion planned.
pub struct FtVmStorageVmotionPlanned;

static META: RuleMeta = RuleMeta {
    id: "FT-VM-19",
    name: "ft-vm-storage-vmotion-planned",
    title: "A Storage vMotion is planned for a VM with Fault Tolerance",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "No FT VM has `storage_vmotion_planned: true`.",
    why: "Legacy FT does not support Storage vMotion of a protected VM; the migration is refused while FT is on.",
    example: "`app01` has `storage_vmotion_planned: true` and `ft: (secondary_host: 2)`.",
    fix: "Turn FT off, Storage vMotion the VM, then turn FT back on.",
    source: "S08, S10",
};

impl Rule for FtVmStorageVmotionPlanned {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        for (id, vm) in ctx.ft_vms() {
            if vm.storage_vmotion_planned {
                out.add(
                    &META,
                    id,
                    format!(
                        "{} has a Storage vMotion planned while FT is on; FT VMs cannot be moved with Storage vMotion",
                        vm.name
                    ),
                );
            }
        }
    }
}
