//! FT-VM-01: legacy FT protects uni-processor VMs only.

use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// An FT VM with more than one vCPU.
pub struct FtVmMultipleVcpus;

static META: RuleMeta = RuleMeta {
    id: "FT-VM-01",
    name: "ft-vm-multiple-vcpus",
    title: "A VM with Fault Tolerance has more than one vCPU",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "Every VM with FT on or planned (`ft`) has `vcpus == 1`.",
    why: "vSphere 4 Fault Tolerance (record/replay) runs uni-processor VMs only; FT cannot be turned on for a VM with two or more vCPUs (API reason `multipleVCPU`).",
    example: "`sql01` has `vcpus: 2` and `ft: (secondary_host: 4)`.",
    fix: "Reduce the VM to 1 vCPU before turning FT on, or protect it with HA alone.",
    source: "S02 vSphere 4.1 Availability, Turn On Fault Tolerance; S03 VmFaultToleranceConfigIssueReasonForIssue (`multipleVCPU`)",
};

impl Rule for FtVmMultipleVcpus {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        for (id, vm) in ctx.ft_vms() {
            if vm.vcpus > 1 {
                out.add(
                    &META,
                    id,
                    format!(
                        "{} has {} vCPUs; FT protects 1-vCPU VMs only",
                        vm.name, vm.vcpus
                    ),
                );
            }
        }
    }
}
