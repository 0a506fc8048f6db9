//! The upgrade planner on the samples: the auto-plan, stage conflicts when stages are moved, the runbook.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test stops loudly when its input is broken"
)]

use std::path::Path;

use dcplan::export::runbook;
use dcplan::io::PlanFile;
use dcplan::model::{Stage, StageKind, UpgradePlan};
use dcplan::planner::{self, Simulation};
use dcplan::refdata::ReferenceData;
use dcplan::rules::Severity;

mod support;

fn sample(name: &str) -> PlanFile {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("projects/samples")
        .join(name);
    PlanFile::load(&path).unwrap_or_else(|err| panic!("{err}"))
}

fn reference() -> ReferenceData {
    ReferenceData::bundled().unwrap()
}

fn position(plan: &UpgradePlan, kind: StageKind) -> usize {
    plan.stages.iter().position(|s| s.kind == kind).unwrap()
}

/// The findings of one rule in one stage, as text lines.
fn stage_findings(file: &PlanFile, simulation: &Simulation, stage: usize, rule: &str) -> String {
    let outcome = &simulation.stages[stage];
    let mut out = format!("stage {} ({})\n", outcome.index, outcome.title);
    for f in outcome.findings.iter().filter(|f| f.finding.rule == rule) {
        out.push_str(&format!(
            "{}[{}] {}: {}\n",
            f.finding.severity,
            f.finding.rule,
            dcplan::report::object_label(&file.project, f.finding.object),
            f.finding.message
        ));
    }
    out
}

#[test]
fn auto_plan_of_the_esx35_sample_brings_in_no_error_and_ends_clean() {
    let file = sample("esx35-west.ron");
    let reference = reference();
    let plan = planner::auto_plan(&file.project, &reference);
    let simulation = planner::simulate(&file.project, &plan, &reference, &file.rules);
    assert_eq!(simulation.stages.len(), plan.stages.len());
    for stage in &simulation.stages {
        // No stage, wave or operation brings an error in.
        let new_errors: Vec<_> = stage
            .findings
            .iter()
            .filter(|f| f.new && f.finding.severity == Severity::Error)
            .map(|f| format!("{} {}", f.finding.rule, f.finding.message))
            .collect();
        assert!(
            new_errors.is_empty(),
            "stage {} brings in errors: {new_errors:#?}",
            stage.index
        );
        // The only error of today, Prod's six blades in enc1 (CAP-04), stands until the blades move in stage 4.
        let errors: Vec<&str> = stage
            .findings
            .iter()
            .filter(|f| f.finding.severity == Severity::Error)
            .map(|f| f.finding.rule)
            .collect();
        if stage.kind < StageKind::Firmware {
            assert_eq!(errors, ["CAP-04"], "stage {}", stage.index);
        } else {
            assert!(
                errors.is_empty(),
                "stage {} has errors: {errors:?}",
                stage.index
            );
        }
    }
    // The vendor order: vCenter before Update Manager before firmware before hosts before Tools before hardware.
    let kinds: Vec<StageKind> = plan.stages.iter().map(|s| s.kind).collect();
    let mut sorted = kinds.clone();
    sorted.sort();
    assert_eq!(kinds, sorted);
    // Every upgradable host is in exactly one wave.
    let waved: Vec<_> = plan
        .stages
        .iter()
        .flat_map(|s| &s.waves)
        .flat_map(|w| &w.hosts)
        .collect();
    assert_eq!(waved.len(), file.project.hosts.len());
    insta::assert_snapshot!(
        "esx35_auto_plan",
        planner::report::text(&file.project, &plan, &simulation, &reference)
    );
}

/// `dcplan plan --auto` simulates from the estate the auto-plan started from instead of a fresh copy of the design:
/// that estate must still be today's, and the simulation from it the same as from a copy.
#[test]
fn the_auto_plans_starting_estate_is_todays_and_simulates_as_a_fresh_copy_does() {
    let reference = reference();
    for name in [
        "esx35-west.ron",
        "ft-ready-cluster.ron",
        "ldvm-two-site.ron",
    ] {
        let file = sample(name);
        let (plan, start) = planner::auto_plan_and_start(&file.project, &reference);
        assert!(
            start == planner::projection::current_state(&file.project),
            "{name}: the auto-plan changed the estate it started from"
        );
        let from_start = planner::simulate::simulate_observing_from(
            &file.project,
            start,
            &plan,
            &reference,
            &file.rules,
            |_| {},
        );
        let from_copy = planner::simulate(&file.project, &plan, &reference, &file.rules);
        assert_eq!(
            planner::report::text(&file.project, &plan, &from_start, &reference),
            planner::report::text(&file.project, &plan, &from_copy, &reference),
            "{name}"
        );
    }
}

#[test]
fn hardware_7_before_the_last_host_wave_yields_upg_18() {
    let file = sample("esx35-west.ron");
    let reference = reference();
    let mut plan = planner::auto_plan(&file.project, &reference);
    let rolling = position(&plan, StageKind::RollingUpgrade);
    let last = plan.stages[rolling].waves.pop().unwrap();
    let hardware = position(&plan, StageKind::VirtualHardware);
    plan.stages.insert(
        hardware + 1,
        Stage {
            name: "Late host wave".to_owned(),
            waves: vec![last],
            ..Stage::new(StageKind::RollingUpgrade)
        },
    );
    let simulation = planner::simulate(&file.project, &plan, &reference, &file.rules);
    let text = stage_findings(&file, &simulation, hardware, "UPG-18");
    assert!(text.contains("error[UPG-18]"), "{text}");
    insta::assert_snapshot!("upg_18_hardware_before_last_wave", text);
}

#[test]
fn a_host_wave_before_the_vcenter_stage_yields_upg_01() {
    let file = sample("esx35-west.ron");
    let reference = reference();
    let mut plan = planner::auto_plan(&file.project, &reference);
    let rolling = position(&plan, StageKind::RollingUpgrade);
    let stage = plan.stages.remove(rolling);
    let vcenter = position(&plan, StageKind::Vcenter);
    plan.stages.insert(vcenter, stage);
    let simulation = planner::simulate(&file.project, &plan, &reference, &file.rules);
    let text = stage_findings(&file, &simulation, vcenter, "UPG-01");
    assert!(text.contains("error[UPG-01]"), "{text}");
    insta::assert_snapshot!("upg_01_wave_before_vcenter", text);
}

#[test]
fn a_wave_taking_too_many_hosts_of_a_loaded_cluster_yields_cap_01() {
    let mut file = sample("esx35-west.ron");
    // Load cluster Prod: 6 VMs reserving 14 GB (plus 150 MB of overhead) on six 32 GB hosts: a slot of 14 GB,
    // two per host.
    for vm in file.project.vms.values_mut() {
        if vm
            .cluster
            .is_some_and(|c| file.project.clusters[&c].name == "Prod")
        {
            vm.memory_mb = 14 * 1024;
            vm.memory_reservation_mb = 14 * 1024;
            vm.memory_overhead_mb = Some(150);
        }
    }
    let reference = reference();
    let mut plan = planner::auto_plan(&file.project, &reference);
    let rolling = position(&plan, StageKind::RollingUpgrade);
    // Three Prod hosts in the first wave.
    let prod: Vec<_> = file
        .project
        .hosts
        .iter()
        .filter(|(_, h)| {
            h.cluster
                .is_some_and(|c| file.project.clusters[&c].name == "Prod")
        })
        .map(|(&id, _)| id)
        .take(3)
        .collect();
    for wave in &mut plan.stages[rolling].waves {
        wave.hosts.retain(|h| !prod.contains(h));
    }
    plan.stages[rolling].waves[0].hosts.extend(prod);
    plan.stages[rolling].waves.retain(|w| !w.hosts.is_empty());
    let simulation = planner::simulate(&file.project, &plan, &reference, &file.rules);
    let text = stage_findings(&file, &simulation, rolling, "CAP-01");
    assert!(text.contains("error[CAP-01]"), "{text}");
    assert!(
        text.contains("Prod with 3 of 6 hosts out of service"),
        "{text}"
    );
    assert!(text.contains("4 slots remain for 6 needed"), "{text}");
    insta::assert_snapshot!("cap_01_wave_too_large", text);

    // Accepting the risk turns it into a warning.
    plan.stages[rolling].waves[0].accepted_risk = Some("weekend, low load".to_owned());
    let simulation = planner::simulate(&file.project, &plan, &reference, &file.rules);
    let text = stage_findings(&file, &simulation, rolling, "CAP-01");
    assert!(text.contains("warning[CAP-01]"), "{text}");
}

#[test]
fn runbook_of_the_esx35_sample_in_markdown_and_html() {
    let file = sample("esx35-west.ron");
    let reference = reference();
    let plan = planner::auto_plan(&file.project, &reference);
    let simulation = planner::simulate(&file.project, &plan, &reference, &file.rules);
    let markdown = runbook::markdown(&file.project, &plan, &simulation, &reference);
    let html = runbook::html(&file.project, &plan, &simulation, &reference);
    for needle in [
        "prod-vmfs-01",
        "enc2",
        "esx03",
        "Back-out",
        "Pre-checks",
        "Verification",
    ] {
        assert!(markdown.contains(needle), "markdown lacks {needle}");
        assert!(html.contains(needle), "html lacks {needle}");
    }
    assert!(html.contains("<nav class=\"toc\">"));
    assert!(
        !html.contains("src=\"http"),
        "the page must be self-contained"
    );
    insta::assert_snapshot!("esx35_runbook_md", markdown);
    insta::assert_snapshot!("esx35_runbook_html", html);
}

#[test]
fn runbook_escapes_user_strings() {
    let mut file = sample("esx35-west.ron");
    let host = file.project.hosts.values_mut().next().unwrap();
    host.name = "<script>alert(1)</script>".to_owned();
    let reference = reference();
    let plan = planner::auto_plan(&file.project, &reference);
    let simulation = planner::simulate(&file.project, &plan, &reference, &file.rules);
    let html = runbook::html(&file.project, &plan, &simulation, &reference);
    assert!(!html.contains("<script>"), "raw script tag in the HTML");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    let markdown = runbook::markdown(&file.project, &plan, &simulation, &reference);
    assert!(!markdown.contains("<script>"));
    assert!(markdown.contains("\\<script\\>alert(1)\\</script\\>"));
}

#[test]
fn a_saved_plan_round_trips_and_edits_resimulate() {
    let file = sample("esx35-west.ron");
    let reference = reference();
    let plan = planner::auto_plan(&file.project, &reference);
    let mut saved = file.clone();
    saved.project.upgrade = Some(plan.clone());
    let text = saved.to_ron().unwrap();
    let back = PlanFile::parse(&text, Path::new("plan.ron")).unwrap();
    assert_eq!(back.project.upgrade.as_ref(), Some(&plan));

    // Moving a host between waves changes the simulation at once.
    let mut moved = plan.clone();
    let rolling = position(&moved, StageKind::RollingUpgrade);
    let host = moved.stages[rolling].waves[1].hosts.remove(0);
    moved.stages[rolling].waves[0].hosts.push(host);
    let cluster = file.project.hosts[&host].cluster.unwrap();
    let out_in_first_wave = |plan: &UpgradePlan| {
        planner::simulate(&file.project, plan, &reference, &file.rules).stages[rolling].waves[0]
            .capacity
            .iter()
            .find(|c| c.cluster == cluster)
            .map_or(0, |c| c.in_maintenance)
    };
    // The simulated capacity of the first wave now counts the moved host in maintenance too.
    assert_eq!(out_in_first_wave(&moved), out_in_first_wave(&plan) + 1);
}

#[test]
fn the_generated_datacenter_plans_and_simulates() {
    let project = dcplan::generate::generate(dcplan::generate::Preset::Vmworld2009);
    let reference = reference();
    // Take it back to ESX 3.5 so there is something to upgrade.
    let mut project = project;
    for host in project.hosts.values_mut() {
        host.esx.release = "3.5 U4".parse().unwrap();
        host.esx.build = 153_875;
    }
    for vcenter in project.vcenters.values_mut() {
        vcenter.release = "2.5 U4".parse().unwrap();
    }
    let plan = planner::auto_plan(&project, &reference);
    let waved: usize = plan
        .stages
        .iter()
        .flat_map(|s| &s.waves)
        .map(|w| w.hosts.len())
        .sum();
    assert_eq!(waved, project.hosts.len());
    let simulation = planner::simulate(
        &project,
        &plan,
        &reference,
        &dcplan::io::RuleConfig::default(),
    );
    assert_eq!(simulation.stages.len(), plan.stages.len());
}

fn dcplan(args: &[&str]) -> (i32, String, String) {
    let output = support::dcplan(args);
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

#[test]
fn cli_plan_json_has_stages_with_steps_and_findings() {
    let (code, out, err) = dcplan(&[
        "plan",
        "projects/samples/esx35-west.ron",
        "--auto",
        "--format",
        "json",
    ]);
    // CAP-04 stands until stage 4 moves the blades: a stage with an error finding exits 1.
    assert_eq!(code, 1, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let stages = json["stages"].as_array().unwrap();
    assert!(stages.len() >= 10);
    for stage in stages {
        assert!(stage["name"].is_string());
        assert!(stage["steps"].is_array());
        assert!(stage["findings"].is_array());
    }
    let rolling = stages
        .iter()
        .find(|s| s["kind"] == "RollingUpgrade")
        .unwrap();
    assert!(!rolling["waves"].as_array().unwrap().is_empty());
}

#[test]
fn cli_check_stage_gives_each_finding_its_stage() {
    // A plan saved into a copy of the sample, then checked stage by stage.
    let dir = std::env::temp_dir().join(format!("dcplan-cli-stage-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let copy = dir.join("west.ron");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/samples/esx35-west.ron"),
        &copy,
    )
    .unwrap();
    let copy = copy.to_str().unwrap();
    let (code, _, err) = dcplan(&["check", copy, "--stage", "all"]);
    assert_eq!(code, 2, "no plan saved yet: {err}");
    assert!(err.contains("--auto"), "{err}");
    let (code, _, err) = dcplan(&["plan", copy, "--auto", "--write"]);
    assert_eq!(
        code, 1,
        "written, with CAP-04 standing until stage 4: {err}"
    );
    let (code, out, err) = dcplan(&["check", copy, "--stage", "all", "--format", "json"]);
    // CAP-04 stands until stage 4 moves the blades.
    assert_eq!(code, 1, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let findings = json["findings"].as_array().unwrap();
    assert!(!findings.is_empty());
    assert!(findings.iter().all(|f| f["stage"].is_u64()));
    let (code, out, _) = dcplan(&["check", copy, "--stage", "6"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("stage 6 (Rolling host upgrade):"), "{out}");
    let (code, _, err) = dcplan(&["check", copy, "--stage", "99"]);
    assert_eq!(code, 2);
    assert!(err.contains("no stage 99"), "{err}");
    let md = dir.join("runbook.md");
    let (code, _, err) = dcplan(&["runbook", copy, "-o", md.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(
        std::fs::read_to_string(&md)
            .unwrap()
            .contains("# Upgrade runbook")
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_esx35_plan_names_bays_as_they_stand_and_evacuates_enclosure_work_first() {
    use dcplan::model::{ClusterId, HostId, Step};
    let file = sample("esx35-west.ron");
    let reference = reference();
    let plan = planner::auto_plan(&file.project, &reference);
    let texts = planner::report::step_texts(&file.project, &plan, &reference);
    let stage_of = |kind: StageKind| plan.stages.iter().position(|s| s.kind == kind).unwrap();
    let backup = stage_of(StageKind::Backup);
    let firmware = stage_of(StageKind::Firmware);
    // Blades move only after the stage 1 backups, each followed by its zoning and EVA host-entry steps, which name
    // the WWPNs of the profile the blade takes in its new bay.
    let mut moves = 0;
    for (index, stage) in plan.stages.iter().enumerate() {
        for (n, step) in stage.steps.iter().enumerate() {
            let Step::MoveBlade {
                host,
                enclosure,
                bay,
            } = step
            else {
                continue;
            };
            moves += 1;
            assert!(
                index > backup,
                "a blade moves in stage {index}, before the backups"
            );
            assert!(matches!(stage.steps[n + 1], Step::RezoneHost { host: h } if h == *host));
            assert!(matches!(stage.steps[n + 2], Step::UpdateArrayHosts { host: h } if h == *host));
            let profile = &file.project.enclosures[enclosure]
                .vc_domain
                .as_ref()
                .unwrap()
                .profiles[bay];
            for wwpn in &profile.wwpns {
                assert!(
                    texts[index][n + 1].contains(wwpn.as_str()),
                    "{}",
                    texts[index][n + 1]
                );
                assert!(
                    texts[index][n + 2].contains(wwpn.as_str()),
                    "{}",
                    texts[index][n + 2]
                );
            }
        }
    }
    assert!(moves >= 2, "Prod is spread out of enc1 and Dev out of enc2");
    let firmware_steps = &plan.stages[firmware].steps;
    let text_of = |needle: &str| {
        texts[firmware]
            .iter()
            .find(|t| t.starts_with(needle))
            .unwrap_or_else(|| panic!("no step starting {needle}"))
    };
    assert!(text_of("Move blade esx05").contains("from enc1/bay5 to enc2/bay6"));
    // Blade firmware after the moves names esx05 where it is then.
    assert!(
        texts[firmware]
            .iter()
            .any(|t| t.starts_with("Update blade ROM") && t.contains("esx05 (enc2/bay6)"))
    );
    // Every blade gets its firmware once, in maintenance mode.
    let flashed: Vec<HostId> = firmware_steps
        .iter()
        .flat_map(|s| match s {
            Step::UpdateBladeFirmware { hosts } => hosts.clone(),
            _ => Vec::new(),
        })
        .collect();
    assert_eq!(flashed.len(), file.project.hosts.len());
    // The recreation of enc2's domain (midplane replaced) names every blade in enc2 at that moment, the moved ones
    // included, and the simulation has them down with their VMs evacuated.
    let recreate = firmware_steps
        .iter()
        .position(|s| matches!(s, Step::RecreateVcDomain { .. }))
        .unwrap();
    let simulation = planner::simulate(&file.project, &plan, &reference, &file.rules);
    let outcome = &simulation.stages[firmware];
    let operation = outcome
        .operations
        .iter()
        .find(|o| o.step == recreate)
        .expect("the recreation is simulated with its hosts down");
    assert_eq!(
        operation.hosts,
        [4, 5, 6, 7, 8].map(HostId).to_vec(),
        "esx04-06 moved in, esx07-08 stayed"
    );
    for location in [
        "enc2/bay1",
        "enc2/bay2",
        "enc2/bay5",
        "enc2/bay6",
        "enc2/bay7",
    ] {
        assert!(texts[firmware][recreate].contains(location), "{location}");
    }
    assert!(
        !texts[firmware][recreate].contains("enc2/bay3"),
        "esx09 moved out"
    );
    // That moment reaches the capacity chart: Prod's tightest moment of stage 4 has its three enc2 hosts down.
    let prod = outcome
        .capacity
        .iter()
        .find(|c| c.cluster == ClusterId(1))
        .unwrap();
    assert_eq!(prod.in_maintenance, 3);
    assert!(prod.keeps_failover());
    assert!(
        outcome
            .findings
            .iter()
            .all(|f| f.finding.severity != Severity::Error),
        "Dev keeps hosts in enc1, so nothing is stranded"
    );
    // The runbook writes each stage from the estate of that moment: stage 7's path table shows the MRU paths the
    // hosts run after their upgrade, the stage 6 host sections the bays the blades are in by then.
    let md = dcplan::export::runbook::markdown(&file.project, &plan, &simulation, &reference);
    let stage7 = md
        .split("## Stage 7")
        .nth(1)
        .and_then(|rest| rest.split("## Stage 8").next())
        .unwrap();
    assert!(stage7.contains("| Mru |"), "{stage7}");
    assert!(!stage7.contains("| Fixed |"), "{stage7}");
    assert!(md.contains("#### Host esx05 (enc2/bay6)"));
    assert!(!md.contains("#### Host esx05 (enc1/bay5)"));
    // No heading is left hanging, and no stage with an error is signed off as having nothing to change.
    assert!(!md.contains(":\n\n#"));
}

/// rules-v2 B6: the auto-plan has no licence stage; each wave keys its own hosts right after their upgrade and the
/// vCenter stage keys vCenter, so nothing runs in evaluation mode past its own window (no LIC finding at all).
#[test]
fn the_auto_plan_keys_each_wave_and_vcenter_with_their_upgrade() {
    use dcplan::model::{LicenceEdition, Step};
    let file = sample("esx35-west.ron");
    let reference = reference();
    let plan = planner::auto_plan(&file.project, &reference);
    assert!(plan.stages.iter().all(|s| s.kind != StageKind::Licences));
    let vcenter = &plan.stages[position(&plan, StageKind::Vcenter)];
    assert!(matches!(
        vcenter.steps.as_slice(),
        [
            Step::UpgradeVcenter { .. },
            Step::ApplyVcenterLicence { .. }
        ]
    ));
    let rolling = &plan.stages[position(&plan, StageKind::RollingUpgrade)];
    for wave in &rolling.waves {
        let keyed: Vec<_> = wave
            .after_upgrade
            .iter()
            .flat_map(|step| match step {
                Step::ApplyHostLicences { hosts, edition } => {
                    // VI3 Enterprise maps to vSphere 4 Enterprise, which has the clusters' HA, DRS and vMotion.
                    assert_eq!(*edition, LicenceEdition::Enterprise);
                    hosts.clone()
                }
                // OPS-03: the agents removed in stage 5 come back as their ESX 4 edition.
                Step::ReinstallAgents { host } => {
                    assert!(wave.hosts.contains(host), "{}", wave.name);
                    Vec::new()
                }
                other => panic!("unexpected step after {}: {other:?}", wave.name),
            })
            .collect();
        assert_eq!(keyed, wave.hosts, "{}", wave.name);
    }
    let simulation = planner::simulate(&file.project, &plan, &reference, &file.rules);
    let lic: Vec<_> = simulation
        .stages
        .iter()
        .flat_map(|s| &s.findings)
        .filter(|f| f.finding.rule.starts_with("LIC-"))
        .collect();
    assert!(lic.is_empty(), "{lic:?}");
}

/// The runbook gives the day each evaluation would end once the windows are dated, in the host procedure of the wave
/// and in the vCenter stage.
#[test]
fn the_runbook_says_when_each_evaluation_would_end() {
    use dcplan::model::Window;
    let file = sample("esx35-west.ron");
    let reference = reference();
    let mut plan = planner::auto_plan(&file.project, &reference);
    let window = |date: &str| {
        Some(Window {
            date: date.to_owned(),
            start: "22:00".to_owned(),
            hours: 8.0,
        })
    };
    let vcenter = position(&plan, StageKind::Vcenter);
    plan.stages[vcenter].window = window("2010-01-09");
    let rolling = position(&plan, StageKind::RollingUpgrade);
    plan.stages[rolling].waves[0].window = window("2010-01-16");
    let simulation = planner::simulate(&file.project, &plan, &reference, &file.rules);
    let markdown = runbook::markdown(&file.project, &plan, &simulation, &reference);
    assert!(
        markdown.contains("Assign the vSphere 4 Enterprise licence key to esx01 (2 CPUs; vSphere Client: its Configuration tab, Licensed Features, Edit). ESX 4 keeps no VI3 licence: until this key esx01 runs in evaluation mode, which ends on 2010-03-17, 60 days after this wave's date (2010-01-16)"),
        "{markdown}"
    );
    assert!(
        markdown.contains("Until then vc-west runs in evaluation mode, since its upgrade above: the evaluation ends on 2010-03-10, 60 days after the upgrade on 2010-01-09; then every host disconnects from vc-west"),
        "{markdown}"
    );
}

/// A plan saved with the old stage 11 still loads and runs: its late keys are LIC-04 findings, errors when the
/// dated stages are more than 60 days apart.
#[test]
fn a_plan_with_a_licence_stage_still_runs_and_its_late_keys_are_reported() {
    use dcplan::model::{LicenceEdition, Step, Window};
    let file = sample("esx35-west.ron");
    let reference = reference();
    let mut plan = planner::auto_plan(&file.project, &reference);
    let rolling = position(&plan, StageKind::RollingUpgrade);
    plan.stages[rolling].window = Some(Window {
        date: "2010-01-16".to_owned(),
        start: "22:00".to_owned(),
        hours: 12.0,
    });
    for wave in &mut plan.stages[rolling].waves {
        wave.after_upgrade.clear();
    }
    let mut licences = Stage::new(StageKind::Licences);
    licences.window = Some(Window {
        date: "2010-04-01".to_owned(),
        start: "08:00".to_owned(),
        hours: 2.0,
    });
    for &cluster in file.project.clusters.keys() {
        licences.steps.push(Step::ApplyLicences {
            cluster,
            edition: LicenceEdition::Enterprise,
        });
    }
    plan.stages.push(licences);
    // Saved and loaded back: `Licences` and `ApplyLicences` still read.
    let mut saved = file.clone();
    saved.project.upgrade = Some(plan);
    let dir = std::env::temp_dir().join(format!("dcplan-licence-stage-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("plan.ron");
    saved.save(&path).unwrap();
    let loaded = PlanFile::load(&path).unwrap();
    std::fs::remove_dir_all(&dir).ok();
    let plan = loaded.project.upgrade.clone().unwrap();
    let simulation = planner::simulate(&loaded.project, &plan, &reference, &loaded.rules);
    let lic04: Vec<_> = simulation
        .stages
        .iter()
        .flat_map(|s| &s.findings)
        .filter(|f| f.finding.rule == "LIC-04" && f.finding.severity == Severity::Error)
        .map(|f| f.finding.object)
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    assert_eq!(
        lic04.len(),
        10,
        "every host keyed 75 days after its upgrade: {lic04:?}"
    );
    // At the end every host holds its key.
    let end = planner::state_after(&loaded.project, &plan, &reference, Some(usize::MAX));
    assert!(
        end.hosts
            .values()
            .all(|h| h.licence == LicenceEdition::Enterprise)
    );
}

/// The text of one stage of a Markdown runbook, from its heading to the next stage's (or the end).
fn runbook_stage<'a>(markdown: &'a str, title: &str) -> &'a str {
    let start = markdown
        .match_indices("\n## Stage ")
        .map(|(at, _)| at + 1)
        .find(|&at| {
            markdown[at..]
                .lines()
                .next()
                .is_some_and(|line| line.ends_with(&format!(": {title}")))
        })
        .unwrap_or_else(|| panic!("no stage {title}"));
    let end = markdown[start + 1..]
        .find("\n## ")
        .map_or(markdown.len(), |at| start + 1 + at);
    &markdown[start..end]
}

/// The paragraph under a stage's "Back-out" heading.
fn back_out_of(stage: &str) -> &str {
    let start = stage.find("#### Back-out\n\n").unwrap() + "#### Back-out\n\n".len();
    let end = stage[start..]
        .find("\n\n")
        .map_or(stage.len(), |at| start + at);
    &stage[start..end]
}

/// Issue 13, the operator's steps: each in its stage of the esx35 runbook, in the order an operator runs them.
#[test]
fn the_esx35_runbook_carries_the_operators_steps_in_their_stages() {
    let file = sample("esx35-west.ron");
    let reference = reference();
    let plan = planner::auto_plan(&file.project, &reference);
    let simulation = planner::simulate(&file.project, &plan, &reference, &file.rules);
    let markdown = runbook::markdown(&file.project, &plan, &simulation, &reference);

    // Stage 1 saves no Update Manager database: the estate records no Update Manager.
    let backup = runbook_stage(&markdown, "Back up and pre-check");
    assert!(!backup.contains("Update Manager"), "{backup}");

    // Stage 3: the 32-bit DSN said as a condition (OPS-05), the baselines named and attached (OPS-04), and a
    // back-out that restores nothing stage 1 did not save.
    let vum = runbook_stage(&markdown, "vSphere Client and Update Manager");
    for needle in [
        "if its server runs 64-bit Windows (the plan does not record its OS)",
        "32-bit system DSN",
        "SysWOW64",
        "odbcad32.exe",
        "Import the ESX 4.0 U1 upgrade ISO into Update Manager of vc-west",
        "host upgrade baseline \"Host upgrade to 4.0 U1\"",
        "baseline group \"VM upgrades to match host\" of \"VMware Tools Upgrade to Match Host\" then \"VM Hardware Upgrade to Match Host\"",
        "attach both to clusters Prod and Dev",
    ] {
        assert!(vum.contains(needle), "stage 3 lacks {needle}:\n{vum}");
    }
    let vum_back_out = back_out_of(vum);
    assert!(
        vum_back_out.contains("there is no database to restore")
            && !vum_back_out.contains("restore its database"),
        "{vum_back_out}"
    );

    // Stage 6, per host: the esxconsole place (OPS-01), the named baseline, the licence key, the agents (OPS-03),
    // in that order and before the host leaves maintenance mode.
    let rolling = runbook_stage(&markdown, "Rolling host upgrade");
    for host in (1..=10).map(|n| format!("esx{n:02}")) {
        let start = rolling
            .find(&format!("#### Host {host} "))
            .unwrap_or_else(|| panic!("no procedure for {host}"));
        let end = rolling[start + 1..]
            .find("\n#")
            .map_or(rolling.len(), |at| start + 1 + at);
        let procedure = &rolling[start..end];
        let order: Vec<usize> = [
            format!("{host}'s service console disk (esxconsole-\\<UUID\\>.vmdk)"),
            format!("Remediate {host} with the host upgrade baseline \"Host upgrade to 4.0 U1\""),
            format!("Assign the vSphere 4 Enterprise licence key to {host}"),
            format!(
                "Install the HP ESX 4 agent bundle on {host} before it leaves maintenance mode"
            ),
            "Exit maintenance mode".to_owned(),
        ]
        .iter()
        .map(|needle| {
            procedure
                .find(needle.as_str())
                .unwrap_or_else(|| panic!("{host} lacks {needle}:\n{procedure}"))
        })
        .collect();
        assert!(order.is_sorted(), "{host} steps out of order:\n{procedure}");
        assert!(
            procedure.contains("HP SIM agents 8.1.1 came off in stage 5"),
            "{procedure}"
        );
    }
    // OPS-02: the rolling upgrade backs out with rollback-to-esx3 until stage 7's cleanup-esx3.
    let rolling_back_out = back_out_of(rolling);
    for needle in [
        "run rollback-to-esx3 in its service console",
        "until cleanup-esx3 runs on it in stage 7",
        "VMs already on virtual hardware 7 will not run on it afterwards",
    ] {
        assert!(rolling_back_out.contains(needle), "{rolling_back_out}");
    }

    // Stage 7: cleanup-esx3 per host, before any VM goes to hardware 7.
    let complete = runbook_stage(&markdown, "Clusters all on ESX 4");
    for host in (1..=10).map(|n| format!("esx{n:02}")) {
        assert!(
            complete.contains(&format!("Once {host} (")) && complete.contains("run cleanup-esx3"),
            "no cleanup-esx3 for {host}:\n{complete}"
        );
    }
    assert!(back_out_of(complete).contains("cleanup-esx3 cannot be undone"));

    // Stages 8 and 9 remediate with the baseline group of stage 3, one baseline each.
    let tools = runbook_stage(&markdown, "VMware Tools");
    assert!(tools.contains(
        "baseline group \"VM upgrades to match host\" of stage 3, selecting only its \"VMware Tools Upgrade to Match Host\" baseline"
    ));
    let hardware = runbook_stage(&markdown, "Virtual hardware 7");
    assert!(hardware.contains(
        "baseline group \"VM upgrades to match host\" of stage 3, selecting only its \"VM Hardware Upgrade to Match Host\" baseline"
    ));
}

/// A back-out restores only what an earlier step saved: an Update Manager 1.0 database is backed up in stage 1 and
/// restored by stage 3's back-out; without that backup step the back-out says there is none.
#[test]
fn the_update_manager_back_out_restores_only_the_stage_1_backup() {
    use dcplan::model::Step;
    let mut file = sample("esx35-west.ron");
    for vcenter in file.project.vcenters.values_mut() {
        vcenter.update_manager = Some("1.0 U4".parse().unwrap());
    }
    let reference = reference();
    let mut plan = planner::auto_plan(&file.project, &reference);
    let backup = position(&plan, StageKind::Backup);
    assert!(
        plan.stages[backup]
            .steps
            .iter()
            .any(|s| matches!(s, Step::BackupUpdateManager { .. })),
        "{:?}",
        plan.stages[backup].steps
    );
    let back_out = |plan: &UpgradePlan| {
        let simulation = planner::simulate(&file.project, plan, &reference, &file.rules);
        let markdown = runbook::markdown(&file.project, plan, &simulation, &reference);
        let backed_up = plan.stages[backup]
            .steps
            .iter()
            .any(|s| matches!(s, Step::BackupUpdateManager { .. }));
        assert_eq!(
            markdown.contains("Back up the Update Manager 1.0 U4 database of vCenter vc-west"),
            backed_up
        );
        back_out_of(runbook_stage(
            &markdown,
            "vSphere Client and Update Manager",
        ))
        .to_owned()
    };
    let with_backup = back_out(&plan);
    assert!(
        with_backup.contains(
            "reinstall Update Manager 1.0 U4 and restore its database from the backup of stage 1"
        ),
        "{with_backup}"
    );
    plan.stages[backup]
        .steps
        .retain(|s| !matches!(s, Step::BackupUpdateManager { .. }));
    let without = back_out(&plan);
    assert!(
        without.contains("no earlier step backs up the Update Manager 1.0 U4 database")
            && !without.contains("restore its database"),
        "{without}"
    );
}

#[test]
fn the_plan_text_written_beside_the_simulation_is_the_one_a_replay_writes() {
    // `dcplan plan` writes its step texts from the simulation's own walk; a replay of the plan must give the same
    // text, with blade moves, firmware batches and waves in it.
    let reference = reference();
    let west = sample("esx35-west.ron");
    let preset = dcplan::generate::generate(dcplan::generate::Preset::Vmworld2009Esx35);
    for project in [&west.project, &preset] {
        let plan = planner::auto_plan(project, &reference);
        let mut texts = planner::report::StepTexts::new(&plan);
        let simulation = planner::simulate::simulate_observing(
            project,
            &plan,
            &reference,
            &Default::default(),
            |event| texts.observe(&plan, event),
        );
        let beside = planner::report::text_with(project, &plan, &simulation, &texts);
        let replayed = planner::report::text(project, &plan, &simulation, &reference);
        assert!(beside.lines().count() > plan.stages.len() * 2);
        assert_eq!(beside, replayed);
        assert_eq!(
            planner::report::json_with(project, &plan, &simulation, &texts),
            planner::report::json(project, &plan, &simulation, &reference)
        );
    }
}
