//! Vacancy files: CSV (delimiter and encoding detected, columns recognised or mapped),
//! JSON Lines, and schema.org `JobPosting` JSON. A broken row is reported and the rest load.

mod columns;
mod fields;
mod infer;
mod jobposting;
mod stream;

use std::path::Path;

use skillpath_domain::vacancy::Vacancy;

pub use columns::{ColumnMap, FIELDS};
pub use fields::parse_date;
pub use infer::{ExtractionWork, InferError, Inference};
pub use stream::VacancyReader;

use crate::rejects::ReadOutcome;
use crate::textfile::TextFileError;

#[derive(Debug, thiserror::Error)]
pub enum VacancyFileError {
    #[error(transparent)]
    Text(#[from] TextFileError),
    #[error("{file}: {reason}")]
    Header { file: String, reason: String },
    #[error("{file} line {line}: {reason}")]
    Json {
        file: String,
        line: usize,
        reason: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    JsonLines,
    /// One JSON document: a JobPosting, an array of them, or a JSON-LD `@graph`.
    Json,
}

/// Decides the format from the extension, then from the first character of `text` (the
/// start of the file is enough).
pub fn detect_format(path: &Path, text: &str) -> Format {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase();
    match ext.as_str() {
        "jsonl" | "ndjson" => Format::JsonLines,
        "json" | "jsonld" => Format::Json,
        "csv" | "tsv" | "txt" => Format::Csv,
        _ => match text.trim_start().chars().next() {
            Some('[') => Format::Json,
            Some('{')
                if text.trim().lines().count() > 1
                    && text
                        .trim_start()
                        .lines()
                        .next()
                        .is_some_and(|l| l.trim_end().ends_with('}')) =>
            {
                Format::JsonLines
            }
            Some('{') => Format::Json,
            _ => Format::Csv,
        },
    }
}

/// Reads a whole vacancy file into memory: for callers with small files (tests, samples);
/// a load streams through [`VacancyReader`] instead.
pub fn read_vacancies(
    path: &Path,
    map: &ColumnMap,
) -> Result<ReadOutcome<Vacancy>, VacancyFileError> {
    let mut reader = VacancyReader::open(path, map)?;
    let mut out = ReadOutcome::default();
    while let Some(chunk) = reader.next_chunk(10_000)? {
        out.records.extend(chunk.records);
        out.rejected.extend(chunk.rejected);
        out.rows += chunk.rows;
    }
    Ok(out)
}
