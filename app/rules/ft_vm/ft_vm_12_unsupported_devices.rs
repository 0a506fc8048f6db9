//! FT-VM-12: FT VMs cannot have USB, sound, serial or parallel devices, nor host- or client-backed removable media.

use super::join;
use crate::model::{DatastoreKind, Device, MediaBacking};
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// An FT VM with a device FT does not support.
pub struct FtVmUnsupportedDevices;

static META: RuleMeta = RuleMeta {
    id: "FT-VM-12",
    name: "ft-vm-unsupported-devices",
    title: "A VM with Fault Tolerance has devices FT does not support",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "No FT VM has a `Usb`, `Sound`, `Serial` or `Parallel` device, nor a `CdRom` or `Floppy` backed by `HostDevice`, `ClientDevice` or an image on a `Local` datastore. Disconnected drives and images on shared datastores are fine.",
    why: "Record/replay must reproduce every input of the Primary on the Secondary's host; physical or remote devices exist on one host only, so vCenter refuses to turn FT on while they are attached.",
    example: "`app01` has `devices: [Usb, CdRom(HostDevice)]` and `ft: (secondary_host: 2)`.",
    fix: "Remove USB, sound, serial and parallel devices; disconnect CD-ROM and floppy drives or back them by an image on a shared datastore.",
    source: "S08, S10, S60",
};

impl Rule for FtVmUnsupportedDevices {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        let media = |drive: &str, backing: &MediaBacking| -> Option<String> {
            match backing {
                MediaBacking::Disconnected => None,
                MediaBacking::HostDevice => Some(format!("a {drive} on the host's drive")),
                MediaBacking::ClientDevice => Some(format!("a {drive} on the client's drive")),
                MediaBacking::Image(datastore) => {
                    let datastore = ctx.project.datastores.get(datastore)?;
                    matches!(datastore.kind, DatastoreKind::Local { .. })
                        .then(|| format!("a {drive} image on local datastore {}", datastore.name))
                }
            }
        };
        for (id, vm) in ctx.ft_vms() {
            let found: Vec<String> = vm
                .devices
                .iter()
                .filter_map(|device| match device {
                    Device::Usb => Some("a USB controller".to_owned()),
                    Device::Sound => Some("a sound card".to_owned()),
                    Device::Serial => Some("a serial port".to_owned()),
                    Device::Parallel => Some("a parallel port".to_owned()),
                    Device::CdRom(backing) => media("CD-ROM", backing),
                    Device::Floppy(backing) => media("floppy", backing),
                    Device::DirectPath => None,
                })
                .collect();
            if found.is_empty() {
                continue;
            }
            out.add(
                &META,
                id,
                format!(
                    "{} has {}; FT does not support these devices",
                    vm.name,
                    join(&found)
                ),
            );
        }
    }
}
