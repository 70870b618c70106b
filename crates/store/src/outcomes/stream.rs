//! Events person by person, in pages, for reports over more events than fit in memory.
//!
//! A page is cut at a person boundary: the funnel of a (jobseeker, course) pair needs all of
//! the person's events (a job counts for every course completed before it), so a person is
//! never split across two pages. Paging is by a range on `jobseeker_id` alone, served by the
//! `outcome_events_person_seq` index, so every page is one index range scan.

use diesel::prelude::*;
use skillpath_domain::outcome::OutcomeEvent;

use super::rows::OutcomeRow;
use crate::conn::on_backend;
use crate::schema::outcome_events;
use crate::{Store, StoreError};

impl Store {
    /// Calls `visit` with every event, grouped by person (each call holds all of one or
    /// more people's events, ordered by person, then by sequence number). At most about
    /// `page` events are held at once, more only when one person alone has more.
    pub fn for_each_person_events<E>(
        &self,
        page: usize,
        mut visit: impl FnMut(&[OutcomeEvent]) -> Result<(), E>,
    ) -> Result<(), E>
    where
        E: From<StoreError>,
    {
        let page = page.max(2);
        let mut after: Option<String> = None;
        loop {
            let mut events = self.person_page(after.as_deref(), page)?;
            let full = events.len() == page;
            if full {
                let last = events
                    .last()
                    .map(|e| e.jobseeker_id.clone())
                    .unwrap_or_default();
                let first_of_last = events.partition_point(|e| e.jobseeker_id != last);
                if first_of_last == 0 {
                    // One person filled the page: read that person whole.
                    events = self.person_events(&last)?;
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

    fn person_page(
        &self,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Vec<OutcomeEvent>, StoreError> {
        let mut conn = self.conn()?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = on_backend!(&mut *conn, |c| {
            let mut q = outcome_events::table
                .order((outcome_events::jobseeker_id, outcome_events::id))
                .select(OutcomeRow::as_select())
                .limit(limit)
                .into_boxed();
            if let Some(a) = after {
                q = q.filter(outcome_events::jobseeker_id.gt(a.to_owned()));
            }
            q.load(c)
        })?;
        rows.into_iter()
            .map(|r| r.into_domain().map(|s| s.event))
            .collect()
    }

    fn person_events(&self, id: &str) -> Result<Vec<OutcomeEvent>, StoreError> {
        let mut conn = self.conn()?;
        let rows = on_backend!(&mut *conn, |c| outcome_events::table
            .filter(outcome_events::jobseeker_id.eq(id))
            .order(outcome_events::id)
            .select(OutcomeRow::as_select())
            .load(c))?;
        rows.into_iter()
            .map(|r| r.into_domain().map(|s| s.event))
            .collect()
    }
}
