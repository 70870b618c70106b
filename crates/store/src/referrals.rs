//! Referrals: a caseworker's decision to send a jobseeker to a course, with whether it
//! followed the matcher's suggestion or overrode it (and why). There is one referral per
//! person and course, so a client that repeats a request gets the first one back instead of
//! a second referral; the outcome figures count each referral once.

use chrono::{DateTime, NaiveDateTime, SubsecRound, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use crate::codec::{enum_from_text, enum_text};
use crate::conn::on_backend;
use crate::schema::referrals;
use crate::{Store, StoreError};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// The course was among the suggestions when the caseworker referred.
    Followed,
    /// It was not; the caseworker chose it anyway and said why.
    Overridden,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewReferral {
    pub jobseeker_id: String,
    pub course_id: String,
    /// The account that decided.
    pub decided_by: i64,
    pub decision: Decision,
    /// 1-based; present exactly when the decision followed the suggestions.
    pub suggested_rank: Option<u32>,
    /// Required when overridden.
    pub reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Referral {
    pub id: i64,
    pub jobseeker_id: String,
    pub course_id: String,
    pub decided_by: i64,
    pub decided_at: DateTime<Utc>,
    pub decision: Decision,
    pub suggested_rank: Option<u32>,
    pub reason: Option<String>,
}

/// What [`Store::refer`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Referred {
    Created(Referral),
    /// The person was referred to this course before; that referral, unchanged.
    Existing(Referral),
}

impl Referred {
    pub fn referral(&self) -> &Referral {
        match self {
            Referred::Created(r) | Referred::Existing(r) => r,
        }
    }
}

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = referrals)]
struct Row {
    id: i64,
    jobseeker_id: String,
    course_id: String,
    decided_by: i64,
    decided_at: NaiveDateTime,
    decision: String,
    suggested_rank: Option<i32>,
    reason: Option<String>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = referrals)]
struct NewRow<'a> {
    jobseeker_id: &'a str,
    course_id: &'a str,
    decided_by: i64,
    decided_at: NaiveDateTime,
    decision: String,
    suggested_rank: Option<i32>,
    reason: Option<&'a str>,
}

impl Row {
    fn into_domain(self) -> Result<Referral, StoreError> {
        let key = self.id.to_string();
        let decision = enum_from_text("referrals", &key, "decision", &self.decision)?;
        let suggested_rank = self
            .suggested_rank
            .map(u32::try_from)
            .transpose()
            .map_err(|_| StoreError::corrupt("referrals", &key, "negative suggested_rank"))?;
        Ok(Referral {
            id: self.id,
            jobseeker_id: self.jobseeker_id,
            course_id: self.course_id,
            decided_by: self.decided_by,
            decided_at: self.decided_at.and_utc(),
            decision,
            suggested_rank,
            reason: self.reason,
        })
    }
}

impl NewReferral {
    /// The rules the table's CHECK constraints also hold, as errors a caller can show.
    pub fn check(&self) -> Result<(), (&'static str, String)> {
        if self.course_id.trim().is_empty() {
            return Err(("course_id", "must not be empty".into()));
        }
        match (self.decision, &self.suggested_rank, self.reason.as_deref()) {
            (Decision::Followed, None, _) => Err((
                "suggested_rank",
                "a referral that follows the suggestions has their rank".into(),
            )),
            (Decision::Followed, Some(0), _) => Err(("suggested_rank", "ranks start at 1".into())),
            (Decision::Overridden, Some(_), _) => Err((
                "suggested_rank",
                "an overriding referral has no suggested rank".into(),
            )),
            (Decision::Overridden, None, r) if r.is_none_or(|r| r.trim().is_empty()) => Err((
                "reason",
                "a referral to a course that is not among the suggestions needs a reason".into(),
            )),
            _ => Ok(()),
        }
    }
}

impl Store {
    /// Records a referral, or returns the one already recorded for this person and course.
    pub fn refer(&self, new: &NewReferral) -> Result<Referred, StoreError> {
        new.check().map_err(|(field, reason)| {
            StoreError::invalid("referrals", &new.jobseeker_id, format!("{field}: {reason}"))
        })?;
        let row = NewRow {
            jobseeker_id: &new.jobseeker_id,
            course_id: &new.course_id,
            decided_by: new.decided_by,
            // The database keeps microseconds; the returned referral must equal a re-read.
            decided_at: Utc::now().naive_utc().trunc_subsecs(6),
            decision: enum_text(&new.decision),
            suggested_rank: new
                .suggested_rank
                .map(|r| i32::try_from(r).unwrap_or(i32::MAX)),
            reason: new.reason.as_deref(),
        };
        if let Some(known) = self.referral_of(&new.jobseeker_id, &new.course_id)? {
            return Ok(Referred::Existing(known));
        }
        let mut conn = self.conn()?;
        let inserted = on_backend!(&mut *conn, |c| diesel::insert_into(referrals::table)
            .values(&row)
            .returning(Row::as_returning())
            .get_result(c));
        drop(conn);
        match inserted {
            Ok(row) => Ok(Referred::Created(row.into_domain()?)),
            // Another request referred between the look-up and the insert.
            Err(diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                _,
            )) => self
                .referral_of(&new.jobseeker_id, &new.course_id)?
                .map(Referred::Existing)
                .ok_or_else(|| StoreError::invalid("referrals", &new.jobseeker_id, "vanished")),
            Err(e) => Err(e.into()),
        }
    }

    fn referral_of(&self, jobseeker: &str, course: &str) -> Result<Option<Referral>, StoreError> {
        let mut conn = self.conn()?;
        let row = on_backend!(&mut *conn, |c| referrals::table
            .filter(referrals::jobseeker_id.eq(jobseeker))
            .filter(referrals::course_id.eq(course))
            .select(Row::as_select())
            .first(c)
            .optional())?;
        row.map(Row::into_domain).transpose()
    }

    /// A person's referrals, oldest first.
    pub fn referrals_for_jobseeker(&self, jobseeker: &str) -> Result<Vec<Referral>, StoreError> {
        let mut conn = self.conn()?;
        let rows = on_backend!(&mut *conn, |c| referrals::table
            .filter(referrals::jobseeker_id.eq(jobseeker))
            .order(referrals::id)
            .select(Row::as_select())
            .load(c))?;
        rows.into_iter().map(Row::into_domain).collect()
    }

    /// Every referral, oldest first: the input of the pseudonymised export.
    pub fn referrals(&self) -> Result<Vec<Referral>, StoreError> {
        let mut conn = self.conn()?;
        let rows = on_backend!(&mut *conn, |c| referrals::table
            .order(referrals::id)
            .select(Row::as_select())
            .load(c))?;
        rows.into_iter().map(Row::into_domain).collect()
    }
}
