//! User commands: one enum drives the menus, the keyboard shortcuts and the shortcut list under Help.

use egui::{Key, KeyboardShortcut, Modifiers};

/// Something the user asks for from a menu or a shortcut.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UiCommand {
    New,
    Open,
    Save,
    SaveAs,
    ImportRvtools,
    Undo,
    Redo,
    RedoAlt,
    Delete,
    Duplicate,
    Copy,
    Paste,
    SelectAll,
    ZoomToFit,
    ZoomToSelection,
    ResetZoom,
    Shortcuts,
    PlanUpgrade,
    ToggleTimeline,
    ExportRunbook,
    Present,
}

impl UiCommand {
    /// Every command with a shortcut, in the order Help lists them.
    pub const ALL: [Self; 21] = [
        Self::New,
        Self::Open,
        Self::Save,
        Self::SaveAs,
        Self::ImportRvtools,
        Self::Undo,
        Self::Redo,
        Self::RedoAlt,
        Self::Delete,
        Self::Duplicate,
        Self::Copy,
        Self::Paste,
        Self::SelectAll,
        Self::ZoomToFit,
        Self::ZoomToSelection,
        Self::ResetZoom,
        Self::PlanUpgrade,
        Self::ToggleTimeline,
        Self::ExportRunbook,
        Self::Present,
        Self::Shortcuts,
    ];

    /// `ALL` with the shortcuts holding more modifiers first: egui matches Ctrl+Z "logically", so Ctrl+Shift+Z
    /// must be tried before Ctrl+Z takes it.
    const BY_MODIFIERS: [Self; 21] = [
        Self::SaveAs,
        Self::Redo,
        Self::ZoomToSelection,
        Self::ExportRunbook,
        Self::PlanUpgrade,
        Self::ToggleTimeline,
        Self::New,
        Self::Open,
        Self::Save,
        Self::ImportRvtools,
        Self::Undo,
        Self::RedoAlt,
        Self::Duplicate,
        Self::Copy,
        Self::Paste,
        Self::SelectAll,
        Self::ZoomToFit,
        Self::ResetZoom,
        Self::Delete,
        Self::Present,
        Self::Shortcuts,
    ];

    /// The menu text.
    pub fn text(self) -> &'static str {
        match self {
            Self::New => "New",
            Self::Open => "Open…",
            Self::Save => "Save",
            Self::SaveAs => "Save As…",
            Self::ImportRvtools => "Import RVTools…",
            Self::Undo => "Undo",
            Self::Redo | Self::RedoAlt => "Redo",
            Self::Delete => "Delete",
            Self::Duplicate => "Duplicate",
            Self::Copy => "Copy",
            Self::Paste => "Paste",
            Self::SelectAll => "Select all",
            Self::ZoomToFit => "Zoom to fit",
            Self::ZoomToSelection => "Zoom to selection",
            Self::ResetZoom => "Reset zoom",
            Self::Shortcuts => "Keyboard shortcuts",
            Self::PlanUpgrade => "Plan upgrade",
            Self::ToggleTimeline => "Upgrade timeline",
            Self::ExportRunbook => "Export runbook…",
            Self::Present => "Present",
        }
    }

    /// The keyboard shortcut.
    pub fn shortcut(self) -> Option<KeyboardShortcut> {
        let cmd = Modifiers::COMMAND;
        let cmd_shift = Modifiers::COMMAND.plus(Modifiers::SHIFT);
        Some(match self {
            Self::New => KeyboardShortcut::new(cmd, Key::N),
            Self::Open => KeyboardShortcut::new(cmd, Key::O),
            Self::Save => KeyboardShortcut::new(cmd, Key::S),
            Self::SaveAs => KeyboardShortcut::new(cmd_shift, Key::S),
            Self::ImportRvtools => KeyboardShortcut::new(cmd, Key::I),
            Self::Undo => KeyboardShortcut::new(cmd, Key::Z),
            Self::Redo => KeyboardShortcut::new(cmd_shift, Key::Z),
            Self::RedoAlt => KeyboardShortcut::new(cmd, Key::Y),
            Self::Delete => KeyboardShortcut::new(Modifiers::NONE, Key::Delete),
            Self::Duplicate => KeyboardShortcut::new(cmd, Key::D),
            Self::Copy => KeyboardShortcut::new(cmd, Key::C),
            Self::Paste => KeyboardShortcut::new(cmd, Key::V),
            Self::SelectAll => KeyboardShortcut::new(cmd, Key::A),
            Self::ZoomToFit => KeyboardShortcut::new(cmd, Key::Num0),
            Self::ZoomToSelection => KeyboardShortcut::new(cmd_shift, Key::Num0),
            Self::ResetZoom => KeyboardShortcut::new(cmd, Key::Num1),
            Self::Shortcuts => KeyboardShortcut::new(Modifiers::NONE, Key::F1),
            Self::PlanUpgrade => KeyboardShortcut::new(cmd, Key::U),
            Self::ToggleTimeline => KeyboardShortcut::new(cmd, Key::T),
            Self::ExportRunbook => KeyboardShortcut::new(cmd_shift, Key::R),
            Self::Present => KeyboardShortcut::new(Modifiers::NONE, Key::F5),
        })
    }

    /// Commands whose shortcut was pressed this frame (text fields keep their own keys).
    pub fn pressed(ctx: &egui::Context) -> Vec<Self> {
        let typing = ctx.text_edit_focused();
        let mut pressed = Vec::new();
        // Longest modifier sets first, so Ctrl+Shift+Z is not also taken as Ctrl+Z.
        for command in Self::BY_MODIFIERS {
            let Some(shortcut) = command.shortcut() else {
                continue;
            };
            let is_editing_key = matches!(
                command,
                Self::Delete
                    | Self::Copy
                    | Self::Paste
                    | Self::SelectAll
                    | Self::Undo
                    | Self::Redo
                    | Self::RedoAlt
            );
            if typing && is_editing_key {
                continue;
            }
            if ctx.input_mut(|i| i.consume_shortcut(&shortcut)) {
                pressed.push(command);
            }
        }
        pressed
    }
}

#[cfg(test)]
fn modifier_count(modifiers: Modifiers) -> u8 {
    u8::from(modifiers.alt)
        + u8::from(modifiers.ctrl || modifiers.command)
        + u8::from(modifiers.shift)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortcuts_with_more_modifiers_are_tried_first() {
        let count = |c: UiCommand| c.shortcut().map_or(0, |s| modifier_count(s.modifiers));
        let counts: Vec<u8> = UiCommand::BY_MODIFIERS.iter().map(|c| count(*c)).collect();
        assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{counts:?}");
        let mut all = UiCommand::ALL.to_vec();
        all.retain(|c| !UiCommand::BY_MODIFIERS.contains(c));
        assert!(all.is_empty(), "every command is tried");
    }
}
