//! rules-v2, reference-data states: a lookup the data answers "listed" passes, "not listed" takes the rule's
//! severity, and one it cannot answer ("unknown": the item is not in dcplan's data) is an info finding naming the
//! missing item, never an error or a warning. Checked end to end on the sample plans, design and upgrade stages.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test stops loudly when its input is broken"
)]

use std::collections::BTreeSet;
use std::path::Path;

use dcplan::io::{PlanFile, RuleConfig};
use dcplan::model::{ObjectRef, Project};
use dcplan::planner;
use dcplan::refdata::{Listing, ReferenceData};
use dcplan::rules::{self, Finding, Severity};

/// A server model and a processor dcplan's data has never heard of.
const UNKNOWN_MODEL: &str = "ProLiant BL999c G9";
const UNKNOWN_SERIES: &str = "Xeon 9900";

fn sample(name: &str) -> PlanFile {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("projects/samples")
        .join(name);
    PlanFile::load(&path).unwrap_or_else(|err| panic!("{err}"))
}

fn reference() -> ReferenceData {
    ReferenceData::bundled().expect("bundled reference data loads")
}

/// Every host becomes `model`, and with `series` a processor of that series.
fn with_hosts(project: &Project, model: &str, series: Option<&str>) -> Project {
    let mut changed = project.clone();
    for host in changed.hosts.values_mut() {
        model.clone_into(&mut host.model);
        if let Some(series) = series {
            series.clone_into(&mut host.cpu.series);
            "Xeon X9990".clone_into(&mut host.cpu.model_name);
            "Futurelake".clone_into(&mut host.cpu.codename);
        }
    }
    changed
}

/// One finding is one rule on one object at one severity (as the planner counts them); its words may name the
/// changed model or processor.
type Key = (&'static str, ObjectRef, Severity);

fn keys<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> BTreeSet<Key> {
    findings
        .into_iter()
        .map(|f| (f.rule, f.object, f.severity))
        .collect()
}

/// The findings of `after` that `before` did not have, each of which must be an info finding naming a missing item
/// of `items`. Returns the rules that gave them.
fn assert_new_findings_are_unknowns<'a>(
    before: &[Finding],
    after: &'a [Finding],
    items: &[&str],
) -> BTreeSet<&'a str> {
    let old = keys(before);
    let mut rules_seen = BTreeSet::new();
    for finding in after
        .iter()
        .filter(|f| !old.contains(&(f.rule, f.object, f.severity)))
    {
        assert_eq!(
            finding.severity,
            Severity::Info,
            "{}: {}",
            finding.rule,
            finding.message
        );
        assert!(
            finding.message.contains("not in reference data: "),
            "{}: {}",
            finding.rule,
            finding.message
        );
        assert!(
            items.iter().any(|item| finding.message.contains(item)),
            "{} names none of {items:?}: {}",
            finding.rule,
            finding.message
        );
        rules_seen.insert(finding.rule);
    }
    rules_seen
}

fn check(project: &Project) -> Vec<Finding> {
    rules::check(project, &reference(), &RuleConfig::default())
}

#[test]
fn the_test_items_are_unknown_to_the_bundled_data() {
    let data = reference();
    assert_eq!(
        data.hcl_status(UNKNOWN_MODEL, "4.0 U1".parse().unwrap()),
        Listing::Unknown
    );
    assert!(data.ft_group_of(UNKNOWN_SERIES).is_none());
    assert!(data.cpu_series(UNKNOWN_SERIES).is_none());
}

/// The FT sample with its blades swapped for a model and a CPU the data lacks: nothing becomes an error or a
/// warning, and each unknown is said at info, once per item and rule.
#[test]
fn an_unknown_model_and_processor_on_the_ft_sample_give_info_findings_only() {
    let file = sample("ft-ready-cluster.ron");
    let before = check(&file.project);
    let after = check(&with_hosts(
        &file.project,
        UNKNOWN_MODEL,
        Some(UNKNOWN_SERIES),
    ));
    assert!(
        after.iter().all(|f| f.severity == Severity::Info),
        "{after:#?}"
    );
    let rules_seen =
        assert_new_findings_are_unknowns(&before, &after, &[UNKNOWN_MODEL, UNKNOWN_SERIES]);
    // HCL listing and FT certification of the model; the FT processor group and the EVC baseline of the CPU (the
    // cluster runs EVC).
    assert_eq!(
        rules_seen,
        ["CPU-EVC-03", "FT-HO-01", "FT-HO-02", "HCL-01"].into()
    );
    // Four hosts of one model and one CPU: one finding per missing item, naming the hosts.
    for rule in ["CPU-EVC-03", "FT-HO-01", "FT-HO-02", "HCL-01"] {
        let of_rule: Vec<&Finding> = after.iter().filter(|f| f.rule == rule).collect();
        assert_eq!(of_rule.len(), 1, "{of_rule:#?}");
        assert!(
            of_rule[0]
                .message
                .contains("esx01, esx02, esx03 and 1 more"),
            "{}",
            of_rule[0].message
        );
    }
}

/// The same with a mixed cluster: two hosts keep their Xeon 5500, two get the unknown CPU, so whether they can
/// vMotion or pair with the others is unknown, not wrong; with EVC off as well.
#[test]
fn an_unknown_processor_beside_known_ones_is_unknown_not_wrong() {
    let file = sample("ft-ready-cluster.ron");
    let before = check(&file.project);
    let mut project = file.project.clone();
    for host in project.hosts.values_mut().skip(2) {
        UNKNOWN_SERIES.clone_into(&mut host.cpu.series);
    }
    let after = check(&project);
    assert!(
        after
            .iter()
            .all(|f| f.severity == Severity::Info || before.contains(f)),
        "{after:#?}"
    );
    let rules_seen = assert_new_findings_are_unknowns(&before, &after, &[UNKNOWN_SERIES]);
    assert_eq!(rules_seen, ["CPU-EVC-03", "FT-HO-01"].into());

    for cluster in project.clusters.values_mut() {
        cluster.evc_mode = None;
    }
    let mut no_evc = file.project.clone();
    for cluster in no_evc.clusters.values_mut() {
        cluster.evc_mode = None;
    }
    let before = check(&no_evc);
    let after = check(&project);
    assert!(
        after
            .iter()
            .all(|f| f.severity == Severity::Info || before.contains(f)),
        "{after:#?}"
    );
    let rules_seen = assert_new_findings_are_unknowns(&before, &after, &[UNKNOWN_SERIES]);
    assert_eq!(rules_seen, ["CPU-VM-01", "FT-HO-01"].into());
}

/// The case: the FT sample on ProLiant DL360 G6 servers, which were on the ESX 4.0 list, got 8 errors. Now
/// the data lists the model for 4.0: no HCL finding at all, and its unknown FT certification is said at info.
#[test]
fn the_ft_sample_on_dl360_g6_servers_gets_no_hcl_error() {
    let file = sample("ft-ready-cluster.ron");
    let data = reference();
    assert_eq!(
        data.hcl_status("ProLiant DL360 G6", "4.0 U1".parse().unwrap()),
        Listing::Listed
    );
    let before = check(&file.project);
    let after = check(&with_hosts(&file.project, "ProLiant DL360 G6", None));
    assert!(after.iter().all(|f| f.rule != "HCL-01"), "{after:#?}");
    assert!(
        after.iter().all(|f| f.severity == Severity::Info),
        "{after:#?}"
    );
    let rules_seen = assert_new_findings_are_unknowns(&before, &after, &["ProLiant DL360 G6"]);
    assert_eq!(rules_seen, ["FT-HO-02"].into());
}

/// The reverse: a model the data knows as not listed keeps the rule's severity. The BL20p G3 was never on the
/// ESX 4 list; the BL460c G6 (Xeon 5500) is listed for ESX 3.5 only from Update 4 on.
#[test]
fn a_model_the_data_knows_as_not_listed_is_still_an_error() {
    let file = sample("ft-ready-cluster.ron");
    let after = check(&with_hosts(&file.project, "ProLiant BL20p G3", None));
    let hcl: Vec<&Finding> = after.iter().filter(|f| f.rule == "HCL-01").collect();
    assert_eq!(hcl.len(), file.project.hosts.len(), "{hcl:#?}");
    assert!(hcl.iter().all(|f| f.severity == Severity::Error));
    assert!(
        hcl.iter().all(|f| f
            .message
            .contains("the HCL does not list that model for ESX 4.0")),
        "{hcl:#?}"
    );
    assert!(
        after
            .iter()
            .any(|f| f.rule == "FT-HO-02" && f.severity == Severity::Error)
    );

    let mut project = file.project.clone();
    for host in project.hosts.values_mut() {
        host.esx.release = "3.5 U2".parse().unwrap();
        host.target_release = None;
    }
    let early = rules::check_with(
        &[dcplan::rules::registry::find("HCL-01").unwrap()],
        &project,
        &reference(),
        &RuleConfig::default(),
    );
    assert_eq!(early.len(), project.hosts.len(), "{early:#?}");
    assert!(early.iter().all(|f| f.severity == Severity::Error
        && f.message.contains("only from ESX 3.5 U4 on")));
}

/// Through an upgrade: the ESX 3.5 sample's plan simulated stage by stage, with its hosts swapped for the unknown
/// model and CPU. Every finding of any stage that the real estate does not have is an info finding naming them.
#[test]
fn an_unknown_model_and_processor_through_the_upgrade_stages_give_info_findings_only() {
    let file = sample("esx35-west.ron");
    let data = reference();
    let plan = planner::saved_or_auto(&file.project, &data);
    let stage_findings = |project: &Project| -> Vec<Finding> {
        planner::simulate(project, &plan, &data, &file.rules)
            .stages
            .into_iter()
            .flat_map(|stage| stage.findings)
            .map(|f| f.finding)
            .collect()
    };
    let before = stage_findings(&file.project);
    let changed = with_hosts(&file.project, UNKNOWN_MODEL, Some(UNKNOWN_SERIES));
    let after = stage_findings(&changed);
    let rules_seen =
        assert_new_findings_are_unknowns(&before, &after, &[UNKNOWN_MODEL, UNKNOWN_SERIES]);
    assert!(rules_seen.contains("HCL-01"), "{rules_seen:?}");
    // And on the design itself.
    let design_before = check(&file.project);
    let design_after = check(&changed);
    assert_new_findings_are_unknowns(
        &design_before,
        &design_after,
        &[UNKNOWN_MODEL, UNKNOWN_SERIES],
    );
}

/// One rule's findings on a project, with the given reference data.
fn rule_findings(id: &str, project: &Project, data: &ReferenceData) -> Vec<Finding> {
    let rule = dcplan::rules::registry::find(id).expect("rule is registered");
    rules::check_with(&[rule], project, data, &RuleConfig::default())
}

fn host_mut(project: &mut Project, id: u32) -> &mut dcplan::model::Host {
    project
        .hosts
        .get_mut(&dcplan::model::HostId(id))
        .expect("the sample has the host")
}

/// FT-CL-05: hosts of an unknown series might complete a pair, so the rule cannot say none forms; when even they
/// could not, it still fires and counts them apart.
#[test]
fn ft_cl_05_counts_unknown_processors_as_possible_partners_only() {
    let file = sample("ft-ready-cluster.ron");
    let data = reference();
    let mut project = file.project.clone();
    // esx01 Xeon 5500, esx02 unknown, esx03 and esx04 Xeon 5300 (not FT-capable): esx02 might pair with esx01.
    UNKNOWN_SERIES.clone_into(&mut host_mut(&mut project, 2).cpu.series);
    for id in [3, 4] {
        "Xeon 5300".clone_into(&mut host_mut(&mut project, id).cpu.series);
    }
    assert!(rule_findings("FT-CL-05", &project, &data).is_empty());
    // esx01 becomes a Xeon 5300 too: the one unknown host has nobody to pair with.
    "Xeon 5300".clone_into(&mut host_mut(&mut project, 1).cpu.series);
    let found = rule_findings("FT-CL-05", &project, &data);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].severity, Severity::Error);
    assert!(
        found[0]
            .message
            .contains("not FT-capable 3, not in reference data 1"),
        "{}",
        found[0].message
    );
}

/// FT-CL-06: a build the plan does not record is unknown, said at info, never a mismatch.
#[test]
fn ft_cl_06_an_unrecorded_build_is_unknown_not_a_mismatch() {
    let file = sample("ft-ready-cluster.ron");
    let data = reference();
    let mut project = file.project.clone();
    host_mut(&mut project, 3).esx.build = 0;
    let found = rule_findings("FT-CL-06", &project, &data);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].severity, Severity::Info);
    assert!(
        found[0]
            .message
            .starts_with("esx03 has no ESX build recorded"),
        "{}",
        found[0].message
    );
    // A different release is a mismatch whatever the builds.
    host_mut(&mut project, 3).esx.release = "4.0".parse().unwrap();
    let found = rule_findings("FT-CL-06", &project, &data);
    assert!(
        found.iter().any(|f| f.severity == Severity::Error),
        "{found:#?}"
    );
}

/// FT-HO-06: without the patch bulletin's build in the data, a host that does not list the bulletin cannot be
/// compared: info naming the missing build, not an error.
#[test]
fn ft_ho_06_an_unknown_patch_build_is_unknown_not_unpatched() {
    let file = sample("ft-ready-cluster.ron");
    let mut project = file.project.clone();
    // billing-fe01: Primary esx01, Secondary esx03, Xeon 5400 steppings 6 and 10, ESX 4.0 GA.
    for (id, stepping) in [(1, 6), (3, 10)] {
        let host = host_mut(&mut project, id);
        "Xeon 5400".clone_into(&mut host.cpu.series);
        host.cpu.model = 23;
        host.cpu.stepping = stepping;
        host.esx.release = "4.0".parse().unwrap();
        host.esx.build = 164_009;
    }
    let bundled = reference();
    let found = rule_findings("FT-HO-06", &project, &bundled);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].severity, Severity::Error);
    let mut without_patch = bundled.clone();
    without_patch.builds.retain(|entry| entry.patch.is_none());
    let found = rule_findings("FT-HO-06", &project, &without_patch);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].severity, Severity::Info);
    assert!(
        found[0]
            .message
            .contains("not in reference data: the build of ESX400-200906401-BG"),
        "{}",
        found[0].message
    );
}

/// CPU-EVC-03 and FEAT-07: an EVC mode the data does not know, or a baseline without its first vCenter release.
#[test]
fn unknown_evc_modes_are_said_once_at_info() {
    let file = sample("ft-ready-cluster.ron");
    let data = reference();
    let mut project = file.project.clone();
    for cluster in project.clusters.values_mut() {
        cluster.evc_mode = Some("intel-futurelake".to_owned());
    }
    for rule in ["CPU-EVC-02", "CPU-EVC-05", "FEAT-07"] {
        assert!(rule_findings(rule, &project, &data).is_empty(), "{rule}");
    }
    let found = rule_findings("CPU-EVC-03", &project, &data);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].severity, Severity::Info);
    assert!(
        found[0]
            .message
            .contains("not in reference data: EVC mode intel-futurelake"),
        "{}",
        found[0].message
    );

    let mut without_vcenter = data.clone();
    for baseline in &mut without_vcenter.evc_baselines {
        baseline.min_vcenter = None;
    }
    let found = rule_findings("FEAT-07", &file.project, &without_vcenter);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].severity, Severity::Info);
    assert!(
        found[0].message.contains(
            "not in reference data: the first vCenter release offering EVC mode intel-nehalem"
        ),
        "{}",
        found[0].message
    );
}

/// MAX-02 and MAX-03: a release older than the data's first maximum is unknown, said once per release.
#[test]
fn maximums_of_a_release_older_than_the_data_are_unknown() {
    let file = sample("ft-ready-cluster.ron");
    let data = reference();
    let mut project = file.project.clone();
    for host in project.hosts.values_mut() {
        host.esx.release = "3.0.2".parse().unwrap();
    }
    for (rule, item) in [
        (
            "MAX-02",
            "not in reference data: the VMs-per-host, vCPUs-per-host and vCPUs-per-core maximums of ESX 3.0.2",
        ),
        (
            "MAX-03",
            "not in reference data: the LUNs-per-host and paths-per-host maximums of ESX 3.0.2",
        ),
    ] {
        let found = rule_findings(rule, &project, &data);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].severity, Severity::Info);
        assert!(found[0].message.contains(item), "{}", found[0].message);
    }
}
