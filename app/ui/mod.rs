//! The designer window (egui/eframe): canvas, palette, outline, inspector and findings over one `Document`.
//! The only module that touches egui; everything it changes goes through `edit::Document`.

mod action;
mod app;
mod canvas;
mod commands;
mod files;
mod findings_panel;
mod import;
mod inspector;
mod layout;
mod outline;
mod palette;
mod panel;
mod present;
mod present_pictures;
mod state;
mod theme;
mod timeline;

use std::path::PathBuf;

pub use action::Action;
pub use app::{BUNDLED_SAMPLE, DcApp, ErrorDialog, Startup};
pub use commands::UiCommand;
pub use files::{FileDialogs, NativeDialogs, ScriptedDialogs};
pub use layout::Layout;
pub use state::{Persisted, UiState, View};

const PERSIST_KEY: &str = "dcplan";

/// Seconds between autosaves while a plan has unsaved changes.
pub const AUTOSAVE_SECS: f64 = 30.0;

struct EframeApp(DcApp);

impl eframe::App for EframeApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.0.show(ui);
        // Keep the autosave clock ticking while the user is idle with unsaved changes.
        if self.0.doc.is_dirty() {
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_secs(5));
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, PERSIST_KEY, self.0.persisted());
    }
}

/// The data directory for the untitled plan's autosave.
pub fn data_dir() -> PathBuf {
    std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
        .unwrap_or_else(std::env::temp_dir)
        .join("dcplan")
}

/// Opens the designer window and runs until it closes.
pub fn run(path: Option<PathBuf>, reference: Option<PathBuf>) -> anyhow::Result<()> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("dcplan")
            .with_inner_size([1560.0, 960.0])
            .with_min_inner_size([900.0, 600.0]),
        persist_window: true,
        ..Default::default()
    };
    eframe::run_native(
        "dcplan",
        options,
        Box::new(move |cc| {
            let persisted: Persisted = cc
                .storage
                .and_then(|s| eframe::get_value(s, PERSIST_KEY))
                .unwrap_or_default();
            let autosave_secs = std::env::var("DCPLAN_AUTOSAVE_SECS")
                .ok()
                .and_then(|s| s.parse().ok())
                .unwrap_or(AUTOSAVE_SECS);
            Ok(Box::new(EframeApp(DcApp::new(Startup {
                path,
                persisted,
                data_dir: data_dir(),
                dialogs: Box::new(NativeDialogs),
                autosave_secs,
                reference,
            }))))
        }),
    )
    .map_err(|err| anyhow::anyhow!("cannot open the window: {err}"))
}
