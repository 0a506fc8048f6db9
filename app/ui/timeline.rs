//! The upgrade timeline: the plan's stages and host waves (drag hosts between waves, reorder stages, set
//! windows), the stage slider that shows the canvas as the estate stands then, and findings per stage.

use std::collections::BTreeSet;

use egui::{Color32, RichText};

use crate::edit::{Edit, Transaction};
use crate::io::RuleConfig;
use crate::model::{HostId, Project, UpgradePlan, Window};
use crate::planner::{self, MomentInfo, Simulation};
use crate::refdata::ReferenceData;
use crate::rules::{Finding, Severity};

use super::action::Action;
use super::commands::UiCommand;
use super::panel::PanelContext;
use super::theme;

/// A host being dragged out of a wave: (stage, wave, host).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct HostDrag {
    stage: usize,
    wave: usize,
    host: HostId,
}

/// The simulation of the document's plan, kept until the document changes.
struct Simulated {
    revision: u64,
    simulation: Simulation,
    moments: Vec<MomentInfo>,
}

/// The projected estate at one slider position.
pub struct Projected {
    revision: u64,
    moment: usize,
    pub project: Project,
    pub in_maintenance: BTreeSet<HostId>,
    /// The projected estate's connectivity graph, built once per projection for the inspector, not per frame.
    pub connections: crate::topology::Connections,
}

/// Timeline panel state and caches.
#[derive(Default)]
pub struct Timeline {
    pub open: bool,
    /// Slider position: 0 is today, then each wave and each stage end.
    pub moment: usize,
    simulated: Option<Simulated>,
    projected: Option<Projected>,
    /// The findings panel's content at the slider's stage: (revision, moment, label, findings).
    shown: Option<(u64, usize, String, Vec<Finding>)>,
    /// The timing model being edited: kept while a value is dragged or typed, then committed as one edit.
    timing_draft: Option<crate::model::Timing>,
    timing_editing: bool,
    timing_open: bool,
}

impl Timeline {
    /// Brings the simulation and the projected state up to date with the document.
    pub fn refresh(
        &mut self,
        project: &Project,
        revision: u64,
        reference: &ReferenceData,
        config: &RuleConfig,
    ) {
        let Some(plan) = &project.upgrade else {
            self.simulated = None;
            self.projected = None;
            self.moment = 0;
            return;
        };
        if self
            .simulated
            .as_ref()
            .is_none_or(|s| s.revision != revision)
        {
            let simulation = planner::simulate(project, plan, reference, config);
            let moments = planner::moments(plan);
            self.moment = self.moment.min(moments.len().saturating_sub(1));
            self.simulated = Some(Simulated {
                revision,
                simulation,
                moments,
            });
        }
        if self.moment == 0 {
            self.projected = None;
            self.shown = None;
            return;
        }
        if self
            .shown
            .as_ref()
            .is_none_or(|(r, m, _, _)| *r != revision || *m != self.moment)
        {
            self.shown = self
                .findings_at_moment()
                .map(|(label, findings)| (revision, self.moment, label, findings));
        }
        if self
            .projected
            .as_ref()
            .is_none_or(|p| p.revision != revision || p.moment != self.moment)
        {
            let (state, in_maintenance) = planner::state_at(project, plan, reference, self.moment);
            let connections =
                crate::topology::Connections::build(&state, &crate::topology::ModulesDown::new());
            self.projected = Some(Projected {
                revision,
                moment: self.moment,
                project: state,
                in_maintenance,
                connections,
            });
        }
    }

    /// The projected estate the canvas shows, when the slider is not at today.
    pub fn projected(&self) -> Option<&Projected> {
        self.projected
            .as_ref()
            .filter(|p| p.moment == self.moment && self.moment > 0)
    }

    /// The simulation, when the document has a plan.
    pub fn simulation(&self) -> Option<&Simulation> {
        self.simulated.as_ref().map(|s| &s.simulation)
    }

    /// The findings of the stage the slider is on, when it is not at today (made once per slider move).
    pub fn stage_findings(&self) -> Option<(&str, &[Finding])> {
        self.shown
            .as_ref()
            .filter(|(_, moment, _, _)| *moment == self.moment && self.moment > 0)
            .map(|(_, _, label, findings)| (label.as_str(), findings.as_slice()))
    }

    fn findings_at_moment(&self) -> Option<(String, Vec<Finding>)> {
        let simulated = self.simulated.as_ref()?;
        let moment = simulated.moments.get(self.moment)?;
        let stage = simulated.simulation.stages.get(moment.stage?)?;
        let findings = stage
            .findings
            .iter()
            .filter(|f| moment.wave.is_none() || f.wave == moment.wave || f.at_stage_end())
            .map(|f| f.finding.clone())
            .collect();
        Some((moment.label.clone(), findings))
    }

    /// The slider's label.
    pub fn moment_label(&self) -> Option<&str> {
        self.simulated
            .as_ref()?
            .moments
            .get(self.moment)
            .map(|m| m.label.as_str())
    }
}

fn severity_counts(ui: &mut egui::Ui, errors: usize, warnings: usize, infos: usize) {
    let chip = |ui: &mut egui::Ui, n: usize, colour: Color32, what: &str| {
        let text = RichText::new(format!("{n} {what}")).small();
        ui.label(if n > 0 {
            text.color(colour)
        } else {
            text.weak()
        });
    };
    chip(ui, errors, theme::severity(Severity::Error), "E");
    chip(ui, warnings, theme::severity(Severity::Warning), "W");
    chip(ui, infos, theme::severity(Severity::Info), "I");
}

/// A plan edit as one undo step.
fn replace_plan(label: impl Into<String>, plan: UpgradePlan) -> Action {
    Action::Apply(Transaction::new(label).with(Edit::SetUpgrade {
        plan: Some(Box::new(plan)),
    }))
}

/// A window editor: date, start and hours as text; returns the new window when one field was committed.
fn window_editor(
    ui: &mut egui::Ui,
    id: egui::Id,
    window: Option<&Window>,
) -> Option<Option<Window>> {
    let current = window.cloned().unwrap_or_default();
    let mut draft: (String, String, String) = ui.data_mut(|d| {
        d.get_temp(id).unwrap_or_else(|| {
            (
                current.date.clone(),
                current.start.clone(),
                if current.hours > 0.0 {
                    format!("{}", current.hours)
                } else {
                    String::new()
                },
            )
        })
    });
    let mut committed = false;
    ui.horizontal(|ui| {
        let date = ui.add(
            egui::TextEdit::singleline(&mut draft.0)
                .hint_text("2010-01-16")
                .desired_width(78.0),
        );
        let start = ui.add(
            egui::TextEdit::singleline(&mut draft.1)
                .hint_text("22:00")
                .desired_width(42.0),
        );
        let hours = ui.add(
            egui::TextEdit::singleline(&mut draft.2)
                .hint_text("h")
                .desired_width(30.0),
        );
        committed = date.lost_focus() || start.lost_focus() || hours.lost_focus();
        if date.has_focus() || start.has_focus() || hours.has_focus() {
            ui.data_mut(|d| d.insert_temp(id, draft.clone()));
        }
    });
    if !committed {
        return None;
    }
    ui.data_mut(|d| d.remove::<(String, String, String)>(id));
    let hours: f32 = draft.2.trim().parse().unwrap_or(0.0);
    let window = Window {
        date: draft.0.trim().to_owned(),
        start: draft.1.trim().to_owned(),
        hours,
    };
    let empty = window.date.is_empty() && window.start.is_empty() && hours <= 0.0;
    let new = (!empty).then_some(window);
    let old = (current != Window::default()).then_some(current);
    (new != old).then_some(new)
}

/// The plan's timing model: each figure a drag or a typed value, committed as one edit when the gesture ends.
fn timing_editor(
    ui: &mut egui::Ui,
    project: &Project,
    timeline: &mut Timeline,
    actions: &mut Vec<Action>,
) {
    let editing = timeline.timing_editing;
    let draft = timeline.timing_draft.get_or_insert(project.timing);
    if !editing {
        *draft = project.timing;
    }
    let mut still_editing = false;
    let mut commit = false;
    egui::Grid::new("timing-grid")
        .num_columns(2)
        .spacing([8.0, 4.0])
        .show(ui, |ui| {
            let mut row = |ui: &mut egui::Ui,
                           label: &str,
                           value: &mut u32,
                           range: std::ops::RangeInclusive<u32>,
                           suffix: &str| {
                let name = ui.label(label);
                let response = ui
                    .add(
                        egui::DragValue::new(value)
                            .update_while_editing(false)
                            .range(range)
                            .suffix(suffix),
                    )
                    .labelled_by(name.id);
                if response.dragged() || response.has_focus() {
                    still_editing = true;
                }
                if response.drag_stopped() || (response.changed() && !response.dragged()) {
                    commit = true;
                }
                ui.end_row();
            };
            row(
                ui,
                "Hosts upgraded at once",
                &mut draft.parallel_host_upgrades,
                1..=500,
                "",
            );
            row(
                ui,
                "Host upgrade",
                &mut draft.host_upgrade_minutes,
                5..=1440,
                " min",
            );
            row(
                ui,
                "Blade firmware per host",
                &mut draft.host_firmware_minutes,
                5..=1440,
                " min",
            );
            row(
                ui,
                "Hands-on tasks at once",
                &mut draft.parallel_tasks,
                1..=100,
                "",
            );
            row(
                ui,
                "Guest upgrade per VM",
                &mut draft.guest_upgrade_minutes,
                1..=240,
                " min",
            );
            row(
                ui,
                "Guest reboot",
                &mut draft.guest_reboot_minutes,
                1..=240,
                " min",
            );
            row(
                ui,
                "VMs at once per host",
                &mut draft.guests_per_host,
                1..=64,
                "",
            );
            row(
                ui,
                "VMs at once in the estate",
                &mut draft.parallel_guest_upgrades,
                1..=5000,
                "",
            );
        });
    let draft = *draft;
    timeline.timing_editing = still_editing;
    if ui
        .add_enabled(
            !project.timing.is_default(),
            egui::Button::new("Back to the defaults"),
        )
        .clicked()
    {
        actions.push(Action::Apply(Transaction::new("Reset timing").with(
            Edit::SetTiming {
                timing: crate::model::Timing::default(),
            },
        )));
    } else if commit && draft != project.timing {
        actions.push(Action::Apply(
            Transaction::new("Set timing").with(Edit::SetTiming { timing: draft }),
        ));
    }
}

/// The timeline panel.
pub fn timeline_ui(ui: &mut egui::Ui, panel: PanelContext<'_>, timeline: &mut Timeline) {
    let PanelContext {
        project, actions, ..
    } = panel;
    let moment_before = timeline.moment;
    ui.horizontal(|ui| {
        ui.strong("Upgrade plan");
        let Some(plan) = &project.upgrade else {
            ui.label("No upgrade plan yet.");
            if ui.button("Plan upgrade").clicked() {
                actions.push(Action::Command(UiCommand::PlanUpgrade));
            }
            return;
        };
        ui.label(format!("to ESX {}", plan.target));
        if ui
            .button("Re-plan")
            .on_hover_text("Replace this plan with a new auto-plan from the current estate")
            .clicked()
        {
            actions.push(Action::Command(UiCommand::PlanUpgrade));
        }
        if ui.button("Export runbook…").clicked() {
            actions.push(Action::Command(UiCommand::ExportRunbook));
        }
        ui.separator();
        let count: usize = timeline.simulated.as_ref().map_or(1, |s| s.moments.len());
        let label = timeline.moment_label().unwrap_or("").to_owned();
        ui.label("Stage");
        ui.add(
            egui::Slider::new(&mut timeline.moment, 0..=count.saturating_sub(1))
                .show_value(false)
                .text(label),
        );
        if let Some(simulation) = timeline.simulation() {
            ui.separator();
            ui.label(format!(
                "{} over all stages",
                crate::wording::count(simulation.errors(), "error finding", "error findings")
            ));
            ui.separator();
            ui.label(format!(
                "about {:.0} h from start to finish",
                simulation.timeline.end
            ))
            .on_hover_text(planner::timing::assumptions(&project.timing));
        }
        if ui
            .selectable_label(timeline.timing_open, "Timing…")
            .on_hover_text("How long the work takes and how much runs at once")
            .clicked()
        {
            timeline.timing_open = !timeline.timing_open;
        }
        if timeline.timing_open {
            let mut open = true;
            egui::Window::new("Timing of the plan")
                .open(&mut open)
                .resizable(false)
                .collapsible(false)
                .show(ui.ctx(), |ui| timing_editor(ui, project, timeline, actions));
            timeline.timing_open &= open;
        }
    });
    let Some(plan) = project.upgrade.clone() else {
        return;
    };
    let current_stage = timeline
        .simulated
        .as_ref()
        .and_then(|s| s.moments.get(timeline.moment))
        .and_then(|m| m.stage);
    let stage_end_moment = |stage: usize| -> Option<usize> {
        timeline
            .simulated
            .as_ref()?
            .moments
            .iter()
            .position(|m| m.stage == Some(stage) && m.wave.is_none())
    };
    let ends: Vec<Option<usize>> = (0..plan.stages.len()).map(stage_end_moment).collect();
    let mut jump_to: Option<usize> = None;
    egui::ScrollArea::horizontal().show(ui, |ui| {
        ui.horizontal_top(|ui| {
            for (index, stage) in plan.stages.iter().enumerate() {
                let selected = current_stage == Some(index);
                let frame = egui::Frame::group(ui.style()).fill(if selected {
                    theme::SELECTED_STAGE
                } else {
                    ui.visuals().extreme_bg_color
                });
                frame.show(ui, |ui| {
                    ui.set_min_width(170.0);
                    ui.vertical(|ui| {
                        let title = format!("{index}. {}", stage.title());
                        if ui
                            .add(egui::Button::selectable(
                                selected,
                                RichText::new(title).strong(),
                            ))
                            .on_hover_text(stage.kind.purpose())
                            .clicked()
                        {
                            jump_to = ends.get(index).copied().flatten();
                        }
                        ui.horizontal(|ui| {
                            if let Some(outcome) =
                                timeline.simulation().and_then(|s| s.stages.get(index))
                            {
                                severity_counts(
                                    ui,
                                    outcome.count(Severity::Error),
                                    outcome.count(Severity::Warning),
                                    outcome.count(Severity::Info),
                                );
                            }
                            if let Some(simulation) = timeline.simulation() {
                                ui.label(
                                    RichText::new(planner::timing::hours_label(
                                        simulation.timeline.stage_hours(index),
                                    ))
                                    .small()
                                    .weak(),
                                );
                            }
                        });
                        ui.horizontal(|ui| {
                            if ui
                                .add_enabled(index > 0, egui::Button::new("<").small())
                                .on_hover_text("Run this stage earlier")
                                .clicked()
                            {
                                let mut moved = plan.clone();
                                moved.stages.swap(index, index - 1);
                                actions.push(replace_plan(
                                    format!("Move stage {} earlier", stage.title()),
                                    moved,
                                ));
                            }
                            if ui
                                .add_enabled(
                                    index + 1 < plan.stages.len(),
                                    egui::Button::new(">").small(),
                                )
                                .on_hover_text("Run this stage later")
                                .clicked()
                            {
                                let mut moved = plan.clone();
                                moved.stages.swap(index, index + 1);
                                actions.push(replace_plan(
                                    format!("Move stage {} later", stage.title()),
                                    moved,
                                ));
                            }
                            ui.label(
                                RichText::new(crate::wording::count(
                                    stage.steps.len(),
                                    "step",
                                    "steps",
                                ))
                                .small()
                                .weak(),
                            );
                        });
                        if let Some(window) = window_editor(
                            ui,
                            egui::Id::unique(("stage window", index)),
                            stage.window.as_ref(),
                        ) {
                            let mut changed = plan.clone();
                            changed.stages[index].window = window;
                            actions.push(replace_plan(
                                format!("Set the window of {}", stage.title()),
                                changed,
                            ));
                        }
                        for wave_index in 0..stage.waves.len() {
                            let hours = timeline
                                .simulation()
                                .map(|s| s.timeline.wave_hours(index, wave_index));
                            wave_ui(ui, project, &plan, index, wave_index, hours, actions);
                        }
                        if !stage.waves.is_empty() && ui.small_button("Add wave").clicked() {
                            let mut changed = plan.clone();
                            let number = changed.stages[index].waves.len() + 1;
                            changed.stages[index].waves.push(crate::model::Wave {
                                name: format!("Wave {number}"),
                                ..Default::default()
                            });
                            actions.push(replace_plan("Add a wave", changed));
                        }
                    });
                });
            }
        });
    });
    if let Some(moment) = jump_to {
        timeline.moment = moment;
    }
    if timeline.moment != moment_before {
        // The projected estate is made at the start of the next frame.
        ui.ctx().request_repaint();
    }
}

fn wave_ui(
    ui: &mut egui::Ui,
    project: &Project,
    plan: &UpgradePlan,
    stage: usize,
    wave_index: usize,
    hours: Option<f64>,
    actions: &mut Vec<Action>,
) {
    let Some(wave) = plan.stages.get(stage).and_then(|s| s.waves.get(wave_index)) else {
        return;
    };
    let frame = egui::Frame::new()
        .inner_margin(4.0)
        .corner_radius(3.0)
        .fill(theme::WAVE_DROP_ZONE);
    let (_, dropped) = ui.dnd_drop_zone::<HostDrag, ()>(frame, |ui| {
        ui.set_min_width(160.0);
        ui.label(
            RichText::new(match hours {
                Some(hours) => format!("{} ({})", wave.name, planner::timing::hours_label(hours)),
                None => wave.name.clone(),
            })
            .small()
            .strong(),
        );
        ui.horizontal_wrapped(|ui| {
            for &host in &wave.hosts {
                let name = project.host_name(host);
                let id = egui::Id::unique(("wave host", stage, wave_index, host));
                ui.dnd_drag_source(
                    id,
                    HostDrag {
                        stage,
                        wave: wave_index,
                        host,
                    },
                    |ui| {
                        ui.add(egui::Label::new(RichText::new(name).small()).selectable(false))
                            .on_hover_text("Drag to another wave");
                    },
                );
            }
            if wave.hosts.is_empty() {
                ui.label(RichText::new("drop hosts here").small().weak());
            }
        });
    });
    if let Some(drag) = dropped
        && (drag.stage, drag.wave) != (stage, wave_index)
    {
        let mut changed = plan.clone();
        // The host's licence key moves with it: keyed in its old wave, it would be keyed before its upgrade.
        changed.move_wave_host((drag.stage, drag.wave), (stage, wave_index), drag.host);
        actions.push(replace_plan(
            format!("Move {} to {}", project.host_name(drag.host), wave.name),
            changed,
        ));
    }
}
