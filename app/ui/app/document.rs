//! The plan's file life: open, save, autosave and recovery, RVTools imports, and the unsaved-changes gate every
//! one of them passes before the document is replaced.

use std::path::{Path, PathBuf};

use super::{DcApp, ErrorDialog, empty_document};
use crate::edit::Document;
use crate::import::rvtools::{self, Imported};
use crate::io::{PlanFile, autosave};
use crate::ui::canvas::Gesture;

/// What to do once unsaved work has been dealt with.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Intent {
    New,
    Open(Option<PathBuf>),
    /// Import an RVTools export (asking which when `None`) as a new plan.
    Import(Option<PathBuf>),
    Quit,
}

impl DcApp {
    pub(super) fn request(&mut self, intent: Intent) {
        if self.doc.is_dirty() {
            self.pending = Some(intent);
        } else {
            self.pending = None;
            self.carry_out_headless(intent);
        }
    }

    pub(super) fn carry_out(&mut self, intent: Intent, ctx: &egui::Context) {
        if intent == Intent::Quit {
            self.allow_close = true;
            autosave::discard(&self.sidecar());
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        } else {
            self.carry_out_headless(intent);
        }
    }

    pub(super) fn carry_out_headless(&mut self, intent: Intent) {
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
    pub(super) fn take_dropped_file(&mut self, ctx: &egui::Context) {
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
    pub(super) fn import_ui(&mut self, ctx: &egui::Context, now: f64) {
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
    pub(super) fn replace_document(&mut self, doc: Document) {
        self.doc = doc;
        self.live.reset();
        self.findings_generation = None;
        self.layout_revision = None;
        self.autosaved_revision = u64::MAX;
        self.gesture = Gesture::Idle;
        self.draft = None;
        self.clipboard.clear();
        self.state.selection.clear();
        self.state.zoom_to_fit = true;
        self.state.floor_shape = None;
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

    pub(super) fn sidecar(&self) -> PathBuf {
        autosave::sidecar_path(self.doc.path.as_deref(), &self.data_dir)
    }

    pub(super) fn autosave(&mut self, now: f64) {
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
}
