//! Exports: the upgrade runbook (Markdown and HTML) on a shared document model.

pub mod document;
pub mod runbook;
