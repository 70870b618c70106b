//! Events person by person, in pages, for reports over more events than fit in memory.
//!
//! A page is cut at a person boundary: the funnel of a (jobseeker, course) pair needs all of
//! the person's events (a job counts for every course completed before it), so a person is
//! never split across two pages. Paging is by a range on `jobseeker_id` alone, served by the
//! `outcome_events_person_seq` index, so every page is one index range scan.

use diesel::prelude::*;
use skillpath_domain::outcome::OutcomeEvent;

use super::by_person;
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
        visit: impl FnMut(&[OutcomeEvent]) -> Result<(), E>,
    ) -> Result<(), E>
    where
        E: From<StoreError>,
    {
        by_person::for_each_person(
            page,
            |e: &OutcomeEvent| e.jobseeker_id.as_str(),
            |after, limit| self.person_page(after, limit),
            |id| self.person_events(id),
            visit,
        )
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
