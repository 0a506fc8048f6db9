//! An RVTools export in memory: tabs by name, each with its header row and rows of small typed cells, read from an
//! `.xlsx` workbook (or another format calamine reads) or from a folder of `RVTools_tab<Tab>.csv` files.
//!
//! Only the tabs and columns the mapping asks for are kept (a [`TabSchema`] each): a 40,000-VM vInfo has some 90
//! columns, most of them of no use to a plan, and not holding them keeps the import fast and small.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};

use calamine::{Data, DataRef, Reader, Xlsx};

use super::ImportError;
use super::columns::{TabSchema, normalize_header};
use crate::import::Progress;

/// One cell's value, as the file gave it.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Cell {
    #[default]
    Empty,
    Text(Box<str>),
    Number(f64),
    Bool(bool),
    /// An Excel date-time serial (days since 1899-12-30).
    Date(f64),
    /// A spreadsheet error such as `#N/A`.
    Error(Box<str>),
}

/// A cell borrowed from the reader, turned into a [`Cell`] only for the columns that are kept.
#[derive(Clone, Copy, Debug)]
enum CellRef<'a> {
    Empty,
    Text(&'a str),
    Number(f64),
    Bool(bool),
    Date(f64),
    Error(&'a str),
}

impl CellRef<'_> {
    fn is_empty(&self) -> bool {
        match self {
            Self::Empty => true,
            Self::Text(text) => text.trim().is_empty(),
            _ => false,
        }
    }

    fn to_cell(self) -> Cell {
        match self {
            Self::Empty => Cell::Empty,
            Self::Text(text) if text.trim().is_empty() => Cell::Empty,
            Self::Text(text) => Cell::Text(text.into()),
            Self::Number(value) => Cell::Number(value),
            Self::Bool(value) => Cell::Bool(value),
            Self::Date(value) => Cell::Date(value),
            Self::Error(code) => Cell::Error(code.into()),
        }
    }

    /// Header text: what a user reads in the cell.
    fn to_text(self) -> String {
        match self {
            Self::Empty => String::new(),
            Self::Text(text) | Self::Error(text) => text.to_owned(),
            Self::Number(value) | Self::Date(value) => value.to_string(),
            Self::Bool(value) => if value { "True" } else { "False" }.to_owned(),
        }
    }
}

/// One data row: its row number in the sheet (1 is the header) and one cell per schema column.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub number: u32,
    pub cells: Box<[Cell]>,
}

impl Row {
    /// The cell of schema column `index` (empty when the tab lacks the column).
    pub fn cell(&self, index: usize) -> &Cell {
        self.cells.get(index).unwrap_or(&Cell::Empty)
    }
}

/// A tab of the export.
#[derive(Clone, Debug, PartialEq)]
pub struct Tab {
    /// The canonical tab name ("vInfo").
    pub canonical: &'static str,
    /// The name in the file ("vInfo", "tabvInfo", "RVTools_tabvInfo.csv").
    pub name: String,
    /// Every header of the header row, as written.
    pub headers: Vec<String>,
    /// For each schema column, where its header is in `headers` (`None`: the tab lacks it).
    pub found: Vec<Option<usize>>,
    pub rows: Vec<Row>,
}

impl Tab {
    /// The tab has schema column `index`.
    pub fn has(&self, index: usize) -> bool {
        self.found.get(index).is_some_and(Option::is_some)
    }
}

/// The tabs read from an export, and the names of the tabs it has that were not read.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Workbook {
    pub tabs: Vec<Tab>,
    /// Tabs of the file no schema asks for (vPartition, vRP...), as named in the file.
    pub unread: Vec<String>,
}

impl Workbook {
    /// A tab by canonical name.
    pub fn tab(&self, canonical: &str) -> Option<&Tab> {
        self.tabs.iter().find(|tab| tab.canonical == canonical)
    }

    /// Reads an export: a folder of CSV files, or a workbook file. `progress` goes from `start` to `end` while the
    /// tabs are read.
    pub fn read(
        path: &Path,
        schemas: &[TabSchema],
        progress: &Progress,
        (start, end): (f64, f64),
    ) -> Result<Self, ImportError> {
        let span = Span {
            progress,
            start,
            end,
        };
        if path.is_dir() {
            return read_csv_folder(path, schemas, &span);
        }
        let is_xlsx = path.extension().is_some_and(|extension| {
            extension.eq_ignore_ascii_case("xlsx") || extension.eq_ignore_ascii_case("xlsm")
        });
        if is_xlsx {
            read_xlsx(path, schemas, &span)
        } else {
            read_other_workbook(path, schemas, &span)
        }
    }
}

/// The share of the whole import that reading takes.
struct Span<'a> {
    progress: &'a Progress,
    start: f64,
    end: f64,
}

impl Span<'_> {
    /// Reports `done` of `total` units.
    fn report(&self, done: f64, total: f64) {
        if total > 0.0 {
            let share = (done / total).clamp(0.0, 1.0);
            self.progress
                .set(self.start + (self.end - self.start) * share);
        }
    }
}

/// The schema a tab name belongs to: case-insensitive, with or without the `tab` prefix (and the `RVTools_` prefix
/// and `.csv` suffix of CSV exports).
fn schema_for<'s>(name: &str, schemas: &'s [TabSchema]) -> Option<&'s TabSchema> {
    let key = tab_key(name);
    schemas
        .iter()
        .find(|schema| schema.tab.eq_ignore_ascii_case(&key))
}

/// A tab name without the prefixes and suffix exports add, lower-cased.
pub fn tab_key(name: &str) -> String {
    let mut key = name.trim().to_ascii_lowercase();
    if let Some(stem) = key.strip_suffix(".csv") {
        key = stem.to_owned();
    }
    if let Some(rest) = key.strip_prefix("rvtools_") {
        key = rest.to_owned();
    }
    if let Some(rest) = key.strip_prefix("tab") {
        key = rest.to_owned();
    }
    key
}

/// Builds a tab from cells arriving in row order.
struct TabBuilder<'s> {
    schema: &'s TabSchema,
    name: String,
    headers: Vec<String>,
    header_row: Option<u32>,
    /// Sheet column to schema column, once the header row is complete.
    column_map: Option<Vec<Option<usize>>>,
    found: Vec<Option<usize>>,
    current: Option<(u32, Vec<Cell>)>,
    rows: Vec<Row>,
}

impl<'s> TabBuilder<'s> {
    fn new(schema: &'s TabSchema, name: String) -> Self {
        Self {
            schema,
            name,
            headers: Vec::new(),
            header_row: None,
            column_map: None,
            found: vec![None; schema.columns.len()],
            current: None,
            rows: Vec::new(),
        }
    }

    /// Takes one cell at a 0-based sheet row and column.
    fn push(&mut self, row: u32, column: u32, value: CellRef<'_>) {
        let header_row = match self.header_row {
            Some(header_row) => header_row,
            None if value.is_empty() => return,
            None => {
                self.header_row = Some(row);
                row
            }
        };
        if row == header_row {
            let column = column as usize;
            if self.headers.len() <= column {
                self.headers.resize(column + 1, String::new());
            }
            if let Some(slot) = self.headers.get_mut(column) {
                *slot = value.to_text();
            }
            return;
        }
        if row < header_row {
            return;
        }
        let map = self.column_map.get_or_insert_with(|| {
            let (map, found) = map_columns(self.schema, &self.headers);
            self.found = found;
            map
        });
        let index = map.get(column as usize).copied().flatten();
        let row_started = self.current.as_ref().is_some_and(|(at, _)| *at == row);
        // Most cells of a wide tab are in columns no schema reads: once their row has started, they change nothing.
        if (index.is_none() && row_started) || value.is_empty() {
            return;
        }
        if !row_started {
            self.finish_row();
        }
        // A row with values only in columns no schema reads is still a row: the mapping reports it.
        let width = self.schema.columns.len();
        let (_, cells) = self
            .current
            .get_or_insert_with(|| (row, vec![Cell::Empty; width]));
        if let Some(slot) = index.and_then(|index| cells.get_mut(index)) {
            *slot = value.to_cell();
        }
    }

    fn finish_row(&mut self) {
        if let Some((row, cells)) = self.current.take() {
            self.rows.push(Row {
                number: row + 1,
                cells: cells.into_boxed_slice(),
            });
        }
    }

    fn finish(mut self) -> Tab {
        self.finish_row();
        if self.column_map.is_none() {
            // A tab with a header row and no data still says which columns it has.
            self.found = map_columns(self.schema, &self.headers).1;
        }
        Tab {
            canonical: self.schema.tab,
            name: self.name,
            headers: self.headers,
            found: self.found,
            rows: self.rows,
        }
    }
}

/// For each sheet column, the schema column it feeds; for each schema column, the header position found. The
/// first header matching an alias wins.
fn map_columns(schema: &TabSchema, headers: &[String]) -> (Vec<Option<usize>>, Vec<Option<usize>>) {
    let normalized: Vec<String> = headers.iter().map(|h| normalize_header(h)).collect();
    let mut map = vec![None; headers.len()];
    let mut found = vec![None; schema.columns.len()];
    for (index, aliases) in schema.columns.iter().enumerate() {
        let position = aliases.iter().find_map(|alias| {
            let alias = normalize_header(alias);
            normalized.iter().position(|header| *header == alias)
        });
        if let Some(position) = position {
            found[index] = Some(position);
            if let Some(slot) = map.get_mut(position)
                && slot.is_none()
            {
                *slot = Some(index);
            }
        }
    }
    (map, found)
}

fn open_xlsx(path: &Path) -> Result<Xlsx<BufReader<File>>, ImportError> {
    let file = File::open(path).map_err(|err| ImportError::io(path, &err))?;
    Xlsx::new(BufReader::new(file)).map_err(|err| ImportError::workbook(path, &err))
}

/// Reads the wanted sheets of a workbook on as many workers as there are cores (each with its own reader: an
/// `.xlsx` is a zip of one XML file per sheet, and parsing that XML is nearly all the work), biggest sheets first
/// so the workers finish together. Tabs come back in the file's order whatever order they were read in.
fn read_xlsx(path: &Path, schemas: &[TabSchema], span: &Span<'_>) -> Result<Workbook, ImportError> {
    let mut first = open_xlsx(path)?;
    let names = first.sheet_names();
    let (wanted, unread) = split_tabs(&names, schemas);
    // The declared size of each sheet (its <dimension>, read from the sheet's first bytes) orders the work and
    // scales the progress bar.
    let mut sizes = Vec::with_capacity(wanted.len());
    for (name, _) in &wanted {
        let cells = first
            .worksheet_cells_reader(name)
            .map_err(|err| ImportError::tab(path, name, &err))?;
        let dimensions = cells.dimensions();
        let rows = u64::from(dimensions.end.0.saturating_sub(dimensions.start.0)) + 1;
        let columns = u64::from(dimensions.end.1.saturating_sub(dimensions.start.1)) + 1;
        sizes.push(rows * columns);
    }
    let mut order: Vec<usize> = (0..wanted.len()).collect();
    order.sort_by_key(|&index| std::cmp::Reverse(sizes.get(index).copied().unwrap_or(0)));
    let total_cells = sizes.iter().sum::<u64>().max(1) as f64;
    let workers = std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .min(4)
        .min(wanted.len())
        .max(1);
    let shared = SharedWork {
        path,
        wanted: &wanted,
        order: &order,
        next: AtomicUsize::new(0),
        failed: AtomicBool::new(false),
        cells_done: AtomicU64::new(0),
        report: &|done: u64| span.report(done as f64, total_cells),
    };
    let results: Vec<Result<Vec<(usize, Tab)>, ImportError>> = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..workers)
            .map(|_| {
                let shared = &shared;
                scope.spawn(move || {
                    let mut workbook = open_xlsx(shared.path)?;
                    shared.work(&mut workbook)
                })
            })
            .collect();
        let mut results = vec![shared.work(&mut first)];
        for helper in helpers {
            results.push(helper.join().unwrap_or_else(|_| {
                Err(ImportError::workbook(
                    path,
                    &"a reading thread stopped unexpectedly",
                ))
            }));
        }
        results
    });
    let mut read: Vec<(usize, Tab)> = Vec::with_capacity(wanted.len());
    for result in results {
        read.extend(result?);
    }
    read.sort_by_key(|(index, _)| *index);
    span.report(1.0, 1.0);
    Ok(Workbook {
        tabs: read.into_iter().map(|(_, tab)| tab).collect(),
        unread,
    })
}

/// The sheets of one workbook shared out between reading threads.
struct SharedWork<'a> {
    path: &'a Path,
    wanted: &'a [(String, &'a TabSchema)],
    /// Indexes into `wanted`, biggest sheet first.
    order: &'a [usize],
    next: AtomicUsize,
    /// Another thread failed: the rest stop at their next sheet.
    failed: AtomicBool,
    cells_done: AtomicU64,
    report: &'a (dyn Fn(u64) + Sync),
}

impl SharedWork<'_> {
    /// Reads sheets until none is left; returns each with its index in `wanted`.
    fn work(&self, workbook: &mut Xlsx<BufReader<File>>) -> Result<Vec<(usize, Tab)>, ImportError> {
        let mut tabs = Vec::new();
        loop {
            if self.failed.load(Ordering::Relaxed) {
                return Ok(tabs);
            }
            let slot = self.next.fetch_add(1, Ordering::Relaxed);
            let Some(&index) = self.order.get(slot) else {
                return Ok(tabs);
            };
            let Some((name, schema)) = self.wanted.get(index) else {
                return Ok(tabs);
            };
            match self.read_sheet(workbook, name, schema) {
                Ok(tab) => tabs.push((index, tab)),
                Err(err) => {
                    self.failed.store(true, Ordering::Relaxed);
                    return Err(err);
                }
            }
        }
    }

    fn read_sheet(
        &self,
        workbook: &mut Xlsx<BufReader<File>>,
        name: &str,
        schema: &TabSchema,
    ) -> Result<Tab, ImportError> {
        let path = self.path;
        let mut builder = TabBuilder::new(schema, name.to_owned());
        let mut cells = workbook
            .worksheet_cells_reader(name)
            .map_err(|err| ImportError::tab(path, name, &err))?;
        let mut pending = 0_u64;
        while let Some(cell) = cells
            .next_cell()
            .map_err(|err| ImportError::tab(path, name, &err))?
        {
            let (row, column) = cell.get_position();
            let value = match cell.get_value() {
                DataRef::Empty => CellRef::Empty,
                DataRef::SharedString(text) => CellRef::Text(text),
                DataRef::String(text) | DataRef::DateTimeIso(text) | DataRef::DurationIso(text) => {
                    CellRef::Text(text)
                }
                DataRef::Int(value) => CellRef::Number(*value as f64),
                DataRef::Float(value) => CellRef::Number(*value),
                DataRef::Bool(value) => CellRef::Bool(*value),
                DataRef::DateTime(value) => CellRef::Date(value.as_f64()),
                DataRef::Error(error) => CellRef::Error(error_code(error)),
            };
            builder.push(row, column, value);
            pending += 1;
            if pending == 65_536 {
                let done = self.cells_done.fetch_add(pending, Ordering::Relaxed) + pending;
                (self.report)(done);
                pending = 0;
            }
        }
        self.cells_done.fetch_add(pending, Ordering::Relaxed);
        Ok(builder.finish())
    }
}

/// Workbooks other than .xlsx (.xls, .xlsb, .ods): read whole through calamine's common interface.
fn read_other_workbook(
    path: &Path,
    schemas: &[TabSchema],
    span: &Span<'_>,
) -> Result<Workbook, ImportError> {
    let mut workbook =
        calamine::open_workbook_auto(path).map_err(|err| ImportError::workbook(path, &err))?;
    let names = workbook.sheet_names();
    let (wanted, unread) = split_tabs(&names, schemas);
    let mut tabs = Vec::new();
    let total = wanted.len() as f64;
    for (done, (name, schema)) in wanted.into_iter().enumerate() {
        let range = workbook
            .worksheet_range(&name)
            .map_err(|err| ImportError::tab(path, &name, &err))?;
        let (first_row, first_column) = range.start().unwrap_or((0, 0));
        let mut builder = TabBuilder::new(schema, name);
        for (row_offset, row) in range.rows().enumerate() {
            for (column_offset, value) in row.iter().enumerate() {
                let text;
                let value = match value {
                    Data::Empty => CellRef::Empty,
                    Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => {
                        CellRef::Text(s)
                    }
                    Data::Int(v) => CellRef::Number(*v as f64),
                    Data::Float(v) => CellRef::Number(*v),
                    Data::Bool(v) => CellRef::Bool(*v),
                    Data::DateTime(v) => CellRef::Date(v.as_f64()),
                    Data::Error(error) => {
                        text = error.to_string();
                        CellRef::Error(&text)
                    }
                };
                builder.push(
                    first_row + row_offset as u32,
                    first_column + column_offset as u32,
                    value,
                );
            }
        }
        tabs.push(builder.finish());
        span.report(done as f64 + 1.0, total);
    }
    Ok(Workbook { tabs, unread })
}

fn error_code(error: &calamine::CellErrorType) -> &'static str {
    use calamine::CellErrorType as E;
    match error {
        E::Div0 => "#DIV/0!",
        E::NA => "#N/A",
        E::Name => "#NAME?",
        E::Null => "#NULL!",
        E::Num => "#NUM!",
        E::Ref => "#REF!",
        E::Value => "#VALUE!",
        E::GettingData => "#DATA!",
    }
}

/// The sheets to read with their schemas (the first sheet of each canonical tab), and the names of the others.
fn split_tabs<'s>(
    names: &[String],
    schemas: &'s [TabSchema],
) -> (Vec<(String, &'s TabSchema)>, Vec<String>) {
    let mut wanted: Vec<(String, &TabSchema)> = Vec::new();
    let mut unread = Vec::new();
    for name in names {
        match schema_for(name, schemas) {
            Some(schema) if !wanted.iter().any(|(_, s)| s.tab == schema.tab) => {
                wanted.push((name.clone(), schema));
            }
            _ => unread.push(name.clone()),
        }
    }
    (wanted, unread)
}

fn read_csv_folder(
    folder: &Path,
    schemas: &[TabSchema],
    span: &Span<'_>,
) -> Result<Workbook, ImportError> {
    let entries = std::fs::read_dir(folder).map_err(|err| ImportError::io(folder, &err))?;
    let mut files: Vec<(String, PathBuf)> = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|err| ImportError::io(folder, &err))?;
        let path = entry.path();
        let is_csv = path
            .extension()
            .is_some_and(|extension| extension.eq_ignore_ascii_case("csv"));
        if is_csv && path.is_file() {
            files.push((entry.file_name().to_string_lossy().into_owned(), path));
        }
    }
    // Directory order differs between machines; the report must not.
    files.sort();
    let names: Vec<String> = files.iter().map(|(name, _)| name.clone()).collect();
    let (wanted, unread) = split_tabs(&names, schemas);
    let sizes: Vec<u64> = wanted
        .iter()
        .map(|(name, _)| std::fs::metadata(folder.join(name)).map_or(0, |metadata| metadata.len()))
        .collect();
    let total = sizes.iter().sum::<u64>().max(1) as f64;
    let mut before = 0_u64;
    let mut tabs = Vec::new();
    for ((name, schema), size) in wanted.into_iter().zip(sizes) {
        let path = folder.join(&name);
        let tab = read_csv_tab(&path, name, schema, |bytes| {
            span.report((before + bytes) as f64, total);
        })?;
        before += size;
        tabs.push(tab);
    }
    if tabs.is_empty() && unread.is_empty() {
        return Err(ImportError::NotAnExport {
            path: folder.to_path_buf(),
            reason:
                "the folder holds no .csv files (RVTools writes RVTools_tabvInfo.csv and the like)"
                    .to_owned(),
        });
    }
    Ok(Workbook { tabs, unread })
}

fn read_csv_tab(
    path: &Path,
    name: String,
    schema: &TabSchema,
    report: impl Fn(u64),
) -> Result<Tab, ImportError> {
    let mut file = File::open(path).map_err(|err| ImportError::io(path, &err))?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)
        .map_err(|err| ImportError::io(path, &err))?;
    let transcoded = utf16_to_utf8(&bytes);
    let bytes = transcoded.as_deref().unwrap_or(&bytes);
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let delimiter = sniff_delimiter(body);
    // The csv reader takes an unclosed quote's field to the end of the file, rows and all: say where it opens.
    if let Some(line) = unclosed_quote(body, delimiter) {
        return Err(ImportError::Csv {
            path: path.to_path_buf(),
            line,
            message: "a quoted field opens on this line and is never closed".to_owned(),
        });
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(body);
    let mut builder = TabBuilder::new(schema, name);
    let mut record = csv::ByteRecord::new();
    let mut record_index = 0_u32;
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(err) => {
                let line = err.position().map_or(0, csv::Position::line);
                return Err(ImportError::Csv {
                    path: path.to_path_buf(),
                    line,
                    message: err.to_string(),
                });
            }
        }
        // Rows are numbered as a spreadsheet would: the header is row 1.
        for (column, field) in record.iter().enumerate() {
            let text = String::from_utf8_lossy(field);
            builder.push(record_index, column as u32, CellRef::Text(&text));
        }
        record_index += 1;
        if record_index.is_multiple_of(4096) {
            report(record.position().map_or(0, csv::Position::byte));
        }
    }
    report(body.len() as u64);
    Ok(builder.finish())
}

/// A file saved as UTF-16 ("Unicode" in Excel's Save As), recognised by its byte-order mark, as UTF-8;
/// `None` for any other file. Unpaired surrogates become U+FFFD rather than an error.
fn utf16_to_utf8(bytes: &[u8]) -> Option<Vec<u8>> {
    let (body, little_endian) = match bytes {
        [0xFF, 0xFE, body @ ..] => (body, true),
        [0xFE, 0xFF, body @ ..] => (body, false),
        _ => return None,
    };
    let units = body.chunks_exact(2).map(|pair| match pair {
        [a, b] if little_endian => u16::from_le_bytes([*a, *b]),
        [a, b] => u16::from_be_bytes([*a, *b]),
        _ => 0,
    });
    Some(
        char::decode_utf16(units)
            .map(|unit| unit.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect::<String>()
            .into_bytes(),
    )
}

/// RVTools writes commas; exports saved under some locales use semicolons. The header line decides.
fn sniff_delimiter(body: &[u8]) -> u8 {
    let first_line = body.split(|&b| b == b'\n').next().unwrap_or_default();
    let count = |wanted: u8| first_line.iter().filter(|&&b| b == wanted).count();
    // Commas win ties; Excel's "Unicode text" saves separate with tabs.
    [b';', b'\t']
        .into_iter()
        .fold((b',', count(b',')), |best, candidate| {
            let found = count(candidate);
            if found > best.1 {
                (candidate, found)
            } else {
                best
            }
        })
        .0
}

/// The line (from 1) where a quoted field opens and is never closed, read as the csv reader does: a quote opens a
/// field only at its start, and `""` inside one is a quote character.
fn unclosed_quote(body: &[u8], delimiter: u8) -> Option<u64> {
    let mut line = 1_u64;
    let mut open_since = None;
    let mut field_start = true;
    let mut bytes = body.iter().peekable();
    while let Some(&byte) = bytes.next() {
        if open_since.is_some() {
            if byte == b'"' {
                if bytes.peek() == Some(&&b'"') {
                    bytes.next();
                } else {
                    open_since = None;
                }
            }
        } else {
            if byte == b'"' && field_start {
                open_since = Some(line);
            }
            field_start = matches!(byte, b'\n' | b'\r') || byte == delimiter;
        }
        if byte == b'\n' {
            line += 1;
        }
    }
    open_since
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unclosed_quotes_are_found() {
        assert_eq!(unclosed_quote(b"VM,OS\nweb01,\"a, b\"\n", b','), None);
        assert_eq!(
            unclosed_quote(b"VM,Note\nweb01,\"said \"\"hi\"\"\nthere\"\n", b','),
            None
        );
        assert_eq!(unclosed_quote(b"VM,Note\nweb01,6\" disk\n", b','), None);
        assert_eq!(
            unclosed_quote(b"VM,OS\r\nweb01,x\r\n\"db01,y\r\napp01,z\r\n", b','),
            Some(3)
        );
        assert_eq!(unclosed_quote(b"VM;OS\nweb01;\"a\"\"", b';'), Some(2));
    }

    #[test]
    fn tab_names_match_with_or_without_prefixes() {
        for name in ["vInfo", "tabvInfo", "VINFO ", "RVTools_tabvInfo.csv"] {
            assert_eq!(tab_key(name), "vinfo", "{name}");
        }
    }

    #[test]
    fn utf16_files_are_read_as_text() {
        let text = "VM,Host\nweb01,esx01\n";
        let mut little: Vec<u8> = vec![0xFF, 0xFE];
        little.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        let mut big: Vec<u8> = vec![0xFE, 0xFF];
        big.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(utf16_to_utf8(&little).as_deref(), Some(text.as_bytes()));
        assert_eq!(utf16_to_utf8(&big).as_deref(), Some(text.as_bytes()));
        assert_eq!(utf16_to_utf8(text.as_bytes()), None);
    }

    #[test]
    fn semicolon_exports_are_recognised() {
        assert_eq!(sniff_delimiter(b"VM;Powerstate;CPUs\n"), b';');
        assert_eq!(sniff_delimiter(b"VM,Powerstate,\"a;b\"\n"), b',');
        assert_eq!(sniff_delimiter(b"VM\tPowerstate\tCPUs\n"), b'\t');
    }
}
