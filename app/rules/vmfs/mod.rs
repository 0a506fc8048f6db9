//! VMFS: the file size a VMFS-3 datastore's block size allows, for virtual disks and their snapshots.

use super::Context;
use crate::model::{Datastore, DatastoreId, DatastoreKind, Disk};
use crate::refdata::VmfsFileLimit;

pub(super) mod vmfs_01_disk_above_file_limit;
pub(super) mod vmfs_02_disk_too_large_to_snapshot;
pub(super) mod vmfs_03_migration_target_too_small;

const GIB: u64 = 1 << 30;

/// A VMFS datastore (SAN or local) whose block size is recorded and known to the reference data, with its file
/// size limit. NFS has no VMFS block size, and an unrecorded block size is unknown: both give `None`.
pub(in crate::rules) fn vmfs_limit<'a>(
    ctx: &Context<'a>,
    id: DatastoreId,
) -> Option<(&'a Datastore, u8, &'a VmfsFileLimit)> {
    let datastore = ctx.project.datastores.get(&id)?;
    if matches!(datastore.kind, DatastoreKind::Nfs { .. }) {
        return None;
    }
    let block_mb = datastore.block_mb?;
    let limit = ctx.reference.vmfs_file_limit(block_mb)?;
    Some((datastore, block_mb, limit))
}

/// A virtual disk's size in bytes (GB as VMware counts them, 2^30 bytes).
pub(in crate::rules) fn disk_bytes(disk: &Disk) -> u64 {
    gb_bytes(disk.size_gb)
}

/// A size in GB (GiB, as vSphere counts them) in bytes.
pub(in crate::rules) fn gb_bytes(gb: u32) -> u64 {
    u64::from(gb) * GIB
}

/// A virtual disk file on a datastore, as opposed to a raw device mapping (whose mapping file is small).
pub(in crate::rules) fn is_vmdk(disk: &Disk) -> bool {
    !disk.format.is_rdm()
}

/// A file size limit in words: "256 GB", "2048 GB minus 512 bytes".
pub(in crate::rules) fn size_text(bytes: u64) -> String {
    let gb = bytes.div_ceil(GIB);
    let short = gb * GIB - bytes;
    if short == 0 {
        format!("{gb} GB")
    } else {
        format!("{gb} GB minus {short} bytes")
    }
}

/// A disk's label for messages: its label, or its position.
pub(in crate::rules) fn disk_label(disk: &Disk, position: usize) -> String {
    if disk.label.is_empty() {
        format!("disk {}", position + 1)
    } else {
        disk.label.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_read_as_users_say_them() {
        assert_eq!(size_text(256 * GIB), "256 GB");
        assert_eq!(size_text(2048 * GIB - 512), "2048 GB minus 512 bytes");
    }
}
