//! One ESCO CSV file, read by column name so that column order may differ across releases.
//! One record buffer is reused for the whole file: only what is kept gets allocated.

use std::fs::File;
use std::path::Path;

use csv::StringRecord;

use super::EscoProgress;
use super::error::EscoError;
use super::files::file_name;
use super::row::Row;

/// Reports progress every this many records: often enough for a bar, cheap enough to ignore.
const PROGRESS_EVERY: u64 = 4096;

/// Whether rows may be shorter than the header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Every row has the header's fields; a shorter one is a truncated row.
    Strict,
    /// ESCO's skillsHierarchy_en.csv stops rows after their last non-empty field (189 rows
    /// in v1.1.1); the missing trailing fields read as empty.
    Ragged,
}

pub struct Table<'p> {
    pub file: String,
    reader: csv::Reader<File>,
    header: Vec<String>,
    record: StringRecord,
    shape: Shape,
    bytes_total: u64,
    rows: u64,
    progress: &'p mut dyn FnMut(EscoProgress),
}

impl Table<'_> {
    pub fn open<'p>(
        path: &Path,
        shape: Shape,
        progress: &'p mut dyn FnMut(EscoProgress),
    ) -> Result<Table<'p>, EscoError> {
        let file = file_name(path);
        let io = |source| EscoError::Io {
            file: file.clone(),
            source,
        };
        let handle = File::open(path).map_err(io)?;
        let bytes_total = handle.metadata().map_err(io)?.len();
        // Lengths are checked here rather than by the csv crate, so that a short row can be
        // reported with the name of its first missing column.
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .buffer_capacity(1 << 16)
            .from_reader(handle);
        let header = match reader.headers() {
            Ok(h) => h
                .iter()
                .map(|h| h.trim_start_matches('\u{feff}').trim().to_owned())
                .collect(),
            Err(e) => return Err(csv_error(&file, 1, &[], e)),
        };
        let mut table = Table {
            file,
            reader,
            header,
            record: StringRecord::new(),
            shape,
            bytes_total,
            rows: 0,
            progress,
        };
        table.report(0);
        Ok(table)
    }

    /// The index of a column that must be present.
    pub fn column(&self, name: &str) -> Result<usize, EscoError> {
        self.optional_column(name)
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
                self.report(self.bytes_total);
                return Ok(None);
            }
            Err(e) => return Err(csv_error(&self.file, start_line, &self.header, e)),
        }
        self.rows += 1;
        if self.rows.is_multiple_of(PROGRESS_EVERY) {
            let done = self.reader.position().byte();
            self.report(done);
        }
        let line = self.record.position().map_or(start_line, |p| p.line());
        let (len, want) = (self.record.len(), self.header.len());
        if len < want && self.shape == Shape::Strict {
            return Err(malformed(
                &self.file,
                line,
                &self.header[len],
                format!("the row has {len} fields where the header has {want} (truncated row)"),
            ));
        }
        if len > want {
            // More fields than columns means a stray separator shifted the row: every field
            // after it would land in the wrong column.
            return Err(malformed(
                &self.file,
                line,
                "row",
                format!("the row has {len} fields where the header has {want}"),
            ));
        }
        Ok(Some(Row {
            file: &self.file,
            line,
            record: &self.record,
        }))
    }

    fn report(&mut self, done: u64) {
        (self.progress)(EscoProgress {
            file: self.file.clone(),
            bytes_done: done.min(self.bytes_total),
            bytes_total: self.bytes_total,
        });
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

fn csv_error(file: &str, line: u64, header: &[String], e: csv::Error) -> EscoError {
    let message = e.to_string();
    match e.into_kind() {
        csv::ErrorKind::Io(source) => EscoError::Io {
            file: file.to_owned(),
            source,
        },
        csv::ErrorKind::Utf8 { pos, err } => {
            let field = header.get(err.field()).map_or("header", String::as_str);
            let line = pos.map_or(line, |p| p.line());
            malformed(file, line, field, format!("not valid UTF-8 ({err})"))
        }
        _ => malformed(file, line, "row", message),
    }
}
