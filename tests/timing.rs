//! The plan's timing model: one timeline for the chart, the runbook, the plan text and the summary; concurrency
//! the architect sets moves it; steps that would change nothing are not planned.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test stops loudly when its input is broken"
)]

use std::path::Path;

use dcplan::io::PlanFile;
use dcplan::model::{Project, StageKind, Step, Timing, UpgradePlan};
use dcplan::planner::{self, timing};
use dcplan::refdata::ReferenceData;

fn sample(name: &str) -> PlanFile {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("projects/samples")
        .join(name);
    PlanFile::load(&path).unwrap_or_else(|err| panic!("{err}"))
}

fn position(plan: &UpgradePlan, kind: StageKind) -> usize {
    plan.stages.iter().position(|s| s.kind == kind).unwrap()
}

fn preset() -> (Project, UpgradePlan, ReferenceData) {
    let project = dcplan::generate::generate(dcplan::generate::Preset::Vmworld2009Esx35);
    let reference = ReferenceData::bundled().unwrap();
    let plan = planner::auto_plan(&project, &reference);
    (project, plan, reference)
}

/// Stage by stage: start and hours, the way a reviewer reads the timeline.
fn outline(plan: &UpgradePlan, line: &timing::Timeline) -> String {
    let mut out = String::new();
    for (stage, time) in plan.stages.iter().zip(&line.stages) {
        out.push_str(&format!(
            "{:>6.1} h +{:>6.1} h  {}\n",
            time.span.start,
            time.span.hours,
            stage.title()
        ));
    }
    out.push_str(&format!("end {:.1} h, busy {:.1} h\n", line.end, line.busy));
    out
}

#[test]
fn the_vmworld_estate_upgrades_in_days_with_the_default_timing() {
    let (project, plan, reference) = preset();
    let line = timing::timeline(&project, &plan, &reference);
    insta::assert_snapshot!(outline(&plan, &line));
    // Days, not months: the whole upgrade of 776 hosts and 37,248 VMs within two weeks of work.
    assert!(line.end < 14.0 * 24.0, "{}", line.end);
    // One host of a cluster at a time, 16 hosts at once: 776 hosts of 90 minutes need at least 776 / 16
    // rounds of 1.5 hours.
    let rolling = &line.stages[position(&plan, StageKind::RollingUpgrade)];
    assert!(rolling.span.hours >= (776.0_f64 / 16.0).ceil() * 1.5);
    // Tools of every VM: at most 200 at once, 5 minutes each plus a reboot for the Windows guests.
    let tools = &line.stages[position(&plan, StageKind::Tools)];
    let windows = project
        .vms
        .values()
        .filter(|vm| vm.guest_os.contains("Windows"))
        .count() as f64;
    let minutes = project.vms.len() as f64 * 5.0 + windows * 5.0;
    assert!((tools.span.hours - minutes / 200.0 / 60.0).abs() < 0.01);
}

#[test]
fn more_hosts_at_once_shortens_the_rolling_upgrade_and_the_plan() {
    let (mut project, plan, reference) = preset();
    let before = timing::timeline(&project, &plan, &reference);
    project.timing = Timing {
        parallel_host_upgrades: 32,
        ..Timing::default()
    };
    let after = timing::timeline(&project, &plan, &reference);
    let rolling = position(&plan, StageKind::RollingUpgrade);
    assert!(after.stage_hours(rolling) < before.stage_hours(rolling) * 0.6);
    assert!(after.end < before.end);
    // Fewer VMs at once lengthens the guest stages.
    project.timing = Timing {
        parallel_guest_upgrades: 50,
        ..Timing::default()
    };
    let slower = timing::timeline(&project, &plan, &reference);
    let tools = position(&plan, StageKind::Tools);
    assert!(slower.stage_hours(tools) > before.stage_hours(tools) * 3.0);
}

#[test]
fn one_host_of_a_cluster_at_a_time_and_each_clusters_waves_in_order() {
    let file = sample("esx35-west.ron");
    let reference = ReferenceData::bundled().unwrap();
    let plan = planner::auto_plan(&file.project, &reference);
    let line = timing::timeline(&file.project, &plan, &reference);
    let rolling = position(&plan, StageKind::RollingUpgrade);
    let stage = &plan.stages[rolling];
    let largest = file
        .project
        .clusters
        .keys()
        .map(|c| {
            stage
                .waves
                .iter()
                .flat_map(|w| &w.hosts)
                .filter(|h| file.project.hosts[h].cluster == Some(*c))
                .count()
        })
        .max()
        .unwrap();
    let hours = line.stage_hours(rolling);
    let after: f64 = 0.1
        * stage
            .waves
            .iter()
            .filter(|w| !w.after_upgrade.is_empty())
            .count() as f64;
    // The largest cluster's hosts one after the other bound the stage; the smaller clusters run beside it.
    assert!(hours >= largest as f64 * 1.5, "{hours}");
    // Each host's slot also holds its HP agent reinstall (a quarter of an hour).
    assert!(hours <= largest as f64 * 1.75 + after + 1e-9, "{hours}");
    // Waves follow each other.
    let waves = &line.stages[rolling].waves;
    for pair in waves.windows(2) {
        assert!(pair[1].start >= pair[0].start);
    }
}

#[test]
fn update_manager_goes_in_beside_the_firmware_window() {
    let file = sample("esx35-west.ron");
    let reference = ReferenceData::bundled().unwrap();
    let plan = planner::auto_plan(&file.project, &reference);
    let line = timing::timeline(&file.project, &plan, &reference);
    let vum = &line.stages[position(&plan, StageKind::UpdateManager)];
    let firmware = &line.stages[position(&plan, StageKind::Firmware)];
    let vcenter = &line.stages[position(&plan, StageKind::Vcenter)];
    assert_eq!(vum.span.start, firmware.span.start);
    assert_eq!(firmware.span.start, vcenter.span.end());
    let prepare = &line.stages[position(&plan, StageKind::PrepareClusters)];
    assert_eq!(prepare.span.start, firmware.span.end().max(vum.span.end()));
    // The plan ends with its last stage; overlapping stages count once in the busy hours.
    let sum: f64 = line.stages.iter().map(|s| s.span.hours).sum();
    assert!(line.busy < sum);
    assert_eq!(line.end, line.stages.last().unwrap().span.end());
}

#[test]
fn the_chart_the_runbook_and_the_plan_text_give_the_timelines_hours() {
    let file = sample("esx35-west.ron");
    let reference = ReferenceData::bundled().unwrap();
    let plan = planner::auto_plan(&file.project, &reference);
    let simulation = planner::simulate(&file.project, &plan, &reference, &file.rules);
    let line = &simulation.timeline;
    let bars = dcplan::present::schedule::schedule(&plan, &simulation);
    for bar in bars.bars.iter().filter(|b| b.wave.is_none()) {
        assert_eq!(bar.work, line.stage_hours(bar.stage));
    }
    assert_eq!(bars.end, line.end);
    let runbook = dcplan::export::runbook::markdown(&file.project, &plan, &simulation, &reference);
    let text = planner::report::text(&file.project, &plan, &simulation, &reference);
    for (index, stage) in plan.stages.iter().enumerate() {
        let hours = timing::hours_label(line.stage_hours(index));
        assert!(
            text.contains(&format!("Stage {index} {} ({hours})", stage.title())),
            "plan text of stage {index}"
        );
        assert!(
            runbook.contains(&format!(
                "expected duration {:.1} hours",
                line.stage_hours(index)
            )),
            "runbook of stage {index}"
        );
    }
    assert!(runbook.contains(&format!("about {:.0} hours from start to finish", line.end)));
    assert!(runbook.contains(&timing::assumptions(&file.project.timing)));
}

#[test]
fn the_simulation_lays_out_the_timeline_a_replay_of_the_plan_gives() {
    // The simulation reads the durations from its own walk; a replay of the plan must give the same timeline.
    let reference = ReferenceData::bundled().unwrap();
    let (preset, preset_plan, _) = preset();
    let west = sample("esx35-west.ron");
    let west_plan = planner::auto_plan(&west.project, &reference);
    for (project, plan) in [(&preset, &preset_plan), (&west.project, &west_plan)] {
        let simulation = planner::simulate(project, plan, &reference, &Default::default());
        let replayed = timing::timeline(project, plan, &reference);
        assert!(replayed.end > 0.0 && replayed.stages.len() == plan.stages.len());
        assert_eq!(simulation.timeline, replayed);
    }
}

/// The path alignments of a plan, each checked against the estate just before it: it must change something.
fn alignments_that_change_something(
    project: &Project,
    plan: &UpgradePlan,
    reference: &ReferenceData,
) -> usize {
    let mut checked = 0;
    planner::replay(project, plan, reference, |event| {
        if let planner::ReplayEvent::Step {
            stage, step, state, ..
        } = event
            && let Step::AlignEvaPaths { lun, controller } = &plan.stages[stage].steps[step]
        {
            checked += 1;
            assert!(
                !planner::projection::eva_paths_aligned(state, *lun, *controller),
                "{lun:?} is aligned already"
            );
        }
    });
    checked
}

#[test]
fn no_planned_path_alignment_changes_nothing() {
    // The preset's LUNs are set as procedure 2 wants: nothing to align.
    let (project, plan, reference) = preset();
    assert_eq!(
        alignments_that_change_something(&project, &plan, &reference),
        0
    );
    // The esx35 sample has misaligned LUNs: every alignment planned for them changes something.
    let file = sample("esx35-west.ron");
    let plan = planner::auto_plan(&file.project, &reference);
    assert!(alignments_that_change_something(&file.project, &plan, &reference) > 0);
}

#[test]
fn a_plan_file_keeps_a_changed_timing_and_leaves_the_default_out() {
    let mut file = sample("esx35-west.ron");
    let text = file.to_ron().unwrap();
    assert!(!text.contains("timing"));
    file.project.timing.parallel_host_upgrades = 4;
    let text = file.to_ron().unwrap();
    assert!(text.contains("parallel_host_upgrades: 4"), "{text}");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.ron");
    std::fs::write(&path, &text).unwrap();
    let again = PlanFile::load(&path).unwrap();
    assert_eq!(again.project.timing.parallel_host_upgrades, 4);
    assert_eq!(again.project.timing.host_upgrade_minutes, 90);
}

#[test]
fn an_estate_already_on_vsphere_4_gets_the_assessment_only() {
    let mut file = sample("esx35-west.ron");
    for host in file.project.hosts.values_mut() {
        host.esx.release = "4.0 U1".parse().unwrap();
    }
    for vcenter in file.project.vcenters.values_mut() {
        vcenter.release = "4.0 U1".parse().unwrap();
    }
    let reference = ReferenceData::bundled().unwrap();
    let plan = planner::auto_plan(&file.project, &reference);
    let kinds: Vec<StageKind> = plan.stages.iter().map(|s| s.kind).collect();
    assert_eq!(kinds, vec![StageKind::Assess]);
}

#[test]
fn templates_are_counted_apart_and_not_upgraded() {
    let mut file = sample("esx35-west.ron");
    let reference = ReferenceData::bundled().unwrap();
    let (&template, _) = file.project.vms.iter().next().unwrap();
    file.project.vms.get_mut(&template).unwrap().template = true;
    let plan = planner::auto_plan(&file.project, &reference);
    let tools = &plan.stages[position(&plan, StageKind::Tools)];
    let texts: Vec<String> = tools
        .steps
        .iter()
        .map(|s| planner::describe::step_text(&file.project, s))
        .collect();
    assert!(
        texts.iter().any(|t| t.contains(
            "1 template left unchanged (a template is converted to a VM to be upgraded)"
        )),
        "{texts:?}"
    );
    let end = planner::state_after(&file.project, &plan, &reference, Some(plan.stages.len()));
    let vm = &end.vms[&template];
    assert_ne!(vm.tools, dcplan::model::ToolsStatus::Current);
    assert!(!vm.hardware_at_least(7));
}
