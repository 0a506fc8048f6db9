//! FT-VM-02: FT VM disks must be eager-zeroed thick or virtual-compatibility RDMs.

use super::{count, disk_label, join};
use crate::model::DiskFormat;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// An FT VM with thin, lazy-zeroed thick or physical-compatibility RDM disks.
pub struct FtVmDiskNotEagerZeroed;

static META: RuleMeta = RuleMeta {
    id: "FT-VM-02",
    name: "ft-vm-disk-not-eager-zeroed",
    title: "A VM with Fault Tolerance has thin, lazy-zeroed or physical RDM disks",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "Every disk of an FT VM has `format` `EagerZeroedThick` or `RdmVirtual`: `Thin` and `LazyZeroedThick` disks must be converted and `RdmPhysical` is forbidden (error). A powered-on FT VM that still has thin or lazy-zeroed disks also gets a warning: plan a power-off window (section 7 correction).",
    why: "Legacy FT (record/replay) needs fully allocated, zeroed virtual disks: vCenter refuses thin disks (API reason `thinDisk`) and physical-compatibility RDMs. Turning FT on converts thin and lazy-zeroed disks to eager-zeroed thick, which needs free datastore space equal to the full disk size. Turning FT on for a running legacy-FT VM is not always supported (`replayNotSupported`): the VM may have to be powered off first.",
    example: "`app01` has `ft: (secondary_host: 2)` and a disk `(label: \"Hard disk 1\", size_gb: 40, format: Thin)`.",
    fix: "Inflate thin and lazy-zeroed disks to eager-zeroed thick (free space = full disk size) and convert physical RDMs to virtual RDMs before turning FT on; for a running VM plan a power-off window.",
    source: "S03 (`thinDisk`), S08, S10; section 7 FT-VM-02 correction (Rodos Apr 2009, Boche Sep 2009, API `replayNotSupported`)",
};

impl Rule for FtVmDiskNotEagerZeroed {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        for (id, vm) in ctx.ft_vms() {
            let mut bad = Vec::new();
            let mut to_convert = 0;
            let mut thin_gb: u64 = 0;
            for (position, disk) in vm.disks.iter().enumerate() {
                let kind = match disk.format {
                    DiskFormat::EagerZeroedThick | DiskFormat::RdmVirtual => continue,
                    DiskFormat::Thin => {
                        to_convert += 1;
                        thin_gb += u64::from(disk.size_gb);
                        "thin"
                    }
                    DiskFormat::LazyZeroedThick => {
                        to_convert += 1;
                        "lazy-zeroed thick"
                    }
                    DiskFormat::RdmPhysical => "physical RDM",
                };
                bad.push(format!(
                    "{} ({} GB, {kind})",
                    disk_label(&disk.label, position),
                    disk.size_gb
                ));
            }
            if bad.is_empty() {
                continue;
            }
            let space = if thin_gb > 0 {
                format!("; inflating the thin disks needs {thin_gb} GB free")
            } else {
                String::new()
            };
            out.add(
                &META,
                id,
                format!(
                    "{} has {} FT cannot use: {}; FT needs eager-zeroed thick disks or virtual RDMs{space}",
                    vm.name,
                    count(bad.len(), "disk"),
                    join(&bad)
                ),
            );
            if to_convert > 0 && vm.is_powered_on() {
                out.add_at(
                    &META,
                    Severity::Warning,
                    id,
                    format!(
                        "{} is powered on with {} to convert to eager-zeroed thick; turning FT on for a running VM is not always supported, so plan a power-off window",
                        vm.name,
                        count(to_convert, "disk")
                    ),
                );
            }
        }
    }
}
