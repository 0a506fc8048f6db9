//! The dialogs over the designer: one `Modal` shape for the errors (titled with what failed) and the questions
//! that must be answered first (unsaved changes, recovery); rule explanations and the shortcut list as windows.

use super::DcApp;
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
    /// A plan that could not be read: nothing changed.
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

    /// An export (the runbook) that could not be written.
    pub fn export(what: &str, message: impl Into<String>) -> Self {
        Self {
            title: format!("The {what} export failed"),
            consequence: "Nothing was written; any earlier file stays as it was.".to_owned(),
            message: message.into(),
        }
    }

    /// An RVTools import that could not start.
    pub fn import(message: impl Into<String>) -> Self {
        Self {
            title: "Cannot import the RVTools export".to_owned(),
            consequence: "Nothing was imported.".to_owned(),
            message: message.into(),
        }
    }
}

/// One shape for every dialog the user must answer before going on: a title naming what failed or what is asked,
/// a body, a row of buttons. Drawn with `egui::Modal`, so the designer behind it waits for the answer.
struct Modal<'a, T> {
    /// Names the dialog's layer; one per kind of dialog so two can stack.
    id: &'static str,
    title: &'a str,
    /// Each button's text and the answer it gives.
    buttons: &'a [(&'a str, T)],
    /// The answer that Escape or a click beside the dialog gives; `None` when only a button may answer.
    dismissed: Option<T>,
}

impl<T: Copy> Modal<'_, T> {
    /// Draws the dialog; the answer, in the frame it is given.
    fn show(self, ctx: &egui::Context, body: impl FnOnce(&mut egui::Ui)) -> Option<T> {
        let response = egui::Modal::new(egui::Id::unique(("modal", self.id))).show(ctx, |ui| {
            ui.set_max_width(560.0);
            ui.heading(self.title);
            ui.add_space(4.0);
            body(ui);
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                let mut answer = None;
                for &(text, value) in self.buttons {
                    if ui.button(text).clicked() {
                        answer = Some(value);
                    }
                }
                answer
            })
            .inner
        });
        match (response.inner, self.dismissed) {
            (Some(answer), _) => Some(answer),
            (None, Some(dismissed)) if response.should_close() => Some(dismissed),
            _ => None,
        }
    }
}

/// The answers to "Recover unsaved work?".
#[derive(Clone, Copy)]
enum Recovery {
    Recover,
    Discard,
}

/// The answers to "Unsaved changes".
#[derive(Clone, Copy)]
enum Unsaved {
    Save,
    DontSave,
    Cancel,
}

impl DcApp {
    pub(super) fn dialogs_ui(&mut self, ctx: &egui::Context) {
        if let Some(error) = &self.error {
            let modal = Modal {
                id: "error",
                title: &error.title,
                buttons: &[("OK", ())],
                dismissed: Some(()),
            };
            let answer = modal.show(ctx, |ui| {
                ui.label(error.consequence.as_str());
                ui.monospace(&error.message);
            });
            if answer.is_some() {
                self.error = None;
            }
        }
        if self.recovery.is_some() {
            let modal = Modal {
                id: "recovery",
                title: "Recover unsaved work?",
                buttons: &[
                    ("Recover", Recovery::Recover),
                    ("Discard", Recovery::Discard),
                ],
                // Work may be lost either way: only a button answers.
                dismissed: None,
            };
            let answer = modal.show(ctx, |ui| {
                ui.label(
                    "dcplan found autosaved changes that were never saved, probably from a crash.",
                );
            });
            match answer {
                Some(Recovery::Recover) => {
                    if let Some(plan) = self.recovery.take() {
                        let path = self.doc.path.clone();
                        // Recovered work is unsaved: keep the file path but mark it dirty by applying it as one step.
                        let mut recovered = Document::new(self.doc.plan().clone(), path);
                        let tx = crate::edit::replace_all(
                            self.doc.project(),
                            &plan.project,
                            "Recover autosaved work",
                        );
                        if recovered.apply(tx).is_ok() {
                            self.replace_document(recovered);
                        }
                    }
                }
                Some(Recovery::Discard) => {
                    self.recovery = None;
                    autosave::discard(&self.sidecar());
                }
                None => {}
            }
        }
        if let Some(intent) = self.pending.clone() {
            let modal = Modal {
                id: "unsaved",
                title: "Unsaved changes",
                buttons: &[
                    ("Save", Unsaved::Save),
                    ("Don't save", Unsaved::DontSave),
                    ("Cancel", Unsaved::Cancel),
                ],
                dismissed: Some(Unsaved::Cancel),
            };
            let name = &self.doc.project().name;
            let answer = modal.show(ctx, |ui| {
                ui.label(format!("Save the changes to {name} first?"));
            });
            match answer {
                Some(Unsaved::Save) => {
                    self.pending = None;
                    if self.save(false) {
                        self.carry_out(intent, ctx);
                    }
                }
                Some(Unsaved::DontSave) => {
                    self.pending = None;
                    self.carry_out(intent, ctx);
                }
                Some(Unsaved::Cancel) => self.pending = None,
                None => {}
            }
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
