//! FT-VM-14: FT VMs cannot use VMDirectPath passthrough devices.

use super::some;
use crate::model::Device;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// An FT VM with a VMDirectPath I/O passthrough device.
pub struct FtVmDirectpath;

static META: RuleMeta = RuleMeta {
    id: "FT-VM-14",
    name: "ft-vm-directpath",
    title: "A VM with Fault Tolerance has a VMDirectPath passthrough device",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "No FT VM has a `DirectPath` device (VMDirectPath I/O, NIC or HBA passthrough).",
    why: "A passthrough device belongs to one physical host and its I/O bypasses the hypervisor, so record/replay cannot capture or reproduce it on the Secondary.",
    example: "`nfv01` has `devices: [DirectPath]` and `ft: (secondary_host: 2)`.",
    fix: "Remove the passthrough device and use a virtual NIC or disk controller.",
    source: "S08, S10",
};

impl Rule for FtVmDirectpath {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        for (id, vm) in ctx.ft_vms() {
            let passthrough = vm
                .devices
                .iter()
                .filter(|device| matches!(device, Device::DirectPath))
                .count();
            if passthrough > 0 {
                out.add(
                    &META,
                    id,
                    format!(
                        "{} has {}; FT cannot replay passthrough I/O",
                        vm.name,
                        some(passthrough, "VMDirectPath passthrough device")
                    ),
                );
            }
        }
    }
}
