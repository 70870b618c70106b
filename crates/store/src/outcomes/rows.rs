//! Outcome event rows and the conversion between them and the domain event.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use skillpath_domain::outcome::OutcomeEvent;

use super::StoredOutcome;
use crate::StoreError;
use crate::codec::{enum_from_text, enum_text};
use crate::schema::outcome_events;

#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = outcome_events)]
pub(super) struct OutcomeRow {
    id: i64,
    idempotency_key: String,
    kind: String,
    jobseeker_id: String,
    course_id: Option<String>,
    occurred_at: NaiveDateTime,
    occupation_uri: Option<String>,
    contract_type: Option<String>,
    employment_start: Option<NaiveDate>,
    recorded_at: NaiveDateTime,
}

/// The database numbers events; a new row has no id yet.
#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = outcome_events)]
pub(super) struct NewOutcomeRow {
    idempotency_key: String,
    kind: String,
    jobseeker_id: String,
    course_id: Option<String>,
    occurred_at: NaiveDateTime,
    occupation_uri: Option<String>,
    contract_type: Option<String>,
    employment_start: Option<NaiveDate>,
    recorded_at: NaiveDateTime,
}

impl NewOutcomeRow {
    pub(super) fn from_domain(e: &OutcomeEvent, now: NaiveDateTime) -> Self {
        NewOutcomeRow {
            idempotency_key: e.idempotency_key.clone(),
            kind: enum_text(&e.kind),
            jobseeker_id: e.jobseeker_id.clone(),
            course_id: e.course_id.clone(),
            occurred_at: e.occurred_at.naive_utc(),
            occupation_uri: e.occupation_uri.clone(),
            contract_type: e.contract_type.clone(),
            employment_start: e.employment_start,
            recorded_at: now,
        }
    }
}

impl OutcomeRow {
    pub(super) fn into_domain(self) -> Result<StoredOutcome, StoreError> {
        let kind = enum_from_text("outcome_events", &self.idempotency_key, "kind", &self.kind)?;
        Ok(StoredOutcome {
            id: self.id,
            event: OutcomeEvent {
                idempotency_key: self.idempotency_key,
                kind,
                jobseeker_id: self.jobseeker_id,
                course_id: self.course_id,
                occurred_at: self.occurred_at.and_utc(),
                occupation_uri: self.occupation_uri,
                contract_type: self.contract_type,
                employment_start: self.employment_start,
            },
            recorded_at: self.recorded_at.and_utc(),
        })
    }
}
