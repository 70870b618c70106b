//! Outcome event files: JSON Lines (or a JSON array) of the `OutcomeEvent` form, or CSV with the same field
//! names as columns. Times must carry their offset (`2027-03-01T09:00:00Z`) and are kept in
//! UTC. A key given twice in one file for two different events is refused on the later row;
//! the same event twice is passed on, for the store to count as a repeat.

use std::collections::HashMap;
use std::path::Path;

use chrono::{DateTime, Utc};
use skillpath_domain::outcome::{EventKind, OutcomeEvent};

use crate::named_csv::{self, Row};
use crate::rejects::{ReadOutcome, Rejected};
use crate::textfile::{self, TextFileError};
use crate::vacancies::{Format, detect_format, parse_date};

pub const COLUMNS: &[&str] = &[
    "idempotency_key",
    "kind",
    "jobseeker_id",
    "course_id",
    "occurred_at",
    "occupation_uri",
    "contract_type",
    "employment_start",
];

#[derive(Debug, thiserror::Error)]
pub enum OutcomeFileError {
    #[error(transparent)]
    Text(#[from] TextFileError),
    #[error("{file}: {reason}")]
    Header { file: String, reason: String },
}

#[derive(Debug, Clone)]
pub struct OutcomeRecord {
    pub event: OutcomeEvent,
    pub line: usize,
}

type Built = Result<OutcomeEvent, Vec<(String, String)>>;

pub fn read_outcomes(path: &Path) -> Result<ReadOutcome<OutcomeRecord>, OutcomeFileError> {
    let file = textfile::display_name(path);
    let text = textfile::read_text(path)?;
    let mut out = ReadOutcome::default();
    let mut built: Vec<(usize, Built)> = Vec::new();
    match detect_format(path, &text) {
        Format::Csv => {
            out.rows = named_csv::read(
                &file,
                &text,
                COLUMNS,
                &["idempotency_key", "kind", "jobseeker_id", "occurred_at"],
                &mut out.rejected,
                |line, row| built.push((line, from_row(row))),
            )
            .map_err(|reason| OutcomeFileError::Header {
                file: file.clone(),
                reason,
            })?;
        }
        Format::JsonLines => {
            for (i, raw) in text.lines().enumerate() {
                if raw.trim().is_empty() {
                    continue;
                }
                out.rows += 1;
                let event = serde_json::from_str(raw)
                    .map_err(|e| vec![("row".to_owned(), format!("not JSON: {e}"))])
                    .and_then(from_json);
                built.push((i + 1, event));
            }
        }
        Format::Json => {
            let value: serde_json::Value =
                serde_json::from_str(&text).map_err(|e| OutcomeFileError::Header {
                    file: file.clone(),
                    reason: format!("not a JSON document (line {}): {e}", e.line()),
                })?;
            let items = match value {
                serde_json::Value::Array(items) => items,
                other => vec![other],
            };
            // One JSON document has no useful line per item; its position stands in.
            for (i, item) in items.into_iter().enumerate() {
                out.rows += 1;
                built.push((i + 1, from_json(item)));
            }
        }
    }
    let mut seen: HashMap<String, (usize, OutcomeEvent)> = HashMap::new();
    for (line, result) in built {
        let reject = |field: String, reason: String| Rejected {
            file: file.clone(),
            line,
            field,
            reason,
        };
        match result {
            Err(errors) => out
                .rejected
                .extend(errors.into_iter().map(|(f, r)| reject(f, r))),
            Ok(event) => {
                if let Some((first, earlier)) = seen.get(&event.idempotency_key) {
                    if *earlier != event {
                        let reason = format!("already used on line {first} for a different event");
                        out.rejected.push(reject("idempotency_key".into(), reason));
                        continue;
                    }
                } else {
                    seen.insert(event.idempotency_key.clone(), (line, event.clone()));
                }
                out.records.push(OutcomeRecord { event, line });
            }
        }
    }
    out.rejected.sort_by_key(|r| r.line);
    Ok(out)
}

fn from_json(value: serde_json::Value) -> Built {
    named_csv::from_json(value)
        .map_err(|e| vec![e])
        .and_then(checked)
}

fn checked(event: OutcomeEvent) -> Built {
    match event.validate() {
        Ok(()) => Ok(event),
        Err(e) => Err(e
            .violations
            .into_iter()
            .map(|v| (v.field, v.reason))
            .collect()),
    }
}

fn from_row(row: &Row<'_>) -> Built {
    let mut errors = Vec::new();
    let text = |f: &str| row.get(f).map(str::to_owned);
    let kind = match row.get("kind") {
        Some(raw) => {
            let kind = named_csv::enum_value::<EventKind>(raw, '_');
            if kind.is_none() {
                errors.push((
                    "kind".to_owned(),
                    format!(
                        "{raw:?} is not an event kind (recommended, viewed, referred, enrolled, started, dropped_out, completed, credential_issued, employed, left_register)"
                    ),
                ));
            }
            kind
        }
        None => {
            errors.push(("kind".to_owned(), "must not be empty".to_owned()));
            None
        }
    };
    let occurred_at = match row.get("occurred_at") {
        Some(raw) => {
            let t = timestamp(raw);
            if t.is_none() {
                errors.push((
                    "occurred_at".to_owned(),
                    format!(
                        "{raw:?} is not a time with its offset (expected e.g. 2027-03-01T09:00:00Z)"
                    ),
                ));
            }
            t
        }
        None => {
            errors.push(("occurred_at".to_owned(), "must not be empty".to_owned()));
            None
        }
    };
    let employment_start = row.get("employment_start").and_then(|raw| {
        let d = parse_date(raw);
        if d.is_none() {
            errors.push((
                "employment_start".to_owned(),
                format!("{raw:?} is not a date (expected e.g. 2027-04-01)"),
            ));
        }
        d
    });
    let (Some(kind), Some(occurred_at)) = (kind, occurred_at) else {
        return Err(errors);
    };
    let event = OutcomeEvent {
        idempotency_key: text("idempotency_key").unwrap_or_default(),
        kind,
        jobseeker_id: text("jobseeker_id").unwrap_or_default(),
        course_id: text("course_id"),
        occurred_at,
        occupation_uri: text("occupation_uri"),
        contract_type: text("contract_type"),
        employment_start,
    };
    match checked(event) {
        Ok(event) if errors.is_empty() => Ok(event),
        Ok(_) => Err(errors),
        Err(more) => {
            errors.extend(more);
            Err(errors)
        }
    }
}

/// An RFC 3339 time with `T` or a space before the time, converted to UTC. A time without
/// an offset is refused: guessing the zone would shift events by hours.
fn timestamp(raw: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(raw)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::timestamp;

    #[test]
    fn times_need_an_offset_and_become_utc() {
        assert_eq!(
            timestamp("2027-03-01T10:00:00+01:00").unwrap().to_rfc3339(),
            "2027-03-01T09:00:00+00:00"
        );
        assert!(timestamp("2027-03-01 09:00:00Z").is_some());
        assert!(timestamp("2027-03-01T09:00:00").is_none());
        assert!(timestamp("2027-03-01").is_none());
    }
}
