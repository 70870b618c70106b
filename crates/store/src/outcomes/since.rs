//! What changed in the outcome events since a reader last looked, so that facts derived
//! from every event (the dashboard's) can be brought up to date from the new events alone.
//! Events are append-only and numbered in insertion order; a mark is the highest number and
//! the count. Numbers can commit out of order on PostgreSQL (a sequence hands them out before
//! the commit), so a reader checks that the events numbered after its mark account for every
//! event added since; when they do not, one committed late below the mark and only a full
//! read is safe. SQLite has one writer and hands out numbers inside its transaction, so
//! there the numbers alone tell what was added, without counting every event (a pass over
//! the table that would cost a dashboard view most of its time).

use diesel::dsl::{count_star, max};
use diesel::prelude::*;

use super::funnel::{self, FunnelEvent, Kinds, Row};
use crate::conn::{Conn, on_backend};
use crate::schema::outcome_events as oe;
use crate::{Store, StoreError};

/// Ids per statement, well under SQLite's bound-value limit.
const CHUNK: usize = 5000;

/// The outcome events at one moment: the highest sequence number and how many there are.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OutcomeMark {
    pub last: i64,
    pub count: i64,
}

/// What `Store::outcome_changes` found since a mark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutcomeChanges {
    /// No event was added.
    None,
    /// The people (each once, in id order) with events numbered between the two marks,
    /// which account for every event added.
    People { mark: OutcomeMark, ids: Vec<String> },
    /// Events were added that the numbers after the mark do not account for (one committed
    /// late below it), or more than the limit (a bulk load, which a full read handles
    /// better than a list of ids): only a full read is safe.
    Unknown { mark: OutcomeMark },
}

impl Store {
    /// The events' mark now, from one statement (so one consistent view on either backend).
    pub fn outcome_mark(&self) -> Result<OutcomeMark, StoreError> {
        let mut conn = self.conn()?;
        match &mut *conn {
            Conn::Sqlite(c) => sqlite::mark(c),
            Conn::Pg(c) => pg::mark(c),
        }
    }

    /// What was added since `from`, at most `limit` events listed. The mark and the list
    /// come from one snapshot of the table (a repeatable-read transaction on PostgreSQL; a
    /// read transaction in SQLite's WAL mode), so an event committing meanwhile is either
    /// in both or in neither.
    pub fn outcome_changes(
        &self,
        from: OutcomeMark,
        limit: usize,
    ) -> Result<OutcomeChanges, StoreError> {
        let mut conn = self.conn()?;
        match &mut *conn {
            Conn::Sqlite(c) => c.transaction(|c| sqlite::changes(c, from, limit)),
            Conn::Pg(c) => c
                .build_transaction()
                .repeatable_read()
                .read_only()
                .run(|c| pg::changes(c, from, limit)),
        }
    }

    /// Every event of the people `ids` (sorted), with the funnel's columns, grouped by person
    /// in sequence order as `for_each_person_funnel_events` gives them.
    pub fn funnel_events_of(&self, ids: &[String]) -> Result<Vec<FunnelEvent>, StoreError> {
        let mut kinds = Kinds::default();
        let mut out = Vec::new();
        let mut conn = self.conn()?;
        for chunk in ids.chunks(CHUNK) {
            let rows: Vec<Row> = on_backend!(&mut *conn, |c| oe::table
                .filter(oe::jobseeker_id.eq_any(chunk))
                .order((oe::jobseeker_id, oe::id))
                .select((
                    oe::jobseeker_id,
                    oe::kind,
                    oe::course_id,
                    oe::occurred_at,
                    oe::occupation_uri,
                    oe::employment_start,
                ))
                .load(c))?;
            out.extend(funnel::decode(rows, &mut kinds)?);
        }
        Ok(out)
    }
}

/// The two readers, written once for each backend's connection type.
macro_rules! readers {
    ($module:ident, $conn:ty, late_commits: $late:expr) => {
        mod $module {
            use super::*;

            pub(super) fn mark(c: &mut $conn) -> Result<OutcomeMark, StoreError> {
                let (last, count): (Option<i64>, i64) =
                    oe::table.select((max(oe::id), count_star())).first(c)?;
                Ok(OutcomeMark {
                    last: last.unwrap_or(0),
                    count,
                })
            }

            pub(super) fn changes(
                c: &mut $conn,
                from: OutcomeMark,
                limit: usize,
            ) -> Result<OutcomeChanges, StoreError> {
                let to = if $late {
                    mark(c)?
                } else {
                    // Events are never deleted nor numbered out of commit order here: the
                    // count now is the count then plus the events numbered since.
                    let last: Option<i64> = oe::table.select(max(oe::id)).first(c)?;
                    let last = last.unwrap_or(0);
                    let since: i64 = oe::table
                        .filter(oe::id.gt(from.last))
                        .filter(oe::id.le(last))
                        .count()
                        .get_result(c)?;
                    OutcomeMark {
                        last,
                        count: from.count + since,
                    }
                };
                if to == from {
                    return Ok(OutcomeChanges::None);
                }
                let added = to.count - from.count;
                if added < 0 || to.last < from.last || added as u64 > limit as u64 {
                    return Ok(OutcomeChanges::Unknown { mark: to });
                }
                let mut ids: Vec<String> = oe::table
                    .filter(oe::id.gt(from.last))
                    .filter(oe::id.le(to.last))
                    .select(oe::jobseeker_id)
                    .load(c)?;
                if ids.len() as i64 != added {
                    return Ok(OutcomeChanges::Unknown { mark: to });
                }
                ids.sort_unstable();
                ids.dedup();
                Ok(OutcomeChanges::People { mark: to, ids })
            }
        }
    };
}
readers!(sqlite, diesel::SqliteConnection, late_commits: false);
readers!(pg, diesel::PgConnection, late_commits: true);
