//! A cheap fingerprint of what the matcher reads. Server instances poll it and rebuild their
//! in-memory indexes when it changes, so that a course added through one instance is
//! recommended by every other instance over the same database.

use chrono::NaiveDateTime;
use diesel::dsl::max;
use diesel::prelude::*;

use crate::conn::on_backend;
use crate::schema::{courses, esco_releases, outcome_events, vacancies};
use crate::{Store, StoreError};

/// Row counts catch deletions; the newest load time catches replaced rows (a re-ingested
/// course gets a new `loaded_at`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DataStamp {
    pub courses: i64,
    pub courses_loaded: Option<NaiveDateTime>,
    pub vacancies: i64,
    pub vacancies_loaded: Option<NaiveDateTime>,
    pub outcomes: i64,
    pub esco_releases: i64,
}

impl Store {
    pub fn data_stamp(&self) -> Result<DataStamp, StoreError> {
        let mut conn = self.conn()?;
        on_backend!(&mut *conn, |c| {
            Ok(DataStamp {
                courses: courses::table.count().get_result(c)?,
                courses_loaded: courses::table
                    .select(max(courses::loaded_at))
                    .get_result(c)?,
                vacancies: vacancies::table.count().get_result(c)?,
                vacancies_loaded: vacancies::table
                    .select(max(vacancies::loaded_at))
                    .get_result(c)?,
                outcomes: outcome_events::table.count().get_result(c)?,
                esco_releases: esco_releases::table.count().get_result(c)?,
            })
        })
    }
}
