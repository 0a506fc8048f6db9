//! Planner and present-mode flows through the real UI with egui_kittest, widgets found by their labels.
#![cfg(feature = "gui")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test stops loudly when its input is broken"
)]

use std::path::{Path, PathBuf};

use dcplan::ui::{DcApp, Persisted, ScriptedDialogs, Startup};
use egui::{Key, Modifiers, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dcplan-uiplan-{name}-{}", std::process::id()));
    std::fs::remove_dir_all(&dir).ok();
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn sample_app(dir: &Path, dialogs: ScriptedDialogs) -> DcApp {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/samples/esx35-west.ron");
    let path = dir.join("esx35-west.ron");
    std::fs::copy(from, &path).unwrap();
    DcApp::new(Startup {
        path: Some(path),
        persisted: Persisted::default(),
        data_dir: dir.join("data"),
        dialogs: Box::new(dialogs),
        autosave_secs: 1e9,
        reference: None,
    })
}

fn harness(app: DcApp) -> Harness<'static, DcApp> {
    let mut harness = Harness::builder()
        .with_size(vec2(1600.0, 1000.0))
        .build_ui_state(|ui, app: &mut DcApp| app.show(ui), app);
    harness.run_steps(4);
    harness
}

fn click(harness: &mut Harness<'_, DcApp>, label: &str) {
    harness.get_by_label(label).click();
    harness.run_steps(4);
}

/// Clicks a menu entry, whose label carries its shortcut after the text.
fn menu(harness: &mut Harness<'_, DcApp>, menu: &str, entry: &str) {
    click(harness, menu);
    harness
        .query_by_label_contains(entry)
        .unwrap_or_else(|| panic!("no menu entry {entry}"))
        .click();
    harness.run_steps(4);
}

#[test]
fn plan_upgrade_from_the_menu_then_walk_the_stages() {
    let dir = scratch("walk");
    let mut harness = harness(sample_app(&dir, ScriptedDialogs::default()));
    menu(&mut harness, "Plan", "Plan upgrade");
    let plan = harness
        .state()
        .doc
        .project()
        .upgrade
        .clone()
        .expect("a plan");
    assert!(plan.stages.len() >= 10, "{} stages", plan.stages.len());
    assert!(harness.state().timeline.open);
    // One gesture, one undo step.
    assert_eq!(
        harness.state().doc.history().undo_label(),
        Some("Plan the upgrade")
    );

    // A stage card jumps the slider there: the canvas shows the projected estate, the findings panel that stage.
    click(&mut harness, "6. Rolling host upgrade");
    let projected = harness
        .state()
        .timeline
        .projected()
        .expect("a projected stage");
    assert!(
        projected
            .project
            .hosts
            .values()
            .all(|h| h.release().is_vsphere4_or_later()),
        "every host is on ESX 4 after the rolling upgrade"
    );
    let (label, _) = harness.state().timeline.stage_findings().unwrap();
    assert!(label.contains("Rolling host upgrade"), "{label}");

    // Moving a stage is one undo step and re-simulates.
    let before = harness.state().doc.project().upgrade.clone().unwrap();
    harness
        .get_all_by_label("<")
        .nth(3)
        .expect("the move-earlier button of stage 3")
        .click();
    harness.run_steps(4);
    let after = harness.state().doc.project().upgrade.clone().unwrap();
    assert_eq!(after.stages[2].kind, before.stages[3].kind);
    assert_eq!(after.stages[3].kind, before.stages[2].kind);

    // Undo twice: the stage order, then the plan itself.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run_steps(4);
    assert_eq!(
        harness.state().doc.project().upgrade.as_ref(),
        Some(&before)
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run_steps(4);
    assert!(harness.state().doc.project().upgrade.is_none());
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_stage_view_shows_a_moved_blade_in_its_new_bay_with_its_new_wwpns() {
    let dir = scratch("moved");
    let mut harness = harness(sample_app(&dir, ScriptedDialogs::default()));
    menu(&mut harness, "Plan", "Plan upgrade");
    // Today esx05 sits in enc1/bay5 with the WWPNs of that bay's profile.
    let host = dcplan::model::ObjectRef::Host(dcplan::model::HostId(5));
    let today = &harness.state().doc.project().hosts[&dcplan::model::HostId(5)];
    assert_eq!(today.fc_ports[0].wwpn, "50:06:0b:00:00:c2:01:0a");
    // After stage 4 it has moved to enc2/bay6 and carries that bay's profile.
    click(&mut harness, "4. Firmware and BIOS");
    harness.state_mut().state.selection = [host].into();
    harness.run_steps(4);
    let projected = harness
        .state()
        .timeline
        .projected()
        .expect("a projected stage");
    assert_eq!(
        projected.project.host_location(dcplan::model::HostId(5)),
        "enc2/bay6"
    );
    harness.get_by_label("enc2/bay6");
    harness.get_by_label("50:06:0b:00:00:c2:02:0c");
    harness.get_by_label("50:06:0b:00:00:c2:02:0d");
    assert!(
        harness.query_by_label("50:06:0b:00:00:c2:01:0a").is_none(),
        "the old bay's WWPN is gone at this stage"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn export_runbook_from_the_menu_writes_html() {
    let dir = scratch("runbook");
    let target = dir.join("runbook.html");
    let dialogs = ScriptedDialogs {
        save: [target.clone()].into(),
        ..ScriptedDialogs::default()
    };
    let mut harness = harness(sample_app(&dir, dialogs));
    menu(&mut harness, "Plan", "Export runbook");
    let html = std::fs::read_to_string(&target).expect("the runbook was written");
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("Rolling host upgrade"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn present_mode_walks_through_every_slide() {
    let dir = scratch("present");
    let mut harness = harness(sample_app(&dir, ScriptedDialogs::default()));
    // From the menu.
    menu(&mut harness, "Plan", "Present");
    assert!(harness.state().present.open);
    harness.get_by_label("Summary");
    // Prod is not FT-ready (sql01 stays unprotected), Dev is; both can be vMotioned and upgraded.
    harness.get_by_label("FT-ready 1 of 2 clusters");
    harness.get_by_label("Upgrade-ready 2 of 2 clusters");
    for title in [
        "Topology",
        "Upgrade timeline",
        "Top risks",
        "Capacity during the upgrade",
    ] {
        harness.key_press(Key::ArrowRight);
        harness.run_steps(4);
        harness.get_by_label(title);
    }
    harness.key_press(Key::ArrowLeft);
    harness.run_steps(4);
    harness.get_by_label("Top risks");
    harness.key_press(Key::Escape);
    harness.run_steps(4);
    assert!(!harness.state().present.open);
    // And by its shortcut.
    harness.key_press(Key::F5);
    harness.run_steps(4);
    assert!(harness.state().present.open);
    harness.get_by_label("Summary");
    std::fs::remove_dir_all(&dir).ok();
}
