//! FT-VM-13: FT VMs cannot use VM-level NPIV.

use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// An FT VM with VM-level NPIV WWNs.
pub struct FtVmNpiv;

static META: RuleMeta = RuleMeta {
    id: "FT-VM-13",
    name: "ft-vm-npiv",
    title: "A VM with Fault Tolerance uses VM-level NPIV",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "No FT VM has `npiv: true` (WWNs assigned to the VM for RDM access). NPIV on the fabric switch ports facing VC-FC modules is a different thing and is not checked here.",
    why: "Legacy FT does not support VMs with their own NPIV WWNs: the Secondary would log into the fabric with the same identity from another host. Virtual Connect FC uses switch-level NPIV for the blade HBAs, which is unrelated and fine.",
    example: "`sql01` has `npiv: true` and `ft: (secondary_host: 2)`.",
    fix: "Remove the VM's NPIV WWN assignment (the VM then reaches its RDMs through the host's HBA WWNs).",
    source: "S08, S10; VC-FC nuance D (S45, S56)",
};

impl Rule for FtVmNpiv {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        for (id, vm) in ctx.ft_vms() {
            if vm.npiv {
                out.add(
                    &META,
                    id,
                    format!(
                        "{} has VM-level NPIV WWNs; FT does not support NPIV on the VM",
                        vm.name
                    ),
                );
            }
        }
    }
}
