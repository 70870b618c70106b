//! Vacancy files read a chunk of rows at a time, so a load holds one chunk, not the file:
//! CSV and JSON Lines stream; a single JSON document is parsed whole (it has no rows to
//! stop between) and handed out in chunks like the others.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use skillpath_domain::vacancy::Vacancy;

use super::fields::{self, Fields};
use super::{ColumnMap, Format, VacancyFileError, detect_format, jobposting};
use crate::rejects::{ReadOutcome, Rejected};
use crate::textfile::{self, TextFileError};
use crate::textstream::{self, DecodedReader};

/// Text looked at to tell the format and the delimiter.
const SNIFF: usize = 1 << 20;

/// An open vacancy file. [`VacancyReader::open`] checks the encoding of the whole file and
/// the header before any row is handed out.
#[derive(Debug)]
pub struct VacancyReader {
    file: String,
    rows: Rows,
}

#[derive(Debug)]
enum Rows {
    Csv(Box<CsvRows>),
    JsonLines {
        text: Box<BufReader<DecodedReader<File>>>,
        line: usize,
        buf: String,
    },
    Json {
        items: std::vec::IntoIter<serde_json::Value>,
        index: usize,
    },
}

#[derive(Debug)]
struct CsvRows {
    reader: csv::Reader<DecodedReader<File>>,
    header_len: usize,
    columns: HashMap<&'static str, usize>,
    record: csv::StringRecord,
    done: bool,
}

impl VacancyReader {
    pub fn open(path: &Path, map: &ColumnMap) -> Result<Self, VacancyFileError> {
        let file = textfile::display_name(path);
        textstream::check(path)?;
        let mut text = textstream::open(path)?;
        let prefix = text.prefix(SNIFF)?;
        let rows = match detect_format(path, prefix) {
            Format::Csv => {
                let delimiter = textfile::sniff_delimiter(prefix);
                Rows::Csv(Box::new(CsvRows::open(&file, text, delimiter, map)?))
            }
            Format::JsonLines => Rows::JsonLines {
                text: Box::new(BufReader::new(text)),
                line: 0,
                buf: String::new(),
            },
            Format::Json => Rows::Json {
                items: json_items(&file, text)?.into_iter(),
                index: 0,
            },
        };
        Ok(Self { file, rows })
    }

    /// The next `max` rows (fewer at the end): the vacancies built and the rows rejected.
    /// `None` once the file is read.
    pub fn next_chunk(
        &mut self,
        max: usize,
    ) -> Result<Option<ReadOutcome<Vacancy>>, VacancyFileError> {
        let mut out = ReadOutcome::default();
        let file = self.file.as_str();
        while out.rows < max {
            let more = match &mut self.rows {
                Rows::Csv(csv) => csv.next(file, &mut out)?,
                Rows::JsonLines { text, line, buf } => {
                    next_json_line(file, text, line, buf, &mut out)?
                }
                Rows::Json { items, index } => match items.next() {
                    Some(item) => {
                        *index += 1;
                        out.rows += 1;
                        // A single JSON document has no useful line per item; its position
                        // stands in for one.
                        collect(&mut out, file, *index, jobposting::build(&item));
                        true
                    }
                    None => false,
                },
            };
            if !more {
                break;
            }
        }
        Ok((out.rows > 0).then_some(out))
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

impl CsvRows {
    fn open(
        file: &str,
        text: DecodedReader<File>,
        delimiter: u8,
        map: &ColumnMap,
    ) -> Result<Self, VacancyFileError> {
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .from_reader(text.tracking_newlines());
        let header = match reader.headers() {
            Ok(h) => h.clone(),
            Err(e) => return Err(text_error(file, &mut reader, e)),
        };
        let names: Vec<&str> = header.iter().collect();
        let columns = map
            .resolve(&names)
            .map_err(|reason| VacancyFileError::Header {
                file: file.to_owned(),
                reason,
            })?;
        Ok(Self {
            header_len: header.len(),
            reader,
            columns,
            record: csv::StringRecord::new(),
            done: false,
        })
    }

    /// Reads one row into `out`; false at the end of the file.
    fn next(
        &mut self,
        file: &str,
        out: &mut ReadOutcome<Vacancy>,
    ) -> Result<bool, VacancyFileError> {
        if self.done {
            return Ok(false);
        }
        let before = self.reader.position().clone();
        let read = self.reader.read_record(&mut self.record);
        let line = |reader: &mut csv::Reader<DecodedReader<File>>, p: &csv::Position| {
            start_line(reader.get_mut(), p)
        };
        match read {
            Ok(false) => {
                self.done = true;
                return Ok(false);
            }
            Ok(true) => {}
            Err(e) if matches!(e.kind(), csv::ErrorKind::Io(_)) => {
                return Err(text_error(file, &mut self.reader, e));
            }
            Err(e) => {
                // A broken quote swallows the rest of the file; report it and stop there.
                out.rows += 1;
                let line = line(&mut self.reader, &before);
                out.rejected.push(reject(file, line, "row", e.to_string()));
                self.done = true;
                return Ok(true);
            }
        }
        out.rows += 1;
        let position = self.record.position().cloned().unwrap_or(before);
        let line = line(&mut self.reader, &position);
        if self.record.len() != self.header_len {
            let reason = format!(
                "{} fields where the header has {}",
                self.record.len(),
                self.header_len
            );
            out.rejected.push(reject(file, line, "row", reason));
            return Ok(true);
        }
        let built = fields::build(&CsvRow {
            record: &self.record,
            columns: &self.columns,
        });
        collect(out, file, line, built);
        Ok(true)
    }
}

/// The 1-based line a CSV record starts on. The csv crate counts a line when it consumes a
/// `\n`; after a record ending in CRLF that `\n` is still unread when the next record's
/// position is taken, so the position is one line early; the byte it points at tells.
fn start_line(text: &mut DecodedReader<File>, position: &csv::Position) -> usize {
    position.line() as usize + usize::from(text.is_newline_at(position.byte()))
}

/// A CSV reader's I/O error is the decoder's: the file changed since it was checked, or
/// could not be read.
fn text_error(
    file: &str,
    reader: &mut csv::Reader<DecodedReader<File>>,
    e: csv::Error,
) -> VacancyFileError {
    if let Some(text) = reader.get_mut().take_error() {
        return text.into();
    }
    let reason = e.to_string();
    match e.into_kind() {
        csv::ErrorKind::Io(source) => TextFileError::Io {
            file: file.to_owned(),
            source,
        }
        .into(),
        _ => VacancyFileError::Header {
            file: file.to_owned(),
            reason,
        },
    }
}

fn next_json_line(
    file: &str,
    text: &mut BufReader<DecodedReader<File>>,
    line: &mut usize,
    buf: &mut String,
    out: &mut ReadOutcome<Vacancy>,
) -> Result<bool, VacancyFileError> {
    loop {
        buf.clear();
        let n = text.read_line(buf).map_err(|source| {
            text.get_mut().take_error().unwrap_or(TextFileError::Io {
                file: file.to_owned(),
                source,
            })
        })?;
        if n == 0 {
            return Ok(false);
        }
        *line += 1;
        let raw = buf.trim();
        if raw.is_empty() {
            continue;
        }
        out.rows += 1;
        match serde_json::from_str::<serde_json::Value>(raw) {
            Ok(value) => collect(out, file, *line, jobposting::build(&value)),
            Err(e) => out
                .rejected
                .push(reject(file, *line, "row", format!("not JSON: {e}"))),
        }
        return Ok(true);
    }
}

/// The postings of one JSON document: an array, a JSON-LD `@graph`, or one posting.
fn json_items(
    file: &str,
    mut text: DecodedReader<File>,
) -> Result<Vec<serde_json::Value>, VacancyFileError> {
    let mut whole = String::new();
    if let Err(source) = text.read_to_string(&mut whole) {
        return Err(text
            .take_error()
            .unwrap_or(TextFileError::Io {
                file: file.to_owned(),
                source,
            })
            .into());
    }
    let value: serde_json::Value =
        serde_json::from_str(&whole).map_err(|e| VacancyFileError::Json {
            file: file.to_owned(),
            line: e.line(),
            reason: e.to_string(),
        })?;
    Ok(match value {
        serde_json::Value::Array(items) => items,
        serde_json::Value::Object(mut o) if o.contains_key("@graph") => match o.remove("@graph") {
            Some(serde_json::Value::Array(items)) => items,
            _ => Vec::new(),
        },
        other => vec![other],
    })
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

#[cfg(test)]
mod tests {
    use std::fmt::Write;

    use super::*;

    fn file(name: &str, bytes: &[u8]) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        (dir, path)
    }

    /// Every chunk of at most `max` rows, in order.
    fn chunks(path: &Path, max: usize) -> Vec<ReadOutcome<Vacancy>> {
        let mut reader = VacancyReader::open(path, &ColumnMap::default()).unwrap();
        std::iter::from_fn(|| reader.next_chunk(max).unwrap()).collect()
    }

    /// Regression: on CRLF files every rejected row after the first was reported one line
    /// early, pointing users at the row above the broken one.
    #[test]
    fn crlf_rows_are_reported_on_their_own_line() {
        for text in [
            "id,title,salary_min\nA,nurse,100\nB,\"care\nworker\",200\nC,porter,lots\nD,cook,x\n",
            "id,title,salary_min\r\nA,nurse,100\r\nB,\"care\r\nworker\",200\r\nC,porter,lots\r\nD,cook,x\r\n",
        ] {
            let (_dir, path) = file("f.csv", text.as_bytes());
            let out = super::super::read_vacancies(&path, &ColumnMap::default()).unwrap();
            assert_eq!(out.records.len(), 2, "{text:?}");
            let lines: Vec<usize> = out.rejected.iter().map(|r| r.line).collect();
            assert_eq!(lines, [5, 6], "{text:?}");
        }
    }

    /// A file several decoding blocks long, with multi-line quoted descriptions, CRLF line
    /// ends and a broken row every so often, read in chunks of every size: each rejection
    /// names its own line and the rows and vacancies add up, wherever a chunk or a block ends.
    #[test]
    fn rejected_rows_keep_their_lines_across_chunks_and_blocks() {
        for newline in ["\n", "\r\n"] {
            let mut text = format!("id;title;salary_min;description{newline}");
            let (mut line, mut broken) = (2, Vec::new());
            for i in 0..3_000 {
                let salary = if i % 97 == 5 {
                    broken.push(line);
                    "lots"
                } else {
                    "100"
                };
                let lines = 1 + i % 3;
                let body =
                    vec![format!("Ward work é€ {}", "x".repeat(i % 200)); lines].join(newline);
                write!(text, "V{i};Nurse {i};{salary};\"{body}\"{newline}").unwrap();
                line += lines;
            }
            assert!(text.len() > 2 * 256 * 1024, "spans several blocks");
            let (_dir, path) = file("jobs.csv", text.as_bytes());
            for max in [1, 2, 7, 1_000, 5_000] {
                let read = chunks(&path, max);
                assert!(
                    read.iter().all(|c| c.rows <= max && c.rows > 0),
                    "max {max}"
                );
                assert_eq!(read.iter().map(|c| c.rows).sum::<usize>(), 3_000);
                let lines: Vec<usize> = read
                    .iter()
                    .flat_map(|c| c.rejected.iter().map(|r| r.line))
                    .collect();
                assert_eq!(lines, broken, "max {max}, {newline:?}");
                let ids: Vec<String> = read
                    .iter()
                    .flat_map(|c| c.records.iter().map(|v| v.id.clone()))
                    .collect();
                assert_eq!(ids.len(), 3_000 - broken.len());
                assert_eq!(ids[0], "V0");
                assert_eq!(ids.last().unwrap(), "V2999");
            }
        }
    }

    #[test]
    fn json_lines_keep_their_lines_across_chunks() {
        let text = "{\"id\":\"a\",\"title\":\"Cook\"}\n\n{oops\n\
                    {\"id\":\"b\",\"title\":\"Porter\"}\r\n{\"title\":\"No id\"}\n";
        let (_dir, path) = file("jobs.jsonl", text.as_bytes());
        for max in [1, 2, 10] {
            let read = chunks(&path, max);
            assert_eq!(read.iter().map(|c| c.rows).sum::<usize>(), 4, "max {max}");
            let lines: Vec<usize> = read
                .iter()
                .flat_map(|c| c.rejected.iter().map(|r| r.line))
                .collect();
            assert_eq!(lines, [3, 5], "max {max}");
            assert_eq!(read.iter().map(|c| c.records.len()).sum::<usize>(), 2);
        }
    }

    /// The bad byte sits far past the first chunk, yet nothing is handed out.
    #[test]
    fn a_bad_byte_at_the_end_refuses_the_file_before_any_row() {
        let mut bytes = b"id,title\n".to_vec();
        for i in 0..50_000 {
            bytes.extend_from_slice(format!("{i},Nurse\n").as_bytes());
        }
        bytes.extend_from_slice(b"x,caf\xE9\n");
        let (_dir, path) = file("jobs.csv", &bytes);
        let err = VacancyReader::open(&path, &ColumnMap::default()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "jobs.csv: not UTF-8 (invalid byte 0xE9 on line 50002); save it as UTF-8 or \
             UTF-16 with a byte order mark"
        );
        let (_dir, blank) = file("blank.csv", b"\r\n  \n");
        let err = VacancyReader::open(&blank, &ColumnMap::default()).unwrap_err();
        assert_eq!(err.to_string(), "blank.csv: the file is empty");
    }
}
