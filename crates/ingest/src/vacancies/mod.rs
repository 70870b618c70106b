//! Vacancy files: CSV (delimiter and encoding detected, columns recognised or mapped),
//! JSON Lines, and schema.org `JobPosting` JSON. A broken row is reported and the rest load.

mod columns;
mod fields;
mod infer;
mod jobposting;

use std::collections::HashMap;
use std::path::Path;

use skillpath_domain::vacancy::Vacancy;

pub use columns::{ColumnMap, FIELDS};
pub use fields::parse_date;
pub use infer::{InferError, Inference};

use crate::rejects::{ReadOutcome, Rejected};
use crate::textfile::{self, TextFileError};
use fields::Fields;

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

/// Decides the format from the extension, then from the first character.
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

pub fn read_vacancies(
    path: &Path,
    map: &ColumnMap,
) -> Result<ReadOutcome<Vacancy>, VacancyFileError> {
    let file = textfile::display_name(path);
    let text = textfile::read_text(path)?;
    match detect_format(path, &text) {
        Format::Csv => read_csv(&file, &text, map),
        Format::JsonLines => read_json_lines(&file, &text),
        Format::Json => read_json(&file, &text),
    }
}

struct CsvRow<'a> {
    record: &'a csv::StringRecord,
    columns: &'a HashMap<&'static str, usize>,
}

impl Fields for CsvRow<'_> {
    fn get(&self, field: &str) -> Option<&str> {
        let i = *self.columns.get(field)?;
        self.record.get(i).map(str::trim).filter(|v| !v.is_empty())
    }
}

fn read_csv(
    file: &str,
    text: &str,
    map: &ColumnMap,
) -> Result<ReadOutcome<Vacancy>, VacancyFileError> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(textfile::sniff_delimiter(text))
        .flexible(true)
        .from_reader(text.as_bytes());
    let header = reader
        .headers()
        .map_err(|e| VacancyFileError::Header {
            file: file.to_owned(),
            reason: e.to_string(),
        })?
        .clone();
    let names: Vec<&str> = header.iter().collect();
    let columns = map
        .resolve(&names)
        .map_err(|reason| VacancyFileError::Header {
            file: file.to_owned(),
            reason,
        })?;
    let mut out = ReadOutcome::default();
    let mut record = csv::StringRecord::new();
    loop {
        let line = textfile::csv_start_line(text, reader.position());
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                // A broken quote swallows the rest of the file; report it and stop there.
                out.rows += 1;
                out.rejected.push(reject(file, line, "row", e.to_string()));
                break;
            }
        }
        out.rows += 1;
        let line = record
            .position()
            .map_or(line, |p| textfile::csv_start_line(text, p));
        if record.len() != header.len() {
            out.rejected.push(reject(
                file,
                line,
                "row",
                format!(
                    "{} fields where the header has {}",
                    record.len(),
                    header.len()
                ),
            ));
            continue;
        }
        collect(
            &mut out,
            file,
            line,
            fields::build(&CsvRow {
                record: &record,
                columns: &columns,
            }),
        );
    }
    Ok(out)
}

fn collect(
    out: &mut ReadOutcome<Vacancy>,
    file: &str,
    line: usize,
    built: Result<Vacancy, fields::RowErrors>,
) {
    match built {
        Ok(v) => out.records.push(v),
        Err(errors) => out.rejected.extend(
            errors
                .into_iter()
                .map(|(field, reason)| reject(file, line, &field, reason)),
        ),
    }
}

fn reject(file: &str, line: usize, field: &str, reason: String) -> Rejected {
    Rejected {
        file: file.to_owned(),
        line,
        field: field.to_owned(),
        reason,
    }
}

fn read_json_lines(file: &str, text: &str) -> Result<ReadOutcome<Vacancy>, VacancyFileError> {
    let mut out = ReadOutcome::default();
    for (i, raw) in text.lines().enumerate() {
        if raw.trim().is_empty() {
            continue;
        }
        out.rows += 1;
        match serde_json::from_str::<serde_json::Value>(raw) {
            Ok(value) => collect(&mut out, file, i + 1, jobposting::build(&value)),
            Err(e) => out
                .rejected
                .push(reject(file, i + 1, "row", format!("not JSON: {e}"))),
        }
    }
    Ok(out)
}

fn read_json(file: &str, text: &str) -> Result<ReadOutcome<Vacancy>, VacancyFileError> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| VacancyFileError::Json {
            file: file.to_owned(),
            line: e.line(),
            reason: e.to_string(),
        })?;
    let items: Vec<&serde_json::Value> = match &value {
        serde_json::Value::Array(items) => items.iter().collect(),
        serde_json::Value::Object(o) if o.contains_key("@graph") => o["@graph"]
            .as_array()
            .map(|a| a.iter().collect())
            .unwrap_or_default(),
        other => vec![other],
    };
    let mut out = ReadOutcome::default();
    // A single JSON document has no useful line per item; report its position instead.
    for (i, item) in items.into_iter().enumerate() {
        out.rows += 1;
        collect(&mut out, file, i + 1, jobposting::build(item));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression: on CRLF files every rejected row after the first was reported one line
    /// early, pointing users at the row above the broken one.
    #[test]
    fn crlf_rows_are_reported_on_their_own_line() {
        for text in [
            "id,title,salary_min\nA,nurse,100\nB,\"care\nworker\",200\nC,porter,lots\nD,cook,x\n",
            "id,title,salary_min\r\nA,nurse,100\r\nB,\"care\r\nworker\",200\r\nC,porter,lots\r\nD,cook,x\r\n",
        ] {
            let out = read_csv("f.csv", text, &ColumnMap::default()).unwrap();
            assert_eq!(out.records.len(), 2, "{text:?}");
            let lines: Vec<usize> = out.rejected.iter().map(|r| r.line).collect();
            assert_eq!(lines, [5, 6], "{text:?}");
        }
    }
}
