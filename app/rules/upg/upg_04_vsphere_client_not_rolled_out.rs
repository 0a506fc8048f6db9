//! UPG-04: administrators get the vSphere Client 4 when vCenter goes to vCenter Server 4.

use super::{VSPHERE4, plan_upgrades_update_manager, upgraded_without, vcenter_upgrades_without};
use crate::model::{StageKind, Step};
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// vCenter Server 4 without a vSphere Client 4 roll-out in the plan.
pub struct UpgVsphereClientNotRolledOut;

static META: RuleMeta = RuleMeta {
    id: "UPG-04",
    name: "vsphere-client-not-rolled-out",
    title: "vCenter goes to vCenter Server 4 but the plan rolls out no vSphere Client 4",
    severity: Severity::Warning,
    reach: Reach::Cluster,
    checks: "The model keeps no inventory of administrators' clients; the plan's `UpgradeUpdateManager` step (\"roll \
             out the vSphere Client and upgrade Update Manager\") stands for the client roll-out. On the design: a \
             vCenter the plan's `UpgradeVcenter` step takes to 4.0 or later with no `UpgradeUpdateManager` step for \
             it anywhere in the plan. In an upgrade stage of a kind after the Update Manager stage (firmware, \
             cluster preparation, host waves and later): a vCenter the plan upgraded to 4.0 or later whose \
             `update_manager` is not yet 4.0 or later, i.e. no client step has run for it. A vCenter counts as \
             upgraded by the plan once its `UpgradeVcenter` step ran (`progress.vcenters_upgraded`).",
    why: "The VI Client 2.5 cannot manage vCenter Server 4: after the vCenter upgrade, administrators without the \
          vSphere Client 4.0 cannot run the rest of the upgrade (maintenance mode, Update Manager remediation, \
          cluster settings), and the client is installed from the new vCenter's download page on every admin \
          workstation.",
    example: "The plan upgrades `vc-west` to vCenter 4.0 U1 in stage 2 and goes straight to the host waves in stage 6, \
              with no vSphere Client and Update Manager stage.",
    fix: "Roll out client.",
    source: "M (catalogue UPG-04)",
};

impl Rule for UpgVsphereClientNotRolledOut {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        match ctx.stage {
            Some(stage) => {
                if stage.kind <= StageKind::UpdateManager {
                    return;
                }
                let none = std::collections::BTreeSet::new();
                for (id, vcenter) in upgraded_without(ctx, stage, &none) {
                    if vcenter.update_manager.is_some_and(|vum| vum >= VSPHERE4) {
                        continue;
                    }
                    out.add(
                        &META,
                        id,
                        format!(
                            "{} runs vCenter {} but no vSphere Client 4 roll-out (client and Update Manager step) has run for it; the VI Client 2.5 cannot manage it",
                            vcenter.name,
                            vcenter.release
                        ),
                    );
                }
            }
            None => {
                // Only the vCenter upgrades themselves matter here; the predicate finds none "done" before.
                let never = |_: &Step, _| false;
                for (id, release, stage) in vcenter_upgrades_without(ctx, never) {
                    if plan_upgrades_update_manager(ctx, id, VSPHERE4) {
                        continue;
                    }
                    let Some(vcenter) = ctx.project.vcenters.get(&id) else {
                        continue;
                    };
                    out.add(
                        &META,
                        id,
                        format!(
                            "the plan upgrades {} to vCenter {release} in stage {stage} but has no vSphere Client and Update Manager step for it; the VI Client 2.5 cannot manage vCenter Server 4",
                            vcenter.name
                        ),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Index, Project, Release, Stage, UpgradePlan, Vcenter, VcenterId};
    use crate::refdata::ReferenceData;
    use crate::rules::StageView;

    fn vcenter(release: &str, vum: Option<&str>) -> Project {
        let mut project = Project::default();
        project.vcenters.insert(
            VcenterId(1),
            Vcenter {
                name: "vc01".into(),
                release: release.parse().unwrap(),
                update_manager: vum.map(|v| v.parse::<Release>().unwrap()),
                ..Vcenter::default()
            },
        );
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
        UpgVsphereClientNotRolledOut.check(&ctx, &mut out);
        out.into_vec().into_iter().map(|f| f.message).collect()
    }

    fn stage(kind: StageKind) -> StageView {
        let mut stage = StageView {
            index: 6,
            kind,
            title: kind.title().to_owned(),
            ..StageView::default()
        };
        stage.progress.vcenters_upgraded.insert(VcenterId(1));
        stage
    }

    #[test]
    fn host_stage_after_vcenter_4_without_client_step_fires() {
        let project = vcenter("4.0 U1", None);
        let messages = run(&project, Some(&stage(StageKind::RollingUpgrade)));
        assert_eq!(messages.len(), 1, "{messages:?}");
        assert!(messages[0].starts_with("vc01"), "{messages:?}");
    }

    #[test]
    fn quiet_before_the_client_stage_and_after_it_ran() {
        assert!(run(&vcenter("4.0 U1", None), Some(&stage(StageKind::Vcenter))).is_empty());
        let done = vcenter("4.0 U1", Some("4.0 U1"));
        assert!(run(&done, Some(&stage(StageKind::RollingUpgrade))).is_empty());
    }

    #[test]
    fn design_plan_without_client_step_fires() {
        let mut project = vcenter("2.5 U4", None);
        let mut upgrade = Stage::new(StageKind::Vcenter);
        upgrade.steps.push(Step::UpgradeVcenter {
            vcenter: VcenterId(1),
            release: "4.0 U1".parse().unwrap(),
        });
        project.upgrade = Some(UpgradePlan {
            target: "4.0 U1".parse().unwrap(),
            stages: vec![upgrade.clone()],
        });
        assert_eq!(run(&project, None).len(), 1);
        let mut client = Stage::new(StageKind::UpdateManager);
        client.steps.push(Step::UpgradeUpdateManager {
            vcenter: VcenterId(1),
            release: "4.0 U1".parse().unwrap(),
        });
        project.upgrade = Some(UpgradePlan {
            target: "4.0 U1".parse().unwrap(),
            stages: vec![upgrade, client],
        });
        assert!(run(&project, None).is_empty());
    }
}
