//! `PanelContext`: what the designer lends a panel for one frame. The panel reads the plan through it and pushes
//! `Action`s onto it; it never holds the document, so the panels depend on this module and not on the shell.

use super::action::Action;
use super::state::UiState;
use crate::edit::Document;
use crate::model::Project;
use crate::refdata::ReferenceData;

/// The plan as it stands today, the reference data in force, the UI state and the frame's actions.
pub struct PanelContext<'a> {
    pub project: &'a Project,
    /// The reference data the rules check against (the same as `dcplan check` loads).
    pub reference: &'a ReferenceData,
    /// The document's revision: a panel's draft made at another revision belongs to another plan.
    pub revision: u64,
    /// Selection, filters and view.
    pub state: &'a mut UiState,
    /// What the panel asks for; carried out after every panel is drawn.
    pub actions: &'a mut Vec<Action>,
}

impl<'a> PanelContext<'a> {
    /// Lends `doc`, `reference` and `state` to one panel.
    pub fn new(
        doc: &'a Document,
        reference: &'a ReferenceData,
        state: &'a mut UiState,
        actions: &'a mut Vec<Action>,
    ) -> Self {
        Self {
            project: doc.project(),
            reference,
            revision: doc.revision(),
            state,
            actions,
        }
    }
}
