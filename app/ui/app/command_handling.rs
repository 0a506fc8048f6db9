//! Command handling: carries out the actions the panels pushed and the menu commands, in order, once per frame.

use super::document::Intent;
use super::{Action, DcApp, ErrorDialog, UiCommand, reveal_target};
use crate::edit::{Edit, ObjectValue, Transaction, cascade_delete, paste};
use crate::model::{ObjectRef, Project};

impl DcApp {
    /// Carries out one action.
    pub fn perform(&mut self, action: Action, now: f64) {
        match action {
            Action::Apply(tx) => {
                let label = tx.label.clone();
                if let Err(err) = self.doc.apply(tx) {
                    self.state.toast(format!("{label} refused: {err}"), now);
                }
            }
            Action::Select(object) => self.state.select_only(object),
            Action::Reveal(object) => {
                self.state.reveal = Some(reveal_target(self.doc.project(), object))
            }
            Action::Refuse(reason) => self.state.toast(reason, now),
            Action::Explain(rule) => self.state.explain = Some(rule),
            Action::Command(command) => self.command(command, now),
        }
    }

    pub(super) fn command(&mut self, command: UiCommand, now: f64) {
        match command {
            UiCommand::New => self.request(Intent::New),
            UiCommand::Open => self.request(Intent::Open(None)),
            UiCommand::ImportRvtools => self.request(Intent::Import(None)),
            UiCommand::Save => {
                self.save(false);
            }
            UiCommand::SaveAs => {
                self.save(true);
            }
            UiCommand::Undo => {
                if let Some(label) = self.doc.undo() {
                    self.state.toast(format!("Undid {label}"), now);
                }
            }
            UiCommand::Redo | UiCommand::RedoAlt => {
                if let Some(label) = self.doc.redo() {
                    self.state.toast(format!("Redid {label}"), now);
                }
            }
            UiCommand::Delete => {
                let objects: Vec<ObjectRef> = self.state.selection.iter().copied().collect();
                if !objects.is_empty() {
                    let label = format!("Delete {}", describe(self.doc.project(), &objects));
                    let tx = cascade_delete(self.doc.project(), &objects, &label);
                    match self.doc.apply(tx) {
                        Ok(()) => self.state.selection.clear(),
                        Err(err) => self.state.toast(format!("Cannot delete: {err}"), now),
                    }
                }
            }
            UiCommand::Copy => {
                self.clipboard = self
                    .state
                    .selection
                    .iter()
                    .filter_map(|o| ObjectValue::of(self.doc.project(), *o))
                    .collect();
                if !self.clipboard.is_empty() {
                    let names: Vec<&str> = self
                        .state
                        .selection
                        .iter()
                        .filter_map(|o| self.doc.project().name_of(*o))
                        .collect();
                    self.copied_text = Some(format!("dcplan: {}", names.join(", ")));
                }
            }
            UiCommand::Duplicate => {
                let values: Vec<ObjectValue> = self
                    .state
                    .selection
                    .iter()
                    .filter_map(|o| ObjectValue::of(self.doc.project(), *o))
                    .collect();
                self.paste_values(values, "Duplicate", now);
            }
            UiCommand::Paste => {
                let values = self.clipboard.clone();
                self.paste_values(values, "Paste", now);
            }
            UiCommand::SelectAll => {
                self.state.selection = self
                    .layout
                    .nodes
                    .iter()
                    .map(|n| n.object)
                    .filter(|o| !matches!(o, ObjectRef::Site(_)))
                    .collect();
            }
            UiCommand::ZoomToFit => {
                // Fitting also reflows the floor to the window's shape now: a view change, not an edit.
                self.state.floor_shape = None;
                self.state.zoom_to_fit = true;
            }
            UiCommand::ZoomToSelection => {
                if let Some(first) = self.state.selection.iter().next() {
                    self.state.reveal = Some(*first);
                }
            }
            UiCommand::ResetZoom => self.state.persisted.view = crate::ui::View::default(),
            UiCommand::Shortcuts => self.state.show_shortcuts = true,
            UiCommand::PlanUpgrade => {
                let plan = crate::planner::auto_plan(self.doc.project(), &self.reference);
                let label = if self.doc.project().upgrade.is_some() {
                    "Re-plan the upgrade"
                } else {
                    "Plan the upgrade"
                };
                self.timeline.open = true;
                self.perform(
                    Action::Apply(Transaction::new(label).with(Edit::SetUpgrade {
                        plan: Some(Box::new(plan)),
                    })),
                    now,
                );
            }
            UiCommand::ToggleTimeline => {
                self.timeline.open = !self.timeline.open;
                if !self.timeline.open {
                    self.timeline.moment = 0;
                }
            }
            UiCommand::ExportRunbook => self.export_runbook(),
            UiCommand::Present => self.present.start(),
        }
    }

    /// Adds copies of objects, offset on the canvas, renamed, blades put in free bays; the copies become the selection.
    pub(super) fn paste_values(&mut self, values: Vec<ObjectValue>, verb: &str, now: f64) {
        if values.is_empty() {
            return;
        }
        let paste = paste(self.doc.project(), values, verb);
        for refused in paste.refused {
            self.state.toast(refused.to_string(), now);
        }
        if paste.created.is_empty() {
            return;
        }
        match self.doc.apply(paste.transaction) {
            Ok(()) => self.state.selection = paste.created.into_iter().collect(),
            Err(err) => self.state.toast(format!("{verb} refused: {err}"), now),
        }
    }

    /// Writes the runbook of the plan (an auto-plan when there is none) where the user picks.
    pub(super) fn export_runbook(&mut self) {
        let suggested = format!(
            "{}-runbook.html",
            self.doc.project().name.replace(['/', '\\', ':', ' '], "-")
        );
        let Some(path) = self.dialogs.pick_save(&suggested) else {
            return;
        };
        let plan = self.doc.plan();
        let upgrade = crate::planner::saved_or_auto(&plan.project, &self.reference);
        let simulation =
            crate::planner::simulate(&plan.project, &upgrade, &self.reference, &plan.rules);
        let written = crate::export::runbook::write(
            &path,
            &plan.project,
            &upgrade,
            &simulation,
            &self.reference,
        );
        match written {
            Ok(()) => self
                .state
                .toast(format!("Wrote the runbook to {}", path.display()), self.now),
            Err(err) => self.error = Some(ErrorDialog::export("runbook", err.to_string())),
        }
    }
}

fn describe(project: &Project, objects: &[ObjectRef]) -> String {
    match objects {
        [one] => project.name_of(*one).unwrap_or("object").to_owned(),
        many => format!("{} objects", many.len()),
    }
}
