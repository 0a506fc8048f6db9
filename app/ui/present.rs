//! Present mode: full-screen slides for management (summary, topology, timeline, top risks, capacity), moved
//! with the arrow keys and left with Esc.

use egui::{Color32, RichText};

use crate::model::Project;
use crate::planner::Simulation;
use crate::rules::{Finding, Severity};

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

/// Present mode state.
#[derive(Default)]
pub struct Present {
    pub open: bool,
    pub slide: usize,
    /// Slide pictures, rendered once per document revision and size.
    pictures: Vec<Option<egui::TextureHandle>>,
    pictures_key: Option<(u64, u32, u32)>,
}

/// What a slide shows.
pub struct Deck<'a> {
    pub project: &'a Project,
    pub findings: &'a [Finding],
    pub simulation: Option<&'a Simulation>,
    pub revision: u64,
    /// Renders a slide's picture as RGBA pixels at a size, for the picture slides.
    pub render: &'a dyn Fn(Slide, u32, u32) -> Option<egui::ColorImage>,
}

/// Findings grouped by rule, worst and most frequent first: (rule, severity, count, an example, fix).
pub fn top_risks(
    findings: &[Finding],
    limit: usize,
) -> Vec<(&'static str, Severity, usize, String, String)> {
    let mut groups: std::collections::BTreeMap<(&'static str, Severity), (usize, String, String)> =
        std::collections::BTreeMap::new();
    for finding in findings.iter().filter(|f| f.severity >= Severity::Warning) {
        let entry = groups
            .entry((finding.rule, finding.severity))
            .or_insert_with(|| (0, finding.message.clone(), finding.fix.to_string()));
        entry.0 += 1;
    }
    let mut list: Vec<_> = groups
        .into_iter()
        .map(|((rule, severity), (count, example, fix))| (rule, severity, count, example, fix))
        .collect();
    list.sort_by(|a, b| b.1.cmp(&a.1).then(b.2.cmp(&a.2)).then(a.0.cmp(b.0)));
    list.truncate(limit);
    list
}

impl Present {
    /// Draws the current slide over the whole window and handles the keys; returns false when the user left.
    pub fn ui(&mut self, ui: &mut egui::Ui, deck: &Deck<'_>) -> bool {
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
            return false;
        }
        if next {
            self.slide = (self.slide + 1).min(Slide::ALL.len() - 1);
        }
        if previous {
            self.slide = self.slide.saturating_sub(1);
        }
        let slide = Slide::ALL[self.slide.min(Slide::ALL.len() - 1)];
        let frame = egui::Frame::new()
            .fill(Color32::from_rgb(250, 250, 252))
            .inner_margin(32.0);
        egui::CentralPanel::default().frame(frame).show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.label(
                    RichText::new(slide.title())
                        .size(34.0)
                        .strong()
                        .color(Color32::from_rgb(31, 95, 153)),
                );
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    if ui.button("Leave (Esc)").clicked() {
                        self.open = false;
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
            ui.separator();
            match slide {
                Slide::Summary => summary(ui, deck),
                Slide::Risks => risks(ui, deck),
                Slide::Topology | Slide::Timeline | Slide::Capacity => {
                    self.picture(ui, deck, slide)
                }
            }
        });
        self.open
    }

    fn picture(&mut self, ui: &mut egui::Ui, deck: &Deck<'_>, slide: Slide) {
        let size = ui.available_size();
        let (width, height) = (size.x.max(64.0) as u32, size.y.max(64.0) as u32);
        let key = (deck.revision, width / 64, height / 64);
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
    let count = |s| deck.findings.iter().filter(|f| f.severity == s).count();
    ui.add_space(12.0);
    big(
        ui,
        format!(
            "{} sites · {} enclosures · {} hosts · {} clusters · {} VMs",
            project.sites.len(),
            project.enclosures.len(),
            project.hosts.len(),
            project.clusters.len(),
            project.vms.len()
        ),
    );
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
                Color32::from_rgb(192, 57, 43),
                count(Severity::Error),
            ),
            (
                "warnings",
                Color32::from_rgb(230, 126, 34),
                count(Severity::Warning),
            ),
            (
                "info",
                Color32::from_rgb(46, 134, 193),
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
    match (deck.simulation, &project.upgrade) {
        (Some(simulation), Some(plan)) => {
            let waves: usize = plan.stages.iter().map(|s| s.waves.len()).sum();
            let hours: f32 = plan
                .stages
                .iter()
                .map(|s| crate::planner::describe::stage_hours(project, s))
                .sum();
            big(
                ui,
                format!(
                    "Upgrade plan to ESX {}: {} stages, {waves} host waves, about {hours:.0} hours of work",
                    plan.target,
                    plan.stages.len()
                ),
            );
            let errors = simulation.errors();
            let (text, colour) = if errors == 0 {
                (
                    "No stage of the simulated plan has an error finding".to_owned(),
                    Color32::from_rgb(39, 130, 80),
                )
            } else {
                (
                    format!("{errors} error findings in the simulated stages: fix before approval"),
                    Color32::from_rgb(192, 57, 43),
                )
            };
            ui.label(RichText::new(text).size(24.0).strong().color(colour));
        }
        _ => big(ui, "No upgrade plan yet: Plan > Plan upgrade makes one."),
    }
}

fn risks(ui: &mut egui::Ui, deck: &Deck<'_>) {
    let list = top_risks(deck.findings, 8);
    if list.is_empty() {
        big(ui, "No errors or warnings in the design.");
        return;
    }
    egui::ScrollArea::vertical().show(ui, |ui| {
        for (rule, severity, count, example, fix) in list {
            let colour = if severity == Severity::Error {
                Color32::from_rgb(192, 57, 43)
            } else {
                Color32::from_rgb(230, 126, 34)
            };
            ui.add_space(8.0);
            ui.label(
                RichText::new(format!("{rule} · {count} x {severity}"))
                    .size(22.0)
                    .strong()
                    .color(colour),
            );
            ui.label(
                RichText::new(example)
                    .size(18.0)
                    .color(Color32::from_gray(40)),
            );
            ui.label(
                RichText::new(format!("Fix: {fix}"))
                    .size(18.0)
                    .italics()
                    .color(Color32::from_rgb(31, 95, 153)),
            );
        }
    });
}
