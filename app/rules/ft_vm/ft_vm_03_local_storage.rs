//! FT-VM-03: every file of an FT VM must sit on shared storage.

use super::{disk_label, join};
use crate::model::DatastoreKind;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// An FT VM with a disk on a host's local datastore.
pub struct FtVmLocalStorage;

static META: RuleMeta = RuleMeta {
    id: "FT-VM-03",
    name: "ft-vm-local-storage",
    title: "A VM with Fault Tolerance keeps files on a local datastore",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "Every disk (VMDK or RDM mapping file) of an FT VM sits on a datastore whose `kind` is not `Local`: VMFS on SAN LUNs (FC, iSCSI) or NFS.",
    why: "The Primary and the Secondary run on different hosts and both open the same virtual disks; a disk on one host's local datastore cannot be reached by the other, so FT cannot be turned on (API reason `hasLocalDisk`).",
    example: "`app01` has `ft: (secondary_host: 2)` and a disk on datastore `esx01-local` of kind `Local(host: 1)`.",
    fix: "Storage vMotion the VM to a shared LUN (or NFS export) before turning FT on.",
    source: "S01, S03 (`hasLocalDisk`)",
};

impl Rule for FtVmLocalStorage {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        for (id, vm) in ctx.ft_vms() {
            let local: Vec<String> = vm
                .disks
                .iter()
                .enumerate()
                .filter_map(|(position, disk)| {
                    let datastore = ctx.project.datastores.get(&disk.datastore?)?;
                    matches!(datastore.kind, DatastoreKind::Local { .. }).then(|| {
                        format!(
                            "{} on local datastore {}",
                            disk_label(&disk.label, position),
                            datastore.name
                        )
                    })
                })
                .collect();
            if local.is_empty() {
                continue;
            }
            out.add(
                &META,
                id,
                format!(
                    "{} has {}; FT needs every VM file on shared storage",
                    vm.name,
                    join(&local)
                ),
            );
        }
    }
}
