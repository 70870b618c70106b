//! One ESCO CSV file, read by column name so that column order may differ across releases.

use std::fs::File;
use std::path::Path;

use csv::StringRecord;

use super::EscoProgress;
use super::error::EscoError;

/// Reports progress every this many records: often enough for a bar, cheap enough to ignore.
const PROGRESS_EVERY: u64 = 4096;

pub struct Table<'p> {
    pub file: String,
    reader: csv::Reader<File>,
    header: Vec<String>,
    record: StringRecord,
    ragged_ok: bool,
    bytes_total: u64,
    rows: u64,
    progress: &'p mut dyn FnMut(EscoProgress),
}

/// A record being read, with what is needed to blame it.
pub struct Row<'t> {
    pub file: &'t str,
    pub line: u64,
    record: &'t StringRecord,
}

impl Table<'_> {
    /// `ragged_ok`: the file may legitimately have rows shorter than its header (ESCO's
    /// skillsHierarchy_en.csv); missing trailing fields then read as empty.
    pub fn open<'p>(
        path: &Path,
        ragged_ok: bool,
        progress: &'p mut dyn FnMut(EscoProgress),
    ) -> Result<Table<'p>, EscoError> {
        let file = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let io = |source| EscoError::Io {
            file: file.clone(),
            source,
        };
        let handle = File::open(path).map_err(io)?;
        let bytes_total = handle.metadata().map_err(io)?.len();
        let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(handle);
        let header = reader
            .headers()
            .map_err(|e| malformed(&file, 1, "header", e.to_string()))?
            .iter()
            .map(|h| h.trim_start_matches('\u{feff}').trim().to_owned())
            .collect();
        Ok(Table {
            file,
            reader,
            header,
            record: StringRecord::new(),
            ragged_ok,
            bytes_total,
            rows: 0,
            progress,
        })
    }

    /// The index of a column that must be present.
    pub fn column(&self, name: &str) -> Result<usize, EscoError> {
        self.header
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| EscoError::MissingColumn {
                file: self.file.clone(),
                column: name.to_owned(),
            })
    }

    /// The index of a column that older or newer releases may lack.
    pub fn optional_column(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h == name)
    }

    pub fn rows_read(&self) -> u64 {
        self.rows
    }

    /// The next record, or `None` at the end of the file.
    pub fn next_row(&mut self) -> Result<Option<Row<'_>>, EscoError> {
        let start_line = self.reader.position().line();
        match self.reader.read_record(&mut self.record) {
            Ok(true) => {}
            Ok(false) => {
                self.report();
                return Ok(None);
            }
            Err(e) => return Err(malformed(&self.file, start_line, "row", e.to_string())),
        }
        self.rows += 1;
        if self.rows.is_multiple_of(PROGRESS_EVERY) {
            self.report();
        }
        let line = self.record.position().map_or(start_line, |p| p.line());
        if self.record.len() < self.header.len() && !self.ragged_ok {
            return Err(malformed(
                &self.file,
                line,
                &self.header[self.record.len()],
                format!(
                    "the row has {} fields where the header has {} (truncated row)",
                    self.record.len(),
                    self.header.len()
                ),
            ));
        }
        Ok(Some(Row {
            file: &self.file,
            line,
            record: &self.record,
        }))
    }

    fn report(&mut self) {
        let done = self.reader.position().byte().min(self.bytes_total);
        (self.progress)(EscoProgress {
            file: self.file.clone(),
            bytes_done: done,
            bytes_total: self.bytes_total,
        });
    }
}

impl Row<'_> {
    /// The trimmed text of column `i`; empty when a ragged row stops before it.
    pub fn get(&self, i: usize) -> &str {
        self.record.get(i).unwrap_or_default().trim()
    }

    pub fn fail(&self, field: &str, reason: impl Into<String>) -> EscoError {
        malformed(self.file, self.line, field, reason.into())
    }
}

pub fn malformed(file: &str, line: u64, field: &str, reason: String) -> EscoError {
    EscoError::Malformed {
        file: file.to_owned(),
        line,
        field: field.to_owned(),
        reason,
    }
}
