//! VMFS-01: every virtual disk fits the file size limit of its VMFS datastore's block size.

use super::{disk_bytes, disk_label, gb_bytes, is_vmdk, size_text, vmfs_limit};
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// A virtual disk larger than its VMFS datastore's block size allows.
pub struct VmfsDiskAboveFileLimit;

static META: RuleMeta = RuleMeta {
    id: "VMFS-01",
    name: "disk-above-vmfs-file-limit",
    title: "A virtual disk is larger than its VMFS datastore's block size allows",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "Every virtual disk (raw device mappings left out) whose `datastore` is VMFS (SAN or local) with a \
             recorded `block_mb`: its `size_gb` against the largest file of that block size in the reference table \
             `vmfs_file_limits`: 1 MB blocks hold 256 GB, 2 MB 512 GB, 4 MB 1 TB and 8 MB 2 TB minus 512 bytes. One \
             finding per VM, naming its disks. A datastore whose block size is not recorded, or is not in the table, \
             is unknown and skipped; NFS has no VMFS limit.",
    why: "The block size chosen when a VMFS-3 datastore is formatted caps the size of every file on it, whatever the \
          size of the LUN, and cannot be changed without reformatting. A disk above the cap cannot be created, \
          grown or moved there, and a plan that puts it there does not work.",
    example: "`db01` has a 300 GB disk on `eva-ds01`, formatted with 1 MB blocks (files up to 256 GB).",
    fix: "Put the disk on a datastore with a larger block size (reformat an empty one with 2, 4 or 8 MB blocks), or split it.",
    source: "V34 (vSphere 4.1 Configuration Maximums via deinoscloud, Jul 2010; that ESX 3.5 and 4.0 have the same limits ✗)",
};

impl Rule for VmfsDiskAboveFileLimit {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        // A disk no larger than the smallest file limit of any block size fits whatever its datastore: most VMs
        // are passed without looking their datastores up. Without limits in the data nothing is judged.
        let Some(smallest_limit) = ctx
            .reference
            .vmfs_file_limits
            .iter()
            .map(|limit| limit.max_file_bytes)
            .min()
        else {
            return;
        };
        // The rows give each VM's largest disk without reading the VM.
        for row in ctx.vm_rows().iter() {
            if gb_bytes(row.largest_disk_gb) <= smallest_limit {
                continue;
            }
            let (id, Some(vm)) = (row.id, ctx.vm(row.id)) else {
                continue;
            };
            let too_large: Vec<String> = vm
                .disks
                .iter()
                .enumerate()
                .filter(|(_, disk)| is_vmdk(disk))
                .filter_map(|(position, disk)| {
                    let (datastore, block_mb, limit) = vmfs_limit(ctx, disk.datastore?)?;
                    (disk_bytes(disk) > limit.max_file_bytes).then(|| {
                        format!(
                            "{} ({} GB) on {} ({block_mb} MB blocks: files up to {})",
                            disk_label(disk, position),
                            disk.size_gb,
                            datastore.name,
                            size_text(limit.max_file_bytes)
                        )
                    })
                })
                .collect();
            if too_large.is_empty() {
                continue;
            }
            let what = if too_large.len() == 1 {
                "a disk larger than its VMFS datastore's block size allows".to_owned()
            } else {
                format!(
                    "{} disks larger than their VMFS datastores' block sizes allow",
                    too_large.len()
                )
            };
            out.add(
                &META,
                id,
                format!("{} has {what}: {}", vm.name, too_large.join("; ")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Datastore, DatastoreId, DatastoreKind, Disk, Index, Project, Vm, VmId};
    use crate::refdata::ReferenceData;

    fn run(size_gb: u32, block_mb: Option<u8>, kind: DatastoreKind) -> Vec<String> {
        let mut project = Project::default();
        project.datastores.insert(
            DatastoreId(1),
            Datastore {
                name: "ds01".into(),
                kind,
                block_mb,
                ..Datastore::default()
            },
        );
        project.vms.insert(
            VmId(1),
            Vm {
                name: "db01".into(),
                disks: vec![Disk {
                    label: "Hard disk 2".into(),
                    size_gb,
                    datastore: Some(DatastoreId(1)),
                    ..Disk::default()
                }],
                ..Vm::default()
            },
        );
        let reference = ReferenceData::bundled().unwrap();
        let index = Index::build(&project);
        let ctx = Context::new(&project, &reference, &index);
        let mut out = Findings::default();
        VmfsDiskAboveFileLimit.check(&ctx, &mut out);
        out.into_vec().into_iter().map(|f| f.message).collect()
    }

    fn vmfs() -> DatastoreKind {
        DatastoreKind::Vmfs { luns: Vec::new() }
    }

    #[test]
    fn the_limit_itself_fits_one_gb_more_does_not() {
        assert!(run(256, Some(1), vmfs()).is_empty());
        assert_eq!(
            run(257, Some(1), vmfs()),
            [
                "db01 has a disk larger than its VMFS datastore's block size allows: Hard disk 2 (257 GB) on ds01 (1 MB blocks: files up to 256 GB)"
            ]
        );
        assert!(run(1024, Some(4), vmfs()).is_empty());
    }

    #[test]
    fn eight_mb_blocks_stop_512_bytes_short_of_2_tb() {
        assert!(run(2047, Some(8), vmfs()).is_empty());
        assert_eq!(run(2048, Some(8), vmfs()).len(), 1);
    }

    #[test]
    fn unknown_block_size_and_nfs_are_skipped() {
        assert!(run(3000, None, vmfs()).is_empty());
        assert!(run(3000, Some(16), vmfs()).is_empty());
        let nfs = DatastoreKind::Nfs {
            server: "nas01".into(),
            nic_mbps: 1000,
            dedicated: true,
            mounted_on: Vec::new(),
        };
        assert!(run(3000, Some(1), nfs).is_empty());
    }
}
