//! FT-VM-16: FT VMs cannot use VMI paravirtualisation or vlance NICs.

use super::join;
use crate::model::{NicAdapter, ToolsStatus};
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// An FT VM with VMI on or a vlance virtual NIC.
pub struct FtVmVmiOrVlance;

static META: RuleMeta = RuleMeta {
    id: "FT-VM-16",
    name: "ft-vm-vmi-or-vlance",
    title: "A VM with Fault Tolerance uses VMI paravirtualisation or a vlance NIC",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "No FT VM has `vmi: true`, a `Vlance` NIC, or a `Flexible` NIC while `tools: NotInstalled` (without VMware Tools the Flexible adapter runs as vlance).",
    why: "Legacy FT does not support VMI paravirtual kernels or the vlance (AMD PCnet) virtual NIC.",
    example: "`lnx01` has `vmi: true` and `ft: (secondary_host: 2)`.",
    fix: "Turn VMI paravirtualisation off and switch the NIC to e1000 or vmxnet2 (or install VMware Tools so a Flexible NIC runs as vmxnet).",
    source: "S08, S60",
};

impl Rule for FtVmVmiOrVlance {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        for (id, vm) in ctx.ft_vms() {
            let mut found = Vec::new();
            if vm.vmi {
                found.push("VMI paravirtualisation on".to_owned());
            }
            let vlance = vm
                .nics
                .iter()
                .filter(|nic| nic.adapter == NicAdapter::Vlance)
                .count();
            match vlance {
                0 => {}
                1 => found.push("a vlance NIC".to_owned()),
                n => found.push(format!("{n} vlance NICs")),
            }
            if vm.tools == ToolsStatus::NotInstalled {
                let flexible = vm
                    .nics
                    .iter()
                    .filter(|nic| nic.adapter == NicAdapter::Flexible)
                    .count();
                match flexible {
                    0 => {}
                    1 => {
                        found.push("a Flexible NIC running as vlance (no VMware Tools)".to_owned())
                    }
                    n => found.push(format!(
                        "{n} Flexible NICs running as vlance (no VMware Tools)"
                    )),
                }
            }
            if found.is_empty() {
                continue;
            }
            out.add(
                &META,
                id,
                format!(
                    "{} has {}; legacy FT supports neither VMI nor vlance",
                    vm.name,
                    join(&found)
                ),
            );
        }
    }
}
