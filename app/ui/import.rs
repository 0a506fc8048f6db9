//! File > Import RVTools…: the import runs on a worker thread while a window shows its progress, so the designer
//! stays responsive on a 40,000-VM export; the result becomes a new, unsaved plan and its report stays open to read.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::thread::JoinHandle;

use crate::import::Progress;
use crate::import::rvtools::{self, ImportError, Imported};
use crate::refdata::ReferenceData;

/// An import under way on its worker thread.
struct Job {
    source: PathBuf,
    progress: Arc<Progress>,
    worker: JoinHandle<Result<Imported, ImportError>>,
}

/// The report of the last import, shown until the user closes it.
pub struct ReportView {
    /// The export's name, as the report gives it.
    pub source: String,
    pub text: String,
}

/// The import window: progress while a job runs, then the report.
#[derive(Default)]
pub struct Importer {
    job: Option<Job>,
    /// The report of the last successful import.
    pub report: Option<ReportView>,
    /// Why the last import failed.
    pub error: Option<String>,
}

impl Importer {
    /// An import is running.
    pub fn is_running(&self) -> bool {
        self.job.is_some()
    }

    /// Starts importing `source` on a worker thread (a CSV file stands for its export folder).
    pub fn start(&mut self, source: PathBuf, reference: &ReferenceData) -> Result<(), String> {
        if self.job.is_some() {
            return Err("An import is already running".to_owned());
        }
        let progress = Arc::new(Progress::new());
        let worker = {
            let progress = Arc::clone(&progress);
            let source = source.clone();
            let reference = reference.clone();
            std::thread::Builder::new()
                .name("rvtools-import".to_owned())
                .spawn(move || rvtools::import(&source, &reference, &progress))
                .map_err(|err| format!("cannot start the import: {err}"))?
        };
        self.report = None;
        self.error = None;
        self.job = Some(Job {
            source,
            progress,
            worker,
        });
        Ok(())
    }

    /// The imported plan, once its worker is done (at most once per job). A failed import leaves its message in
    /// `error` for the window to show.
    pub fn poll(&mut self) -> Option<Box<Imported>> {
        if !self.job.as_ref()?.worker.is_finished() {
            return None;
        }
        let job = self.job.take()?;
        match job.worker.join() {
            Ok(Ok(imported)) => {
                self.report = Some(ReportView {
                    source: imported.report.source.clone(),
                    text: imported.report.text(),
                });
                Some(Box::new(imported))
            }
            Ok(Err(err)) => {
                self.error = Some(err.to_string());
                None
            }
            Err(_) => {
                self.error = Some(format!(
                    "{}: the import stopped on an internal error. Please report this with the file.",
                    job.source.display()
                ));
                None
            }
        }
    }

    /// Draws the progress window or the report window.
    pub fn ui(&mut self, ctx: &egui::Context) {
        if let Some(job) = &self.job {
            egui::Window::new("Importing RVTools export")
                .collapsible(false)
                .resizable(false)
                .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
                .show(ctx, |ui| {
                    ui.label(format!("Reading {}", file_name(&job.source)));
                    let fraction = job.progress.fraction();
                    ui.add(
                        egui::ProgressBar::new(fraction)
                            .desired_width(360.0)
                            .show_percentage(),
                    );
                });
            // The worker moves on without input events: keep the bar and the poll going.
            ctx.request_repaint_after(std::time::Duration::from_millis(50));
        }
        if let Some(error) = &self.error {
            let mut dismissed = false;
            egui::Window::new("Cannot import the export")
                .collapsible(false)
                .resizable(false)
                .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
                .show(ctx, |ui| {
                    ui.label("The export could not be imported; the open plan is unchanged.");
                    ui.monospace(error);
                    dismissed = ui.button("OK").clicked();
                });
            if dismissed {
                self.error = None;
            }
        }
        let mut close = false;
        if let Some(report) = &self.report {
            let mut open = true;
            egui::Window::new("Import report")
                .open(&mut open)
                .default_width(900.0)
                .default_height(520.0)
                .show(ctx, |ui| {
                    ui.label(format!(
                        "Imported {} as a new, unsaved plan. Save it to keep it.",
                        report.source
                    ));
                    ui.horizontal(|ui| {
                        if ui.button("Copy report").clicked() {
                            ctx.copy_text(report.text.clone());
                        }
                        if ui.button("Close report").clicked() {
                            close = true;
                        }
                    });
                    ui.separator();
                    egui::ScrollArea::both().show(ui, |ui| {
                        ui.add(
                            egui::Label::new(egui::RichText::new(&report.text).monospace())
                                .extend(),
                        );
                    });
                });
            close |= !open;
        }
        if close {
            self.report = None;
        }
    }
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |name| name.to_string_lossy().into_owned(),
    )
}
