//! Every rule against its own fixtures: the trigger fixture must fire it (snapshot of the findings), the clean one must not.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test stops loudly when its input is broken"
)]

use std::path::{Path, PathBuf};

use dcplan::io::{PlanFile, RuleConfig};
use dcplan::refdata::ReferenceData;
use dcplan::report;
use dcplan::rules::{self, registry};

fn fixture_dir(id: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("projects/fixtures/rules")
        .join(id)
}

fn findings_of(id: &str, file: &str) -> (PlanFile, Vec<rules::Finding>) {
    let path = fixture_dir(id).join(file);
    let plan = PlanFile::load(&path).unwrap_or_else(|err| panic!("{err}"));
    let rule = registry::find(id).expect("rule is registered");
    let reference = ReferenceData::bundled().expect("bundled reference data loads");
    let findings = match &plan.project.upgrade {
        // A fixture with an upgrade plan is simulated: the rule's findings over every stage.
        Some(upgrade) => {
            let simulation = dcplan::planner::simulate_with(
                &[rule],
                &plan.project,
                upgrade,
                &reference,
                &RuleConfig::default(),
            );
            let mut findings: Vec<rules::Finding> = simulation
                .stages
                .into_iter()
                .flat_map(|stage| stage.findings)
                .map(|f| f.finding)
                .collect();
            findings.sort_by(rules::Finding::order);
            findings.dedup();
            findings
        }
        None => rules::check_with(&[rule], &plan.project, &reference, &RuleConfig::default()),
    };
    (plan, findings)
}

#[test]
fn every_rule_fires_on_its_trigger_fixture() {
    let mut missing = Vec::new();
    for meta in registry::metas() {
        if !fixture_dir(meta.id).join("trigger.ron").exists() {
            missing.push(meta.id);
            continue;
        }
        let (plan, findings) = findings_of(meta.id, "trigger.ron");
        assert!(
            !findings.is_empty(),
            "{} did not fire on its trigger fixture",
            meta.id
        );
        assert!(findings.iter().all(|f| f.rule == meta.id));
        insta::assert_snapshot!(meta.id, report::text(&plan.project, &findings));
    }
    assert!(
        missing.is_empty(),
        "rules without a trigger fixture: {missing:?}"
    );
}

#[test]
fn every_rule_is_quiet_on_its_clean_fixture() {
    let mut missing = Vec::new();
    for meta in registry::metas() {
        if !fixture_dir(meta.id).join("clean.ron").exists() {
            missing.push(meta.id);
            continue;
        }
        let (plan, findings) = findings_of(meta.id, "clean.ron");
        assert!(
            findings.is_empty(),
            "{} fired on its clean fixture:\n{}",
            meta.id,
            report::text(&plan.project, &findings)
        );
    }
    assert!(
        missing.is_empty(),
        "rules without a clean fixture: {missing:?}"
    );
}

/// rules-v2 overlap table: FEAT-04 became a reference to FT-HO-04 and LIC-01 (one finding per fact); a plan that
/// overrides FEAT-04 still loads, and the override reaches the rules that report the fact now.
#[test]
fn an_override_of_a_rule_that_became_a_reference_applies_to_its_successors() {
    use dcplan::io::{RuleOverride, SeverityOverride};
    let plan = PlanFile::load(&fixture_dir("FT-HO-04").join("trigger.ron")).unwrap();
    let reference = ReferenceData::bundled().expect("bundled reference data loads");
    assert!(registry::find("FEAT-04").is_none());
    let plain = rules::check(&plan.project, &reference, &RuleConfig::default());
    assert!(
        plain
            .iter()
            .any(|f| f.rule == "FT-HO-04" && f.severity == rules::Severity::Error)
    );
    let config = RuleConfig {
        overrides: vec![RuleOverride {
            rule: "FEAT-04".into(),
            severity: SeverityOverride::Info,
            reason: "FT waits for the vSphere 4 stage".into(),
        }],
        ..RuleConfig::default()
    };
    assert_eq!(rules::validate_config(&config), None);
    let tuned = rules::check(&plan.project, &reference, &config);
    assert!(
        tuned
            .iter()
            .filter(|f| f.rule == "FT-HO-04")
            .all(|f| f.severity == rules::Severity::Info)
    );
    assert!(tuned.iter().all(|f| f.rule != "FEAT-04"));
}
