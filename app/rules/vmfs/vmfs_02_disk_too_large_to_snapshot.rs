//! VMFS-02: a virtual disk within the snapshot overhead of its VMFS datastore's file size limit cannot be
//! snapshotted.

use super::{disk_bytes, disk_label, gb_bytes, is_vmdk, size_text, vmfs_limit};
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// A virtual disk too close to the VMFS file size limit to be snapshotted.
pub struct VmfsDiskTooLargeToSnapshot;

const GIB: u64 = 1 << 30;

static META: RuleMeta = RuleMeta {
    id: "VMFS-02",
    name: "disk-too-large-to-snapshot",
    title: "A virtual disk is too close to its VMFS datastore's file size limit to be snapshotted",
    severity: Severity::Warning,
    reach: Reach::Cluster,
    checks: "Every virtual disk (raw device mappings left out) on a VMFS datastore with a recorded `block_mb`, that \
             fits the block size's file size limit (`vmfs_file_limits`; above it is VMFS-01's error) but not with the \
             snapshot overhead of that block size (`vmfs_snapshots`) added: about 2 GB at 1 MB blocks (a 254 GB disk \
             is the largest that can be snapshotted) and 4 GB at 2 MB; 8 GB at 4 MB and 16 GB at 8 MB extend that \
             doubling and are unverified. One finding per VM, naming its disks. A block size that is not recorded or \
             not in the tables is unknown and skipped.",
    why: "A snapshot's delta file may grow to the size of its disk plus some overhead, and VMFS refuses a snapshot \
          whose delta could outgrow the file size limit (\"File is larger than the maximum size supported by \
          datastore\"). Every snapshot-based step then fails on that VM: VCB backups, and the fresh snapshot VMware \
          advises just before the virtual hardware 7 upgrade as the way back (GOS-02).",
    example: "`file01` has a 255 GB disk on `eva-ds02`, formatted with 1 MB blocks: 255 GB plus about 2 GB of snapshot \
              overhead is more than the 256 GB a file may have.",
    fix: "Move the disk to a datastore with a larger block size, or make it smaller.",
    source: "V35 ~ (climb.co.jp: snapshot overhead on VMFS-3, about 2 GB at 1 MB and 4 GB at 2 MB blocks); V34 (limits); 4 and 8 MB overheads extended ✗",
};

impl Rule for VmfsDiskTooLargeToSnapshot {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        // A disk is too close only when it is larger than a block size's file limit less its snapshot overhead:
        // a disk no larger than the smallest such margin is passed without looking its datastore up. `None`
        // (an overhead above its limit: any size may be too close) passes no disk that way.
        let smallest_margin: Option<u64> = ctx
            .reference
            .vmfs_file_limits
            .iter()
            .filter_map(|limit| {
                let overhead = ctx.reference.vmfs_snapshot_overhead(limit.block_mb)?;
                Some(
                    limit
                        .max_file_bytes
                        .checked_sub(u64::from(overhead.overhead_gb) * GIB),
                )
            })
            .try_fold(u64::MAX, |smallest, margin| {
                margin.map(|margin| smallest.min(margin))
            });
        // The rows give each VM's largest disk without reading the VM.
        for row in ctx.vm_rows().iter() {
            if let Some(margin) = smallest_margin
                && gb_bytes(row.largest_disk_gb) <= margin
            {
                continue;
            }
            let (id, Some(vm)) = (row.id, ctx.vm(row.id)) else {
                continue;
            };
            let close: Vec<String> = vm
                .disks
                .iter()
                .enumerate()
                .filter(|(_, disk)| is_vmdk(disk))
                .filter_map(|(position, disk)| {
                    let (datastore, block_mb, limit) = vmfs_limit(ctx, disk.datastore?)?;
                    let overhead = ctx.reference.vmfs_snapshot_overhead(block_mb)?;
                    let size = disk_bytes(disk);
                    let room = u64::from(overhead.overhead_gb) * GIB;
                    let too_close =
                        size <= limit.max_file_bytes && size + room > limit.max_file_bytes;
                    too_close.then(|| {
                        format!(
                            "{} ({} GB) on {} ({block_mb} MB blocks: files up to {}, about {} GB of snapshot overhead)",
                            disk_label(disk, position),
                            disk.size_gb,
                            datastore.name,
                            size_text(limit.max_file_bytes),
                            overhead.overhead_gb
                        )
                    })
                })
                .collect();
            if close.is_empty() {
                continue;
            }
            let what = if close.len() == 1 {
                "a disk too close to its VMFS file size limit to be snapshotted".to_owned()
            } else {
                format!(
                    "{} disks too close to their VMFS file size limits to be snapshotted",
                    close.len()
                )
            };
            out.add(
                &META,
                id,
                format!(
                    "{} has {what}: {}; snapshot-based steps (VCB backup, the rollback snapshot before the hardware 7 upgrade) fail on it",
                    vm.name,
                    close.join("; ")
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Datastore, DatastoreId, DatastoreKind, Disk, Index, Project, Vm, VmId};
    use crate::refdata::ReferenceData;

    fn run(size_gb: u32, block_mb: Option<u8>) -> Vec<String> {
        let mut project = Project::default();
        project.datastores.insert(
            DatastoreId(1),
            Datastore {
                name: "ds02".into(),
                kind: DatastoreKind::Vmfs { luns: Vec::new() },
                block_mb,
                ..Datastore::default()
            },
        );
        project.vms.insert(
            VmId(1),
            Vm {
                name: "file01".into(),
                disks: vec![Disk {
                    label: "Hard disk 1".into(),
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
        VmfsDiskTooLargeToSnapshot.check(&ctx, &mut out);
        out.into_vec().into_iter().map(|f| f.message).collect()
    }

    #[test]
    fn the_last_gigabytes_below_the_limit_fire() {
        assert!(run(254, Some(1)).is_empty());
        assert_eq!(
            run(255, Some(1)),
            [
                "file01 has a disk too close to its VMFS file size limit to be snapshotted: Hard disk 1 (255 GB) on ds02 (1 MB blocks: files up to 256 GB, about 2 GB of snapshot overhead); snapshot-based steps (VCB backup, the rollback snapshot before the hardware 7 upgrade) fail on it"
            ]
        );
        assert_eq!(run(256, Some(1)).len(), 1);
        assert!(run(508, Some(2)).is_empty());
        assert_eq!(run(509, Some(2)).len(), 1);
    }

    #[test]
    fn above_the_limit_is_vmfs_01_and_unknown_block_size_is_skipped() {
        assert!(run(257, Some(1)).is_empty());
        assert!(run(255, None).is_empty());
    }
}
