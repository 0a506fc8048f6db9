//! GOS-02: snapshots older than the design accepts are consolidated, and a fresh snapshot is the way back from the
//! virtual hardware 7 upgrade.

use std::collections::BTreeSet;

use super::vm_names;
use crate::model::{ObjectRef, VmId};
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// A snapshot older than the design's limit; and, in a hardware stage, the advice to snapshot just before.
pub struct GosSnapshots;

static META: RuleMeta = RuleMeta {
    id: "GOS-02",
    name: "snapshot-too-old",
    title: "A VM keeps a snapshot older than the design accepts, or a hardware 7 stage calls for fresh ones",
    severity: Severity::Warning,
    reach: Reach::Cluster,
    checks: "Every VM whose `oldest_snapshot_days` is above the plan's `snapshot_max_age_days` (a design choice; \
             snapshots are not checked for age when it is not set, and a VM whose snapshot age is not recorded is \
             skipped). FT VMs are left to FT-VM-09, which reports any snapshot on them. In a simulated stage whose \
             steps take VMs to virtual hardware 7: one info naming them, that VMware advises a fresh snapshot of each \
             just before its upgrade, FT VMs excepted.",
    why: "Snapshots are not to be removed before the upgrade, nor kept for months: a long-lived snapshot's delta \
          keeps growing, slows the VM and takes long to consolidate, and is no sensible way back. VMware advises a \
          fresh snapshot right before the one-way hardware 7 upgrade as the rollback path (after an ESX rollback, a \
          hardware 7 VM no longer runs), deleted once the VM is validated. FT VMs cannot have snapshots at all.",
    example: "`web01` still has a snapshot of 140 days when the plan sets `snapshot_max_age_days: 30`; stage 9 takes \
              `web01` to hardware 7.",
    fix: "Consolidate old snapshots; snapshot just before the hardware upgrade, validate the VM, then delete the snapshot.",
    source: "V18 (Upgrade Guide, 4.1 edition p.71: rollback and hardware 7), V46 (p.156: snapshot before upgrading virtual machines); the age limit a design choice",
};

impl Rule for GosSnapshots {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        let ft: BTreeSet<VmId> = ctx.ft_vms().map(|(id, _)| id).collect();
        if let Some(max) = ctx.project.snapshot_max_age_days {
            for (&id, vm) in &ctx.project.vms {
                let Some(days) = vm.oldest_snapshot_days else {
                    continue;
                };
                if days <= max || ft.contains(&id) {
                    continue;
                }
                out.add(
                    &META,
                    id,
                    format!(
                        "{}'s oldest snapshot is {days} days old, beyond the design's {max} days: consolidate it rather than keep it as a way back",
                        vm.name
                    ),
                );
            }
        }
        let Some(stage) = ctx.stage else {
            return;
        };
        if stage.vm_upgrades.hardware.is_empty() {
            return;
        }
        let (ft_vms, vms): (Vec<VmId>, Vec<VmId>) = stage
            .vm_upgrades
            .hardware
            .iter()
            .partition(|id| ctx.vm(**id).is_some_and(crate::model::Vm::is_ft));
        let names = |ids: &[VmId]| {
            vm_names(
                ids.iter()
                    .filter_map(|&id| ctx.vm(id))
                    .map(|vm| vm.name.as_str()),
            )
        };
        if vms.is_empty() {
            return;
        }
        let ft_text = if ft_vms.is_empty() {
            String::new()
        } else {
            format!(
                "; none for FT VMs ({}), which cannot have snapshots",
                names(&ft_vms)
            )
        };
        out.add_at(
            &META,
            Severity::Info,
            ObjectRef::Plan,
            format!(
                "Stage {} ({}) takes {} to virtual hardware 7 ({}): VMware advises a fresh snapshot of each just before its upgrade as the way back, deleted once the VM is validated{ft_text}",
                stage.index,
                stage.title,
                crate::rules::ft_vm::count(vms.len(), "VM"),
                names(&vms)
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Index, Project, Vm};
    use crate::refdata::ReferenceData;
    use crate::rules::StageView;

    fn project(max: Option<u32>, days: Option<u32>) -> Project {
        let mut project = Project {
            snapshot_max_age_days: max,
            ..Project::default()
        };
        project.vms.insert(
            VmId(1),
            Vm {
                name: "web01".into(),
                snapshots: u32::from(days.is_some()),
                oldest_snapshot_days: days,
                ..Vm::default()
            },
        );
        project
    }

    fn run(project: &Project, stage: Option<&StageView>) -> Vec<(Severity, String)> {
        let reference = ReferenceData::bundled().unwrap();
        let index = Index::build(project);
        let ctx = match stage {
            Some(stage) => Context::for_stage(project, &reference, &index, stage),
            None => Context::new(project, &reference, &index),
        };
        let mut out = Findings::default();
        GosSnapshots.check(&ctx, &mut out);
        out.into_vec()
            .into_iter()
            .map(|f| (f.severity, f.message))
            .collect()
    }

    #[test]
    fn a_snapshot_older_than_the_limit_warns() {
        let findings = run(&project(Some(30), Some(140)), None);
        assert_eq!(
            findings,
            [(
                Severity::Warning,
                "web01's oldest snapshot is 140 days old, beyond the design's 30 days: consolidate it rather than keep it as a way back".to_owned()
            )]
        );
        assert!(run(&project(Some(30), Some(30)), None).is_empty());
    }

    #[test]
    fn no_limit_or_no_age_is_not_checked() {
        assert!(run(&project(None, Some(400)), None).is_empty());
        assert!(run(&project(Some(30), None), None).is_empty());
    }

    #[test]
    fn a_hardware_stage_advises_a_fresh_snapshot() {
        let mut stage = StageView {
            index: 9,
            title: "Virtual hardware".into(),
            ..StageView::default()
        };
        stage.vm_upgrades.hardware.insert(VmId(1));
        let findings = run(&project(None, None), Some(&stage));
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].0, Severity::Info);
        assert!(
            findings[0].1.starts_with("Stage 9 (Virtual hardware) takes 1 VM to virtual hardware 7 (web01): VMware advises a fresh snapshot"),
            "{}",
            findings[0].1
        );
        // A stage without hardware steps says nothing.
        assert!(run(&project(None, None), Some(&StageView::default())).is_empty());
    }
}
