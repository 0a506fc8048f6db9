//! The dialogs over the designer: errors that name what failed, the unsaved-changes and recovery questions, rule
//! explanations and the shortcut list.

use super::DcApp;
use super::document::replace_all;
use crate::edit::Document;
use crate::io::autosave;
use crate::rules;
use crate::ui::commands::UiCommand;

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

impl DcApp {
    pub(super) fn dialogs_ui(&mut self, ctx: &egui::Context) {
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
}
