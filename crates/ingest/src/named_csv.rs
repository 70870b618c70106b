//! CSV files whose header must use our column names exactly (any order, any case): the
//! jobseeker and outcome exports we define ourselves. An unknown column is refused rather
//! than ignored, so a misspelt header cannot silently drop a field.

use std::collections::HashMap;

use crate::rejects::Rejected;
use crate::textfile;

/// One data row, by column name; values trimmed, `None` when empty or absent.
#[derive(Debug)]
pub struct Row<'a> {
    record: &'a csv::StringRecord,
    columns: &'a HashMap<String, usize>,
}

impl Row<'_> {
    pub fn get(&self, column: &str) -> Option<&str> {
        let i = *self.columns.get(column)?;
        self.record.get(i).map(str::trim).filter(|v| !v.is_empty())
    }

    pub fn has_column(&self, column: &str) -> bool {
        self.columns.contains_key(column)
    }
}

/// Calls `each(line, row)` for every well-formed data row; rows the CSV layer cannot split
/// go to `rejected`. Returns the number of rows seen, or the header's problem.
pub fn read(
    file: &str,
    text: &str,
    known: &[&str],
    required: &[&str],
    rejected: &mut Vec<Rejected>,
    mut each: impl FnMut(usize, &Row<'_>),
) -> Result<usize, String> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(textfile::sniff_delimiter(text))
        .flexible(true)
        .from_reader(text.as_bytes());
    let header = reader.headers().map_err(|e| e.to_string())?.clone();
    let mut columns = HashMap::new();
    for (i, name) in header.iter().enumerate() {
        let name = name.trim().to_ascii_lowercase();
        if !known.contains(&name.as_str()) {
            return Err(format!(
                "unknown column {name:?}; the columns are {}",
                known.join(", ")
            ));
        }
        if columns.insert(name.clone(), i).is_some() {
            return Err(format!("column {name:?} appears twice"));
        }
    }
    if let Some(missing) = required.iter().find(|c| !columns.contains_key(**c)) {
        return Err(format!("the column {missing:?} is required"));
    }
    let reject = |line: usize, reason: String| Rejected {
        file: file.to_owned(),
        line,
        field: "row".into(),
        reason,
    };
    let mut rows = 0;
    let mut record = csv::StringRecord::new();
    loop {
        let line = reader.position().line() as usize;
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                // A broken quote swallows the rest of the file; report it and stop there.
                rows += 1;
                rejected.push(reject(line, e.to_string()));
                break;
            }
        }
        rows += 1;
        let line = record.position().map_or(line, |p| p.line() as usize);
        if record.len() != header.len() {
            let reason = format!(
                "{} fields where the header has {}",
                record.len(),
                header.len()
            );
            rejected.push(reject(line, reason));
            continue;
        }
        each(
            line,
            &Row {
                record: &record,
                columns: &columns,
            },
        );
    }
    Ok(rows)
}

/// Splits a `;`-separated cell, dropping empty items.
pub fn list(raw: Option<&str>) -> Vec<String> {
    raw.unwrap_or_default()
        .split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A unit enum from its serde name, accepting any case and `_` or `-` between words.
pub fn enum_value<T: serde::de::DeserializeOwned>(raw: &str, dash: char) -> Option<T> {
    let name: String = raw
        .trim()
        .to_ascii_lowercase()
        .chars()
        .map(|c| {
            if c == '_' || c == '-' || c == ' ' {
                dash
            } else {
                c
            }
        })
        .collect();
    serde_json::from_value(serde_json::Value::String(name)).ok()
}

/// Deserialises a JSON value, naming the member at fault: `profile.skills[0].source`, or for
/// a missing member the member itself rather than its parent.
pub fn from_json<T: serde::de::DeserializeOwned>(
    value: serde_json::Value,
) -> Result<T, (String, String)> {
    serde_path_to_error::deserialize::<_, T>(value).map_err(|e| {
        let reason = e.inner().to_string();
        let path = e.path().to_string();
        let field = match reason.strip_prefix("missing field `") {
            Some(rest) => {
                let member = rest.split('`').next().unwrap_or_default();
                if path == "." {
                    member.to_owned()
                } else {
                    format!("{path}.{member}")
                }
            }
            None => path,
        };
        (field, reason)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_must_use_known_names_and_rows_keep_their_lines() {
        let mut rejected = Vec::new();
        let err = read(
            "f.csv",
            "id;nmae\n1;x\n",
            &["id", "name"],
            &["id"],
            &mut rejected,
            |_, _| {},
        )
        .unwrap_err();
        assert!(err.contains("unknown column \"nmae\""), "{err}");
        let err = read(
            "f.csv",
            "name\nx\n",
            &["id", "name"],
            &["id"],
            &mut rejected,
            |_, _| {},
        )
        .unwrap_err();
        assert!(err.contains("\"id\" is required"), "{err}");

        let mut seen = Vec::new();
        let text = "ID;Name\n1;\"a\nb\"\n2\n3; c \n";
        let rows = read(
            "f.csv",
            text,
            &["id", "name"],
            &["id"],
            &mut rejected,
            |line, row| {
                seen.push((
                    line,
                    row.get("id").unwrap().to_owned(),
                    row.get("name").map(str::to_owned),
                ));
            },
        )
        .unwrap();
        assert_eq!(rows, 3);
        assert_eq!(
            seen,
            [
                (2, "1".into(), Some("a\nb".into())),
                (5, "3".into(), Some("c".into()))
            ]
        );
        assert_eq!((rejected[0].line, rejected[0].field.as_str()), (4, "row"));
    }
}
