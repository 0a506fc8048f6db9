//! The menu bar (every item a `UiCommand`, with its shortcut) and the status bar (finding counts, the estate, the
//! reference data in force, the latest message).

use super::document::Intent;
use super::{Action, DcApp, UiCommand};
use crate::rules::Severity;
use crate::ui::findings_panel;

impl DcApp {
    pub(super) fn menu_ui(&mut self, ui: &mut egui::Ui, actions: &mut Vec<Action>) {
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

    pub(super) fn status_ui(&mut self, ui: &mut egui::Ui, now: f64) {
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
            if !self.live.settled() {
                ui.label("· checking the whole estate…").on_hover_text(
                    "The edited clusters are checked; the rest of the estate is being checked in the background",
                );
            }
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
