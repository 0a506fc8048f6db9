//! LIC-04: an upgraded ESX 4 host or vCenter Server 4 gets its key in the stage that upgrades it, not after its
//! 60-day evaluation can end.

use super::{at_plan_moment, evaluation_days, keyed, on_esx4, schedule};
use crate::model::{LicenceEdition, ObjectRef};
use crate::planner::licensing::Evaluation;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// A host or vCenter the plan moves to vSphere 4 is keyed late, or never.
pub struct LicKeyAfterUpgradeStage;

static META: RuleMeta = RuleMeta {
    id: "LIC-04",
    name: "key-after-upgrade-stage",
    title: "A host or vCenter moved to vSphere 4 gets its licence key after the stage that upgrades it, or never",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "Follows the plan's key schedule: every host a wave moves from ESX 3.x to ESX 4, and every vCenter an \
             `UpgradeVcenter` step moves to vCenter Server 4, with the first key step after it that covers it \
             (`ApplyHostLicences` naming the host, `ApplyLicences` of its cluster, `ApplyVcenterLicence`). A key \
             right with the upgrade passes: a host's in its wave's `after_upgrade` steps, the vCenter's later among \
             the steps of the stage that upgrades it. Any other key is an error when the windows of the upgrade and \
             of the key (a wave's window, else its stage's) are more than the evaluation period apart (60 days, \
             reference data); otherwise it passes when it is in the stage that does the upgrade (another wave of \
             it) and is a warning in a later stage, also when either point is not dated. No key step at all is an \
             error. On the design the saved plan is checked; in a simulated stage, what runs in evaluation at the \
             end of that stage. A host on ESX 4.x that the plan does not upgrade and whose `licence` is \
             `Unlicensed` is an info finding: it runs in evaluation, or its key is not recorded.",
    why: "An ESX 4 host keeps no VI3 licence after the upgrade and vCenter Server 4 needs its own key: both run in \
          the 60-day evaluation until a key is assigned. When it ends, VMs cannot be powered on or reset, and the \
          host disconnects from vCenter; when vCenter's ends, every host disconnects. A plan that leaves the keys \
          to a final stage weeks after the first waves risks exactly that in the middle of the upgrade.",
    example: "Wave 1 of stage 6 (2010-01-16) upgrades `esx01`; the plan applies the vSphere 4 keys in stage 11 on \
              2010-04-01, 75 days later.",
    fix: "Assign keys per wave.",
    source: "V28 (vSphere 4.0 U1, licensing after evaluation), V29 (VMware blog, ESXi 3.5 to 4.0, June 2009), V18 \
             p.69 (upgrade guide, evaluation)",
};

/// The severity of an evaluation's key, and the end of the message saying it (`expired` is what happens when the
/// evaluation ends, `place` where the key belongs); `None` when the key comes in time.
fn verdict(
    evaluation: &Evaluation,
    days: Option<i64>,
    expired: &str,
    place: &str,
) -> Option<(Severity, String)> {
    let Some(key) = &evaluation.key else {
        let end = match (days, evaluation.upgraded.day) {
            (Some(days), Some(day)) => format!(
                ", which ends on {}",
                crate::model::calendar::date_text(day + days)
            ),
            _ => String::new(),
        };
        return Some((
            Severity::Error,
            format!(
                "and no step of the plan applies its key: it runs in evaluation mode{end}, and then {expired}"
            ),
        ));
    };
    if evaluation.keyed_with_upgrade() {
        return None;
    }
    let gap = evaluation.days_to_key();
    if let (Some(gap), Some(days)) = (gap, days)
        && gap > days
    {
        return Some((
            Severity::Error,
            format!(
                "but gets its key only in {}, {gap} days later: its {days}-day evaluation ends first, and then {expired}",
                key.at.describe()
            ),
        ));
    }
    if evaluation.keyed_in_upgrade_stage() {
        return None;
    }
    let within = match (gap, days) {
        (Some(gap), Some(days)) => {
            format!("{gap} days in evaluation mode, within the {days} days")
        }
        _ => "in evaluation mode meanwhile, and the plan does not date both, so the gap may pass the evaluation period".to_owned(),
    };
    Some((
        Severity::Warning,
        format!(
            "and gets its key only in {}: {within}; the key belongs {place}",
            key.at.describe()
        ),
    ))
}

impl Rule for LicKeyAfterUpgradeStage {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        if !at_plan_moment(ctx) {
            return;
        }
        let days = evaluation_days(ctx);
        let schedule = schedule(ctx);
        // In a stage: only what runs in evaluation when the stage ends; on the design: the whole plan.
        let judged = |evaluation: &Evaluation| {
            ctx.stage
                .is_none_or(|stage| evaluation.in_evaluation_after(stage.index))
        };
        if let Some(schedule) = &schedule {
            for (&id, evaluation) in &schedule.hosts {
                let Some(host) = ctx.host(id) else {
                    continue;
                };
                if ctx.stage.is_some() && !on_esx4(host) {
                    continue;
                }
                if !judged(evaluation) {
                    continue;
                }
                if let Some((severity, verdict)) = verdict(
                    evaluation,
                    days,
                    "it disconnects from vCenter and its VMs cannot power on or reset",
                    "in the wave that upgrades it",
                ) {
                    out.add_at(
                        &META,
                        severity,
                        id,
                        format!(
                            "{} moves to ESX 4 in {} {verdict}",
                            ctx.host_label(id),
                            evaluation.upgraded.describe()
                        ),
                    );
                }
            }
            for (&id, evaluation) in &schedule.vcenters {
                let Some(vcenter) = ctx.project.vcenters.get(&id) else {
                    continue;
                };
                if !judged(evaluation) {
                    continue;
                }
                if let Some((severity, verdict)) = verdict(
                    evaluation,
                    days,
                    "every host disconnects from it",
                    "right after its upgrade, in the same stage",
                ) {
                    out.add_at(
                        &META,
                        severity,
                        ObjectRef::Vcenter(id),
                        format!(
                            "{} moves to vCenter Server 4 in {} {verdict}",
                            vcenter.name,
                            evaluation.upgraded.describe()
                        ),
                    );
                }
            }
        }
        for (&id, host) in &ctx.project.hosts {
            let planned = schedule
                .as_ref()
                .is_some_and(|schedule| schedule.hosts.contains_key(&id));
            // An edition the plan does not record may well be a key: nothing to say of it.
            if planned || !on_esx4(host) || keyed(host) || host.licence == LicenceEdition::Unknown {
                continue;
            }
            out.add_at(
                &META,
                Severity::Info,
                id,
                format!(
                    "{} runs ESX {} with no licence recorded: without a vSphere 4 key it runs in evaluation mode, and when that ends it disconnects from vCenter and its VMs cannot power on or reset",
                    ctx.host_label(id),
                    host.release()
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        HostId, LicenceEdition, Project, Stage, StageKind, Step, UpgradePlan, Vcenter, VcenterId,
        Wave, Window,
    };
    use crate::rules::StageView;
    use crate::rules::lic::test_support::{estate, run};

    fn window(date: &str) -> Option<Window> {
        Some(Window {
            date: date.into(),
            start: "22:00".into(),
            hours: 6.0,
        })
    }

    /// ESX 3.5 hosts upgraded in one wave of stage 0; their keys in stage 1 (dated `key_date`) or with the wave.
    fn project(key_date: Option<&str>, with_wave: bool) -> Project {
        let mut project = estate("3.5 U4", LicenceEdition::Enterprise);
        project.vcenters.insert(
            VcenterId(1),
            Vcenter {
                name: "vc01".into(),
                release: "4.0 U1".parse().unwrap_or_default(),
                ..Vcenter::default()
            },
        );
        let key = Step::ApplyHostLicences {
            hosts: vec![HostId(1), HostId(2)],
            edition: LicenceEdition::Enterprise,
        };
        let mut rolling = Stage::new(StageKind::RollingUpgrade);
        rolling.window = window("2010-01-16");
        rolling.waves.push(Wave {
            name: "Wave 1".into(),
            hosts: vec![HostId(1), HostId(2)],
            after_upgrade: if with_wave {
                vec![key.clone()]
            } else {
                Vec::new()
            },
            ..Wave::default()
        });
        let mut stages = vec![rolling];
        if let Some(date) = key_date {
            let mut licences = Stage::new(StageKind::Licences);
            licences.window = window(date);
            licences.steps.push(key);
            stages.push(licences);
        }
        project.upgrade = Some(UpgradePlan {
            target: "4.0 U1".parse().unwrap_or_default(),
            stages,
        });
        project
    }

    #[test]
    fn keys_with_the_wave_pass() {
        assert!(run(&LicKeyAfterUpgradeStage, &project(None, true), None).is_empty());
    }

    #[test]
    fn a_key_75_days_later_is_an_error_and_20_days_a_warning() {
        let late = run(
            &LicKeyAfterUpgradeStage,
            &project(Some("2010-04-01"), false),
            None,
        );
        assert_eq!(late.len(), 2, "{late:?}");
        assert_eq!(late[0].0, Severity::Error);
        assert!(
            late[0].1.contains("esx01 moves to ESX 4 in stage 0, Wave 1 (2010-01-16) but gets its key only in stage 1 (2010-04-01), 75 days later: its 60-day evaluation ends first"),
            "{late:?}"
        );
        let soon = run(
            &LicKeyAfterUpgradeStage,
            &project(Some("2010-02-05"), false),
            None,
        );
        assert_eq!(soon[0].0, Severity::Warning);
        assert!(
            soon[0]
                .1
                .contains("20 days in evaluation mode, within the 60 days"),
            "{soon:?}"
        );
    }

    #[test]
    fn undated_stages_warn_and_no_key_at_all_is_an_error() {
        let mut undated = project(Some("2010-04-01"), false);
        if let Some(plan) = undated.upgrade.as_mut() {
            plan.stages[1].window = None;
        }
        let findings = run(&LicKeyAfterUpgradeStage, &undated, None);
        assert_eq!(findings[0].0, Severity::Warning);
        assert!(findings[0].1.contains("the gap may pass"), "{findings:?}");
        let never = run(&LicKeyAfterUpgradeStage, &project(None, false), None);
        assert_eq!(never[0].0, Severity::Error);
        assert!(
            never[0].1.contains("no step of the plan applies its key: it runs in evaluation mode, which ends on 2010-03-17"),
            "{never:?}"
        );
    }

    #[test]
    fn in_a_stage_only_what_is_in_evaluation_at_its_end_counts() {
        let design = project(Some("2010-04-01"), false);
        let Some(plan) = design.upgrade.clone() else {
            return;
        };
        let mut state = design.clone();
        state.upgrade = None;
        for host in state.hosts.values_mut() {
            host.esx.release = "4.0 U1".parse().unwrap_or_default();
            host.licence = LicenceEdition::Unlicensed;
        }
        let schedule = crate::planner::licensing::key_schedule(&design, &plan);
        let after = |index: usize| StageView {
            index,
            licence_keys: std::sync::Arc::new(schedule.clone()),
            ..StageView::default()
        };
        assert_eq!(
            run(&LicKeyAfterUpgradeStage, &state, Some(&after(0))).len(),
            2
        );
        for host in state.hosts.values_mut() {
            host.licence = LicenceEdition::Enterprise;
        }
        assert!(run(&LicKeyAfterUpgradeStage, &state, Some(&after(1))).is_empty());
    }

    #[test]
    fn an_unlicensed_esx4_host_outside_the_plan_is_info() {
        let mut project = estate("4.0 U1", LicenceEdition::Unlicensed);
        project.upgrade = None;
        let findings = run(&LicKeyAfterUpgradeStage, &project, None);
        assert_eq!(findings.len(), 2);
        assert!(findings.iter().all(|(s, _)| *s == Severity::Info));
    }
}
