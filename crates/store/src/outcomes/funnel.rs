//! Events person by person with only the columns the outcome funnel reads, for reports over
//! tens of millions of events: no idempotency key, contract or recording time is read or
//! converted. Paged like `for_each_person_events` (a page ends at a person boundary, each
//! page one range scan of the `outcome_events_person_seq` index).

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use skillpath_domain::outcome::EventKind;

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

type Row = (
    String,
    String,
    Option<String>,
    NaiveDateTime,
    Option<String>,
    Option<NaiveDate>,
);

/// Event kinds are a handful of strings: each is decoded once per page, not once per row.
#[derive(Default)]
struct Kinds(Vec<(String, EventKind)>);

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
        mut visit: impl FnMut(&[FunnelEvent]) -> Result<(), E>,
    ) -> Result<(), E>
    where
        E: From<StoreError>,
    {
        let page = page.max(2);
        let mut after: Option<String> = None;
        let mut kinds = Kinds::default();
        loop {
            let mut events = self.funnel_page(after.as_deref(), None, page, &mut kinds)?;
            let full = events.len() == page;
            if full {
                let last = events
                    .last()
                    .map(|e| e.jobseeker_id.clone())
                    .unwrap_or_default();
                let first_of_last = events.partition_point(|e| e.jobseeker_id != last);
                if first_of_last == 0 {
                    // One person filled the page: read that person whole.
                    events = self.funnel_page(None, Some(&last), usize::MAX, &mut kinds)?;
                } else {
                    // The last person may go on past the page: leave them for the next one.
                    events.truncate(first_of_last);
                }
            }
            if events.is_empty() {
                return Ok(());
            }
            after = events.last().map(|e| e.jobseeker_id.clone());
            visit(&events)?;
            if !full {
                return Ok(());
            }
        }
    }

    fn funnel_page(
        &self,
        after: Option<&str>,
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
            if let Some(id) = only {
                q = q.filter(oe::jobseeker_id.eq(id.to_owned()));
            }
            q.load(c)
        })?;
        drop(conn);
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
}
