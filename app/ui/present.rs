//! Present mode: full-screen slides for management (summary, topology, timeline, top risks, capacity), moved
//! with the arrow keys, left with Esc, and exported as PNG files from what is on screen.

use std::path::{Path, PathBuf};

use egui::{Color32, RichText};

use super::theme;
use crate::model::Project;
use crate::present::Prepared;
use crate::present::readiness::{ClusterReadiness, ReadinessKind, counts, readiness};
use crate::present::summary::{self, Risk};
use crate::rules::Severity;

/// The slides, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Slide {
    Summary,
    Topology,
    Timeline,
    Risks,
    Capacity,
}

impl Slide {
    pub const ALL: [Self; 5] = [
        Self::Summary,
        Self::Topology,
        Self::Timeline,
        Self::Risks,
        Self::Capacity,
    ];

    /// The slide's picture is a chart with its own heading.
    pub fn picture_has_heading(self) -> bool {
        matches!(self, Self::Timeline | Self::Capacity)
    }

    /// The slide's title.
    pub fn title(self) -> &'static str {
        match self {
            Self::Summary => "Summary",
            Self::Topology => "Topology",
            Self::Timeline => "Upgrade timeline",
            Self::Risks => "Top risks",
            Self::Capacity => "Capacity during the upgrade",
        }
    }
}

/// Slides being written as PNG files.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Export {
    pub folder: PathBuf,
    pub stem: String,
    /// The slide whose screenshot is awaited.
    pub slide: usize,
    /// The screenshot of `slide` was asked for.
    pub requested: bool,
}

/// Present mode state.
#[derive(Default)]
pub struct Present {
    pub open: bool,
    pub slide: usize,
    /// What the slides say, worked out once per document revision.
    pub briefing: Option<(u64, Briefing)>,
    pub exporting: Option<Export>,
    /// The user asked to export the slides; the app asks where.
    pub wants_export: bool,
    /// The last export's outcome.
    pub export_message: Option<String>,
    /// Where the window's screenshot callback drops the picture.
    inbox: std::sync::Arc<std::sync::Mutex<Option<std::sync::Arc<egui::ColorImage>>>>,
    /// Slide pictures, rendered once per document revision and size.
    pictures: Vec<Option<egui::TextureHandle>>,
    pictures_key: Option<(u64, u32, u32)>,
}

/// The plan (saved or auto), its simulation and today's findings, with the readiness and risks drawn from them.
pub struct Briefing {
    pub prepared: Prepared,
    pub readiness: Vec<ClusterReadiness>,
    pub risks: Vec<Risk>,
}

impl Briefing {
    /// Works out everything the slides say about a project.
    pub fn new(project: &Project, prepared: Prepared) -> Self {
        let readiness = readiness(
            project,
            &prepared.plan,
            &prepared.simulation,
            &prepared.findings,
        );
        let risks = summary::risks(&prepared.inputs(project));
        Self {
            prepared,
            readiness,
            risks,
        }
    }
}

/// What the slides show.
pub struct Deck<'a> {
    pub project: &'a Project,
    pub briefing: &'a Briefing,
    pub revision: u64,
    /// Renders a slide's picture at a size, for the picture slides.
    pub render: &'a dyn Fn(Slide, u32, u32) -> Option<egui::ColorImage>,
}

impl Present {
    /// Opens present mode on the first slide.
    pub fn start(&mut self) {
        self.open = true;
        self.slide = 0;
    }

    /// Starts writing every slide as a PNG beside `path` (`<stem>-1-summary.png`...).
    pub fn start_export(&mut self, path: &Path) {
        let folder = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        let stem = path
            .file_stem()
            .map_or_else(|| "slides".to_owned(), |s| s.to_string_lossy().into_owned());
        self.exporting = Some(Export {
            folder,
            stem,
            slide: 0,
            requested: false,
        });
        self.slide = 0;
    }

    /// Draws the current slide over the whole window and handles the keys; returns false when the user left.
    pub fn ui(&mut self, ui: &mut egui::Ui, deck: &Deck<'_>) -> bool {
        self.export_step(ui);
        let (next, previous, leave) = ui.input(|i| {
            (
                i.key_pressed(egui::Key::ArrowRight)
                    || i.key_pressed(egui::Key::PageDown)
                    || i.key_pressed(egui::Key::Space),
                i.key_pressed(egui::Key::ArrowLeft) || i.key_pressed(egui::Key::PageUp),
                i.key_pressed(egui::Key::Escape),
            )
        });
        if leave {
            self.open = false;
            self.exporting = None;
            return false;
        }
        if self.exporting.is_none() {
            if next {
                self.slide = (self.slide + 1).min(Slide::ALL.len() - 1);
            }
            if previous {
                self.slide = self.slide.saturating_sub(1);
            }
        }
        let slide = Slide::ALL[self.slide.min(Slide::ALL.len() - 1)];
        let frame = egui::Frame::new().fill(theme::SLIDE).inner_margin(32.0);
        egui::CentralPanel::default().frame(frame).show(ui, |ui| {
            ui.horizontal(|ui| {
                // A chart carries its own heading; a second one above it would only repeat it.
                let heading = if slide.picture_has_heading() {
                    RichText::new(slide.title())
                        .size(18.0)
                        .color(Color32::from_gray(90))
                } else {
                    RichText::new(slide.title())
                        .size(34.0)
                        .strong()
                        .color(theme::ACCENT_ON_SLIDE)
                };
                ui.label(heading);
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    // While exporting the slides carry no buttons.
                    if self.exporting.is_none() {
                        if ui.button("Leave (Esc)").clicked() {
                            self.open = false;
                        }
                        if ui.button("Export slides…").clicked() {
                            self.wants_export = true;
                        }
                        if ui
                            .add_enabled(
                                self.slide + 1 < Slide::ALL.len(),
                                egui::Button::new("Next >"),
                            )
                            .clicked()
                        {
                            self.slide += 1;
                        }
                        if ui
                            .add_enabled(self.slide > 0, egui::Button::new("< Previous"))
                            .clicked()
                        {
                            self.slide -= 1;
                        }
                    }
                    ui.label(
                        RichText::new(format!(
                            "{} · slide {} of {}",
                            deck.project.name,
                            self.slide + 1,
                            Slide::ALL.len()
                        ))
                        .color(Color32::from_gray(90)),
                    );
                });
            });
            if let Some(message) = &self.export_message
                && self.exporting.is_none()
            {
                ui.label(RichText::new(message).color(Color32::from_gray(90)));
            }
            ui.separator();
            match slide {
                Slide::Summary => summary(ui, deck),
                Slide::Risks => risks(ui, deck),
                Slide::Topology | Slide::Timeline | Slide::Capacity => {
                    self.picture(ui, deck, slide);
                }
            }
        });
        self.open
    }

    /// One frame of the export: save the screenshot of the shown slide when it arrives, then show the next.
    fn export_step(&mut self, ui: &mut egui::Ui) {
        let Some(export) = self.exporting.clone() else {
            return;
        };
        let shot = self.inbox.lock().ok().and_then(|mut inbox| inbox.take());
        let Some(image) = shot else {
            self.slide = export.slide;
            if !export.requested {
                let inbox = self.inbox.clone();
                let ctx = ui.ctx().clone();
                ui.ctx()
                    .send_viewport_cmd(egui::ViewportCommand::Screenshot(
                        egui::ScreenshotCallback::new(move |image| {
                            if let Ok(mut slot) = inbox.lock() {
                                *slot = Some(image);
                            }
                            ctx.request_repaint();
                        }),
                    ));
                self.exporting = Some(Export {
                    requested: true,
                    ..export
                });
            }
            ui.ctx().request_repaint();
            return;
        };
        let slide = Slide::ALL[export.slide.min(Slide::ALL.len() - 1)];
        let path = export.folder.join(format!(
            "{}-{}-{}.png",
            export.stem,
            export.slide + 1,
            slide.title().to_ascii_lowercase().replace(' ', "-")
        ));
        let [width, height] = image.size;
        let rgb: Vec<u8> = image
            .pixels
            .iter()
            .flat_map(|c| {
                let [r, g, b, _] = c.to_array();
                [r, g, b]
            })
            .collect();
        let written = u32::try_from(width)
            .ok()
            .zip(u32::try_from(height).ok())
            .ok_or_else(|| "the screenshot is too large".to_owned())
            .and_then(|(w, h)| crate::present::encode_png(&rgb, w, h).map_err(|e| e.to_string()))
            .and_then(|png| crate::io::write::write_atomic(&path, &png).map_err(|e| e.to_string()));
        if let Err(err) = written {
            self.export_message = Some(format!("Cannot write {}: {err}", path.display()));
            self.exporting = None;
            return;
        }
        if export.slide + 1 < Slide::ALL.len() {
            self.slide = export.slide + 1;
            self.exporting = Some(Export {
                slide: export.slide + 1,
                requested: false,
                ..export
            });
            ui.ctx().request_repaint();
        } else {
            self.export_message = Some(format!(
                "Wrote {} slides to {}",
                Slide::ALL.len(),
                export.folder.display()
            ));
            self.exporting = None;
            self.slide = 0;
        }
    }

    fn picture(&mut self, ui: &mut egui::Ui, deck: &Deck<'_>, slide: Slide) {
        let size = ui.available_size();
        let (width, height) = (size.x.max(64.0) as u32, size.y.max(64.0) as u32);
        let key = (deck.revision, width, height);
        if self.pictures_key != Some(key) {
            self.pictures = vec![None; Slide::ALL.len()];
            self.pictures_key = Some(key);
        }
        let index = Slide::ALL.iter().position(|s| *s == slide).unwrap_or(0);
        if self.pictures.get(index).is_some_and(Option::is_none)
            && let Some(image) = (deck.render)(slide, width, height)
        {
            let texture = ui.ctx().load_texture(
                format!("slide {index}"),
                image,
                egui::TextureOptions::LINEAR,
            );
            if let Some(slot) = self.pictures.get_mut(index) {
                *slot = Some(texture);
            }
        }
        match self.pictures.get(index).and_then(Option::as_ref) {
            Some(texture) => {
                ui.add(egui::Image::new(texture).fit_to_exact_size(size));
            }
            None => {
                ui.label(RichText::new("Nothing to show for this plan.").size(22.0));
            }
        }
    }
}

fn big(ui: &mut egui::Ui, text: impl Into<String>) {
    ui.label(RichText::new(text).size(24.0).color(Color32::from_gray(30)));
}

fn summary(ui: &mut egui::Ui, deck: &Deck<'_>) {
    let project = deck.project;
    let prepared = &deck.briefing.prepared;
    let count = |s| prepared.findings.iter().filter(|f| f.severity == s).count();
    ui.add_space(12.0);
    big(ui, crate::wording::estate(project));
    let on_vsphere = project
        .hosts
        .values()
        .filter(|h| h.release().is_vsphere4_or_later())
        .count();
    big(
        ui,
        format!(
            "{on_vsphere} of {} hosts already on vSphere 4",
            project.hosts.len()
        ),
    );
    ui.add_space(12.0);
    ui.horizontal(|ui| {
        for (severity, colour, n) in [
            (
                "errors",
                theme::severity_on_slide(Severity::Error),
                count(Severity::Error),
            ),
            (
                "warnings",
                theme::severity_on_slide(Severity::Warning),
                count(Severity::Warning),
            ),
            (
                "info",
                theme::severity_on_slide(Severity::Info),
                count(Severity::Info),
            ),
        ] {
            ui.label(
                RichText::new(format!("{n} {severity}"))
                    .size(30.0)
                    .strong()
                    .color(colour),
            );
            ui.add_space(24.0);
        }
    });
    ui.label(
        RichText::new("in the design as it stands today")
            .size(18.0)
            .color(Color32::from_gray(90)),
    );
    ui.add_space(16.0);
    let clusters = &deck.briefing.readiness;
    ui.horizontal(|ui| {
        for kind in ReadinessKind::ALL {
            let (ready, not_ready) = counts(clusters, kind);
            let total = ready + not_ready;
            let colour = if not_ready == 0 {
                theme::GOOD_ON_SLIDE
            } else {
                theme::severity_on_slide(Severity::Error)
            };
            ui.label(
                RichText::new(format!("{} {ready} of {total} clusters", kind.label()))
                    .size(24.0)
                    .strong()
                    .color(colour),
            );
            ui.add_space(24.0);
        }
    });
    ui.add_space(16.0);
    let plan = &prepared.plan;
    let waves: usize = plan.stages.iter().map(|s| s.waves.len()).sum();
    let hours = prepared.simulation.timeline.end;
    let saved = if project.upgrade.is_some() {
        "Upgrade plan"
    } else {
        "Proposed upgrade plan (auto)"
    };
    big(
        ui,
        format!(
            "{saved} to ESX {}: {} stages, {waves} host waves, about {hours:.0} hours from start to finish",
            plan.target,
            plan.stages.len()
        ),
    );
    let errors = prepared.simulation.errors();
    let (text, colour) = if errors == 0 {
        (
            "No stage of the simulated plan has an error finding".to_owned(),
            theme::GOOD_ON_SLIDE,
        )
    } else {
        (
            format!("{errors} error findings in the simulated stages: fix before approval"),
            theme::severity_on_slide(Severity::Error),
        )
    };
    ui.label(RichText::new(text).size(24.0).strong().color(colour));
}

fn risks(ui: &mut egui::Ui, deck: &Deck<'_>) {
    let list = &deck.briefing.risks;
    if list.is_empty() {
        big(
            ui,
            "No errors or warnings, today or in any stage of the plan.",
        );
        return;
    }
    egui::ScrollArea::vertical().show(ui, |ui| {
        for risk in list.iter().take(8) {
            let colour = if risk.severity == Severity::Error {
                theme::severity_on_slide(Severity::Error)
            } else {
                theme::severity_on_slide(Severity::Warning)
            };
            ui.add_space(8.0);
            ui.label(
                RichText::new(format!(
                    "{} · {} · {} · {} objects · {}",
                    risk.impact.label(),
                    risk.rule,
                    risk.severity,
                    risk.objects,
                    risk.when.join(", ")
                ))
                .size(22.0)
                .strong()
                .color(colour),
            );
            ui.label(
                RichText::new(&risk.example)
                    .size(18.0)
                    .color(Color32::from_gray(40)),
            );
            ui.label(
                RichText::new(format!("Fix: {}", risk.fix))
                    .size(18.0)
                    .italics()
                    .color(theme::ACCENT_ON_SLIDE),
            );
        }
    });
}
