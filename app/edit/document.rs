//! The open document: the plan file, its undo history, where it lives and whether it has unsaved changes.

use std::path::PathBuf;

use super::{Edit, EditError, Transaction};
use crate::io::PlanFile;
use crate::model::{Change, ObjectRef, Project};

/// Undo steps kept; older steps fall off the bottom.
pub const MAX_UNDO: usize = 200;

/// An applied transaction, kept as the inverse that undoes it and the state it led to.
#[derive(Clone, Debug)]
struct Step {
    label: String,
    /// Applying this undoes the step.
    inverse: Transaction,
    /// The state the document was in after the step.
    state: u64,
    /// The state the document was in before the step.
    state_before: u64,
}

/// Undo and redo stacks.
#[derive(Clone, Debug, Default)]
pub struct History {
    undo: Vec<Step>,
    redo: Vec<Step>,
}

impl History {
    /// The label of the step Undo would revert.
    pub fn undo_label(&self) -> Option<&str> {
        self.undo.last().map(|s| s.label.as_str())
    }

    /// The label of the step Redo would reapply.
    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|s| s.label.as_str())
    }

    /// Steps that can be undone.
    pub fn undo_len(&self) -> usize {
        self.undo.len()
    }
}

/// A plan being edited. The only ways to change it are [`Document::apply`], [`Document::undo`] and
/// [`Document::redo`].
#[derive(Clone, Debug)]
pub struct Document {
    plan: PlanFile,
    history: History,
    /// Where the plan is saved; `None` for a new, untitled plan.
    pub path: Option<PathBuf>,
    /// Bumped by every change, undo and redo: views cache derived data by it.
    revision: u64,
    /// Identifies the content: equal states mean equal plans (undo back to a saved state is clean).
    state: u64,
    next_state: u64,
    saved_state: u64,
    /// Where the inverse of the latest change sits, and the revision it made.
    last_change: Option<(u64, Stack)>,
}

/// One of the two history stacks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stack {
    Undo,
    Redo,
}

impl Document {
    /// A document around a plan, clean (as just loaded or created).
    pub fn new(plan: PlanFile, path: Option<PathBuf>) -> Self {
        Self {
            plan,
            history: History::default(),
            path,
            revision: 0,
            state: 0,
            next_state: 1,
            saved_state: 0,
            last_change: None,
        }
    }

    /// A document around a plan that was never saved anywhere (an import, say): dirty from the start, so the
    /// title shows it and closing asks first.
    pub fn unsaved(plan: PlanFile) -> Self {
        Self {
            saved_state: u64::MAX,
            ..Self::new(plan, None)
        }
    }

    /// The plan file.
    pub fn plan(&self) -> &PlanFile {
        &self.plan
    }

    /// The project.
    pub fn project(&self) -> &Project {
        &self.plan.project
    }

    /// The undo history.
    pub fn history(&self) -> &History {
        &self.history
    }

    /// Changes whenever the content changes.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// The latest change: the revision it made and what every object it touched was before it, taken from the
    /// step that reverts it. A view updates only those. `None` before the first change.
    pub fn last_change(&self) -> Option<Change<'_>> {
        let (revision, stack) = self.last_change?;
        let step = match stack {
            Stack::Undo => self.history.undo.last(),
            Stack::Redo => self.history.redo.last(),
        }?;
        let touched = step
            .inverse
            .edits
            .iter()
            .map(|edit| match edit {
                Edit::Put { object, value } => (*object, value.as_deref()),
                Edit::Describe { .. } | Edit::SetUpgrade { .. } | Edit::SetTiming { .. } => {
                    (ObjectRef::Plan, None)
                }
            })
            .collect();
        Some(Change { revision, touched })
    }

    /// The plan differs from what was last saved or loaded.
    pub fn is_dirty(&self) -> bool {
        self.state != self.saved_state
    }

    /// Applies a transaction as one undo step. A refused transaction changes nothing.
    pub fn apply(&mut self, tx: Transaction) -> Result<(), EditError> {
        if tx.edits.is_empty() {
            return Ok(());
        }
        let label = tx.label.clone();
        let inverse = tx.apply(&mut self.plan.project)?;
        let state_before = self.state;
        self.state = self.next_state;
        self.next_state += 1;
        self.revision += 1;
        self.history.redo.clear();
        self.history.undo.push(Step {
            label,
            inverse,
            state: self.state,
            state_before,
        });
        if self.history.undo.len() > MAX_UNDO {
            self.history.undo.remove(0);
        }
        self.last_change = Some((self.revision, Stack::Undo));
        Ok(())
    }

    /// Reverts the last step; returns its label.
    pub fn undo(&mut self) -> Option<String> {
        let step = self.history.undo.pop()?;
        let redo = match step.inverse.clone().apply(&mut self.plan.project) {
            Ok(redo) => redo,
            Err(_) => {
                // The inverse of an applied step restores a valid state; if it ever fails, keep the step.
                self.history.undo.push(step);
                return None;
            }
        };
        self.state = step.state_before;
        self.revision += 1;
        let label = step.label.clone();
        self.history.redo.push(Step {
            label: step.label,
            inverse: redo,
            state: step.state,
            state_before: step.state_before,
        });
        self.last_change = Some((self.revision, Stack::Redo));
        Some(label)
    }

    /// Reapplies the last undone step; returns its label.
    pub fn redo(&mut self) -> Option<String> {
        let step = self.history.redo.pop()?;
        let undo = match step.inverse.clone().apply(&mut self.plan.project) {
            Ok(undo) => undo,
            Err(_) => {
                self.history.redo.push(step);
                return None;
            }
        };
        self.state = step.state;
        self.revision += 1;
        let label = step.label.clone();
        self.history.undo.push(Step {
            label: step.label,
            inverse: undo,
            state: step.state,
            state_before: step.state_before,
        });
        self.last_change = Some((self.revision, Stack::Undo));
        Some(label)
    }

    /// Records that the current content is what is on disk at `path`.
    pub fn mark_saved(&mut self, path: PathBuf) {
        self.path = Some(path);
        self.saved_state = self.state;
    }

    /// Saves atomically to `path` and marks the document clean.
    pub fn save_to(&mut self, path: PathBuf) -> Result<(), crate::io::SaveError> {
        self.plan.save(&path)?;
        self.mark_saved(path);
        Ok(())
    }
}
