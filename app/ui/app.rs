//! `DcApp`: the designer. Holds the document, runs the rules after every change, lays out the panels and
//! drains the actions every panel emits (the only place the document changes).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::canvas::{self, Badge, CanvasInput, Gesture};
use super::commands::UiCommand;
use super::files::FileDialogs;
use super::import::Importer;
use super::inspector::{self, Draft};
use super::layout::Layout;
use super::outline::{self, OutlineTab};
use super::present::Present;
use super::state::{Persisted, UiState};
use super::timeline::{self, Timeline};
use super::{findings_panel, palette};
use crate::edit::{Document, Edit, ObjectValue, Transaction, cascade_delete, next_free_id};
use crate::import::rvtools::{self, Imported};
use crate::io::{PlanFile, autosave};
use crate::model::{ObjectRef, Placement, Project};
use crate::refdata::ReferenceData;
use crate::rules::{self, Finding, Severity};

/// The plan shown at first start: the ESX 3.5 sample with the field notes' problems.
pub const BUNDLED_SAMPLE: &str = include_str!("../../projects/samples/esx35-west.ron");

/// Something a panel asks for; drained once per frame, in order.
#[derive(Debug)]
pub enum Action {
    Apply(Transaction),
    Select(ObjectRef),
    Reveal(ObjectRef),
    Refuse(String),
    Command(UiCommand),
    Explain(&'static str),
}

/// What to do once unsaved work has been dealt with.
#[derive(Clone, Debug, PartialEq)]
enum Intent {
    New,
    Open(Option<PathBuf>),
    /// Import an RVTools export (asking which when `None`) as a new plan.
    Import(Option<PathBuf>),
    Quit,
}

/// How the designer starts.
pub struct Startup {
    /// A plan named on the command line.
    pub path: Option<PathBuf>,
    /// What the last run remembered.
    pub persisted: Persisted,
    /// Where the untitled plan's autosave lives.
    pub data_dir: PathBuf,
    pub dialogs: Box<dyn FileDialogs>,
    /// Seconds between autosaves while there are unsaved changes.
    pub autosave_secs: f64,
    /// A reference data file named with `--reference`; else the user's file in the config folder, as the CLI does.
    pub reference: Option<PathBuf>,
}

/// A failure shown in a dialog: the title says what failed, the message why (with the file it concerns).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorDialog {
    pub title: String,
    /// One sentence on what it means for the user's work.
    pub consequence: String,
    pub message: String,
}

impl ErrorDialog {
    /// A plan (or export) that could not be read: nothing changed.
    pub fn open(message: impl Into<String>) -> Self {
        Self {
            title: "Cannot open the plan".to_owned(),
            consequence: "The file could not be read; nothing was changed.".to_owned(),
            message: message.into(),
        }
    }

    /// A save that failed: the plan stays open with its unsaved changes, and the file on disk is untouched.
    pub fn save(message: impl Into<String>) -> Self {
        Self {
            title: "The save failed".to_owned(),
            consequence:
                "The plan is still open with its changes unsaved; the file on disk was not changed."
                    .to_owned(),
            message: message.into(),
        }
    }

    /// An export (runbook, slides) that could not be written.
    pub fn export(what: &str, message: impl Into<String>) -> Self {
        Self {
            title: format!("Cannot export the {what}"),
            consequence: "Nothing was written; any earlier file stays as it was.".to_owned(),
            message: message.into(),
        }
    }
}

/// The designer application.
pub struct DcApp {
    pub doc: Document,
    pub state: UiState,
    pub reference: ReferenceData,
    /// Where the reference data in force comes from ("bundled", or "bundled + FILE"), shown in the status bar.
    pub reference_source: String,
    /// Why the reference data the user asked for could not be loaded, shown until the window closes.
    pub reference_error: Option<String>,
    pub findings: Vec<Finding>,
    findings_revision: Option<u64>,
    badges: BTreeMap<ObjectRef, Badge>,
    layout: Layout,
    counts: canvas::Counts,
    layout_revision: Option<u64>,
    gesture: Gesture,
    draft: Option<Draft>,
    outline_tab: OutlineTab,
    clipboard: Vec<ObjectValue>,
    dialogs: Box<dyn FileDialogs>,
    data_dir: PathBuf,
    pending: Option<Intent>,
    /// A load error to show in a dialog.
    /// The error dialog on screen: what failed (its title) and why.
    pub error: Option<ErrorDialog>,
    /// Autosaved work offered for recovery at start.
    pub recovery: Option<PlanFile>,
    autosave_secs: f64,
    last_autosave_time: f64,
    autosaved_revision: u64,
    /// The window may close (unsaved work was dealt with).
    pub allow_close: bool,
    /// Quit was chosen with nothing unsaved: close the window this frame.
    close_now: bool,
    /// The input time of the current frame, for messages raised outside an action.
    now: f64,
    /// Text for the system clipboard after a copy, so Ctrl+V reaches the app as a paste.
    copied_text: Option<String>,
    title: String,
    /// The upgrade timeline panel, its simulation and the projected estate of its stage slider.
    pub timeline: Timeline,
    /// Full-screen slides for management.
    pub present: Present,
    /// RVTools imports: the worker, its progress bar and the report.
    pub importer: Importer,
    /// Layout, badges and counts of the projected estate the stage slider shows, per (revision, slider position).
    stage_canvas: Option<StageCanvas>,
}

/// What the canvas draws for a projected stage.
struct StageCanvas {
    key: (u64, usize),
    layout: Layout,
    badges: BTreeMap<ObjectRef, Badge>,
    counts: canvas::Counts,
}

impl DcApp {
    /// Opens the plan named on the command line, else the last file, else the bundled sample; offers autosaved work.
    pub fn new(startup: Startup) -> Self {
        // The same reference data `dcplan check` uses; a file that fails to load is said, never checked against
        // silently.
        let (reference, reference_source, reference_error) = match ReferenceData::in_force(
            startup.reference.as_deref(),
        ) {
            Ok(in_force) => (in_force.data.clone(), in_force.source(), None),
            Err(err) => match ReferenceData::bundled() {
                Ok(bundled) => (
                    bundled,
                    "bundled".to_owned(),
                    Some(format!("{err}; checking against the bundled data only")),
                ),
                Err(bundled_err) => (
                    ReferenceData::default(),
                    "none".to_owned(),
                    Some(format!(
                        "{bundled_err}; no reference data: HCL, FT and EVC findings cannot be trusted"
                    )),
                ),
            },
        };
        let mut load_error: Option<ErrorDialog> = None;
        // An RVTools export named on the command line is imported once the window is up.
        let (export, path) = match startup.path.clone() {
            Some(path) if rvtools::looks_like_export(&path) => (Some(path), None),
            path => (None, path),
        };
        let candidate =
            path.or_else(|| startup.persisted.last_file.clone().filter(|p| p.is_file()));
        let doc = match candidate {
            // The import's plan takes the window; until then it shows an empty one, not a plan it will replace.
            _ if export.is_some() => empty_document(),
            Some(path) => match PlanFile::load(&path) {
                Ok(plan) => Document::new(plan, Some(path)),
                Err(err) => {
                    load_error = Some(ErrorDialog::open(err.to_string()));
                    sample_document()
                }
            },
            None => sample_document(),
        };
        let sidecar = autosave::sidecar_path(doc.path.as_deref(), &startup.data_dir);
        let recovery =
            autosave::recoverable(doc.path.as_deref(), &sidecar).filter(|plan| plan != doc.plan());
        let mut state = UiState {
            persisted: startup.persisted,
            ..UiState::default()
        };
        if let Some(path) = &doc.path {
            state.persisted.remember(path.clone());
        }
        state.zoom_to_fit = true;
        let mut app = Self {
            doc,
            state,
            reference,
            reference_source,
            reference_error,
            findings: Vec::new(),
            findings_revision: None,
            badges: BTreeMap::new(),
            layout: Layout::default(),
            counts: canvas::Counts::default(),
            layout_revision: None,
            gesture: Gesture::Idle,
            draft: None,
            outline_tab: OutlineTab::Tree,
            clipboard: Vec::new(),
            dialogs: startup.dialogs,
            data_dir: startup.data_dir,
            pending: None,
            error: load_error,
            recovery,
            autosave_secs: startup.autosave_secs,
            last_autosave_time: 0.0,
            autosaved_revision: 0,
            allow_close: false,
            close_now: false,
            copied_text: None,
            now: 0.0,
            title: String::new(),
            timeline: Timeline::default(),
            present: Present::default(),
            importer: Importer::default(),
            stage_canvas: None,
        };
        if let Some(export) = export
            && let Err(message) = app.importer.start(export, &app.reference)
        {
            app.error = Some(ErrorDialog::open(message));
        }
        app
    }

    /// The window title: plan name, a dirty marker and the file.
    pub fn window_title(&self) -> String {
        let dirty = if self.doc.is_dirty() { "* " } else { "" };
        let file = self
            .doc
            .path
            .as_deref()
            .map_or_else(|| "untitled".to_owned(), |p| p.display().to_string());
        format!("{dirty}{} — {file} — dcplan", self.doc.project().name)
    }

    /// Recomputes findings, badges and layout when the document changed.
    fn refresh(&mut self) {
        let revision = self.doc.revision();
        if self.findings_revision != Some(revision) {
            let plan = self.doc.plan();
            self.findings = rules::check(&plan.project, &self.reference, &plan.rules);
            self.findings_revision = Some(revision);
            self.badges = badges(&plan.project, &self.findings);
        }
        if self.timeline.open || self.timeline.moment > 0 {
            let plan = self.doc.plan();
            self.timeline
                .refresh(&plan.project, revision, &self.reference, &plan.rules);
        }
        match (self.timeline.projected(), self.timeline.stage_findings()) {
            (Some(projected), Some((_, findings))) => {
                let key = (revision, self.timeline.moment);
                if self.stage_canvas.as_ref().is_none_or(|c| c.key != key) {
                    self.stage_canvas = Some(StageCanvas {
                        key,
                        layout: Layout::build(&projected.project),
                        badges: badges(&projected.project, findings),
                        counts: canvas::Counts::of(&projected.project),
                    });
                }
            }
            _ => self.stage_canvas = None,
        }
        if self.layout_revision != Some(revision) {
            self.layout = Layout::build(self.doc.project());
            self.counts = canvas::Counts::of(self.doc.project());
            self.layout_revision = Some(revision);
        }
    }

    /// Counts of findings per severity.
    pub fn finding_counts(&self) -> (usize, usize, usize) {
        let count = |s| self.findings.iter().filter(|f| f.severity == s).count();
        (
            count(Severity::Error),
            count(Severity::Warning),
            count(Severity::Info),
        )
    }

    /// The whole UI, inside the window's root `Ui`.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        // Any press elsewhere ends a text edit, so typed text is committed before a drag starts another gesture.
        ui.ctx()
            .options_mut(|o| o.input_options.surrender_focus_on = egui::SurrenderFocusOn::Presses);
        self.refresh();
        let now = ui.input(|i| i.time);
        self.now = now;
        let mut actions = Vec::new();
        for command in UiCommand::pressed(ui.ctx()) {
            actions.push(Action::Command(command));
        }
        self.take_dropped_file(ui.ctx());
        let (copy, paste) = ui.input(|i| {
            (
                i.events.iter().any(|e| matches!(e, egui::Event::Copy)),
                i.events.iter().any(|e| matches!(e, egui::Event::Paste(_))),
            )
        });
        if !ui.ctx().text_edit_focused() {
            if copy {
                actions.push(Action::Command(UiCommand::Copy));
            }
            if paste {
                actions.push(Action::Command(UiCommand::Paste));
            }
        }

        if self.present.open {
            self.present_ui(ui, now, actions);
            return;
        }
        egui::Panel::top("menu").show(ui, |ui| self.menu_ui(ui, &mut actions));
        egui::Panel::bottom("status").show(ui, |ui| self.status_ui(ui, now));
        let stage_findings = self.timeline.stage_findings();
        egui::Panel::bottom("findings")
            .resizable(true)
            .default_size(190.0)
            .show(ui, |ui| match stage_findings {
                Some((label, findings)) => {
                    let count = |s| findings.iter().filter(|f| f.severity == s).count();
                    ui.horizontal(|ui| {
                        ui.strong("Findings at");
                        ui.label(label);
                        ui.label(format!(
                            "{} errors, {} warnings, {} info",
                            count(Severity::Error),
                            count(Severity::Warning),
                            count(Severity::Info)
                        ));
                    });
                    findings_panel::findings_ui(
                        ui,
                        self.doc.project(),
                        findings,
                        &self.state,
                        &mut actions,
                    );
                }
                None => {
                    let (e, w, i) = self.finding_counts();
                    ui.horizontal(|ui| {
                        ui.strong("Findings");
                        ui.label(format!("{e} errors, {w} warnings, {i} info"));
                    });
                    findings_panel::findings_ui(
                        ui,
                        self.doc.project(),
                        &self.findings,
                        &self.state,
                        &mut actions,
                    );
                }
            });
        if self.timeline.open {
            egui::Panel::bottom("timeline")
                .resizable(true)
                .default_size(210.0)
                .show(ui, |ui| {
                    timeline::timeline_ui(ui, self.doc.project(), &mut self.timeline, &mut actions);
                });
        }
        egui::Panel::left("left")
            .resizable(true)
            .default_size(250.0)
            .show(ui, |ui| {
                ui.strong("Palette");
                palette::palette_ui(ui, self.doc.project(), &mut self.state, &mut actions);
                ui.separator();
                outline::outline_ui(
                    ui,
                    self.doc.project(),
                    &mut self.state,
                    &mut self.outline_tab,
                    &mut actions,
                );
            });
        egui::Panel::right("inspector")
            .resizable(true)
            .default_size(320.0)
            .show(ui, |ui| {
                ui.strong("Inspector");
                match (self.timeline.projected(), self.timeline.stage_findings()) {
                    (Some(projected), Some((moment, _))) => inspector::projected_ui(
                        ui,
                        &projected.project,
                        &projected.connections,
                        &self.state.selection,
                        moment,
                        &projected.in_maintenance,
                    ),
                    _ => inspector::inspector_ui(
                        ui,
                        self.doc.project(),
                        &self.reference,
                        self.doc.revision(),
                        &self.state.selection,
                        &mut self.draft,
                        &mut actions,
                    ),
                }
            });
        egui::CentralPanel::default().show(ui, |ui| {
            let no_maintenance = BTreeSet::new();
            let projected = self.timeline.projected();
            let input = CanvasInput {
                project: projected.map_or(self.doc.project(), |p| &p.project),
                layout: self.stage_canvas.as_ref().map_or(&self.layout, |c| &c.layout),
                badges: self.stage_canvas.as_ref().map_or(&self.badges, |c| &c.badges),
                counts: self.stage_canvas.as_ref().map_or(&self.counts, |c| &c.counts),
                in_maintenance: projected.map_or(&no_maintenance, |p| &p.in_maintenance),
            };
            let mut canvas_actions = Vec::new();
            canvas::canvas_ui(ui, &input, &mut self.state, &mut self.gesture, &mut canvas_actions);
            if projected.is_some() {
                // A projected stage is a view: edits go to the estate as it is today.
                if canvas_actions.iter().any(|a| matches!(a, Action::Apply(_))) {
                    canvas_actions.retain(|a| !matches!(a, Action::Apply(_)));
                    canvas_actions.push(Action::Refuse(
                        "The canvas shows a planned stage: move the stage slider back to Today to edit".to_owned(),
                    ));
                }
            }
            actions.extend(canvas_actions);
        });
        self.dialogs_ui(ui.ctx());
        self.import_ui(ui.ctx(), now);
        for action in actions {
            self.perform(action, now);
        }
        self.autosave(now);
        if let Some(text) = self.copied_text.take() {
            ui.ctx().copy_text(text);
        }
        if std::mem::take(&mut self.close_now) {
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
        }
        let title = self.window_title();
        if title != self.title {
            ui.ctx()
                .send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
        if ui.ctx().input(|i| i.viewport().close_requested())
            && !self.allow_close
            && self.doc.is_dirty()
        {
            ui.ctx()
                .send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.pending = Some(Intent::Quit);
        }
    }

    fn menu_ui(&mut self, ui: &mut egui::Ui, actions: &mut Vec<Action>) {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                for command in [
                    UiCommand::New,
                    UiCommand::Open,
                    UiCommand::Save,
                    UiCommand::SaveAs,
                ] {
                    command_button(ui, command, None, actions);
                }
                ui.separator();
                command_button(ui, UiCommand::ImportRvtools, None, actions);
                ui.menu_button("Open recent", |ui| {
                    if self.state.persisted.recent_files.is_empty() {
                        ui.label("No recent files");
                    }
                    for path in self.state.persisted.recent_files.clone() {
                        if ui.button(path.display().to_string()).clicked() {
                            self.request(Intent::Open(Some(path)));
                            ui.close();
                        }
                    }
                });
                ui.separator();
                if ui.button("Quit").clicked() {
                    self.request(Intent::Quit);
                    ui.close();
                }
            });
            ui.menu_button("Edit", |ui| {
                let undo = self.doc.history().undo_label().map(|l| format!("Undo {l}"));
                let redo = self.doc.history().redo_label().map(|l| format!("Redo {l}"));
                command_button(ui, UiCommand::Undo, undo.as_deref(), actions);
                command_button(ui, UiCommand::Redo, redo.as_deref(), actions);
                ui.separator();
                for command in [
                    UiCommand::Copy,
                    UiCommand::Paste,
                    UiCommand::Duplicate,
                    UiCommand::Delete,
                    UiCommand::SelectAll,
                ] {
                    command_button(ui, command, None, actions);
                }
            });
            ui.menu_button("View", |ui| {
                for command in [
                    UiCommand::ZoomToFit,
                    UiCommand::ZoomToSelection,
                    UiCommand::ResetZoom,
                ] {
                    command_button(ui, command, None, actions);
                }
            });
            ui.menu_button("Plan", |ui| {
                for command in [
                    UiCommand::PlanUpgrade,
                    UiCommand::ToggleTimeline,
                    UiCommand::ExportRunbook,
                    UiCommand::Present,
                ] {
                    command_button(ui, command, None, actions);
                }
            });
            ui.menu_button("Help", |ui| {
                command_button(ui, UiCommand::Shortcuts, None, actions);
            });
        });
    }

    fn status_ui(&mut self, ui: &mut egui::Ui, now: f64) {
        ui.horizontal(|ui| {
            let (e, w, i) = self.finding_counts();
            ui.colored_label(
                findings_panel::severity_colour(Severity::Error),
                format!("{e} errors"),
            );
            ui.colored_label(
                findings_panel::severity_colour(Severity::Warning),
                format!("{w} warnings"),
            );
            ui.colored_label(
                findings_panel::severity_colour(Severity::Info),
                format!("{i} info"),
            );
            ui.separator();
            ui.label(crate::wording::estate(self.doc.project()));
            ui.separator();
            match &self.reference_error {
                Some(error) => {
                    ui.colored_label(
                        findings_panel::severity_colour(Severity::Error),
                        format!("Reference data: {error}"),
                    );
                }
                None => {
                    ui.label(format!("Reference data: {}", self.reference_source));
                }
            }
            ui.separator();
            if let Some((message, at)) = self.state.toasts.last()
                && now - at < 8.0
            {
                ui.label(message.clone());
            }
        });
    }

    fn dialogs_ui(&mut self, ctx: &egui::Context) {
        if let Some(error) = self.error.clone() {
            egui::Window::new(error.title.as_str())
                .collapsible(false)
                .resizable(false)
                .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
                .show(ctx, |ui| {
                    ui.label(error.consequence.as_str());
                    ui.monospace(&error.message);
                    if ui.button("OK").clicked() {
                        self.error = None;
                    }
                });
        }
        if self.recovery.is_some() {
            egui::Window::new("Recover unsaved work?").collapsible(false).resizable(false).anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0]).show(ctx, |ui| {
                ui.label("dcplan found autosaved changes that were never saved, probably from a crash.");
                ui.horizontal(|ui| {
                    if ui.button("Recover").clicked()
                        && let Some(plan) = self.recovery.take() {
                            let path = self.doc.path.clone();
                            // Recovered work is unsaved: keep the file path but mark it dirty by applying it as one step.
                            let mut recovered = Document::new(self.doc.plan().clone(), path);
                            let tx = replace_all(self.doc.project(), &plan.project);
                            if recovered.apply(tx).is_ok() {
                                self.replace_document(recovered);
                            }
                        }
                    if ui.button("Discard").clicked() {
                        self.recovery = None;
                        autosave::discard(&self.sidecar());
                    }
                });
            });
        }
        if let Some(intent) = self.pending.clone() {
            egui::Window::new("Unsaved changes")
                .collapsible(false)
                .resizable(false)
                .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
                .show(ctx, |ui| {
                    ui.label(format!(
                        "Save the changes to {} first?",
                        self.doc.project().name
                    ));
                    ui.horizontal(|ui| {
                        if ui.button("Save").clicked() {
                            self.pending = None;
                            if self.save(false) {
                                self.carry_out(intent.clone(), ctx);
                            }
                        }
                        if ui.button("Don't save").clicked() {
                            self.pending = None;
                            self.carry_out(intent.clone(), ctx);
                        }
                        if ui.button("Cancel").clicked() {
                            self.pending = None;
                        }
                    });
                });
        }
        if let Some(rule) = self.state.explain {
            let mut open = true;
            egui::Window::new(format!("Rule {rule}"))
                .open(&mut open)
                .default_width(520.0)
                .show(ctx, |ui| {
                    egui::ScrollArea::vertical().show(ui, |ui| {
                        if let Some(found) = rules::registry::find(rule) {
                            ui.label(found.meta().explanation());
                        }
                    });
                });
            if !open {
                self.state.explain = None;
            }
        }
        if self.state.show_shortcuts {
            let mut open = true;
            egui::Window::new("Keyboard shortcuts")
                .open(&mut open)
                .show(ctx, |ui| {
                    egui::Grid::new("shortcuts").striped(true).show(ui, |ui| {
                        for command in UiCommand::ALL {
                            if let Some(shortcut) = command.shortcut() {
                                ui.label(command.text());
                                ui.monospace(ctx.format_shortcut(&shortcut));
                                ui.end_row();
                            }
                        }
                        for (text, keys) in [
                            (
                                "Pan",
                                "drag with the middle button, or Space + drag; scroll",
                            ),
                            ("Zoom about the cursor", "Ctrl + wheel, pinch"),
                            ("Add to selection", "Shift-click or Ctrl-click"),
                            ("Select by area", "drag on empty canvas"),
                            ("Nudge selection", "arrow keys (Shift: 5x)"),
                        ] {
                            ui.label(text);
                            ui.monospace(keys);
                            ui.end_row();
                        }
                    });
                });
            if !open {
                self.state.show_shortcuts = false;
            }
        }
    }

    fn sidecar(&self) -> PathBuf {
        autosave::sidecar_path(self.doc.path.as_deref(), &self.data_dir)
    }

    fn autosave(&mut self, now: f64) {
        let revision = self.doc.revision();
        if !self.doc.is_dirty()
            || revision == self.autosaved_revision
            || now - self.last_autosave_time < self.autosave_secs
        {
            return;
        }
        match autosave::write(self.doc.plan(), &self.sidecar()) {
            Ok(()) => {
                self.autosaved_revision = revision;
                self.last_autosave_time = now;
            }
            Err(err) => {
                // Try again at the next interval, not every frame.
                self.last_autosave_time = now;
                self.state.toast(format!("Autosave failed: {err:#}"), now);
            }
        }
    }

    fn request(&mut self, intent: Intent) {
        if self.doc.is_dirty() {
            self.pending = Some(intent);
        } else {
            self.pending = None;
            self.carry_out_headless(intent);
        }
    }

    fn carry_out(&mut self, intent: Intent, ctx: &egui::Context) {
        if intent == Intent::Quit {
            self.allow_close = true;
            autosave::discard(&self.sidecar());
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        } else {
            self.carry_out_headless(intent);
        }
    }

    fn carry_out_headless(&mut self, intent: Intent) {
        match intent {
            Intent::New => {
                autosave::discard(&self.sidecar());
                self.replace_document(empty_document());
            }
            Intent::Open(path) => {
                let Some(path) = path.or_else(|| self.dialogs.pick_open()) else {
                    return;
                };
                self.open(&path);
            }
            Intent::Import(path) => {
                let Some(path) = path.or_else(|| self.dialogs.pick_import()) else {
                    return;
                };
                if let Err(message) = self.importer.start(path, &self.reference) {
                    self.state.toast(message, self.now);
                }
            }
            Intent::Quit => {
                self.allow_close = true;
                self.close_now = true;
            }
        }
    }

    /// A file dropped on the window: a plan opens, an RVTools export (or a folder) is imported.
    fn take_dropped_file(&mut self, ctx: &egui::Context) {
        let dropped = ctx.input(|i| {
            i.raw
                .dropped_files
                .first()
                .map(|file| file.path().to_path_buf())
        });
        if let Some(path) = dropped {
            if rvtools::looks_like_export(&path) {
                self.request(Intent::Import(Some(path)));
            } else {
                self.request(Intent::Open(Some(path)));
            }
        }
    }

    /// Starts importing an RVTools export as a new plan (after the unsaved-work prompt).
    pub fn import_rvtools(&mut self, path: Option<PathBuf>) {
        self.request(Intent::Import(path));
    }

    /// The import's windows; a finished import becomes the document, new and unsaved.
    fn import_ui(&mut self, ctx: &egui::Context, now: f64) {
        if let Some(imported) = self.importer.poll() {
            let Imported { project, report } = *imported;
            let name = project.name.clone();
            // Work autosaved by a crashed session stays on disk while its recovery is still on offer.
            if self.recovery.is_none() {
                autosave::discard(&self.sidecar());
            }
            self.replace_document(Document::unsaved(PlanFile::new(project)));
            let skipped: u32 = report.skipped.iter().map(|skip| skip.count).sum();
            self.state.toast(
                format!(
                    "Imported {name}: {} VMs, {} hosts, {skipped} rows skipped",
                    self.doc.project().vms.len(),
                    self.doc.project().hosts.len()
                ),
                now,
            );
        }
        self.importer.ui(ctx);
    }

    /// Puts another document in place: every cache keyed by revision, the gesture, the draft and the clipboard
    /// belong to the old one.
    fn replace_document(&mut self, doc: Document) {
        self.doc = doc;
        self.findings_revision = None;
        self.layout_revision = None;
        self.autosaved_revision = u64::MAX;
        self.gesture = Gesture::Idle;
        self.draft = None;
        self.clipboard.clear();
        self.state.selection.clear();
        self.state.zoom_to_fit = true;
    }

    /// Opens a plan; a file that fails to load shows its error and changes nothing.
    pub fn open(&mut self, path: &Path) {
        match PlanFile::load(path) {
            Ok(plan) => {
                autosave::discard(&self.sidecar());
                let doc = Document::new(plan, Some(path.to_path_buf()));
                let sidecar = autosave::sidecar_path(doc.path.as_deref(), &self.data_dir);
                self.recovery = autosave::recoverable(doc.path.as_deref(), &sidecar)
                    .filter(|p| p != doc.plan());
                self.replace_document(doc);
                self.state.persisted.remember(path.to_path_buf());
            }
            Err(err) => self.error = Some(ErrorDialog::open(err.to_string())),
        }
    }

    /// Saves (asking where when untitled or `save_as`); returns whether it was saved.
    pub fn save(&mut self, save_as: bool) -> bool {
        let path = match (&self.doc.path, save_as) {
            (Some(path), false) => Some(path.clone()),
            _ => {
                let suggested = format!(
                    "{}.ron",
                    self.doc.project().name.replace(['/', '\\', ':'], "-")
                );
                self.dialogs.pick_save(&suggested)
            }
        };
        let Some(path) = path else { return false };
        let old_sidecar = self.sidecar();
        match self.doc.save_to(path.clone()) {
            Ok(()) => {
                autosave::discard(&old_sidecar);
                autosave::discard(&self.sidecar());
                self.state.persisted.remember(path.clone());
                self.state
                    .toast(format!("Saved {}", path.display()), self.now);
                true
            }
            Err(err) => {
                self.error = Some(ErrorDialog::save(format!("{err:#}")));
                false
            }
        }
    }

    /// Present mode in place of the designer; the plan (saved or auto) is simulated once per revision.
    fn present_ui(&mut self, ui: &mut egui::Ui, now: f64, actions: Vec<Action>) {
        let revision = self.doc.revision();
        if self
            .present
            .briefing
            .as_ref()
            .is_none_or(|(r, _)| *r != revision)
        {
            let plan = self.doc.plan();
            let prepared =
                crate::present::Prepared::new(&plan.project, &self.reference, &plan.rules);
            let briefing = super::present::Briefing::new(&plan.project, prepared);
            self.present.briefing = Some((revision, briefing));
        }
        let mut present = std::mem::take(&mut self.present);
        if let Some((briefing_revision, briefing)) = present.briefing.take() {
            let project = self.doc.project();
            let render = |slide: super::present::Slide, width: u32, height: u32| {
                super::present_pictures::render(project, &briefing.prepared, slide, width, height)
            };
            let deck = super::present::Deck {
                project,
                briefing: &briefing,
                revision,
                render: &render,
            };
            present.ui(ui, &deck);
            present.briefing = Some((briefing_revision, briefing));
        }
        if std::mem::take(&mut present.wants_export) {
            let suggested = format!(
                "{}-slides.png",
                self.doc.project().name.replace(['/', '\\', ':', ' '], "-")
            );
            if let Some(path) = self.dialogs.pick_save(&suggested) {
                present.start_export(&path);
            }
        }
        self.present = present;
        for action in actions {
            if matches!(action, Action::Command(UiCommand::Present)) {
                continue;
            }
            self.perform(action, now);
        }
    }

    /// Writes the runbook of the plan (an auto-plan when there is none) where the user picks.
    fn export_runbook(&mut self) {
        let suggested = format!(
            "{}-runbook.html",
            self.doc.project().name.replace(['/', '\\', ':', ' '], "-")
        );
        let Some(path) = self.dialogs.pick_save(&suggested) else {
            return;
        };
        let plan = self.doc.plan();
        let upgrade = crate::planner::saved_or_auto(&plan.project, &self.reference);
        let simulation =
            crate::planner::simulate(&plan.project, &upgrade, &self.reference, &plan.rules);
        let written = crate::export::runbook::write(
            &path,
            &plan.project,
            &upgrade,
            &simulation,
            &self.reference,
        );
        match written {
            Ok(()) => self
                .state
                .toast(format!("Wrote the runbook to {}", path.display()), self.now),
            Err(err) => self.error = Some(ErrorDialog::export("runbook", err.to_string())),
        }
    }

    /// Carries out one action.
    pub fn perform(&mut self, action: Action, now: f64) {
        match action {
            Action::Apply(tx) => {
                let label = tx.label.clone();
                if let Err(err) = self.doc.apply(tx) {
                    self.state.toast(format!("{label} refused: {err}"), now);
                }
            }
            Action::Select(object) => self.state.select_only(object),
            Action::Reveal(object) => {
                self.state.reveal = Some(reveal_target(self.doc.project(), object))
            }
            Action::Refuse(reason) => self.state.toast(reason, now),
            Action::Explain(rule) => self.state.explain = Some(rule),
            Action::Command(command) => self.command(command, now),
        }
    }

    fn command(&mut self, command: UiCommand, now: f64) {
        match command {
            UiCommand::New => self.request(Intent::New),
            UiCommand::Open => self.request(Intent::Open(None)),
            UiCommand::ImportRvtools => self.request(Intent::Import(None)),
            UiCommand::Save => {
                self.save(false);
            }
            UiCommand::SaveAs => {
                self.save(true);
            }
            UiCommand::Undo => {
                if let Some(label) = self.doc.undo() {
                    self.state.toast(format!("Undid {label}"), now);
                }
            }
            UiCommand::Redo | UiCommand::RedoAlt => {
                if let Some(label) = self.doc.redo() {
                    self.state.toast(format!("Redid {label}"), now);
                }
            }
            UiCommand::Delete => {
                let objects: Vec<ObjectRef> = self.state.selection.iter().copied().collect();
                if !objects.is_empty() {
                    let label = format!("Delete {}", describe(self.doc.project(), &objects));
                    let tx = cascade_delete(self.doc.project(), &objects, &label);
                    match self.doc.apply(tx) {
                        Ok(()) => self.state.selection.clear(),
                        Err(err) => self.state.toast(format!("Cannot delete: {err}"), now),
                    }
                }
            }
            UiCommand::Copy => {
                self.clipboard = self
                    .state
                    .selection
                    .iter()
                    .filter_map(|o| ObjectValue::of(self.doc.project(), *o))
                    .collect();
                if !self.clipboard.is_empty() {
                    let names: Vec<&str> = self
                        .state
                        .selection
                        .iter()
                        .filter_map(|o| self.doc.project().name_of(*o))
                        .collect();
                    self.copied_text = Some(format!("dcplan: {}", names.join(", ")));
                }
            }
            UiCommand::Duplicate => {
                let values: Vec<ObjectValue> = self
                    .state
                    .selection
                    .iter()
                    .filter_map(|o| ObjectValue::of(self.doc.project(), *o))
                    .collect();
                self.paste_values(values, "Duplicate", now);
            }
            UiCommand::Paste => {
                let values = self.clipboard.clone();
                self.paste_values(values, "Paste", now);
            }
            UiCommand::SelectAll => {
                self.state.selection = self
                    .layout
                    .nodes
                    .iter()
                    .map(|n| n.object)
                    .filter(|o| !matches!(o, ObjectRef::Site(_)))
                    .collect();
            }
            UiCommand::ZoomToFit => self.state.zoom_to_fit = true,
            UiCommand::ZoomToSelection => {
                if let Some(first) = self.state.selection.iter().next() {
                    self.state.reveal = Some(*first);
                }
            }
            UiCommand::ResetZoom => self.state.persisted.view = super::state::View::default(),
            UiCommand::Shortcuts => self.state.show_shortcuts = true,
            UiCommand::PlanUpgrade => {
                let plan = crate::planner::auto_plan(self.doc.project(), &self.reference);
                let label = if self.doc.project().upgrade.is_some() {
                    "Re-plan the upgrade"
                } else {
                    "Plan the upgrade"
                };
                self.timeline.open = true;
                self.perform(
                    Action::Apply(Transaction::new(label).with(Edit::SetUpgrade {
                        plan: Some(Box::new(plan)),
                    })),
                    now,
                );
            }
            UiCommand::ToggleTimeline => {
                self.timeline.open = !self.timeline.open;
                if !self.timeline.open {
                    self.timeline.moment = 0;
                }
            }
            UiCommand::ExportRunbook => self.export_runbook(),
            UiCommand::Present => self.present.start(),
        }
    }

    /// Adds copies of objects, offset on the canvas, renamed, blades put in free bays; the copies become the selection.
    fn paste_values(&mut self, values: Vec<ObjectValue>, verb: &str, now: f64) {
        if values.is_empty() {
            return;
        }
        let mut project = self.doc.project().clone();
        let mut tx = Transaction::new(format!(
            "{verb} {} object{}",
            values.len(),
            if values.len() == 1 { "" } else { "s" }
        ));
        let mut created = Vec::new();
        for value in values {
            match copy_into(&mut project, value) {
                Ok((object, value)) => {
                    tx.push(Edit::put(object, value));
                    created.push(object);
                }
                Err(reason) => self.state.toast(reason, now),
            }
        }
        if created.is_empty() {
            return;
        }
        match self.doc.apply(tx) {
            Ok(()) => self.state.selection = created.into_iter().collect(),
            Err(err) => self.state.toast(format!("{verb} refused: {err}"), now),
        }
    }

    /// Where an object is drawn on screen, as of the last frame (for benchmarks and scripted checks).
    pub fn screen_rect_of(&self, object: ObjectRef) -> Option<egui::Rect> {
        let canvas = self.state.canvas_rect?;
        let node = self.layout.node(object)?;
        let transform = canvas::Transform {
            canvas,
            view: self.state.persisted.view,
        };
        Some(transform.rect_to_screen(node.rect))
    }

    /// What eframe keeps between runs.
    pub fn persisted(&self) -> &Persisted {
        &self.state.persisted
    }
}

fn empty_document() -> Document {
    let project = Project {
        name: "New plan".to_owned(),
        ..Project::default()
    };
    Document::new(PlanFile::new(project), None)
}

fn sample_document() -> Document {
    let plan = PlanFile::parse(BUNDLED_SAMPLE, Path::new("esx35-west.ron")).unwrap_or_default();
    Document::new(plan, None)
}

fn command_button(
    ui: &mut egui::Ui,
    command: UiCommand,
    text: Option<&str>,
    actions: &mut Vec<Action>,
) {
    let mut button = egui::Button::new(text.unwrap_or(command.text()));
    if let Some(shortcut) = command.shortcut() {
        button = button.shortcut_text(ui.ctx().format_shortcut(&shortcut));
    }
    if ui.add(button).clicked() {
        actions.push(Action::Command(command));
        ui.close();
    }
}

fn describe(project: &Project, objects: &[ObjectRef]) -> String {
    match objects {
        [one] => project.name_of(*one).unwrap_or("object").to_owned(),
        many => format!("{} objects", many.len()),
    }
}

/// Where the canvas should look to show an object that is not drawn itself (a VM shows its cluster).
fn reveal_target(project: &Project, object: ObjectRef) -> ObjectRef {
    match object {
        ObjectRef::Vm(id) => project
            .vms
            .get(&id)
            .and_then(|v| {
                v.cluster
                    .map(ObjectRef::Cluster)
                    .or(v.host.map(ObjectRef::Host))
            })
            .unwrap_or(object),
        ObjectRef::Lun(id) => project.luns.get(&id).map_or(object, |l| l.array.into()),
        ObjectRef::Datastore(_)
        | ObjectRef::Vswitch(_)
        | ObjectRef::ResourcePool(_)
        | ObjectRef::LicenceServer(_)
        | ObjectRef::Rack(_)
        | ObjectRef::Plan => object,
        ObjectRef::FcSwitch(id) => project
            .fc_switches
            .get(&id)
            .map_or(object, |s| s.fabric.into()),
        ObjectRef::SiteLink(id) => project
            .site_links
            .get(&id)
            .map_or(object, |l| l.site_a.into()),
        _ => object,
    }
}

/// Finding counts per drawn node: objects that are not drawn count on the node that holds them.
fn badges(project: &Project, findings: &[Finding]) -> BTreeMap<ObjectRef, Badge> {
    let mut badges: BTreeMap<ObjectRef, Badge> = BTreeMap::new();
    for finding in findings {
        let target = reveal_target(project, finding.object);
        let badge = badges.entry(target).or_default();
        match finding.severity {
            Severity::Error => badge.errors += 1,
            Severity::Warning => badge.warnings += 1,
            Severity::Info => {}
        }
    }
    badges
}

/// A transaction that turns `from` into `to` object by object (used to recover autosaved work as one undo step).
fn replace_all(from: &Project, to: &Project) -> Transaction {
    let mut tx = Transaction::new("Recover autosaved work");
    tx.push(Edit::Describe {
        name: to.name.clone(),
        description: to.description.clone(),
    });
    let mut objects: std::collections::BTreeSet<ObjectRef> = std::collections::BTreeSet::new();
    for project in [from, to] {
        objects.extend(project.vcenters.keys().map(|&k| ObjectRef::from(k)));
        objects.extend(project.licence_servers.keys().map(|&k| ObjectRef::from(k)));
        objects.extend(project.sites.keys().map(|&k| ObjectRef::from(k)));
        objects.extend(project.site_links.keys().map(|&k| ObjectRef::from(k)));
        objects.extend(project.racks.keys().map(|&k| ObjectRef::from(k)));
        objects.extend(project.enclosures.keys().map(|&k| ObjectRef::from(k)));
        objects.extend(project.hosts.keys().map(|&k| ObjectRef::from(k)));
        objects.extend(project.fabrics.keys().map(|&k| ObjectRef::from(k)));
        objects.extend(project.fc_switches.keys().map(|&k| ObjectRef::from(k)));
        objects.extend(project.arrays.keys().map(|&k| ObjectRef::from(k)));
        objects.extend(project.luns.keys().map(|&k| ObjectRef::from(k)));
        objects.extend(project.datastores.keys().map(|&k| ObjectRef::from(k)));
        objects.extend(project.networks.keys().map(|&k| ObjectRef::from(k)));
        objects.extend(project.vswitches.keys().map(|&k| ObjectRef::from(k)));
        objects.extend(project.clusters.keys().map(|&k| ObjectRef::from(k)));
        objects.extend(project.resource_pools.keys().map(|&k| ObjectRef::from(k)));
        objects.extend(project.vms.keys().map(|&k| ObjectRef::from(k)));
    }
    for object in objects {
        let before = ObjectValue::of(from, object);
        let after = ObjectValue::of(to, object);
        if before != after {
            tx.push(match after {
                Some(value) => Edit::put(object, value),
                None => Edit::remove(object),
            });
        }
    }
    tx
}

/// Gives a copied object a new ID, a new name and, for blades, a free bay; offsets its canvas position.
fn copy_into(
    project: &mut Project,
    value: ObjectValue,
) -> Result<(ObjectRef, ObjectValue), String> {
    let offset = |p: &mut Option<crate::model::Position>| {
        if let Some(p) = p {
            p.x += 40.0;
            p.y += 40.0;
        }
    };
    let copy_name = |name: &str| format!("{name}-copy");
    let (object, value) = match value {
        ObjectValue::Host(mut host) => {
            if let Placement::Blade { enclosure, .. } = host.placement {
                let taken = crate::edit::taken_bays(project, enclosure);
                let bay = (1..=crate::model::C7000_DEVICE_BAYS).find(|b| !taken.contains(b)).ok_or_else(|| {
                    format!("{} is full: the copy of {} has no free bay", project.enclosures.get(&enclosure).map_or("the enclosure", |e| e.name.as_str()), host.name)
                })?;
                host.placement = Placement::Blade { enclosure, bay };
            }
            host.name = copy_name(&host.name);
            offset(&mut host.position);
            let id = crate::model::HostId(next_free_id(project, "host"));
            project.hosts.insert(id, host.clone());
            (ObjectRef::Host(id), ObjectValue::Host(host))
        }
        ObjectValue::Vm(mut vm) => {
            vm.name = copy_name(&vm.name);
            vm.ft = None;
            let id = crate::model::VmId(next_free_id(project, "vm"));
            project.vms.insert(id, vm.clone());
            (ObjectRef::Vm(id), ObjectValue::Vm(vm))
        }
        ObjectValue::Enclosure(mut e) => {
            e.name = copy_name(&e.name);
            e.vc_domain = None;
            offset(&mut e.position);
            let id = crate::model::EnclosureId(next_free_id(project, "enclosure"));
            project.enclosures.insert(id, e.clone());
            (ObjectRef::Enclosure(id), ObjectValue::Enclosure(e))
        }
        ObjectValue::Cluster(mut c) => {
            c.name = copy_name(&c.name);
            offset(&mut c.position);
            let id = crate::model::ClusterId(next_free_id(project, "cluster"));
            project.clusters.insert(id, c.clone());
            (ObjectRef::Cluster(id), ObjectValue::Cluster(c))
        }
        ObjectValue::Network(mut n) => {
            n.name = copy_name(&n.name);
            offset(&mut n.position);
            let id = crate::model::NetworkId(next_free_id(project, "network"));
            project.networks.insert(id, n.clone());
            (ObjectRef::Network(id), ObjectValue::Network(n))
        }
        ObjectValue::Lun(mut l) => {
            l.name = copy_name(&l.name);
            let id = crate::model::LunId(next_free_id(project, "lun"));
            project.luns.insert(id, l.clone());
            (ObjectRef::Lun(id), ObjectValue::Lun(l))
        }
        ObjectValue::Array(mut a) => {
            a.name = copy_name(&a.name);
            offset(&mut a.position);
            let id = crate::model::ArrayId(next_free_id(project, "array"));
            project.arrays.insert(id, a.clone());
            (ObjectRef::Array(id), ObjectValue::Array(a))
        }
        ObjectValue::Vcenter(mut v) => {
            v.name = copy_name(&v.name);
            offset(&mut v.position);
            let id = crate::model::VcenterId(next_free_id(project, "vcenter"));
            project.vcenters.insert(id, v.clone());
            (ObjectRef::Vcenter(id), ObjectValue::Vcenter(v))
        }
        _ => return Err("Only hosts, VMs, enclosures, clusters, networks, LUNs, arrays and vCenters can be copied".to_owned()),
    };
    Ok((object, value))
}
