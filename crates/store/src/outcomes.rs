//! Outcome events, append-only. Each carries an idempotency key chosen by its sender: sending
//! the same event again stores nothing and returns the original, while reusing a key for a
//! different event is told apart so an API can refuse it (409) instead of losing either.

mod by_person;
mod funnel;
mod rows;
mod since;
mod stream;

pub use funnel::{FunnelEvent, PersonRange};
pub use since::{OutcomeChanges, OutcomeMark};

use std::collections::HashMap;

use chrono::{DateTime, SubsecRound, Utc};
use diesel::prelude::*;
use skillpath_domain::outcome::OutcomeEvent;

use crate::AuditEntry;
use crate::audit::OwnedEntry;
use crate::conn::{Conn, on_backend};
use crate::schema::outcome_events;
use crate::{Store, StoreError};
use rows::{NewOutcomeRow, OutcomeRow};

/// Events per statement: 9 columns each, well under SQLite's bound-value limit.
const BATCH: usize = 2000;
/// Appends of at least this many events refresh PostgreSQL's statistics (see
/// `append_outcomes`); an API call appends one.
const BULK_LOAD: usize = 10_000;

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
        self.append_outcome_audited(event, None)
    }

    /// As `append_outcome`, and records `audit` in the same transaction when the event is
    /// stored or repeated (not when its key names a different event): one commit, so the
    /// access is logged exactly when the event is acknowledged.
    pub fn append_outcome_audited(
        &self,
        original: &OutcomeEvent,
        audit_entry: Option<&AuditEntry<'_>>,
    ) -> Result<Appended, StoreError> {
        let event = checked(original)?;
        if let Some(entry) = audit_entry {
            crate::audit::checked(entry)?;
        }
        let audit = audit_entry;
        let key = event.idempotency_key.clone();
        let audit = audit.map(OwnedEntry::from);
        let row = NewOutcomeRow::from_domain(&event, Utc::now().naive_utc());
        let written = self.write(move |conn| {
            let appended = match stored_by_key(conn, &event.idempotency_key)? {
                Some(stored) => judge(&event, stored),
                None => Appended::Created(
                    on_backend!(conn, |c| diesel::insert_into(outcome_events::table)
                        .values(&row)
                        .returning(OutcomeRow::as_returning())
                        .get_result(c))?
                    .into_domain()?,
                ),
            };
            if let (Some(entry), false) = (&audit, matches!(appended, Appended::Conflict(_))) {
                entry.insert(conn)?;
            }
            Ok(appended)
        });
        match written {
            // PostgreSQL only (SQLite's writes are serialised): another writer stored the key
            // between the look-up and the insert, and its event decides. Retrying finds it.
            Err(StoreError::Query(diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                _,
            ))) if self.outcome_by_key(&key)?.is_some() => {
                self.append_outcome_audited(original, audit_entry)
            }
            other => other,
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
        let summary = on_backend!(&mut *conn, |c| c.transaction(|c| {
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
        }))?;
        // PostgreSQL plans from statistics that autovacuum refreshes only later: straight
        // after a bulk load it takes the events for a few thousand rows, and sorts millions
        // for every page of a report (a 10M-event report: 40 s before, 17 s after). A
        // sampled ANALYZE costs about a second whatever the table's size.
        if let Conn::Pg(c) = &mut *conn
            && summary.created >= BULK_LOAD
        {
            diesel::sql_query("ANALYZE outcome_events").execute(c)?;
        }
        Ok(summary)
    }

    pub fn outcome_by_key(&self, key: &str) -> Result<Option<StoredOutcome>, StoreError> {
        stored_by_key(&mut *self.conn()?, key)
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

fn stored_by_key(conn: &mut Conn, key: &str) -> Result<Option<StoredOutcome>, StoreError> {
    let row = on_backend!(conn, |c| outcome_events::table
        .filter(outcome_events::idempotency_key.eq(key))
        .select(OutcomeRow::as_select())
        .first(c)
        .optional())?;
    row.map(OutcomeRow::into_domain).transpose()
}

fn judge(event: &OutcomeEvent, stored: StoredOutcome) -> Appended {
    if stored.event == *event {
        Appended::Repeated(stored)
    } else {
        Appended::Conflict(stored)
    }
}
