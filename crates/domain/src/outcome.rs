//! Outcome events: the append-only record of each step from recommendation to work.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::error::{Checker, ValidationError};
use crate::esco::check_esco_uri;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    Recommended,
    Viewed,
    Referred,
    Enrolled,
    Started,
    DroppedOut,
    Completed,
    CredentialIssued,
    Employed,
    LeftRegister,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutcomeEvent {
    /// Chosen by the sender; a repeat with the same key is the same event.
    pub idempotency_key: String,
    pub kind: EventKind,
    pub jobseeker_id: String,
    pub course_id: Option<String>,
    pub occurred_at: DateTime<Utc>,
    /// For `employed`: the ESCO occupation, the contract and its start.
    pub occupation_uri: Option<String>,
    pub contract_type: Option<String>,
    pub employment_start: Option<NaiveDate>,
}

impl OutcomeEvent {
    pub fn validate(&self) -> Result<(), ValidationError> {
        let mut c = Checker::new();
        c.non_empty(&self.idempotency_key, "idempotency_key");
        c.require(
            self.idempotency_key.len() <= 200,
            "idempotency_key",
            "at most 200 characters",
        );
        c.non_empty(&self.jobseeker_id, "jobseeker_id");
        let needs_course = matches!(
            self.kind,
            EventKind::Recommended
                | EventKind::Referred
                | EventKind::Enrolled
                | EventKind::Started
                | EventKind::DroppedOut
                | EventKind::Completed
                | EventKind::CredentialIssued
        );
        c.require(
            !needs_course || self.course_id.is_some(),
            "course_id",
            "this kind of event concerns a course",
        );
        if let Some(uri) = &self.occupation_uri
            && let Err(e) = check_esco_uri(uri)
        {
            c.fail("occupation_uri", e);
        }
        c.finish()
    }
}
