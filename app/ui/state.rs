//! UI state that is not part of the plan: selection, the canvas view, panel toggles and recent files.
//! The persisted part is saved by eframe between runs; the rest lives for one run.

use std::collections::BTreeSet;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::model::ObjectRef;

/// Recent files kept in the File menu.
pub const MAX_RECENT: usize = 10;

/// The canvas view: world-to-screen is `screen = origin + (world - pan) * zoom`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct View {
    /// The world point at the canvas' top-left corner.
    pub pan: [f32; 2],
    pub zoom: f32,
}

impl Default for View {
    fn default() -> Self {
        Self {
            pan: [-40.0, -40.0],
            zoom: 0.8,
        }
    }
}

/// What survives a restart (eframe storage).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Persisted {
    pub recent_files: Vec<PathBuf>,
    /// The file open at exit, reopened at the next start.
    pub last_file: Option<PathBuf>,
    pub view: View,
}

impl Persisted {
    /// Puts a file at the top of the recent list.
    pub fn remember(&mut self, path: PathBuf) {
        self.recent_files.retain(|p| p != &path);
        self.recent_files.insert(0, path.clone());
        self.recent_files.truncate(MAX_RECENT);
        self.last_file = Some(path);
    }
}

/// Per-run UI state.
#[derive(Clone, Debug, Default)]
pub struct UiState {
    pub persisted: Persisted,
    pub selection: BTreeSet<ObjectRef>,
    pub palette_filter: String,
    pub outline_filter: String,
    /// The rule whose documentation window is open.
    pub explain: Option<&'static str>,
    /// One-line messages (refusals, saves), newest last, with the time they were shown.
    pub toasts: Vec<(String, f64)>,
    /// The help window is open.
    pub show_shortcuts: bool,
    /// A world point to bring into view next frame.
    pub reveal: Option<ObjectRef>,
    pub zoom_to_fit: bool,
    /// The shape the floor of racks is laid out for: taken from the canvas once per opened plan (and at Zoom to
    /// fit), so edits never reflow it; `None` until the canvas has been measured.
    pub floor_shape: Option<super::layout::FloorShape>,
    /// Where the canvas was drawn last frame, in screen points.
    pub canvas_rect: Option<egui::Rect>,
}

impl UiState {
    /// Replaces the selection with one object.
    pub fn select_only(&mut self, object: ObjectRef) {
        self.selection.clear();
        self.selection.insert(object);
    }

    /// Adds or removes an object from the selection.
    pub fn toggle(&mut self, object: ObjectRef) {
        if !self.selection.remove(&object) {
            self.selection.insert(object);
        }
    }

    /// Shows a message in the status area.
    pub fn toast(&mut self, message: impl Into<String>, now: f64) {
        self.toasts.push((message.into(), now));
        if self.toasts.len() > 5 {
            self.toasts.remove(0);
        }
    }

    /// The newest message, if any.
    pub fn last_toast(&self) -> Option<&str> {
        self.toasts.last().map(|(m, _)| m.as_str())
    }
}
