//! Course catalogues and credentials as micro-credential records: JSON Lines of our own
//! `Course` form, one-row-per-course CSV (our columns, recognised aliases, an explicit map, or
//! the edX catalogue layout) and European Learning Model (EDC) JSON-LD credentials.
//!
//! A standard element the source does not state is left empty and listed in
//! `CourseRecord::missing`, never invented. Where the `Course` type cannot be empty (the pace,
//! the price) the placeholder is listed there too ("participation.pace", "cost"). A broken
//! row is reported with file, line, field and reason, and the rest load.

mod canonical;
mod codes;
mod columns;
mod csv_rows;
mod edx;
mod elm;
mod json;
mod record;
mod values;

use std::path::Path;

use skillpath_domain::course::Course;

pub use columns::{ColumnMap, FIELDS};
pub use values::{FULL_TIME_WEEKLY_HOURS, NO_CURRENCY};

use crate::rejects::ReadOutcome;
use crate::textfile::{self, TextFileError};
use crate::vacancies::{Format, detect_format};
use record::Collector;

#[derive(Debug, thiserror::Error)]
pub enum CourseFileError {
    #[error(transparent)]
    Text(#[from] TextFileError),
    #[error("{file}: {reason}")]
    Header { file: String, reason: String },
    #[error("{file} line {line}: not a JSON document: {reason}")]
    Json {
        file: String,
        line: usize,
        reason: String,
    },
}

#[derive(Debug, Clone, Default)]
pub struct CourseOptions {
    /// Explicit `field=column` choices for CSV files.
    pub map: ColumnMap,
    /// The file's format when its extension and first character do not tell (or mislead).
    pub format: Option<Format>,
}

/// A course as read, with what its source left incomplete.
#[derive(Debug, Clone)]
pub struct CourseRecord {
    pub course: Course,
    /// `course.missing_elements()`, then any placeholder the reader had to put in a field the
    /// `Course` type cannot leave empty ("participation.pace", "cost").
    pub missing: Vec<&'static str>,
    /// The line (JSON Lines, CSV) or 1-based item position (one JSON document) it came from.
    pub line: usize,
}

/// Reads a course file, detecting its format from the extension, then the first character.
pub fn read_courses(
    path: &Path,
    options: &CourseOptions,
) -> Result<ReadOutcome<CourseRecord>, CourseFileError> {
    let file = textfile::display_name(path);
    let text = textfile::read_text(path)?;
    let format = options.format.unwrap_or_else(|| detect_format(path, &text));
    match format {
        Format::Csv => csv_rows::read(&file, &text, &options.map),
        Format::JsonLines => Ok(read_json_lines(&file, &text)),
        Format::Json => read_json(&file, &text),
    }
}

fn read_json_lines(file: &str, text: &str) -> ReadOutcome<CourseRecord> {
    let mut out = Collector::new(file);
    for (i, raw) in text.lines().enumerate() {
        if raw.trim().is_empty() {
            continue;
        }
        out.count_row();
        match serde_json::from_str::<serde_json::Value>(raw) {
            Ok(value) => {
                for built in json::build(value) {
                    out.push(i + 1, built);
                }
            }
            Err(e) => out.reject(i + 1, "row", format!("not JSON: {e}")),
        }
    }
    out.finish()
}

fn read_json(file: &str, text: &str) -> Result<ReadOutcome<CourseRecord>, CourseFileError> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| CourseFileError::Json {
            file: file.to_owned(),
            line: e.line(),
            reason: e.to_string(),
        })?;
    let items = match value {
        serde_json::Value::Array(items) => items,
        serde_json::Value::Object(mut o) if o.get("@graph").is_some_and(|g| g.is_array()) => {
            match o.remove("@graph") {
                Some(serde_json::Value::Array(items)) => items,
                _ => Vec::new(),
            }
        }
        other => vec![other],
    };
    let mut out = Collector::new(file);
    // One JSON document has no useful line per item; its position stands in.
    for (i, item) in items.into_iter().enumerate() {
        out.count_row();
        for built in json::build(item) {
            out.push(i + 1, built);
        }
    }
    Ok(out.finish())
}
