//! File > Import RVTools… driven through the real UI with egui_kittest: the import runs on its worker thread, the
//! result becomes a new unsaved plan with its report open, and a bad export leaves the open plan alone.
#![cfg(feature = "gui")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test stops loudly when its input is broken"
)]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use dcplan::ui::{DcApp, Persisted, ScriptedDialogs, Startup};
use egui::{Key, Modifiers, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

mod support;
use support::Scratch;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("projects/fixtures/rvtools")
        .join(name)
}

fn harness(scratch: &Scratch, dialogs: ScriptedDialogs) -> Harness<'static, DcApp> {
    harness_opening(None, scratch, dialogs)
}

fn harness_opening(
    path: Option<PathBuf>,
    scratch: &Scratch,
    dialogs: ScriptedDialogs,
) -> Harness<'static, DcApp> {
    let app = DcApp::new(Startup {
        path,
        persisted: Persisted::default(),
        data_dir: scratch.0.join("data"),
        dialogs: Box::new(dialogs),
        autosave_secs: 30.0,
        reference: None,
    });
    let mut harness = Harness::builder()
        .with_size(vec2(1600.0, 1000.0))
        .build_ui_state(|ui, app: &mut DcApp| app.show(ui), app);
    harness.run_steps(4);
    harness
}

/// Steps frames until the worker has finished and its result is shown.
fn wait_for_import(harness: &mut Harness<'_, DcApp>) {
    let deadline = Instant::now() + Duration::from_secs(60);
    harness.step();
    while harness.state().importer.is_running() {
        assert!(Instant::now() < deadline, "the import never finished");
        std::thread::sleep(Duration::from_millis(20));
        harness.step();
    }
    harness.run_steps(4);
}

#[test]
fn importing_from_the_file_menu_gives_a_new_unsaved_plan_and_its_report() {
    let scratch = Scratch::new("menu");
    let dialogs = ScriptedDialogs {
        import: [fixture("kubev2v_example1.xlsx")].into(),
        ..ScriptedDialogs::default()
    };
    let mut h = harness(&scratch, dialogs);
    assert!(!h.state().doc.is_dirty(), "the bundled sample starts clean");
    h.get_by_label("File").click();
    h.run_steps(2);
    h.get_by_label_contains("Import RVTools…").click();
    wait_for_import(&mut h);

    let app = h.state();
    let project = app.doc.project();
    assert_eq!(project.name, "kubev2v_example1");
    assert_eq!(project.vms.len(), 9);
    assert_eq!(project.hosts.len(), 7);
    assert_eq!(project.clusters.len(), 1);
    assert!(app.doc.path.is_none(), "an import is untitled until saved");
    assert!(app.doc.is_dirty(), "an import is unsaved work");
    assert!(
        app.window_title().starts_with("* "),
        "{}",
        app.window_title()
    );
    assert_eq!(
        app.state.last_toast(),
        Some("Imported kubev2v_example1: 9 VMs, 7 hosts, 0 rows skipped")
    );
    // The rules ran on the imported estate: its modern servers are not in the 2009 HCL data, and its VMkernel
    // ports are not in the export, each said at info (unknown, not wrong).
    let (errors, _, infos) = app.finding_counts();
    assert!(infos > 0, "the imported plan is checked");
    assert_eq!(errors, 0, "no error rests on what the export does not give");

    assert!(h.query_by_label_contains("Import report").is_some());
    assert!(
        h.query_by_label_contains("RVTools import of kubev2v_example1.xlsx")
            .is_some(),
        "the report text is shown"
    );
    h.get_by_label("Close report").click();
    h.run_steps(4);
    assert!(h.query_by_label_contains("RVTools import of").is_none());
}

#[test]
fn the_shortcut_asks_about_unsaved_work_before_importing() {
    let scratch = Scratch::new("prompt");
    let dialogs = ScriptedDialogs {
        import: [fixture("kubev2v_example1.xlsx")].into(),
        ..ScriptedDialogs::default()
    };
    let mut h = harness(&scratch, dialogs);
    h.get_by_label("Cluster").click();
    h.run_steps(4);
    assert!(h.state().doc.is_dirty());
    let edited = h.state().doc.plan().clone();
    h.key_press_modifiers(Modifiers::COMMAND, Key::I);
    h.run_steps(4);
    assert!(h.query_by_label_contains("Unsaved changes").is_some());
    h.get_by_label("Cancel").click();
    h.run_steps(4);
    assert_eq!(h.state().doc.plan(), &edited, "cancel keeps the work");
    assert!(!h.state().importer.is_running());

    h.key_press_modifiers(Modifiers::COMMAND, Key::I);
    h.run_steps(4);
    h.get_by_label("Don't save").click();
    wait_for_import(&mut h);
    assert_eq!(h.state().doc.project().vms.len(), 9);
}

#[test]
fn a_broken_export_shows_why_and_leaves_the_open_plan_alone() {
    let scratch = Scratch::new("broken");
    let broken = scratch.0.join("broken.xlsx");
    std::fs::write(&broken, b"this is not a zip archive").unwrap();
    let dialogs = ScriptedDialogs {
        import: [broken.clone()].into(),
        ..ScriptedDialogs::default()
    };
    let mut h = harness(&scratch, dialogs);
    let before = h.state().doc.plan().clone();
    h.key_press_modifiers(Modifiers::COMMAND, Key::I);
    wait_for_import(&mut h);
    assert!(
        h.query_by_label_contains("Cannot import the export")
            .is_some()
    );
    assert!(
        h.query_by_label_contains(&broken.display().to_string())
            .is_some(),
        "the message names the file"
    );
    assert_eq!(h.state().doc.plan(), &before);
    assert!(!h.state().doc.is_dirty());
    h.get_by_label("OK").click();
    h.run_steps(4);
    assert!(
        h.query_by_label_contains("Cannot import the export")
            .is_none()
    );
}

#[test]
fn an_export_named_at_start_is_imported() {
    let scratch = Scratch::new("startup");
    let mut h = harness_opening(
        Some(fixture("ibm_SizingWorkshop-RVTools.xlsx")),
        &scratch,
        ScriptedDialogs::default(),
    );
    wait_for_import(&mut h);
    let project = h.state().doc.project();
    assert_eq!(project.vms.len(), 805);
    assert_eq!(project.hosts.len(), 34);
    assert!(h.state().doc.is_dirty());
    assert!(
        h.query_by_label_contains("vNetwork rows 2-806 (805 rows)")
            .is_some(),
        "the report says what was skipped"
    );
}

#[test]
fn work_autosaved_by_a_crash_is_still_offered_after_an_import_at_start() {
    let scratch = Scratch::new("crash-then-import");
    // An untitled plan autosaved by a session that never got to save it.
    let crashed = dcplan::io::PlanFile::load(&scratch.sample("esx35-west.ron")).unwrap();
    let sidecar = dcplan::io::autosave::sidecar_path(None, &scratch.0.join("data"));
    dcplan::io::autosave::write(&crashed, &sidecar).unwrap();
    let mut h = harness_opening(
        Some(fixture("kubev2v_example1.xlsx")),
        &scratch,
        ScriptedDialogs::default(),
    );
    wait_for_import(&mut h);
    assert_eq!(h.state().doc.project().vms.len(), 9);
    assert!(h.query_by_label_contains("Recover unsaved work?").is_some());
    assert!(sidecar.is_file(), "the autosave stays while it is on offer");
    h.get_by_label("Close report").click();
    h.run_steps(4);
    h.get_by_label("Recover").click();
    h.run_steps(4);
    assert!(
        h.state().doc.project() == &crashed.project,
        "the recovered plan replaces the import, as one undo step"
    );
    assert_eq!(
        h.state().doc.history().undo_label(),
        Some("Recover autosaved work")
    );
}
