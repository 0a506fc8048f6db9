//! UPG-16: vCenter and its database are backed up before the upgrade, which has no automatic rollback.

use super::VcenterPrerequisite;
use crate::model::Step;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// A vCenter upgraded to vCenter Server 4 with no backup step before it.
pub struct UpgVcenterUpgradeWithoutBackup;

static META: RuleMeta = RuleMeta {
    id: "UPG-16",
    name: "vcenter-upgrade-without-backup",
    title: "vCenter is upgraded with no backup of its server and database first",
    severity: Severity::Info,
    reach: Reach::Cluster,
    checks: "On the design: every `UpgradeVcenter` step of the plan (to 4.0 or later) with no `BackupVcenter` step \
             for the same vCenter before it. In an upgrade stage: every vCenter the plan upgraded to 4.0 or later \
             that is not in `progress.vcenters_backed_up`. A vCenter counts as upgraded by the plan once its `UpgradeVcenter` step ran (`progress.vcenters_upgraded`). Host rollback (Update Manager \
             rolls ESX back on a failed upgrade; ESXi boots its previous bank) is not checked.",
    why: "The vCenter Server 4 upgrade has no automatic rollback, and the database schema upgrade is one-way: a \
          failed upgrade without a backup of the vCenter server (or a snapshot of its VM) and its database leaves no \
          way back to VirtualCenter 2.5.",
    example: "The plan upgrades `vc-west` to vCenter 4.0 U1 in stage 2 with no Back up and pre-check stage.",
    fix: "Snapshot/back up vCenter VM & DB.",
    source: "S26 (upgrade rollback, Upgrade to vCenter Server)",
};

impl Rule for UpgVcenterUpgradeWithoutBackup {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        VcenterPrerequisite {
            meta: &META,
            done_in: |progress| &progress.vcenters_backed_up,
            done_by: |step, id| matches!(step, Step::BackupVcenter { vcenter } if *vcenter == id),
            missing_in_stage: "the plan has not backed it up; the upgrade has no automatic rollback and the database schema upgrade is one-way",
            missing_in_plan: "no backup step before it; the upgrade has no automatic rollback and the database schema upgrade is one-way",
        }
        .check(ctx, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Index, Project, Stage, StageKind, UpgradePlan, Vcenter, VcenterId};
    use crate::refdata::ReferenceData;
    use crate::rules::StageView;

    fn project(backup: bool) -> Project {
        let mut project = Project::default();
        project.vcenters.insert(
            VcenterId(1),
            Vcenter {
                name: "vc01".into(),
                release: "2.5 U4".parse().unwrap(),
                ..Vcenter::default()
            },
        );
        let mut stages = Vec::new();
        if backup {
            let mut stage = Stage::new(StageKind::Backup);
            stage.steps.push(Step::BackupVcenter {
                vcenter: VcenterId(1),
            });
            stages.push(stage);
        }
        let mut stage = Stage::new(StageKind::Vcenter);
        stage.steps.push(Step::UpgradeVcenter {
            vcenter: VcenterId(1),
            release: "4.0 U1".parse().unwrap(),
        });
        stages.push(stage);
        project.upgrade = Some(UpgradePlan {
            target: "4.0 U1".parse().unwrap(),
            stages,
        });
        project
    }

    fn run(project: &Project, stage: Option<&StageView>) -> Vec<String> {
        let reference = ReferenceData::bundled().unwrap();
        let index = Index::build(project);
        let ctx = match stage {
            Some(stage) => Context::for_stage(project, &reference, &index, stage),
            None => Context::new(project, &reference, &index),
        };
        let mut out = Findings::default();
        UpgVcenterUpgradeWithoutBackup.check(&ctx, &mut out);
        out.into_vec().into_iter().map(|f| f.message).collect()
    }

    /// A stage after the plan's `UpgradeVcenter` step for vc01.
    fn upgraded() -> StageView {
        let mut stage = StageView::default();
        stage.progress.vcenters_upgraded.insert(VcenterId(1));
        stage
    }

    #[test]
    fn upgrade_without_backup_fires_on_the_design_and_in_a_stage() {
        assert_eq!(run(&project(false), None).len(), 1);
        let mut state = project(false);
        state.upgrade = None;
        if let Some(vcenter) = state.vcenters.get_mut(&VcenterId(1)) {
            vcenter.release = "4.0 U1".parse().unwrap();
        }
        assert_eq!(run(&state, Some(&upgraded())).len(), 1);
        // Already on vCenter 4 before the plan: nothing to back up or check for this plan.
        assert!(run(&state, Some(&StageView::default())).is_empty());
        let mut backed_up = upgraded();
        backed_up.progress.vcenters_backed_up.insert(VcenterId(1));
        assert!(run(&state, Some(&backed_up)).is_empty());
    }

    #[test]
    fn backup_before_the_upgrade_is_quiet() {
        assert!(run(&project(true), None).is_empty());
    }
}
