//! RVTools exports (an `.xlsx` workbook, or a folder of `RVTools_tab<Tab>.csv` files) into a plan and an import
//! report: [`import`] reads the tabs the plan can use ([`workbook`], columns by header name in [`columns`]), maps
//! them onto the model ([`map`]), lays the result out for the canvas ([`layout`]) and says what it did
//! ([`report`]).

mod columns;
mod hardware;
mod layout;
mod map;
mod report;
mod workbook;

use std::path::{Path, PathBuf};

pub use columns::{SCHEMAS, TabSchema, normalize_header, parse_number};
pub use hardware::{CpuIdentity, ProductVersion, identify_cpu, parse_version};
pub use report::{Guess, ImportReport, Skip, TabCount};
pub use workbook::{Cell, Row, Tab, Workbook};

use super::Progress;
use crate::model::{Project, check_integrity};
use crate::refdata::ReferenceData;

/// Why an export could not be imported at all.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{}: {message}", path.display())]
    Io { path: PathBuf, message: String },
    #[error("{}: cannot read the workbook: {message}", path.display())]
    Workbook { path: PathBuf, message: String },
    #[error("{}: cannot read tab `{tab}`: {message}", path.display())]
    Tab {
        path: PathBuf,
        tab: String,
        message: String,
    },
    #[error("{}:{line}: {message}", path.display())]
    Csv {
        path: PathBuf,
        line: u64,
        message: String,
    },
    #[error("{}: not an RVTools export: {reason}", path.display())]
    NotAnExport { path: PathBuf, reason: String },
    #[error("{}: the export yields no host and no VM ({reason}); nothing was written", path.display())]
    Empty { path: PathBuf, reason: String },
    #[error("{}: the import built an inconsistent plan ({message}); please report this", path.display())]
    Inconsistent { path: PathBuf, message: String },
}

impl ImportError {
    pub(crate) fn io(path: &Path, err: &std::io::Error) -> Self {
        Self::Io {
            path: path.to_path_buf(),
            message: err.to_string(),
        }
    }

    pub(crate) fn workbook(path: &Path, err: &dyn std::fmt::Display) -> Self {
        Self::Workbook {
            path: path.to_path_buf(),
            message: err.to_string(),
        }
    }

    pub(crate) fn tab(path: &Path, tab: &str, err: &dyn std::fmt::Display) -> Self {
        Self::Tab {
            path: path.to_path_buf(),
            tab: tab.to_owned(),
            message: err.to_string(),
        }
    }
}

/// A plan made from an export, and the report of how.
#[derive(Clone, Debug)]
pub struct Imported {
    pub project: Project,
    pub report: ImportReport,
}

/// A header that stands twice in a tab (a vCenter custom attribute named like a standard column, say): the first is
/// read, and the report says so, since the other may be the one meant.
fn note_repeated_headers(book: &Workbook, report: &mut ImportReport) {
    for tab in &book.tabs {
        let normalized: Vec<String> = tab.headers.iter().map(|h| normalize_header(h)).collect();
        for position in tab.found.iter().flatten() {
            let Some(header) = normalized.get(*position) else {
                continue;
            };
            let columns: Vec<String> = normalized
                .iter()
                .enumerate()
                .filter(|(_, other)| *other == header)
                .map(|(index, _)| column_letters(index))
                .collect();
            if let [first, ..] = columns.as_slice()
                && columns.len() > 1
            {
                report.note(format!(
                    "{} has {} columns headed `{}` ({}): column {first} is read",
                    tab.canonical,
                    columns.len(),
                    tab.headers.get(*position).map_or("", |h| h.trim()),
                    columns.join(", ")
                ));
            }
        }
    }
}

/// A 0-based column index as a spreadsheet names it: 0 is A, 26 is AA.
fn column_letters(index: usize) -> String {
    let mut letters = Vec::new();
    let mut rest = index + 1;
    while rest > 0 {
        let digit = (rest - 1) % 26;
        letters.push(char::from(b'A' + digit as u8));
        rest = (rest - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// The path looks like an RVTools export rather than a plan: a workbook, a CSV file, or a folder.
pub fn looks_like_export(path: &Path) -> bool {
    path.is_dir()
        || path.extension().is_some_and(|extension| {
            ["xlsx", "xlsm", "xls", "xlsb", "ods", "csv"]
                .iter()
                .any(|known| extension.eq_ignore_ascii_case(known))
        })
}

/// Share of the progress bar that reading the workbook takes; mapping takes the rest.
const READING: f64 = 0.8;

/// Imports an RVTools export: a workbook file or a folder of CSV files.
pub fn import(
    path: &Path,
    reference: &ReferenceData,
    progress: &Progress,
) -> Result<Imported, ImportError> {
    if !path.exists() {
        return Err(ImportError::Io {
            path: path.to_path_buf(),
            message: "no such file or folder".to_owned(),
        });
    }
    // A FIFO, a socket or a device would block or stream forever: only regular files and folders are exports.
    let kind = std::fs::metadata(path).map_err(|err| ImportError::io(path, &err))?;
    if !kind.is_file() && !kind.is_dir() {
        return Err(ImportError::NotAnExport {
            path: path.to_path_buf(),
            reason: "it is neither a regular file nor a folder".to_owned(),
        });
    }
    // RVTools writes a CSV export as a folder of per-tab files; any one of them stands for the folder.
    let is_csv_file = path.is_file()
        && path
            .extension()
            .is_some_and(|extension| extension.eq_ignore_ascii_case("csv"));
    let path = match path.parent() {
        Some(folder) if is_csv_file => {
            if folder.as_os_str().is_empty() {
                Path::new(".")
            } else {
                folder
            }
        }
        _ => path,
    };
    let book = Workbook::read(path, &SCHEMAS, progress, (0.0, READING))?;
    if book.tab("vInfo").is_none() && book.tab("vHost").is_none() {
        let mut found: Vec<&str> = book.tabs.iter().map(|tab| tab.name.as_str()).collect();
        found.extend(book.unread.iter().map(String::as_str));
        let found = if found.is_empty() {
            "none".to_owned()
        } else {
            found.join(", ")
        };
        return Err(ImportError::NotAnExport {
            path: path.to_path_buf(),
            reason: format!("it has neither a vInfo nor a vHost tab (tabs found: {found})"),
        });
    }
    let source = path.file_name().map_or_else(
        || path.display().to_string(),
        |name| name.to_string_lossy().into_owned(),
    );
    let mut report = ImportReport::default();
    report.source = source.clone();
    for schema in SCHEMAS {
        match book.tab(schema.tab) {
            Some(tab) => report.tabs.push(TabCount {
                tab: schema.tab,
                source: tab.name.clone(),
                rows: tab.rows.len() as u32,
                ..TabCount::default()
            }),
            None => report.missing_tabs.push(schema.tab),
        }
    }
    report.unread_tabs = book.unread.clone();
    note_repeated_headers(&book, &mut report);
    let mut project = map::map(&book, reference, &mut report, progress, (READING, 0.98));
    drop(book);
    project.name = Path::new(&source).file_stem().map_or_else(
        || source.clone(),
        |stem| stem.to_string_lossy().into_owned(),
    );
    project.description = format!("Imported from the RVTools export {source}");
    layout::lay_out(&mut project);
    shorten_long_names(&mut project, &mut report);
    if let Some(error) = check_integrity(&project).into_iter().next() {
        return Err(ImportError::Inconsistent {
            path: path.to_path_buf(),
            message: error.to_string(),
        });
    }
    if project.hosts.is_empty() && project.vms.is_empty() {
        let rows: Vec<String> = report
            .tabs
            .iter()
            .map(|tab| format!("{} {} rows", tab.tab, tab.rows))
            .collect();
        return Err(ImportError::Empty {
            path: path.to_path_buf(),
            reason: if rows.is_empty() {
                "no tab it reads has any row".to_owned()
            } else {
                format!(
                    "{}; rows without a name, or in a layout it cannot split into columns, are skipped",
                    rows.join(", ")
                )
            },
        });
    }
    let counts = crate::stats::counts(&project);
    for kind in [
        "arrays",
        "clusters",
        "datastores",
        "hosts",
        "luns",
        "networks",
        "sites",
        "vcenters",
        "vms",
        "vswitches",
    ] {
        report
            .created
            .insert(kind, counts.get(kind).copied().unwrap_or(0));
    }
    for kind in [
        "hosts_in_maintenance",
        "vm_templates",
        "vms_inaccessible",
        "vms_orphaned",
        "vms_powered_off",
    ] {
        report
            .apart
            .insert(kind, counts.get(kind).copied().unwrap_or(0));
    }
    report.finish();
    progress.set(1.0);
    Ok(Imported { project, report })
}

/// Names longer than a plan allows are cut to the limit, each listed in the report: an export's name never makes
/// the import fail or a runbook balloon.
fn shorten_long_names(project: &mut crate::model::Project, report: &mut ImportReport) {
    use crate::model::MAX_NAME_CHARS;
    macro_rules! shorten {
        ($($map:ident),*) => {
            $(
                for object in project.$map.values_mut() {
                    let length = object.name.chars().count();
                    if length > MAX_NAME_CHARS {
                        object.name = object.name.chars().take(MAX_NAME_CHARS).collect();
                        let short: String = object.name.chars().take(40).collect();
                        report.guess(
                            "name",
                            format!("cut to {MAX_NAME_CHARS} characters"),
                            format!("a name of {length} characters is longer than a plan allows"),
                            || format!("{short}…"),
                        );
                    }
                }
            )*
        };
    }
    shorten!(
        vcenters,
        licence_servers,
        sites,
        site_links,
        racks,
        enclosures,
        hosts,
        fabrics,
        fc_switches,
        arrays,
        luns,
        datastores,
        networks,
        vswitches,
        clusters,
        resource_pools,
        vms
    );
}

#[cfg(test)]
mod tests {
    use super::column_letters;

    #[test]
    fn columns_are_named_as_spreadsheets_name_them() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }
}
