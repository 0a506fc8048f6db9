//! LIC-05: features set up while a host runs in evaluation mode are covered by the key the plan assigns later.

use super::{EVALUATION_FEATURES, at_plan_moment, feature_names, on_esx4, reasons, schedule};
use crate::refdata::{Inclusion, LicensedFeature};
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// A host keyed after an evaluation period uses FT, DRS or a distributed switch its later key lacks.
pub struct LicEvaluationFeatureNotInKey;

static META: RuleMeta = RuleMeta {
    id: "LIC-05",
    name: "evaluation-feature-not-in-key",
    title: "A host keyed after its evaluation uses FT, DRS or a distributed switch the key's edition lacks",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "For every host the plan moves to ESX 4 and keys only after an evaluation period (its key not in its \
             wave's `after_upgrade` steps: see the key schedule of LIC-04): the Fault Tolerance, DRS, vNetwork \
             Distributed Switch and Nexus 1000V it uses (as LIC-01 finds them) against the edition of the key the \
             plan assigns it. A feature the key's edition lacks is an error, one finding per host. In a simulated \
             stage, from the end of the stage that upgrades it on (while it runs in evaluation, and after the key \
             too: those features on such a host are this rule's, not LIC-01's); on the design, the saved plan \
             with the features of the design. A `?` cell is left to LIC-01's info.",
    why: "Evaluation mode gives every feature of the highest edition. vCenter then refuses a key that does not \
          cover what was configured meanwhile: a cluster set up with FT and DRS during the evaluation can only \
          take a key that includes them, so the assignment of a lower key fails and the host stays in evaluation \
          until it expires (LIC-04).",
    example: "`esx01` runs in evaluation from stage 6 in cluster `prod`, which has DRS on; the plan assigns it a \
              Standard key in stage 11.",
    fix: "Buy the edition or remove the feature.",
    source: "V28 (vSphere 4.0 U1, licensing after evaluation: the key must be compatible with the features \
             configured during the evaluation)",
};

impl Rule for LicEvaluationFeatureNotInKey {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        if !at_plan_moment(ctx) {
            return;
        }
        let Some(schedule) = schedule(ctx) else {
            return;
        };
        let uses = ctx.features_in_use();
        for (&id, evaluation) in &schedule.hosts {
            if !schedule.keyed_late(id) {
                continue;
            }
            let Some(key) = &evaluation.key else {
                continue;
            };
            let Some(edition) = key.edition else {
                continue;
            };
            let (Some(host), Some(host_use)) = (ctx.host(id), uses.get(&id)) else {
                continue;
            };
            if let Some(stage) = ctx.stage
                && (evaluation.upgraded.stage > stage.index || !on_esx4(host))
            {
                continue;
            }
            let mut missing: Vec<LicensedFeature> = Vec::new();
            let mut why: Vec<&String> = Vec::new();
            for feature in EVALUATION_FEATURES {
                let Some(whys) = host_use.features.get(&feature) else {
                    continue;
                };
                if ctx.reference.inclusion(edition, feature) == Inclusion::No {
                    missing.push(feature);
                    why.extend(whys);
                }
            }
            if missing.is_empty() {
                continue;
            }
            // One text on the design and in every stage: the same fact, counted once.
            out.add(
                &META,
                id,
                format!(
                    "{} runs in evaluation mode from {} until its key in {}, with {} ({}); the {} key lacks {}, so vCenter refuses the assignment and the host stays in evaluation mode",
                    ctx.host_label(id),
                    evaluation.upgraded.describe(),
                    key.at.describe(),
                    feature_names(&missing),
                    reasons(why),
                    edition.name(),
                    if missing.len() == 1 { "it" } else { "them" }
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        ClusterId, HostId, LicenceEdition, Project, Stage, StageKind, Step, UpgradePlan, Wave,
    };
    use crate::rules::StageView;
    use crate::rules::lic::test_support::{estate, run};

    /// ESX 3.5 hosts of a DRS cluster upgraded in stage 0, keyed `edition` in stage 1 (or with their wave).
    fn project(edition: LicenceEdition, with_wave: bool) -> Project {
        let mut project = estate("3.5 U4", LicenceEdition::Enterprise);
        if let Some(cluster) = project.clusters.get_mut(&ClusterId(1)) {
            cluster.drs.enabled = true;
        }
        let key = Step::ApplyLicences {
            cluster: ClusterId(1),
            edition,
        };
        let mut rolling = Stage::new(StageKind::RollingUpgrade);
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
        let mut licences = Stage::new(StageKind::Licences);
        if !with_wave {
            licences.steps.push(key);
        }
        project.upgrade = Some(UpgradePlan {
            target: "4.0 U1".parse().unwrap_or_default(),
            stages: vec![rolling, licences],
        });
        project
    }

    #[test]
    fn a_standard_key_after_an_evaluation_with_drs_is_refused() {
        let findings = run(
            &LicEvaluationFeatureNotInKey,
            &project(LicenceEdition::Standard, false),
            None,
        );
        assert_eq!(findings.len(), 2, "{findings:?}");
        assert!(
            findings[0].1.contains("esx01 runs in evaluation mode from stage 0, Wave 1 until its key in stage 1, with DRS (DRS on cluster prod); the Standard key lacks it, so vCenter refuses the assignment"),
            "{findings:?}"
        );
        assert!(
            run(
                &LicEvaluationFeatureNotInKey,
                &project(LicenceEdition::Enterprise, false),
                None
            )
            .is_empty()
        );
    }

    #[test]
    fn a_key_with_the_wave_is_lic_01s_and_a_stage_before_the_upgrade_is_quiet() {
        assert!(
            run(
                &LicEvaluationFeatureNotInKey,
                &project(LicenceEdition::Standard, true),
                None
            )
            .is_empty()
        );
        let design = project(LicenceEdition::Standard, false);
        let Some(plan) = design.upgrade.clone() else {
            return;
        };
        let mut state = design.clone();
        state.upgrade = None;
        for host in state.hosts.values_mut() {
            host.esx.release = "4.0 U1".parse().unwrap_or_default();
        }
        let view = StageView {
            index: 0,
            licence_keys: std::sync::Arc::new(crate::planner::licensing::key_schedule(
                &design, &plan,
            )),
            ..StageView::default()
        };
        let findings = run(&LicEvaluationFeatureNotInKey, &state, Some(&view));
        assert!(
            findings[0]
                .1
                .contains("from stage 0, Wave 1 until its key in stage 1, with DRS"),
            "{findings:?}"
        );
    }
}
