//! One-row-per-course CSV: our layout (columns recognised or mapped) or the edX catalogue
//! layout, recognised by its header. The edX layout is used only when the user mapped no
//! columns: an explicit map means they chose how to read the file.

use std::collections::HashMap;

use super::canonical::{self, Fields};
use super::columns::ColumnMap;
use super::record::{Built, Collector};
use super::{CourseFileError, CourseRecord, edx};
use crate::rejects::ReadOutcome;
use crate::textfile;

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

pub fn read(
    file: &str,
    text: &str,
    map: &ColumnMap,
) -> Result<ReadOutcome<CourseRecord>, CourseFileError> {
    let header_error = |reason: String| CourseFileError::Header {
        file: file.to_owned(),
        reason,
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(textfile::sniff_delimiter(text))
        .flexible(true)
        .from_reader(text.as_bytes());
    let header = reader
        .headers()
        .map_err(|e| header_error(e.to_string()))?
        .clone();
    let names: Vec<&str> = header.iter().collect();
    let (columns, build): (_, fn(&dyn Fields) -> Built) =
        match edx::columns(&names).filter(|_| map.is_empty()) {
            Some(columns) => (columns, edx::build),
            None => (map.resolve(&names).map_err(header_error)?, canonical::build),
        };
    let mut out = Collector::new(file);
    let mut record = csv::StringRecord::new();
    loop {
        let line = textfile::csv_start_line(text, reader.position());
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                // A broken quote swallows the rest of the file; report it and stop there.
                out.count_row();
                out.reject(line, "row", e.to_string());
                break;
            }
        }
        out.count_row();
        let line = record
            .position()
            .map_or(line, |p| textfile::csv_start_line(text, p));
        if record.len() != header.len() {
            let reason = format!(
                "{} fields where the header has {}",
                record.len(),
                header.len()
            );
            out.reject(line, "row", reason);
            continue;
        }
        out.push(
            line,
            build(&CsvRow {
                record: &record,
                columns: &columns,
            }),
        );
    }
    Ok(out.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_right_with_crlf_and_multi_line_fields() {
        for text in [
            "id,title,provider,awarding_body,mode\nA,x,p,a,online\nB,\"y\nz\",p,a,online\nC,w,p,a,sometimes\n",
            "id,title,provider,awarding_body,mode\r\nA,x,p,a,online\r\nB,\"y\r\nz\",p,a,online\r\nC,w,p,a,sometimes\r\n",
        ] {
            let out = read("f.csv", text, &ColumnMap::default()).unwrap();
            let lines: Vec<usize> = out.records.iter().map(|r| r.line).collect();
            assert_eq!(lines, [2, 3], "{text:?}");
            assert_eq!(out.rejected.len(), 1, "{text:?}");
            assert_eq!(out.rejected[0].line, 5, "{text:?}");
        }
    }
}
