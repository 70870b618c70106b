//! Outcome events, append-only. Each carries an idempotency key chosen by its sender: sending
//! the same event again stores nothing and returns the original, while reusing a key for a
//! different event is told apart so an API can refuse it (409) instead of losing either.

mod by_person;
mod funnel;
mod rows;
mod stream;

pub use funnel::FunnelEvent;

use std::collections::HashMap;

use chrono::{DateTime, SubsecRound, Utc};
use diesel::prelude::*;
use skillpath_domain::outcome::OutcomeEvent;

use crate::conn::on_backend;
use crate::schema::outcome_events;
use crate::{Store, StoreError};
use rows::{NewOutcomeRow, OutcomeRow};

/// Events per statement: 9 columns each, well under SQLite's bound-value limit.
const BATCH: usize = 2000;

/// An event as stored: its sequence number and when it was recorded.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredOutcome {
    pub id: i64,
    pub event: OutcomeEvent,
    pub recorded_at: DateTime<Utc>,
}

/// What became of an appended event. Every variant holds the event stored under the key.
#[derive(Debug, Clone, PartialEq)]
pub enum Appended {
    /// The key was new; the event is stored.
    Created(StoredOutcome),
    /// The same event was stored before under this key; nothing changed.
    Repeated(StoredOutcome),
    /// The key is taken by a different event, returned here; nothing changed.
    Conflict(StoredOutcome),
}

impl Appended {
    pub fn stored(&self) -> &StoredOutcome {
        match self {
            Appended::Created(s) | Appended::Repeated(s) | Appended::Conflict(s) => s,
        }
    }

    pub fn is_new(&self) -> bool {
        matches!(self, Appended::Created(_))
    }
}

/// What a batch does when one of its keys is taken by a different event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnConflict {
    /// Store the other events and report the conflicting ones.
    Skip,
    /// Store nothing and report the conflicting ones.
    Abort,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OutcomeLoadSummary {
    pub created: usize,
    /// Events already stored under their key (or repeated within the batch).
    pub repeated: usize,
    /// Positions in the batch of events whose key is taken by a different event.
    pub conflicts: Vec<usize>,
}

/// The database keeps microseconds; the comparison with a stored event must too.
fn normalised(event: &OutcomeEvent) -> OutcomeEvent {
    let mut e = event.clone();
    e.occurred_at = e.occurred_at.trunc_subsecs(6);
    e
}

fn checked(event: &OutcomeEvent) -> Result<OutcomeEvent, StoreError> {
    event
        .validate()
        .map_err(|e| StoreError::invalid("outcome event", &event.idempotency_key, e.to_string()))?;
    Ok(normalised(event))
}

impl Store {
    /// Appends one event under its `idempotency_key`, unless that key is already taken.
    pub fn append_outcome(&self, event: &OutcomeEvent) -> Result<Appended, StoreError> {
        let event = checked(event)?;
        let key = event.idempotency_key.as_str();
        if let Some(stored) = self.outcome_by_key(key)? {
            return Ok(judge(&event, stored));
        }
        let row = NewOutcomeRow::from_domain(&event, Utc::now().naive_utc());
        let mut conn = self.conn()?;
        let inserted = on_backend!(&mut *conn, |c| diesel::insert_into(outcome_events::table)
            .values(&row)
            .returning(OutcomeRow::as_returning())
            .get_result(c));
        drop(conn);
        match inserted {
            Ok(row) => Ok(Appended::Created(row.into_domain()?)),
            // Another writer stored the key between the look-up and the insert.
            Err(diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                _,
            )) => {
                let stored = self.outcome_by_key(key)?.ok_or_else(|| {
                    StoreError::invalid("outcome event", key, "key taken, then gone")
                })?;
                Ok(judge(&event, stored))
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Appends a file's events in one transaction. Events already stored under their key
    /// count as repeats; see [`OnConflict`] for keys taken by a different event.
    pub fn append_outcomes(
        &self,
        events: &[OutcomeEvent],
        on_conflict: OnConflict,
    ) -> Result<OutcomeLoadSummary, StoreError> {
        let events = events.iter().map(checked).collect::<Result<Vec<_>, _>>()?;
        let now = Utc::now().naive_utc();
        let keys: Vec<&str> = events.iter().map(|e| e.idempotency_key.as_str()).collect();
        let mut conn = self.conn()?;
        on_backend!(&mut *conn, |c| c.transaction(|c| {
            let mut known: HashMap<String, OutcomeEvent> = HashMap::new();
            for chunk in keys.chunks(BATCH) {
                let rows = outcome_events::table
                    .filter(outcome_events::idempotency_key.eq_any(chunk))
                    .select(OutcomeRow::as_select())
                    .load(c)?;
                for row in rows {
                    let stored = row.into_domain()?;
                    known.insert(stored.event.idempotency_key.clone(), stored.event);
                }
            }
            let mut summary = OutcomeLoadSummary::default();
            let mut new = Vec::new();
            for (i, event) in events.iter().enumerate() {
                match known.get(&event.idempotency_key) {
                    Some(same) if same == event => summary.repeated += 1,
                    Some(_) => summary.conflicts.push(i),
                    None => {
                        known.insert(event.idempotency_key.clone(), event.clone());
                        new.push(NewOutcomeRow::from_domain(event, now));
                    }
                }
            }
            if on_conflict == OnConflict::Abort && !summary.conflicts.is_empty() {
                return Ok(summary);
            }
            for chunk in new.chunks(BATCH) {
                diesel::insert_into(outcome_events::table)
                    .values(chunk)
                    .execute(c)?;
            }
            summary.created = new.len();
            Ok::<_, StoreError>(summary)
        }))
    }

    pub fn outcome_by_key(&self, key: &str) -> Result<Option<StoredOutcome>, StoreError> {
        let mut conn = self.conn()?;
        let row = on_backend!(&mut *conn, |c| outcome_events::table
            .filter(outcome_events::idempotency_key.eq(key))
            .select(OutcomeRow::as_select())
            .first(c)
            .optional())?;
        row.map(OutcomeRow::into_domain).transpose()
    }

    /// A person's events in the order they happened.
    pub fn outcomes_for_jobseeker(&self, id: &str) -> Result<Vec<StoredOutcome>, StoreError> {
        let mut conn = self.conn()?;
        let rows = on_backend!(&mut *conn, |c| outcome_events::table
            .filter(outcome_events::jobseeker_id.eq(id))
            .order((outcome_events::occurred_at, outcome_events::id))
            .select(OutcomeRow::as_select())
            .load(c))?;
        rows.into_iter().map(OutcomeRow::into_domain).collect()
    }

    /// A course's events in the order they happened.
    pub fn outcomes_for_course(&self, id: &str) -> Result<Vec<StoredOutcome>, StoreError> {
        let mut conn = self.conn()?;
        let rows = on_backend!(&mut *conn, |c| outcome_events::table
            .filter(outcome_events::course_id.eq(id))
            .order((outcome_events::occurred_at, outcome_events::id))
            .select(OutcomeRow::as_select())
            .load(c))?;
        rows.into_iter().map(OutcomeRow::into_domain).collect()
    }

    /// Events that happened from `from` (included) to `to` (excluded), in that order.
    pub fn outcomes_between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<StoredOutcome>, StoreError> {
        let (from, to) = (from.naive_utc(), to.naive_utc());
        let mut conn = self.conn()?;
        let rows = on_backend!(&mut *conn, |c| outcome_events::table
            .filter(outcome_events::occurred_at.ge(from))
            .filter(outcome_events::occurred_at.lt(to))
            .order((outcome_events::occurred_at, outcome_events::id))
            .select(OutcomeRow::as_select())
            .load(c))?;
        rows.into_iter().map(OutcomeRow::into_domain).collect()
    }

    /// Every event in the order it happened: the input of the funnel and of the outcome
    /// evidence the matcher uses.
    pub fn outcome_events(&self) -> Result<Vec<OutcomeEvent>, StoreError> {
        let mut conn = self.conn()?;
        let rows = on_backend!(&mut *conn, |c| outcome_events::table
            .order((outcome_events::occurred_at, outcome_events::id))
            .select(OutcomeRow::as_select())
            .load(c))?;
        rows.into_iter()
            .map(|r| OutcomeRow::into_domain(r).map(|s| s.event))
            .collect()
    }

    pub fn outcome_count(&self) -> Result<usize, StoreError> {
        let mut conn = self.conn()?;
        let n: i64 = on_backend!(&mut *conn, |c| outcome_events::table.count().get_result(c))?;
        Ok(usize::try_from(n).unwrap_or(0))
    }
}

fn judge(event: &OutcomeEvent, stored: StoredOutcome) -> Appended {
    if stored.event == *event {
        Appended::Repeated(stored)
    } else {
        Appended::Conflict(stored)
    }
}
