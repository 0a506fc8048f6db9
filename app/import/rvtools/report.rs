//! The import report: rows per tab (read, imported, skipped), every skipped row with its reason, every value the
//! import had to guess, and notes on what the export could not say. Printed in a stable, sorted text form.

use std::collections::BTreeMap;
use std::fmt::{self, Write as _};

/// Rows of one tab.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TabCount {
    /// The canonical tab name ("vInfo").
    pub tab: &'static str,
    /// The sheet or file it was read from.
    pub source: String,
    pub rows: u32,
    pub imported: u32,
    pub skipped: u32,
}

/// Rows left out, with the reason: one row, or every row of a tab.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skip {
    pub tab: &'static str,
    /// The sheet row (the header is row 1); `None` when the skip covers `count` rows at once.
    pub row: Option<u32>,
    pub count: u32,
    pub reason: String,
}

/// A value the export did not give, or gave twice differently, and what the import used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Guess {
    /// The plan field, e.g. `host.esx.release`.
    pub field: String,
    /// The value used.
    pub value: String,
    pub why: String,
    /// How many objects got this value for this reason.
    pub count: u32,
    /// The first object concerned (and where), to look it up.
    pub example: String,
}

/// What an import did with an export.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// The export's file or folder name.
    pub source: String,
    /// Tabs read, in the order of the import's schemas.
    pub tabs: Vec<TabCount>,
    /// Tabs the import knows that the export does not have.
    pub missing_tabs: Vec<&'static str>,
    /// Tabs of the export no plan field uses (vPartition, vRP...), not read.
    pub unread_tabs: Vec<String>,
    pub skipped: Vec<Skip>,
    guesses: BTreeMap<(String, String, String), Guess>,
    /// Plan fields the export does not give, left unknown: (field, why) -> how many objects.
    unknowns: BTreeMap<(String, String), u32>,
    pub notes: Vec<String>,
    /// Objects created, by kind, as `dcplan stats` names them.
    pub created: BTreeMap<&'static str, u64>,
    /// Objects of the created ones that are not what a plan assumes (templates, powered-off, inaccessible and
    /// orphaned VMs, hosts in maintenance mode), by `dcplan stats` name.
    pub apart: BTreeMap<&'static str, u64>,
}

/// Row ranges printed per skip reason before the list is cut short (the report keeps every row).
const SHOWN_RANGES: usize = 12;

/// Sorted row numbers as ranges: "2-11, 13, 15-20", cut short after a dozen ranges.
fn ranges(rows: &[u32]) -> String {
    let mut spans: Vec<(u32, u32)> = Vec::new();
    for &row in rows {
        match spans.last_mut() {
            Some((_, end)) if row == *end + 1 => *end = row,
            Some((_, end)) if row == *end => {}
            _ => spans.push((row, row)),
        }
    }
    let mut text: Vec<String> = spans
        .iter()
        .take(SHOWN_RANGES)
        .map(|&(start, end)| {
            if start == end {
                start.to_string()
            } else {
                format!("{start}-{end}")
            }
        })
        .collect();
    if spans.len() > SHOWN_RANGES {
        text.push(format!("... ({} more ranges)", spans.len() - SHOWN_RANGES));
    }
    text.join(", ")
}

impl ImportReport {
    /// Records a skipped row.
    pub fn skip(&mut self, tab: &'static str, row: u32, reason: impl Into<String>) {
        self.skipped.push(Skip {
            tab,
            row: Some(row),
            count: 1,
            reason: reason.into(),
        });
    }

    /// Records that `count` rows of a tab were all left out for one reason.
    pub fn skip_all(&mut self, tab: &'static str, count: u32, reason: impl Into<String>) {
        if count > 0 {
            self.skipped.push(Skip {
                tab,
                row: None,
                count,
                reason: reason.into(),
            });
        }
    }

    /// Records a guessed value; the same field, value and reason are counted together.
    pub fn guess(
        &mut self,
        field: &str,
        value: impl Into<String>,
        why: impl Into<String>,
        example: impl FnOnce() -> String,
    ) {
        let value = value.into();
        let why = why.into();
        self.guesses
            .entry((field.to_owned(), value.clone(), why.clone()))
            .and_modify(|guess| guess.count += 1)
            .or_insert_with(|| Guess {
                field: field.to_owned(),
                value,
                why,
                count: 1,
                example: example(),
            });
    }

    /// Records a plan field the export does not give for one object, left unknown in the plan (never a default).
    pub fn unknown(&mut self, field: &str, why: impl Into<String>) {
        self.unknowns_of(field, why, 1);
    }

    /// Records a plan field the export does not give for `count` objects.
    pub fn unknowns_of(&mut self, field: &str, why: impl Into<String>, count: u32) {
        if count > 0 {
            *self
                .unknowns
                .entry((field.to_owned(), why.into()))
                .or_default() += count;
        }
    }

    /// Fields left unknown, sorted by field and reason: (field, why, objects).
    pub fn unknowns(&self) -> impl Iterator<Item = (&str, &str, u32)> {
        self.unknowns
            .iter()
            .map(|((field, why), count)| (field.as_str(), why.as_str(), *count))
    }

    /// Every guess, sorted by field, value and reason.
    pub fn guesses(&self) -> impl Iterator<Item = &Guess> {
        self.guesses.values()
    }

    /// Records a note.
    pub fn note(&mut self, note: impl Into<String>) {
        self.notes.push(note.into());
    }

    /// Skipped rows of a tab.
    pub fn skipped_in(&self, tab: &str) -> u32 {
        self.skipped
            .iter()
            .filter(|skip| skip.tab == tab)
            .map(|skip| skip.count)
            .sum()
    }

    /// The count of a tab, if it was read.
    pub fn tab(&self, tab: &str) -> Option<&TabCount> {
        self.tabs.iter().find(|count| count.tab == tab)
    }

    /// Fills in imported and skipped rows per tab from the skips, and sorts skips by tab order and row.
    pub(super) fn finish(&mut self) {
        let skipped: Vec<u32> = self
            .tabs
            .iter()
            .map(|count| self.skipped_in(count.tab))
            .collect();
        for (count, skipped) in self.tabs.iter_mut().zip(skipped) {
            count.skipped = skipped.min(count.rows);
            count.imported = count.rows - count.skipped;
        }
        let order: Vec<&'static str> = self.tabs.iter().map(|count| count.tab).collect();
        let rank = |tab: &str| order.iter().position(|t| *t == tab).unwrap_or(usize::MAX);
        self.skipped
            .sort_by(|a, b| (rank(a.tab), a.row, &a.reason).cmp(&(rank(b.tab), b.row, &b.reason)));
    }

    /// Skips with the same tab and reason together, in tab and first-row order: (tab, reason, rows, count).
    fn grouped_skips(&self) -> Vec<(&'static str, &str, Vec<u32>, u32)> {
        let mut groups: Vec<(&'static str, &str, Vec<u32>, u32)> = Vec::new();
        let mut index: BTreeMap<(&str, &str), usize> = BTreeMap::new();
        for skip in &self.skipped {
            let at = *index
                .entry((skip.tab, skip.reason.as_str()))
                .or_insert_with(|| {
                    groups.push((skip.tab, skip.reason.as_str(), Vec::new(), 0));
                    groups.len() - 1
                });
            if let Some(group) = groups.get_mut(at) {
                group.2.extend(skip.row);
                group.3 += skip.count;
            }
        }
        groups
    }

    /// The report as text, the same for the same export.
    pub fn text(&self) -> String {
        self.to_string()
    }
}

impl fmt::Display for ImportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "RVTools import of {}", self.source)?;
        let created: Vec<String> = self
            .created
            .iter()
            .filter(|(_, count)| **count > 0)
            .map(|(kind, count)| {
                let (one, many) = noun(kind);
                crate::wording::count(usize::try_from(*count).unwrap_or(usize::MAX), one, many)
            })
            .collect();
        writeln!(f, "created: {}", created.join(", "))?;
        let apart: Vec<String> = self
            .apart
            .iter()
            .filter(|(_, count)| **count > 0)
            .map(|(kind, count)| {
                let (one, many) = noun(kind);
                crate::wording::count(usize::try_from(*count).unwrap_or(usize::MAX), one, many)
            })
            .collect();
        if !apart.is_empty() {
            writeln!(f, "of which: {}", apart.join(", "))?;
        }
        writeln!(f)?;
        writeln!(f, "tabs (rows read, imported, skipped):")?;
        for count in &self.tabs {
            let source = if count.source == count.tab {
                String::new()
            } else {
                format!("  (from {})", count.source)
            };
            writeln!(
                f,
                "  {:<12} {:>7} {:>9} {:>8}{source}",
                count.tab, count.rows, count.imported, count.skipped
            )?;
        }
        if !self.missing_tabs.is_empty() {
            writeln!(f, "  not in the export: {}", self.missing_tabs.join(", "))?;
        }
        if !self.unread_tabs.is_empty() {
            writeln!(
                f,
                "  not read (no plan field uses them): {}",
                self.unread_tabs.join(", ")
            )?;
        }
        writeln!(f)?;
        let skipped: u32 = self.skipped.iter().map(|skip| skip.count).sum();
        writeln!(f, "skipped rows: {skipped}")?;
        for (tab, reason, rows, count) in self.grouped_skips() {
            if rows.is_empty() {
                writeln!(f, "  {tab} ({count} rows): {reason}")?;
            } else if count == 1 {
                writeln!(f, "  {tab} row {}: {reason}", ranges(&rows))?;
            } else {
                writeln!(f, "  {tab} rows {} ({count} rows): {reason}", ranges(&rows))?;
            }
        }
        writeln!(f)?;
        writeln!(f, "guessed values: {}", self.guesses.len())?;
        for guess in self.guesses.values() {
            let mut line = format!("  {} = {}", guess.field, guess.value);
            if guess.count > 1 {
                let _ = write!(line, " ({} objects)", guess.count);
            }
            let _ = write!(line, ": {}; e.g. {}", guess.why, guess.example);
            writeln!(f, "{line}")?;
        }
        writeln!(f)?;
        writeln!(
            f,
            "not given by the export (left unknown in the plan): {}",
            self.unknowns.len()
        )?;
        for ((field, why), count) in &self.unknowns {
            let objects = crate::wording::count(*count as usize, "object", "objects");
            writeln!(f, "  {field} ({objects}): {why}")?;
        }
        if !self.notes.is_empty() {
            writeln!(f)?;
            writeln!(f, "notes:")?;
            for note in &self.notes {
                writeln!(f, "  {note}")?;
            }
        }
        Ok(())
    }
}

/// The singular and plural of a `stats` count name, as the report writes them.
fn noun(kind: &str) -> (&str, &str) {
    match kind {
        "arrays" => ("array", "arrays"),
        "clusters" => ("cluster", "clusters"),
        "datastores" => ("datastore", "datastores"),
        "hosts" => ("host", "hosts"),
        "luns" => ("LUN", "LUNs"),
        "networks" => ("network", "networks"),
        "sites" => ("site", "sites"),
        "vcenters" => ("vCenter", "vCenters"),
        "vms" => ("VM", "VMs"),
        "vswitches" => ("vSwitch", "vSwitches"),
        "hosts_in_maintenance" => ("host in maintenance mode", "hosts in maintenance mode"),
        "vm_templates" => ("VM template", "VM templates"),
        "vms_inaccessible" => ("inaccessible VM", "inaccessible VMs"),
        "vms_orphaned" => ("orphaned VM", "orphaned VMs"),
        "vms_powered_off" => (
            "powered-off VM (not a template)",
            "powered-off VMs (not templates)",
        ),
        other => (other, other),
    }
}
