//! `DcApp`: the designer's shell. Holds the document, re-checks it after every change and runs one frame: input,
//! panels, dialogs, then the actions the panels asked for (the only place the document changes).
//!
//! One `impl DcApp` split over files by concern, as rerun splits its app: `panels` draws, `menus` holds the menu
//! and status bars, `dialogs` the modal dialogs, `command_handling` carries out actions and commands, `document`
//! opens, saves, autosaves and replaces the plan.

mod command_handling;
mod dialogs;
mod document;
mod menus;
mod panels;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::action::Action;
use super::canvas::{self, Badge, Gesture};
use super::commands::UiCommand;
use super::files::FileDialogs;
use super::import::Importer;
use super::inspector::Draft;
use super::layout::{FloorShape, Layout, keeps_layout};
use super::outline::OutlineTab;
use super::present::Present;
use super::state::{Persisted, UiState};
use super::timeline::Timeline;
use crate::edit::{Document, ObjectValue};
use crate::import::rvtools;
use crate::io::{PlanFile, autosave};
use crate::model::{HostId, ObjectRef, Project};
use crate::refdata::ReferenceData;
use crate::rules::incremental::LiveCheck;
use crate::rules::{Finding, Severity};

pub use dialogs::ErrorDialog;
use document::Intent;

/// The plan shown at first start: the ESX 3.5 sample with the field notes' problems.
pub const BUNDLED_SAMPLE: &str = include_str!("../../../projects/samples/esx35-west.ron");

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

/// The designer application.
pub struct DcApp {
    pub doc: Document,
    pub state: UiState,
    pub reference: ReferenceData,
    /// Where the reference data in force comes from ("bundled", or "bundled + FILE"), shown in the status bar.
    pub reference_source: String,
    /// Why the reference data the user asked for could not be loaded, shown until the window closes.
    pub reference_error: Option<String>,
    /// The findings, kept up with every edit (re-checked in the edit's scope, then in full in the background).
    pub live: LiveCheck,
    /// The findings generation the badges and floor tiles were drawn from.
    findings_generation: Option<u64>,
    badges: BTreeMap<ObjectRef, Badge>,
    layout: Layout,
    counts: canvas::Counts,
    /// The overview tile of every rack that holds something: counts, hosts per release, worst finding.
    floor: canvas::FloorTiles,
    layout_revision: Option<u64>,
    layout_shape: FloorShape,
    gesture: Gesture,
    draft: Option<Draft>,
    outline_tab: OutlineTab,
    clipboard: Vec<ObjectValue>,
    dialogs: Box<dyn FileDialogs>,
    data_dir: PathBuf,
    pending: Option<Intent>,
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
    key: (u64, usize, FloorShape),
    layout: Layout,
    badges: BTreeMap<ObjectRef, Badge>,
    counts: canvas::Counts,
    floor: canvas::FloorTiles,
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
        let live_reference = std::sync::Arc::new(reference.clone());
        let mut app = Self {
            doc,
            state,
            reference,
            reference_source,
            reference_error,
            live: LiveCheck::new(live_reference),
            findings_generation: None,
            badges: BTreeMap::new(),
            layout: Layout::default(),
            counts: canvas::Counts::default(),
            floor: canvas::FloorTiles::default(),
            layout_revision: None,
            layout_shape: FloorShape::default(),
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
            app.error = Some(ErrorDialog::import(message));
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

    /// Recomputes findings, badges and layout when the document changed; returns when the findings want another
    /// look (seconds), while a full check is waited for.
    fn refresh(&mut self) -> Option<f64> {
        let revision = self.doc.revision();
        let plan = self.doc.plan();
        // The latest change is gathered only on the frame that follows it, not on every frame.
        let change = (!self.live.is_at(revision))
            .then(|| self.doc.last_change())
            .flatten();
        let shape = self.state.floor_shape.unwrap_or_default();
        // The revision right after the laid-out one, by a change that moved nothing: the layout and counts stand.
        let layout_stands = self.layout_shape == shape
            && self
                .layout_revision
                .is_some_and(|laid_out| laid_out.checked_add(1) == Some(revision))
            && change.as_ref().is_some_and(|change| {
                change.revision == revision && keeps_layout(&plan.project, &change.touched)
            });
        // The hosts whose tiles' counts the change can alter, while the tiles themselves stand.
        let recounted: Vec<HostId> = match &change {
            Some(change) if layout_stands => hosts_counted_by(&plan.project, &change.touched),
            _ => Vec::new(),
        };
        let wake = self
            .live
            .update(&plan.project, &plan.rules, revision, change, self.now);
        let new_findings = self.findings_generation != Some(self.live.generation());
        if new_findings {
            self.findings_generation = Some(self.live.generation());
            self.badges = badges(&plan.project, self.live.findings());
        }
        if self.timeline.open || self.timeline.moment > 0 {
            let plan = self.doc.plan();
            self.timeline
                .refresh(&plan.project, revision, &self.reference, &plan.rules);
        }
        match (self.timeline.projected(), self.timeline.stage_findings()) {
            (Some(projected), Some((_, findings))) => {
                let key = (revision, self.timeline.moment, shape);
                if self.stage_canvas.as_ref().is_none_or(|c| c.key != key) {
                    self.stage_canvas = Some(StageCanvas {
                        key,
                        layout: Layout::build(&projected.project, shape),
                        badges: badges(&projected.project, findings),
                        counts: canvas::Counts::of(&projected.project),
                        floor: {
                            let mut floor = canvas::floor_tiles(&projected.project, None);
                            floor.mark_worst(&projected.project, findings);
                            floor
                        },
                    });
                }
            }
            _ => self.stage_canvas = None,
        }
        // The floor's tiles follow the layout; their counts follow the hosts an edit touched, their worst
        // findings the findings.
        let project = self.doc.project();
        let membership = self.live.membership_at(revision);
        let mut mark = new_findings;
        if layout_stands {
            self.layout_revision = Some(revision);
            match membership {
                Some(membership) => self
                    .floor
                    .recount(project, recounted, &|host| membership.vms_on_host(host)),
                None => self.floor = canvas::floor_tiles(project, None),
            }
            mark = true;
        } else if self.layout_revision != Some(revision) || self.layout_shape != shape {
            self.layout = Layout::build(project, shape);
            self.counts = canvas::Counts::counted(project, membership);
            self.floor = canvas::floor_tiles(project, membership);
            self.layout_revision = Some(revision);
            self.layout_shape = shape;
            mark = true;
        }
        if mark {
            self.floor.mark_worst(project, self.live.findings());
        }
        wake
    }

    /// The findings as they stand.
    pub fn findings(&self) -> &[Finding] {
        self.live.findings()
    }

    /// Counts of findings per severity.
    pub fn finding_counts(&self) -> (usize, usize, usize) {
        let count = |s| self.findings().iter().filter(|f| f.severity == s).count();
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
        let now = ui.input(|i| i.time);
        self.now = now;
        if let Some(seconds) = self.refresh() {
            // A full check to start once the edits pause, or to collect from its worker.
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_secs_f64(seconds.max(0.0)));
        }
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
        self.panels_ui(ui, &mut actions);
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

/// The hosts whose tiles an edit that keeps the layout can count differently: the hosts it touched (their
/// releases) and the hosts its VMs were and are on (their VM counts).
fn hosts_counted_by(
    project: &Project,
    touched: &[(ObjectRef, Option<&ObjectValue>)],
) -> Vec<HostId> {
    let mut hosts = Vec::new();
    for (object, before) in touched {
        match object {
            ObjectRef::Host(id) => hosts.push(*id),
            ObjectRef::Vm(id) => {
                if let Some(ObjectValue::Vm(vm)) = before {
                    hosts.extend(vm.host);
                }
                hosts.extend(project.vms.get(id).and_then(|vm| vm.host));
            }
            _ => {}
        }
    }
    hosts
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
