//! UPG-20: the vCenter Agent Pre-upgrade Check runs before vCenter is upgraded.

use super::VcenterPrerequisite;
use crate::model::Step;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// A vCenter upgraded to vCenter Server 4 with no Agent Pre-upgrade Check before it.
pub struct UpgNoPreUpgradeCheck;

static META: RuleMeta = RuleMeta {
    id: "UPG-20",
    name: "vcenter-upgrade-without-pre-upgrade-check",
    title: "vCenter is upgraded without running the vCenter Agent Pre-upgrade Check first",
    severity: Severity::Info,
    reach: Reach::Cluster,
    checks: "On the design: every `UpgradeVcenter` step of the plan (to 4.0 or later) with no `PreUpgradeCheck` step \
             for the same vCenter before it. In an upgrade stage: every vCenter the plan upgraded to 4.0 or later \
             that is not in `progress.vcenters_pre_checked`. A vCenter counts as upgraded by the plan once its `UpgradeVcenter` step ran (`progress.vcenters_upgraded`).",
    why: "The vCenter Agent Pre-upgrade Check (shipped with 4.0 U1) tests every managed host for what stops the new \
          vCenter agent from installing (disk space, connectivity, a locked host), before the one-way upgrade: hosts \
          it flags drop out of vCenter after the upgrade until fixed. The vSphere Upgrade Center advisor checks the \
          rest of the product matrix.",
    example: "The plan upgrades `vc-west` to vCenter 4.0 U1 in stage 2 with only a backup before it.",
    fix: "Run the vCenter Agent Pre-upgrade Check (4.0 U1 media) before the vCenter upgrade; check the component matrix with the vSphere Upgrade Center advisor.",
    source: "S26 (Agent Pre-upgrade Check), S55",
};

impl Rule for UpgNoPreUpgradeCheck {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        VcenterPrerequisite {
            meta: &META,
            done_in: |progress| &progress.vcenters_pre_checked,
            done_by: |step, id| matches!(step, Step::PreUpgradeCheck { vcenter } if *vcenter == id),
            missing_in_stage: "the plan ran no vCenter Agent Pre-upgrade Check for it; hosts the check would flag may drop out of vCenter",
            missing_in_plan: "no vCenter Agent Pre-upgrade Check before it",
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

    fn project(check: bool) -> Project {
        let mut project = Project::default();
        project.vcenters.insert(
            VcenterId(1),
            Vcenter {
                name: "vc01".into(),
                release: "2.5 U4".parse().unwrap(),
                ..Vcenter::default()
            },
        );
        let mut stage = Stage::new(StageKind::Vcenter);
        if check {
            stage.steps.push(Step::PreUpgradeCheck {
                vcenter: VcenterId(1),
            });
        }
        stage.steps.push(Step::UpgradeVcenter {
            vcenter: VcenterId(1),
            release: "4.0 U1".parse().unwrap(),
        });
        project.upgrade = Some(UpgradePlan {
            target: "4.0 U1".parse().unwrap(),
            stages: vec![stage],
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
        UpgNoPreUpgradeCheck.check(&ctx, &mut out);
        out.into_vec().into_iter().map(|f| f.message).collect()
    }

    /// A stage after the plan's `UpgradeVcenter` step for vc01.
    fn upgraded() -> StageView {
        let mut stage = StageView::default();
        stage.progress.vcenters_upgraded.insert(VcenterId(1));
        stage
    }

    #[test]
    fn upgrade_without_check_fires_on_the_design_and_in_a_stage() {
        assert_eq!(run(&project(false), None).len(), 1);
        let mut state = project(false);
        state.upgrade = None;
        if let Some(vcenter) = state.vcenters.get_mut(&VcenterId(1)) {
            vcenter.release = "4.0 U1".parse().unwrap();
        }
        assert_eq!(run(&state, Some(&upgraded())).len(), 1);
        // Already on vCenter 4 before the plan: nothing to back up or check for this plan.
        assert!(run(&state, Some(&StageView::default())).is_empty());
    }

    #[test]
    fn check_before_the_upgrade_is_quiet() {
        assert!(run(&project(true), None).is_empty());
        let mut state = project(true);
        state.upgrade = None;
        let mut stage = upgraded();
        stage.progress.vcenters_pre_checked.insert(VcenterId(1));
        assert!(run(&state, Some(&stage)).is_empty());
    }
}
