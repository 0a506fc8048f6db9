//! The one edit path: every change to a plan is a [`Transaction`] of [`Edit`]s applied through [`Document`],
//! so undo and redo, the dirty flag and autosave come from one place.
//!
//! An edit puts one object (or removes it) and returns its exact inverse, worked out from the state it replaced.
//! A transaction that would leave a dangling reference is rolled back whole and reported as an [`EditError`].

mod build;
mod copy;
mod document;
mod object;

pub use crate::model::ObjectValue;
pub use build::{
    DropTarget, NewObject, add, add_blade, add_module, join_cluster, mount, move_blade, taken_bays,
    unmount,
};
pub use copy::{CopyRefused, Paste, paste, replace_all};
pub use document::{Document, History, MAX_UNDO};
pub use object::{Edit, EditError, Transaction, cascade_delete};
