//! `Action`: what a panel asks the designer to do. Panels push actions; the shell carries them out once per frame,
//! in order, so the panels never hold the document mutably and never depend on the shell.

use super::commands::UiCommand;
use crate::edit::Transaction;
use crate::model::ObjectRef;

/// Something a panel asks for; drained once per frame, in order.
#[derive(Debug)]
pub enum Action {
    /// Apply an edit to the document as one undo step; a refused edit is said in a toast.
    Apply(Transaction),
    /// Make this object the only selected one.
    Select(ObjectRef),
    /// Move the canvas so the object (or the node that draws it) is in view.
    Reveal(ObjectRef),
    /// Say why a gesture did nothing.
    Refuse(String),
    /// Run a menu command, as its menu item or shortcut would.
    Command(UiCommand),
    /// Show the explanation of a rule, by its ID.
    Explain(&'static str),
}
