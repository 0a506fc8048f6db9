//! What the window draws each frame: the designer's panels around the canvas, or present mode in their place.

use std::collections::BTreeSet;

use super::{Action, DcApp, UiCommand};
use crate::rules::Severity;
use crate::ui::canvas::{self, CanvasInput};
use crate::ui::panel::PanelContext;
use crate::ui::{findings_panel, inspector, outline, palette, timeline};

impl DcApp {
    /// The designer's panels around the canvas: menus, status bar, findings, timeline, palette and outline,
    /// inspector; what they ask for lands in `actions`.
    pub(super) fn panels_ui(&mut self, ui: &mut egui::Ui, actions: &mut Vec<Action>) {
        egui::Panel::top("menu").show(ui, |ui| self.menu_ui(ui, actions));
        egui::Panel::bottom("status").show(ui, |ui| self.status_ui(ui, self.now));
        let stage_findings = self.timeline.stage_findings();
        let (e, w, i) = self.finding_counts();
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
                    let panel =
                        PanelContext::new(&self.doc, &self.reference, &mut self.state, actions);
                    findings_panel::findings_ui(ui, panel, findings);
                }
                None => {
                    ui.horizontal(|ui| {
                        ui.strong("Findings");
                        ui.label(format!("{e} errors, {w} warnings, {i} info"));
                    });
                    let panel =
                        PanelContext::new(&self.doc, &self.reference, &mut self.state, actions);
                    findings_panel::findings_ui(ui, panel, self.live.findings());
                }
            });
        if self.timeline.open {
            egui::Panel::bottom("timeline")
                .resizable(true)
                .default_size(210.0)
                .show(ui, |ui| {
                    let panel =
                        PanelContext::new(&self.doc, &self.reference, &mut self.state, actions);
                    timeline::timeline_ui(ui, panel, &mut self.timeline);
                });
        }
        egui::Panel::left("left")
            .resizable(true)
            .default_size(250.0)
            .show(ui, |ui| {
                ui.strong("Palette");
                let panel = PanelContext::new(&self.doc, &self.reference, &mut self.state, actions);
                palette::palette_ui(ui, panel);
                ui.separator();
                let panel = PanelContext::new(&self.doc, &self.reference, &mut self.state, actions);
                outline::outline_ui(ui, panel, &mut self.outline_tab);
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
                    _ => {
                        let panel =
                            PanelContext::new(&self.doc, &self.reference, &mut self.state, actions);
                        inspector::inspector_ui(ui, panel, &mut self.draft);
                    }
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
                floor: self.stage_canvas.as_ref().map_or(&self.floor, |c| &c.floor),
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
    }

    /// Present mode in place of the designer; the plan (saved or auto) is simulated once per revision.
    pub(super) fn present_ui(&mut self, ui: &mut egui::Ui, now: f64, actions: Vec<Action>) {
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
            let briefing = crate::ui::present::Briefing::new(&plan.project, prepared);
            self.present.briefing = Some((revision, briefing));
        }
        let mut present = std::mem::take(&mut self.present);
        if let Some((briefing_revision, briefing)) = present.briefing.take() {
            let project = self.doc.project();
            let render = |slide: crate::ui::present::Slide, width: u32, height: u32| {
                crate::ui::present_pictures::render(
                    project,
                    &briefing.prepared,
                    slide,
                    width,
                    height,
                )
            };
            let deck = crate::ui::present::Deck {
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
}
