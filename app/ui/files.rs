//! File dialogs behind a trait, so tests script the answers and never open a native dialog.

use std::collections::VecDeque;
use std::path::PathBuf;

/// Asks the user for files.
pub trait FileDialogs {
    /// A plan to open.
    fn pick_open(&mut self) -> Option<PathBuf>;
    /// Where to save, starting from a suggested file name.
    fn pick_save(&mut self, suggested_name: &str) -> Option<PathBuf>;
    /// An RVTools export: a workbook, or one `RVTools_tab<Tab>.csv` file standing for its folder.
    fn pick_import(&mut self) -> Option<PathBuf>;
}

/// The desktop's native dialogs (rfd).
#[derive(Default)]
pub struct NativeDialogs;

impl FileDialogs for NativeDialogs {
    fn pick_open(&mut self) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .add_filter("dcplan plan", &["ron"])
            .set_title("Open plan")
            .pick_file()
    }

    fn pick_save(&mut self, suggested_name: &str) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .add_filter("dcplan plan", &["ron"])
            .set_title("Save plan")
            .set_file_name(suggested_name)
            .save_file()
    }

    fn pick_import(&mut self) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .add_filter("RVTools export", &["xlsx", "xlsm", "xls", "csv"])
            .set_title("Import RVTools export (a workbook, or any CSV file of an export folder)")
            .pick_file()
    }
}

/// Pre-recorded answers, for tests.
#[derive(Default)]
pub struct ScriptedDialogs {
    pub open: VecDeque<PathBuf>,
    pub save: VecDeque<PathBuf>,
    pub import: VecDeque<PathBuf>,
}

impl FileDialogs for ScriptedDialogs {
    fn pick_open(&mut self) -> Option<PathBuf> {
        self.open.pop_front()
    }

    fn pick_save(&mut self, _suggested_name: &str) -> Option<PathBuf> {
        self.save.pop_front()
    }

    fn pick_import(&mut self) -> Option<PathBuf> {
        self.import.pop_front()
    }
}
