//! Events person by person with only the columns the outcome funnel reads, for reports over
//! tens of millions of events: no idempotency key, contract or recording time is read or
//! converted. Paged like `for_each_person_events` (a page ends at a person boundary, each
//! page one range scan of the `outcome_events_person_seq` index). A report may read
//! disjoint ranges of people on several connections at once (`PersonRange`,
//! `Store::person_ranges`).

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use skillpath_domain::outcome::EventKind;

use super::by_person;
use crate::codec::enum_from_text;
use crate::conn::on_backend;
use crate::schema::outcome_events as oe;
use crate::{Store, StoreError};

/// What the funnel reads of an event.
#[derive(Debug, Clone, PartialEq)]
pub struct FunnelEvent {
    pub jobseeker_id: String,
    pub kind: EventKind,
    pub course_id: Option<String>,
    pub occurred_at: NaiveDateTime,
    pub occupation_uri: Option<String>,
    pub employment_start: Option<NaiveDate>,
}

/// People whose ids sort after `after` (all when `None`) and up to `upto` inclusive (no
/// bound when `None`). Ranges cut at ids of the register cover every id, registered or not.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PersonRange {
    pub after: Option<String>,
    pub upto: Option<String>,
}

pub(super) type Row = (
    String,
    String,
    Option<String>,
    NaiveDateTime,
    Option<String>,
    Option<NaiveDate>,
);

/// Event kinds are a handful of strings: each is decoded once per page, not once per row.
#[derive(Default)]
pub(super) struct Kinds(Vec<(String, EventKind)>);

impl Kinds {
    fn decode(&mut self, id: &str, text: &str) -> Result<EventKind, StoreError> {
        if let Some((_, k)) = self.0.iter().find(|(t, _)| t == text) {
            return Ok(*k);
        }
        let kind: EventKind = enum_from_text("outcome_events", id, "kind", text)?;
        self.0.push((text.to_owned(), kind));
        Ok(kind)
    }
}

impl Store {
    /// Calls `visit` with every event's funnel columns, grouped by person (ordered by
    /// person, then sequence number). At most about `page` events are held at once, more
    /// only when one person alone has more.
    pub fn for_each_person_funnel_events<E>(
        &self,
        page: usize,
        visit: impl FnMut(&[FunnelEvent]) -> Result<(), E>,
    ) -> Result<(), E>
    where
        E: From<StoreError>,
    {
        self.for_each_person_funnel_events_in(&PersonRange::default(), page, visit)
    }

    /// `for_each_person_funnel_events` for the people of `range` only.
    pub fn for_each_person_funnel_events_in<E>(
        &self,
        range: &PersonRange,
        page: usize,
        visit: impl FnMut(&[FunnelEvent]) -> Result<(), E>,
    ) -> Result<(), E>
    where
        E: From<StoreError>,
    {
        // Kinds are decoded through one table for the whole stream; the two readers take
        // turns, never both at once.
        let kinds = std::cell::RefCell::new(Kinds::default());
        let upto = range.upto.as_deref();
        by_person::for_each_person_after(
            range.after.clone(),
            page,
            |e: &FunnelEvent| e.jobseeker_id.as_str(),
            |after, limit| self.funnel_page(after, upto, None, limit, &mut kinds.borrow_mut()),
            |id| self.funnel_page(None, None, Some(id), usize::MAX, &mut kinds.borrow_mut()),
            visit,
        )
    }

    /// About `parts` ranges of people with equal shares of the register, in id order,
    /// together covering every id; fewer when the register is small.
    pub fn person_ranges(&self, parts: usize) -> Result<Vec<PersonRange>, StoreError> {
        use crate::schema::jobseekers as js;
        let mut conn = self.conn()?;
        let people: i64 = on_backend!(&mut *conn, |c| js::table.count().get_result(c))?;
        let parts = i64::try_from(parts.max(1)).unwrap_or(1);
        let mut cuts: Vec<String> = Vec::new();
        for i in 1..parts {
            let at = people * i / parts;
            if at == 0 {
                continue;
            }
            let cut: Option<String> = on_backend!(&mut *conn, |c| js::table
                .order(js::id)
                .select(js::id)
                .offset(at - 1)
                .first(c)
                .optional())?;
            if let Some(cut) = cut.filter(|c| cuts.last() != Some(c)) {
                cuts.push(cut);
            }
        }
        let mut ranges = Vec::with_capacity(cuts.len() + 1);
        let mut after = None;
        for cut in cuts {
            ranges.push(PersonRange {
                after: after.replace(cut.clone()),
                upto: Some(cut),
            });
        }
        ranges.push(PersonRange { after, upto: None });
        Ok(ranges)
    }

    fn funnel_page(
        &self,
        after: Option<&str>,
        upto: Option<&str>,
        only: Option<&str>,
        limit: usize,
        kinds: &mut Kinds,
    ) -> Result<Vec<FunnelEvent>, StoreError> {
        let mut conn = self.conn()?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows: Vec<Row> = on_backend!(&mut *conn, |c| {
            let mut q = oe::table
                .order((oe::jobseeker_id, oe::id))
                .select((
                    oe::jobseeker_id,
                    oe::kind,
                    oe::course_id,
                    oe::occurred_at,
                    oe::occupation_uri,
                    oe::employment_start,
                ))
                .limit(limit)
                .into_boxed();
            if let Some(a) = after {
                q = q.filter(oe::jobseeker_id.gt(a.to_owned()));
            }
            if let Some(u) = upto {
                q = q.filter(oe::jobseeker_id.le(u.to_owned()));
            }
            if let Some(id) = only {
                q = q.filter(oe::jobseeker_id.eq(id.to_owned()));
            }
            q.load(c)
        })?;
        drop(conn);
        decode(rows, kinds)
    }
}

pub(super) fn decode(rows: Vec<Row>, kinds: &mut Kinds) -> Result<Vec<FunnelEvent>, StoreError> {
    rows.into_iter()
        .map(
            |(jobseeker_id, kind, course_id, occurred_at, occupation_uri, employment_start)| {
                Ok(FunnelEvent {
                    kind: kinds.decode(&jobseeker_id, &kind)?,
                    jobseeker_id,
                    course_id,
                    occurred_at,
                    occupation_uri,
                    employment_start,
                })
            },
        )
        .collect()
}
