//! FT-VM-09: an FT VM cannot have snapshots.

use super::count;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// An FT VM with snapshots.
pub struct FtVmSnapshots;

static META: RuleMeta = RuleMeta {
    id: "FT-VM-09",
    name: "ft-vm-has-snapshots",
    title: "A VM with Fault Tolerance has snapshots",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "Every FT VM has `snapshots == 0`.",
    why: "FT cannot be turned on for a VM with snapshots, and snapshots cannot be taken of a protected VM; this also rules out snapshot-based backups (VCB, VDR) while FT is on.",
    example: "`app01` has `snapshots: 2` and `ft: (secondary_host: 2)`.",
    fix: "Commit (delete) the snapshots before turning FT on; back the VM up with an in-guest agent or turn FT off for the backup.",
    source: "S02, S08",
};

impl Rule for FtVmSnapshots {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        for (id, vm) in ctx.ft_vms() {
            if vm.snapshots > 0 {
                out.add(
                    &META,
                    id,
                    format!(
                        "{} has {}; FT cannot run on a VM with snapshots",
                        vm.name,
                        count(vm.snapshots as usize, "snapshot")
                    ),
                );
            }
        }
    }
}
