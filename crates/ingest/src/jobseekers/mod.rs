//! Jobseeker files: JSON Lines of `{"profile": {...}, "groups": {...}}` (groups optional; a
//! bare profile object also works), one JSON array of those, or CSV with our column names
//! (see [`COLUMNS`]). Group flags stay a separate value from the profile all the way to the
//! store. A broken row is reported with file, line, field and reason, and the rest load.

mod csv_row;

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;
use skillpath_domain::jobseeker::{GroupFlags, Profile};

pub use csv_row::COLUMNS;

use crate::named_csv;
use crate::rejects::{ReadOutcome, Rejected};
use crate::textfile::{self, TextFileError};
use crate::vacancies::{Format, detect_format};

#[derive(Debug, thiserror::Error)]
pub enum JobseekerFileError {
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

#[derive(Debug, Clone)]
pub struct JobseekerRecord {
    pub profile: Profile,
    /// `None` when the source records no group membership for the person.
    pub groups: Option<GroupFlags>,
    pub line: usize,
}

/// Every problem with one row: (field, reason).
type RowErrors = Vec<(String, String)>;
type Built = Result<(Profile, Option<GroupFlags>), RowErrors>;

pub fn read_jobseekers(path: &Path) -> Result<ReadOutcome<JobseekerRecord>, JobseekerFileError> {
    let file = textfile::display_name(path);
    let text = textfile::read_text(path)?;
    let mut out = Collector::new(&file);
    match detect_format(path, &text) {
        Format::Csv => {
            let rows = named_csv::read(
                &file,
                &text,
                COLUMNS,
                &["id", "office"],
                &mut out.out.rejected,
                |line, row| out.pending.push((line, csv_row::build(row))),
            )
            .map_err(|reason| JobseekerFileError::Header {
                file: file.clone(),
                reason,
            })?;
            out.out.rows = rows;
        }
        Format::JsonLines => {
            for (i, raw) in text.lines().enumerate() {
                if raw.trim().is_empty() {
                    continue;
                }
                out.out.rows += 1;
                let built = serde_json::from_str(raw)
                    .map_err(|e| vec![("row".to_owned(), format!("not JSON: {e}"))])
                    .and_then(from_json);
                out.pending.push((i + 1, built));
            }
        }
        Format::Json => {
            let value: serde_json::Value =
                serde_json::from_str(&text).map_err(|e| JobseekerFileError::Json {
                    file: file.clone(),
                    line: e.line(),
                    reason: e.to_string(),
                })?;
            let items = match value {
                serde_json::Value::Array(items) => items,
                other => vec![other],
            };
            // One JSON document has no useful line per item; its position stands in.
            for (i, item) in items.into_iter().enumerate() {
                out.out.rows += 1;
                out.pending.push((i + 1, from_json(item)));
            }
        }
    }
    Ok(out.finish())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Wrapped {
    profile: Profile,
    #[serde(default)]
    groups: Option<GroupFlags>,
}

fn from_json(value: serde_json::Value) -> Built {
    let wrapped = value.get("profile").is_some();
    let (profile, groups) = if wrapped {
        let w: Wrapped = named_csv::from_json(value).map_err(|e| vec![e])?;
        (w.profile, w.groups)
    } else {
        (named_csv::from_json(value).map_err(|e| vec![e])?, None)
    };
    let prefix = if wrapped { "profile." } else { "" };
    let mut errors = RowErrors::new();
    if let Err(e) = profile.validate() {
        errors.extend(
            e.violations
                .into_iter()
                .map(|v| (format!("{prefix}{}", v.field), v.reason)),
        );
    }
    if let Some(Err(e)) = groups.as_ref().map(GroupFlags::validate) {
        errors.extend(
            e.violations
                .into_iter()
                .map(|v| (format!("groups.{}", v.field), v.reason)),
        );
    }
    if errors.is_empty() {
        Ok((profile, groups))
    } else {
        Err(errors)
    }
}

/// Builds the outcome in file order, refusing a second row with an id already read: it
/// would silently replace the first one downstream.
struct Collector<'a> {
    file: &'a str,
    out: ReadOutcome<JobseekerRecord>,
    pending: Vec<(usize, Built)>,
}

impl<'a> Collector<'a> {
    fn new(file: &'a str) -> Self {
        Self {
            file,
            out: ReadOutcome::default(),
            pending: Vec::new(),
        }
    }

    fn finish(mut self) -> ReadOutcome<JobseekerRecord> {
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut rejected = Vec::new();
        for (line, built) in std::mem::take(&mut self.pending) {
            let reject = |field: String, reason: String| Rejected {
                file: self.file.to_owned(),
                line,
                field,
                reason,
            };
            match built {
                Err(errors) => rejected.extend(errors.into_iter().map(|(f, r)| reject(f, r))),
                Ok((profile, groups)) => {
                    if let Some(first) = seen.get(&profile.id) {
                        let reason = format!("{:?} was already read on line {first}", profile.id);
                        rejected.push(reject("id".into(), reason));
                        continue;
                    }
                    seen.insert(profile.id.clone(), line);
                    self.out.records.push(JobseekerRecord {
                        profile,
                        groups,
                        line,
                    });
                }
            }
        }
        // Rows the CSV layer could not split were reported as they came; keep line order.
        self.out.rejected.extend(rejected);
        self.out.rejected.sort_by_key(|r| r.line);
        self.out
    }
}
