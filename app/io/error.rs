//! The one error type for reading plan and reference files; it always names `file:line:column`.

use std::fmt;
use std::path::{Path, PathBuf};

/// A file that could not be read, with where and what.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct LoadError {
    pub path: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    pub message: String,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.path.display(),
            self.line,
            self.column,
            self.message
        )
    }
}

impl LoadError {
    /// An error at a known place.
    pub fn at(path: &Path, line: usize, column: usize, message: impl Into<String>) -> Self {
        Self {
            path: path.to_path_buf(),
            line: line.max(1),
            column: column.max(1),
            message: message.into(),
        }
    }

    /// The file itself could not be read.
    pub fn io(path: &Path, err: &std::io::Error) -> Self {
        Self::at(path, 1, 1, format!("cannot read the file: {err}"))
    }

    /// A RON syntax or shape error. ron reports the span's start; past the end of the text we clamp to the last line.
    pub fn from_ron(path: &Path, text: &str, err: &ron::error::SpannedError) -> Self {
        let mut line = err.span.start.line;
        let mut column = err.span.start.col;
        let line_count = text.lines().count().max(1);
        if line > line_count {
            line = line_count;
            column = text.lines().last().map_or(1, |l| l.chars().count() + 1);
        }
        let mut message = err.code.to_string();
        if matches!(err.code, ron::Error::Eof) {
            message = "the file ends early (is it truncated?)".to_owned();
        }
        Self::at(path, line, column, message)
    }
}
