//! Designer flows driven through the real UI with egui_kittest, widgets found by their labels; assertions on
//! the document and UI state (no GPU needed).
#![cfg(feature = "gui")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test stops loudly when its input is broken"
)]

use std::path::PathBuf;

use dcplan::io::PlanFile;
use dcplan::model::{ObjectRef, Placement, SiteId, VmId};
use dcplan::ui::{DcApp, Persisted, ScriptedDialogs, Startup};
use egui::{Key, Modifiers, Pos2, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

mod support;
use support::Scratch;

fn app(
    path: Option<PathBuf>,
    dialogs: ScriptedDialogs,
    scratch: &Scratch,
    autosave_secs: f64,
) -> DcApp {
    DcApp::new(Startup {
        path,
        persisted: Persisted::default(),
        data_dir: scratch.0.join("data"),
        dialogs: Box::new(dialogs),
        autosave_secs,
        reference: None,
    })
}

fn harness(app: DcApp) -> Harness<'static, DcApp> {
    let mut harness = Harness::builder()
        .with_size(vec2(1600.0, 1000.0))
        .build_ui_state(|ui, app: &mut DcApp| app.show(ui), app);
    settle(&mut harness);
    harness
}

fn settle(harness: &mut Harness<'_, DcApp>) {
    harness.run_steps(4);
}

fn click(harness: &mut Harness<'_, DcApp>, label: &str) {
    harness.get_by_label(label).click();
    settle(harness);
}

fn press(harness: &mut Harness<'_, DcApp>, modifiers: Modifiers, key: Key) {
    harness.key_press_modifiers(modifiers, key);
    settle(harness);
}

/// A pointer drag in small steps, as a hand would do it.
fn drag(harness: &mut Harness<'_, DcApp>, from: Pos2, to: Pos2) {
    harness.hover_at(from);
    harness.step();
    harness.drag_at(from);
    harness.step();
    for i in 1..=6 {
        let t = i as f32 / 6.0;
        harness.hover_at(from.lerp(to, t));
        harness.step();
    }
    harness.drop_at(to);
    settle(harness);
}

#[test]
fn dragging_an_enclosure_from_the_palette_onto_a_site_adds_it_there() {
    let scratch = Scratch::new("drag-enclosure");
    let mut h = harness(app(
        Some(scratch.sample("esx35-west.ron")),
        ScriptedDialogs::default(),
        &scratch,
        30.0,
    ));
    let before = h.state().doc.project().enclosures.len();
    let from = h.get_by_label("c7000 enclosure").rect().center();
    let site = h.get_by_label("site West DC").rect();
    let to = site.center() + vec2(0.0, 40.0);
    drag(&mut h, from, to);
    let project = h.state().doc.project();
    assert_eq!(
        project.enclosures.len(),
        before + 1,
        "{:?}",
        h.state().state.last_toast()
    );
    let (_, added) = project.enclosures.iter().last().unwrap();
    assert_eq!(added.site, SiteId(1));
    assert!(
        added.position.is_some(),
        "the enclosure sits where it was dropped"
    );
    assert_eq!(h.state().doc.history().undo_label(), Some("Add enclosure"));
}

#[test]
fn blades_fill_an_enclosure_and_a_seventeenth_is_refused_with_the_reason() {
    let scratch = Scratch::new("blades");
    let mut h = harness(app(
        Some(scratch.sample("esx35-west.ron")),
        ScriptedDialogs::default(),
        &scratch,
        30.0,
    ));
    click(&mut h, "enclosure enc2");
    let in_enc2 = |app: &DcApp| {
        app.doc.project().hosts.values().filter(|host| matches!(host.placement, Placement::Blade { enclosure, .. } if enclosure.0 == 2)).count()
    };
    assert_eq!(in_enc2(h.state()), 4);
    for _ in 0..12 {
        click(&mut h, "enclosure enc2");
        click(&mut h, "Blade server");
    }
    assert_eq!(in_enc2(h.state()), 16);
    click(&mut h, "enclosure enc2");
    click(&mut h, "Blade server");
    assert_eq!(in_enc2(h.state()), 16);
    assert!(
        h.state()
            .state
            .last_toast()
            .unwrap()
            .contains("enc2 is full")
    );
    assert!(
        h.query_by_label_contains("enc2 is full").is_some(),
        "the reason is shown"
    );
}

#[test]
fn a_new_cluster_takes_a_blade_dropped_on_it() {
    let scratch = Scratch::new("cluster");
    let mut h = harness(app(
        Some(scratch.sample("esx35-west.ron")),
        ScriptedDialogs::default(),
        &scratch,
        30.0,
    ));
    click(&mut h, "Cluster");
    let project = h.state().doc.project();
    assert_eq!(project.clusters.len(), 3);
    let (&cluster_id, cluster) = project.clusters.iter().last().unwrap();
    let cluster_label = format!("cluster {}", cluster.name);
    h.state_mut().state.zoom_to_fit = true;
    settle(&mut h);
    let from = h.get_by_label("host esx07").rect().center();
    let to = h.get_by_label(&cluster_label).rect().center();
    drag(&mut h, from, to);
    let host = h
        .state()
        .doc
        .project()
        .hosts
        .values()
        .find(|host| host.name == "esx07")
        .unwrap();
    assert_eq!(
        host.cluster,
        Some(cluster_id),
        "{:?}",
        h.state().state.last_toast()
    );
}

fn select_vm(h: &mut Harness<'_, DcApp>, name: &str) {
    click(h, "VMs (6)");
    click(h, name);
}

#[test]
fn two_vcpus_on_an_ft_vm_raise_ft_vm_01_and_undo_clears_it() {
    let scratch = Scratch::new("ft-vm-01");
    let mut h = harness(app(
        Some(scratch.sample("ft-ready-cluster.ron")),
        ScriptedDialogs::default(),
        &scratch,
        30.0,
    ));
    assert!(h.query_by_label_contains("FT-VM-01").is_none());
    select_vm(&mut h, "billing-fe01");
    assert_eq!(
        h.state().state.selection.iter().next(),
        Some(&ObjectRef::Vm(VmId(1)))
    );
    click(&mut h, "vCPUs");
    click(&mut h, "2 vCPUs");
    assert_eq!(h.state().doc.project().vms[&VmId(1)].vcpus, 2);
    assert!(
        h.query_by_label_contains("FT-VM-01").is_some(),
        "FT-VM-01 shows in the findings panel"
    );
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(h.state().doc.project().vms[&VmId(1)].vcpus, 1);
    assert!(
        h.query_by_label_contains("FT-VM-01").is_none(),
        "undo clears it"
    );
    press(&mut h, Modifiers::COMMAND, Key::Y);
    assert!(
        h.query_by_label_contains("FT-VM-01").is_some(),
        "redo brings it back"
    );
}

#[test]
fn an_unknown_memory_overhead_reads_unknown_and_setting_it_is_one_undo_step() {
    let scratch = Scratch::new("overhead");
    let mut h = harness(app(
        Some(scratch.sample("ft-ready-cluster.ron")),
        ScriptedDialogs::default(),
        &scratch,
        30.0,
    ));
    select_vm(&mut h, "reports01");
    let overhead = |h: &Harness<'_, DcApp>| {
        h.state()
            .doc
            .project()
            .vms
            .values()
            .find(|vm| vm.name == "reports01")
            .unwrap()
            .memory_overhead_mb
    };
    assert_eq!(overhead(&h), None, "the sample does not give it");
    // Memory overhead and snapshot age: neither is in the sample.
    assert_eq!(
        h.query_all_by_label("unknown").count(),
        2,
        "the inspector says unknown, not 0"
    );
    click(&mut h, "Memory overhead");
    assert_eq!(overhead(&h), Some(0));
    assert_eq!(
        h.state().doc.history().undo_label(),
        Some("Set memory overhead of reports01")
    );
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(overhead(&h), None, "undo makes it unknown again");
}

#[test]
fn turning_ft_on_for_a_two_vcpu_vm_is_one_undo_step() {
    let scratch = Scratch::new("ft-on");
    let mut h = harness(app(
        Some(scratch.sample("ft-ready-cluster.ron")),
        ScriptedDialogs::default(),
        &scratch,
        30.0,
    ));
    select_vm(&mut h, "reports01");
    click(&mut h, "Fault Tolerance (FT)");
    let vm = h
        .state()
        .doc
        .project()
        .vms
        .values()
        .find(|vm| vm.name == "reports01")
        .unwrap();
    assert!(
        vm.ft.is_some() && vm.ft_secondary_host().is_some(),
        "FT on with a Secondary placed"
    );
    assert!(h.query_by_label_contains("FT-VM-01").is_some());
    assert_eq!(
        h.state().doc.history().undo_label(),
        Some("Turn FT on of reports01")
    );
    h.get_by_label("Edit").click();
    settle(&mut h);
    assert!(
        h.query_by_label_contains("Undo Turn FT on of reports01")
            .is_some(),
        "the Edit menu names the step"
    );
}

#[test]
fn save_then_reopen_gives_the_same_plan() {
    let scratch = Scratch::new("save");
    let target = scratch.0.join("saved.ron");
    let dialogs = ScriptedDialogs {
        save: [target.clone()].into(),
        ..ScriptedDialogs::default()
    };
    let mut h = harness(app(None, dialogs, &scratch, 30.0));
    assert!(
        h.state().doc.path.is_none(),
        "first start shows the bundled sample, untitled"
    );
    click(&mut h, "Cluster");
    assert!(h.state().doc.is_dirty());
    press(&mut h, Modifiers::COMMAND, Key::S);
    assert!(!h.state().doc.is_dirty());
    assert_eq!(h.state().doc.path.as_deref(), Some(target.as_path()));
    let saved = h.state().doc.plan().clone();
    drop(h);
    let h = harness(app(
        Some(target.clone()),
        ScriptedDialogs::default(),
        &scratch,
        30.0,
    ));
    assert_eq!(h.state().doc.plan(), &saved);
    assert_eq!(PlanFile::load(&target).unwrap(), saved);
}

#[test]
fn a_designer_save_keeps_the_comments_of_a_hand_edited_plan() {
    let scratch = Scratch::new("comments");
    let path = scratch.sample("esx35-west.ron");
    let text = std::fs::read_to_string(&path).unwrap();
    let commented = text.replacen(
        "        hosts: {\n",
        "        // Change 4711: esx05 and esx06 move to enc2 in the January window.\n        hosts: {\n",
        1,
    );
    assert_ne!(commented, text);
    std::fs::write(&path, &commented).unwrap();
    let mut h = harness(app(
        Some(path.clone()),
        ScriptedDialogs::default(),
        &scratch,
        1e9,
    ));
    // An edit (a new cluster from the palette), then Ctrl+S over the same file.
    click(&mut h, "Cluster");
    assert!(h.state().doc.is_dirty());
    press(&mut h, Modifiers::COMMAND, Key::S);
    assert!(!h.state().doc.is_dirty());
    let saved = std::fs::read_to_string(&path).unwrap();
    assert_ne!(saved, commented, "the new cluster was written");
    assert!(
        saved.contains("        // Change 4711: esx05 and esx06 move to enc2 in the January window.\n        hosts: {\n"),
        "{saved}"
    );
}

#[test]
fn clicking_a_finding_selects_its_object() {
    let scratch = Scratch::new("finding");
    let mut h = harness(app(
        Some(scratch.sample("esx35-west.ron")),
        ScriptedDialogs::default(),
        &scratch,
        30.0,
    ));
    let label = "vm sql01 (vm#3): sql01 has Fault Tolerance set";
    h.get_by_label_contains(label).scroll_to_me();
    settle(&mut h);
    h.get_by_label_contains(label).click();
    settle(&mut h);
    assert_eq!(
        h.state()
            .state
            .selection
            .iter()
            .copied()
            .collect::<Vec<_>>(),
        vec![ObjectRef::Vm(VmId(3))]
    );
    assert!(
        h.query_by_label("sql01 (vm)").is_some(),
        "the inspector shows the VM"
    );
}

#[test]
fn deleting_an_enclosure_takes_its_blades_and_undo_restores_everything() {
    let scratch = Scratch::new("delete");
    let mut h = harness(app(
        Some(scratch.sample("esx35-west.ron")),
        ScriptedDialogs::default(),
        &scratch,
        30.0,
    ));
    let original = h.state().doc.plan().clone();
    click(&mut h, "enclosure enc1");
    h.hover_at(h.get_by_label("enclosure enc2").rect().center());
    press(&mut h, Modifiers::NONE, Key::Delete);
    assert_eq!(h.state().doc.project().enclosures.len(), 1);
    assert_eq!(h.state().doc.project().hosts.len(), 4);
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(h.state().doc.plan(), &original);
}

#[test]
fn ctrl_d_duplicates_the_selection_with_new_names() {
    let scratch = Scratch::new("duplicate");
    let mut h = harness(app(
        Some(scratch.sample("esx35-west.ron")),
        ScriptedDialogs::default(),
        &scratch,
        30.0,
    ));
    click(&mut h, "enclosure enc2");
    press(&mut h, Modifiers::COMMAND, Key::D);
    let project = h.state().doc.project();
    assert_eq!(project.enclosures.len(), 3);
    assert!(project.enclosures.values().any(|e| e.name == "enc2-copy"));
    assert_eq!(
        h.state().doc.history().undo_label(),
        Some("Duplicate 1 object")
    );
}

#[test]
fn a_module_goes_into_the_first_free_interconnect_bay() {
    let scratch = Scratch::new("module");
    let mut h = harness(app(
        Some(scratch.sample("esx35-west.ron")),
        ScriptedDialogs::default(),
        &scratch,
        30.0,
    ));
    click(&mut h, "enclosure enc1");
    click(&mut h, "VC-FC module");
    let enclosure = h
        .state()
        .doc
        .project()
        .enclosures
        .values()
        .find(|e| e.name == "enc1")
        .unwrap();
    assert_eq!(
        enclosure.interconnects.keys().copied().collect::<Vec<_>>(),
        vec![1, 2, 3, 4, 5, 6, 7]
    );
}

#[test]
fn a_plan_that_fails_to_load_shows_where_and_changes_nothing() {
    let scratch = Scratch::new("bad-file");
    let bad = scratch.0.join("broken.ron");
    std::fs::write(
        &bad,
        "(\n    format_version: 1,\n    project: (name: \"x\", hosts: {1: (name: }),\n)\n",
    )
    .unwrap();
    let dialogs = ScriptedDialogs {
        open: [bad.clone()].into(),
        ..ScriptedDialogs::default()
    };
    let mut h = harness(app(
        Some(scratch.sample("esx35-west.ron")),
        dialogs,
        &scratch,
        30.0,
    ));
    let before = h.state().doc.plan().clone();
    press(&mut h, Modifiers::COMMAND, Key::O);
    assert!(h.query_by_label_contains("Cannot open the plan").is_some());
    assert!(
        h.query_by_label_contains(&format!("{}:3:", bad.display()))
            .is_some(),
        "file:line:column is shown"
    );
    assert_eq!(h.state().doc.plan(), &before);
    click(&mut h, "OK");
    assert!(h.query_by_label_contains("Cannot open the plan").is_none());
}

#[test]
fn unsaved_work_is_not_lost_to_new_without_a_prompt() {
    let scratch = Scratch::new("prompt");
    let mut h = harness(app(
        Some(scratch.sample("esx35-west.ron")),
        ScriptedDialogs::default(),
        &scratch,
        30.0,
    ));
    click(&mut h, "Cluster");
    let edited = h.state().doc.plan().clone();
    press(&mut h, Modifiers::COMMAND, Key::N);
    assert!(h.query_by_label_contains("Save the changes").is_some());
    click(&mut h, "Cancel");
    assert_eq!(h.state().doc.plan(), &edited);
    press(&mut h, Modifiers::COMMAND, Key::N);
    click(&mut h, "Don't save");
    assert_eq!(h.state().doc.project().name, "New plan");
}

#[test]
fn autosaved_work_is_offered_after_a_crash() {
    let scratch = Scratch::new("recover");
    let path = scratch.sample("esx35-west.ron");
    let mut h = harness(app(
        Some(path.clone()),
        ScriptedDialogs::default(),
        &scratch,
        0.0,
    ));
    click(&mut h, "Cluster");
    let edited = h.state().doc.plan().clone();
    settle(&mut h);
    assert!(
        scratch.0.join("esx35-west.ron.autosave.ron").exists(),
        "the sidecar is written"
    );
    // The process dies here: no save, no clean exit.
    drop(h);
    let mut h = harness(app(Some(path), ScriptedDialogs::default(), &scratch, 30.0));
    assert!(h.query_by_label_contains("Recover unsaved work?").is_some());
    click(&mut h, "Recover");
    assert_eq!(h.state().doc.plan(), &edited);
    assert!(
        h.state().doc.is_dirty(),
        "recovered work still needs a save"
    );
}

#[test]
fn help_lists_every_shortcut() {
    let scratch = Scratch::new("help");
    let mut h = harness(app(
        Some(scratch.sample("esx35-west.ron")),
        ScriptedDialogs::default(),
        &scratch,
        30.0,
    ));
    press(&mut h, Modifiers::NONE, Key::F1);
    for command in dcplan::ui::UiCommand::ALL {
        assert!(
            h.query_all_by_label(command.text()).next().is_some(),
            "{} missing",
            command.text()
        );
    }
    assert!(
        h.query_by_label_contains("Ctrl+wheel").is_some()
            || h.query_by_label_contains("Ctrl + wheel").is_some()
    );
}

#[test]
fn opening_another_plan_shows_its_canvas_and_findings() {
    let scratch = Scratch::new("open-other");
    let other = scratch.sample("ft-ready-cluster.ron");
    let dialogs = ScriptedDialogs {
        open: [other].into(),
        ..ScriptedDialogs::default()
    };
    let mut h = harness(app(
        Some(scratch.sample("esx35-west.ron")),
        dialogs,
        &scratch,
        30.0,
    ));
    assert!(h.query_by_label_contains("FT-CL-14").is_some());
    press(&mut h, Modifiers::COMMAND, Key::O);
    assert_eq!(
        h.state().doc.project().name,
        "Fabrikam Energy, FT cluster (vSphere 4)"
    );
    assert!(
        h.query_by_label_contains("FT-CL-14").is_none(),
        "the old plan's findings are gone"
    );
    assert!(
        h.query_by_label("site Rotterdam").is_some(),
        "the canvas shows the new plan"
    );
    assert!(h.query_by_label("site West DC").is_none());
}

#[test]
fn the_designer_checks_against_the_same_reference_data_as_dcplan_check() {
    let scratch = Scratch::new("reference");
    // A user's reference file adds a server the bundled data lacks.
    let reference = scratch.0.join("reference.ron");
    std::fs::write(
        &reference,
        "(hcl: [(model: \"ProLiant DL370 G6\", release: \"4.0\", ft_certified: true, source: \"VMware Compatibility Guide, ESX 4.0 (test)\", verified: false)])\n",
    )
    .unwrap();
    let plan = scratch.sample("ft-ready-cluster.ron");
    let text = std::fs::read_to_string(&plan).unwrap();
    std::fs::write(
        &plan,
        text.replace("ProLiant BL460c G6", "ProLiant DL370 G6"),
    )
    .unwrap();

    let findings = |reference: Option<PathBuf>| {
        let h = harness(DcApp::new(Startup {
            path: Some(plan.clone()),
            persisted: Persisted::default(),
            data_dir: scratch.0.join("data"),
            dialogs: Box::new(ScriptedDialogs::default()),
            autosave_secs: 1e9,
            reference,
        }));
        let source = h.state().reference_source.clone();
        assert!(
            h.query_by_label(&format!("Reference data: {source}"))
                .is_some(),
            "the status bar shows the reference data in force"
        );
        let found: Vec<(String, String)> = h
            .state()
            .findings()
            .iter()
            .map(|f| (f.rule.to_owned(), f.object.to_string()))
            .collect();
        (source, found)
    };
    let (source, designer) = findings(Some(reference.clone()));
    assert!(
        source.ends_with("reference.ron"),
        "the status bar names the file: {source}"
    );
    let output = support::dcplan(&[
        "check".as_ref(),
        plan.as_os_str(),
        "--reference".as_ref(),
        reference.as_os_str(),
        "--format".as_ref(),
        "json".as_ref(),
    ]);
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let cli: Vec<(String, String)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_owned(),
                format!(
                    "{}#{}",
                    f["object"]["kind"].as_str().unwrap(),
                    f["object"]["id"].as_u64().unwrap()
                ),
            )
        })
        .collect();
    assert_eq!(designer, cli);
    assert!(
        !designer.iter().any(|(rule, _)| rule == "HCL-01"),
        "the user's file lists the model"
    );
    // Without the file the designer says the model is unknown, as `dcplan check` does.
    let (_, bundled_only) = findings(None);
    assert!(bundled_only.iter().any(|(rule, _)| rule == "HCL-01"));
}

/// The west sample open, with every file dialog answering `file` inside a folder that does not exist.
fn west_saving_into_a_missing_folder(
    scratch: &Scratch,
    file: &str,
) -> (Harness<'static, DcApp>, PathBuf) {
    let target = scratch.0.join("no-such-folder").join(file);
    let dialogs = ScriptedDialogs {
        save: [target.clone()].into(),
        ..ScriptedDialogs::default()
    };
    let h = harness(app(
        Some(scratch.sample("esx35-west.ron")),
        dialogs,
        scratch,
        1e9,
    ));
    (h, target)
}

/// An error dialog titled `title` is shown, and its message names `target`.
fn assert_error_names_the_file(h: &Harness<'_, DcApp>, title: &str, target: &std::path::Path) {
    let error = h.state().error.clone().expect("an error dialog");
    assert_eq!(error.title, title);
    assert!(
        error.message.contains(target.to_str().unwrap()),
        "{}",
        error.message
    );
    h.get_by_label(title);
}

#[test]
fn a_failed_save_says_the_save_failed_and_names_the_file() {
    let scratch = Scratch::new("failed-save");
    // Save As into a folder that does not exist: the write fails.
    let (mut h, target) = west_saving_into_a_missing_folder(&scratch, "west.ron");
    click(&mut h, "Cluster");
    assert!(h.state().doc.is_dirty());
    press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
    assert_error_names_the_file(&h, "The save failed", &target);
    h.get_by_label_contains("the file on disk was not changed");
    assert!(h.state().doc.is_dirty(), "the changes are still unsaved");
    assert!(!target.exists());
}

#[test]
fn a_failed_runbook_export_says_the_export_failed_and_names_the_file() {
    let scratch = Scratch::new("failed-export");
    // The runbook goes into a folder that does not exist: the write fails.
    let (mut h, target) = west_saving_into_a_missing_folder(&scratch, "west-runbook.html");
    let before = h.state().doc.plan().clone();
    press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::R);
    assert_error_names_the_file(&h, "The runbook export failed", &target);
    h.get_by_label_contains("Nothing was written");
    assert!(h.query_by_label("Cannot open the plan").is_none());
    assert_eq!(h.state().doc.plan(), &before, "an export changes no plan");
    assert!(!target.exists());
    // Escape dismisses an error, as OK does.
    press(&mut h, Modifiers::NONE, Key::Escape);
    assert!(h.state().error.is_none());
    assert!(h.query_by_label("The runbook export failed").is_none());
}

/// Where rack unit `unit`'s middle is on screen, inside a rack drawn at `rack` (42 units above a 10-point base,
/// under a 34-point header: 670 points in all).
fn unit_point(rack: egui::Rect, unit: f32) -> Pos2 {
    let scale = rack.height() / 670.0;
    egui::pos2(
        rack.center().x,
        rack.max.y - (10.0 + (unit - 0.5) * 15.0) * scale,
    )
}

#[test]
fn a_rack_dragged_out_takes_an_enclosure_at_u1_refuses_one_over_it_and_moves_with_it() {
    use dcplan::model::RackId;
    let scratch = Scratch::new("racks");
    let mut h = harness(app(
        Some(scratch.sample("esx35-west.ron")),
        ScriptedDialogs::default(),
        &scratch,
        30.0,
    ));
    // Drag a rack out onto the site's right edge, where nothing else is drawn.
    let from = h.get_by_label("42U rack").rect().center();
    let site = h.get_by_label("site West DC").rect();
    drag(&mut h, from, site.right_center() - vec2(5.0, 0.0));
    let rack = RackId(3);
    assert!(
        h.state().doc.project().racks.contains_key(&rack),
        "{:?}",
        h.state().state.last_toast()
    );
    assert_eq!(h.state().doc.history().undo_label(), Some("Add rack"));
    h.state_mut().state.zoom_to_fit = true;
    settle(&mut h);

    // An enclosure dropped on the rack's lowest unit mounts at U1.
    let rack_rect = h.get_by_label("rack rack1").rect();
    let from = h.get_by_label("c7000 enclosure").rect().center();
    drag(&mut h, from, unit_point(rack_rect, 1.0));
    let project = h.state().doc.project();
    let (&enclosure, added) = project.enclosures.iter().last().unwrap();
    assert_eq!(
        (added.rack, added.unit),
        (Some(rack), Some(1)),
        "{:?}",
        h.state().state.last_toast()
    );
    assert_eq!(
        h.state().doc.history().undo_label(),
        Some("Add enc3 to rack1 U1-U10")
    );

    // Another at U5 would overlap it: refused, with the reason shown, and nothing added.
    let enclosures = h.state().doc.project().enclosures.len();
    let from = h.get_by_label("c7000 enclosure").rect().center();
    drag(&mut h, from, unit_point(rack_rect, 5.0));
    assert_eq!(h.state().doc.project().enclosures.len(), enclosures);
    let refusal = "rack1 U5-U14 overlaps enc3 at U1-U10";
    assert_eq!(h.state().state.last_toast(), Some(refusal));
    assert!(
        h.query_by_label_contains(refusal).is_some(),
        "the reason is shown"
    );

    // Moving the rack by its header takes the enclosure along: it keeps its units and moves on screen.
    let before = h.state().screen_rect_of(enclosure.into()).unwrap();
    let rack_before = h.state().screen_rect_of(rack.into()).unwrap();
    let grip = rack_rect.center_top() + vec2(0.0, 6.0);
    drag(&mut h, grip, grip + vec2(-60.0, 40.0));
    assert_eq!(h.state().doc.history().undo_label(), Some("Move rack1"));
    let project = h.state().doc.project();
    assert!(project.racks[&rack].position.is_some());
    assert_eq!(
        (
            project.enclosures[&enclosure].rack,
            project.enclosures[&enclosure].unit
        ),
        (Some(rack), Some(1))
    );
    let after = h.state().screen_rect_of(enclosure.into()).unwrap();
    let moved = after.min - before.min;
    let rack_moved = h.state().screen_rect_of(rack.into()).unwrap().min - rack_before.min;
    assert!(
        moved.x < -20.0 && moved.y > 20.0,
        "the rack moved {rack_moved:?}"
    );
    assert!(
        (moved - rack_moved).length() < 0.5,
        "the enclosure moved {moved:?} with its rack's {rack_moved:?}"
    );

    // Each step undoes on its own: the move, the enclosure, the rack.
    let position = h.state().doc.project().racks[&rack].position;
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_ne!(h.state().doc.project().racks[&rack].position, position);
    assert_eq!(
        h.state().screen_rect_of(enclosure.into()).unwrap().min,
        before.min
    );
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert!(!h.state().doc.project().enclosures.contains_key(&enclosure));
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert!(!h.state().doc.project().racks.contains_key(&rack));
    assert!(!h.state().doc.is_dirty());
}

/// Steps frames, the clock running as on screen, until the full check behind the status bar has come back.
fn await_full_check(h: &mut Harness<'_, DcApp>) {
    for _ in 0..600 {
        if h.state().live.settled() {
            settle(h);
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
        h.step();
    }
    panic!("the full check never came back");
}

#[test]
fn at_scale_an_edit_shows_its_findings_at_once_and_the_full_check_follows() {
    let scratch = Scratch::new("live-check");
    let mut app = app(
        Some(scratch.sample("ft-ready-cluster.ron")),
        ScriptedDialogs::default(),
        &scratch,
        30.0,
    );
    // Checked as an estate of the VMworld size is: the edit's scope at once, the rest on a worker.
    app.live.in_place_below = 0;
    let mut h = harness(app);
    await_full_check(&mut h);
    assert!(h.query_by_label_contains("FT-VM-01").is_none());
    select_vm(&mut h, "billing-fe01");
    click(&mut h, "vCPUs");
    click(&mut h, "2 vCPUs");
    assert!(
        h.query_by_label_contains("FT-VM-01").is_some(),
        "the edited VM's finding shows in the same frames as the edit"
    );
    assert!(
        h.query_by_label("· checking the whole estate…").is_some(),
        "the status bar says the rest is still being checked"
    );
    await_full_check(&mut h);
    assert!(h.query_by_label("· checking the whole estate…").is_none());
    assert!(
        h.query_by_label_contains("FT-VM-01").is_some(),
        "the full check agrees"
    );
}
