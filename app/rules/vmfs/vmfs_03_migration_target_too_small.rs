//! VMFS-03: a planned Storage vMotion or cold migration moves no disk above the target datastore's file size limit.

use super::{disk_bytes, disk_label, is_vmdk, size_text, vmfs_limit};
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// A planned migration to a VMFS datastore whose block size cannot hold one of the VM's disks.
pub struct VmfsMigrationTargetTooSmall;

static META: RuleMeta = RuleMeta {
    id: "VMFS-03",
    name: "migration-target-block-size-too-small",
    title: "A planned Storage vMotion or cold migration moves a disk above the target datastore's file size limit",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "Every VM with a `migration_target` (a planned Storage vMotion or cold migration): its virtual disks \
             (raw device mappings left out) against the file size limit of the target's block size (`block_mb`, \
             table `vmfs_file_limits`), as VMFS-01 checks disks where they are. A disk already on the target is \
             VMFS-01's. A target whose block size is not recorded, or is not in the table, is unknown and skipped; an \
             NFS target has no VMFS limit.",
    why: "The target's block size caps every file on it: the migration of a disk above the cap fails, and the step \
          of the plan that relies on it (evacuating a datastore, moving to shared storage) with it.",
    example: "`db01` with a 400 GB disk is planned to move to `eva-ds03`, formatted with 1 MB blocks (files up to \
              256 GB).",
    fix: "Choose a target datastore with a large enough block size.",
    source: "D (VMFS-01: V34)",
};

impl Rule for VmfsMigrationTargetTooSmall {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        for row in ctx.vm_rows().iter().filter(|row| row.migration_target) {
            let (id, Some(vm)) = (row.id, ctx.vm(row.id)) else {
                continue;
            };
            let Some(target) = vm.migration_target else {
                continue;
            };
            let Some((datastore, block_mb, limit)) = vmfs_limit(ctx, target) else {
                continue;
            };
            let too_large: Vec<String> = vm
                .disks
                .iter()
                .enumerate()
                .filter(|(_, disk)| {
                    is_vmdk(disk)
                        && disk.datastore != Some(target)
                        && disk_bytes(disk) > limit.max_file_bytes
                })
                .map(|(position, disk)| {
                    format!("{} ({} GB)", disk_label(disk, position), disk.size_gb)
                })
                .collect();
            if too_large.is_empty() {
                continue;
            }
            out.add(
                &META,
                id,
                format!(
                    "{} is planned to move to {} ({block_mb} MB blocks: files up to {}), which cannot hold {}",
                    vm.name,
                    datastore.name,
                    size_text(limit.max_file_bytes),
                    too_large.join(", ")
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

    fn run(size_gb: u32, target_block_mb: Option<u8>) -> Vec<String> {
        let mut project = Project::default();
        for (id, block_mb) in [(1, Some(8)), (2, target_block_mb)] {
            project.datastores.insert(
                DatastoreId(id),
                Datastore {
                    name: format!("ds0{id}"),
                    kind: DatastoreKind::Vmfs { luns: Vec::new() },
                    block_mb,
                    ..Datastore::default()
                },
            );
        }
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
                migration_target: Some(DatastoreId(2)),
                ..Vm::default()
            },
        );
        let reference = ReferenceData::bundled().unwrap();
        let index = Index::build(&project);
        let ctx = Context::new(&project, &reference, &index);
        let mut out = Findings::default();
        VmfsMigrationTargetTooSmall.check(&ctx, &mut out);
        out.into_vec().into_iter().map(|f| f.message).collect()
    }

    #[test]
    fn a_disk_above_the_target_limit_fires() {
        assert_eq!(
            run(400, Some(1)),
            [
                "db01 is planned to move to ds02 (1 MB blocks: files up to 256 GB), which cannot hold Hard disk 2 (400 GB)"
            ]
        );
        assert!(run(400, Some(2)).is_empty());
    }

    #[test]
    fn an_unknown_target_block_size_is_skipped() {
        assert!(run(400, None).is_empty());
    }
}
