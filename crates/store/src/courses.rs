//! Courses (micro-credentials): a catalogue file is stored in one transaction, each course
//! replaced as a whole by id, so a changed course never keeps an outcome or a session it no
//! longer has. The matcher reads them all back into memory, a page at a time.

mod rows;

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use skillpath_domain::course::Course;

use crate::conn::on_backend;
use crate::schema::{course_outcome_skills, course_outcomes, course_sessions, courses};
use crate::{Store, StoreError};
use rows::{CourseRow, OutcomeRow, OutcomeSkillRow, SessionRow};

/// Courses per statement: 25 columns each stays under SQLite's limit of 32,766 bound values.
const BATCH: usize = 1000;
/// Courses read per page by [`Store::courses`].
const PAGE: usize = 2000;

/// A course to store, with what its source left out (`CourseRecord::missing` of the reader:
/// standard elements not stated, and placeholders such as "cost" the reader had to put in).
#[derive(Debug, Clone, Copy)]
pub struct CourseInput<'a> {
    pub course: &'a Course,
    pub incomplete: &'a [&'a str],
}

/// A course as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredCourse {
    pub course: Course,
    /// Elements the source did not state; an empty list means a complete record.
    pub incomplete: Vec<String>,
    /// Where it was loaded from (a file name).
    pub source: String,
    pub loaded_at: DateTime<Utc>,
}

/// What a load did: courses new to the database, and known ones replaced.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CourseLoadSummary {
    pub inserted: usize,
    pub updated: usize,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CourseCounts {
    pub courses: usize,
    /// Courses with at least one standard element missing.
    pub incomplete: usize,
    pub sessions: usize,
    pub learning_outcomes: usize,
}

impl Store {
    /// Stores `batch` in one transaction, replacing courses whose id is already known: all
    /// of them or, on any error, none. Each course is checked by the domain rules first.
    pub fn upsert_courses(
        &self,
        batch: &[CourseInput<'_>],
        source: &str,
    ) -> Result<CourseLoadSummary, StoreError> {
        let now = Utc::now().naive_utc();
        let mut seen = HashSet::new();
        let mut rows = Vec::with_capacity(batch.len());
        let (mut outcomes, mut skills, mut sessions) = (Vec::new(), Vec::new(), Vec::new());
        for input in batch {
            let course = input.course;
            course
                .validate()
                .map_err(|e| StoreError::invalid("course", &course.id, e.to_string()))?;
            if !seen.insert(course.id.as_str()) {
                return Err(StoreError::invalid("course", &course.id, "given twice"));
            }
            rows.push(CourseRow::from_domain(input, source, now)?);
            outcomes.extend(OutcomeRow::from_domain(course));
            skills.extend(OutcomeSkillRow::from_domain(course));
            sessions.extend(SessionRow::from_domain(course));
        }
        let ids: Vec<&str> = batch.iter().map(|i| i.course.id.as_str()).collect();
        let mut conn = self.conn()?;
        on_backend!(&mut *conn, |c| c.transaction(|c| {
            let mut existing = 0;
            for chunk in ids.chunks(BATCH) {
                // Outcomes, their skills and sessions go with the course (ON DELETE CASCADE).
                existing +=
                    diesel::delete(courses::table.filter(courses::id.eq_any(chunk))).execute(c)?;
            }
            for chunk in rows.chunks(BATCH) {
                diesel::insert_into(courses::table)
                    .values(chunk)
                    .execute(c)?;
            }
            for chunk in outcomes.chunks(BATCH * 5) {
                diesel::insert_into(course_outcomes::table)
                    .values(chunk)
                    .execute(c)?;
            }
            for chunk in skills.chunks(BATCH * 5) {
                diesel::insert_into(course_outcome_skills::table)
                    .values(chunk)
                    .execute(c)?;
            }
            for chunk in sessions.chunks(BATCH * 2) {
                diesel::insert_into(course_sessions::table)
                    .values(chunk)
                    .execute(c)?;
            }
            Ok::<_, StoreError>(CourseLoadSummary {
                inserted: rows.len() - existing,
                updated: existing,
            })
        }))
    }

    /// Removes a course with its outcomes and sessions; false when there was none. Outcome
    /// events that name it stay: they record what happened.
    pub fn delete_course(&self, id: &str) -> Result<bool, StoreError> {
        let mut conn = self.conn()?;
        let n = on_backend!(&mut *conn, |c| diesel::delete(courses::table.find(id))
            .execute(c))?;
        Ok(n > 0)
    }

    pub fn course(&self, id: &str) -> Result<Option<StoredCourse>, StoreError> {
        let mut conn = self.conn()?;
        on_backend!(&mut *conn, |c| {
            let Some(row) = courses::table
                .find(id)
                .select(CourseRow::as_select())
                .first(c)
                .optional()?
            else {
                return Ok(None);
            };
            let outcomes = course_outcomes::table
                .filter(course_outcomes::course_id.eq(id))
                .order(course_outcomes::position)
                .select(OutcomeRow::as_select())
                .load(c)?;
            let skills = course_outcome_skills::table
                .filter(course_outcome_skills::course_id.eq(id))
                .order((
                    course_outcome_skills::outcome,
                    course_outcome_skills::position,
                ))
                .select(OutcomeSkillRow::as_select())
                .load(c)?;
            let sessions = course_sessions::table
                .filter(course_sessions::course_id.eq(id))
                .order(course_sessions::position)
                .select(SessionRow::as_select())
                .load(c)?;
            Ok(Some(row.into_domain(outcomes, skills, sessions)?))
        })
    }

    /// Up to `limit` courses with ids after `after`, in id order (the backend's collation):
    /// pass the last id of one page to get the next, until a page comes back empty.
    pub fn courses_page(
        &self,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Vec<StoredCourse>, StoreError> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let mut conn = self.conn()?;
        on_backend!(&mut *conn, |c| {
            let mut query = courses::table
                .select(CourseRow::as_select())
                .order(courses::id)
                .limit(limit)
                .into_boxed();
            if let Some(after) = after {
                query = query.filter(courses::id.gt(after.to_owned()));
            }
            let rows: Vec<CourseRow> = query.load(c)?;
            let Some(last) = rows.last().map(|r| r.id.clone()) else {
                return Ok(Vec::new());
            };
            // The page's children in one query per table: the id range of the page.
            let after = after.unwrap_or_default().to_owned();
            let mut outcomes = group(
                course_outcomes::table
                    .filter(course_outcomes::course_id.gt(&after))
                    .filter(course_outcomes::course_id.le(&last))
                    .order((course_outcomes::course_id, course_outcomes::position))
                    .select(OutcomeRow::as_select())
                    .load(c)?,
                |r: &OutcomeRow| &r.course_id,
            );
            let mut skills = group(
                course_outcome_skills::table
                    .filter(course_outcome_skills::course_id.gt(&after))
                    .filter(course_outcome_skills::course_id.le(&last))
                    .order((
                        course_outcome_skills::course_id,
                        course_outcome_skills::outcome,
                        course_outcome_skills::position,
                    ))
                    .select(OutcomeSkillRow::as_select())
                    .load(c)?,
                |r: &OutcomeSkillRow| &r.course_id,
            );
            let mut sessions = group(
                course_sessions::table
                    .filter(course_sessions::course_id.gt(&after))
                    .filter(course_sessions::course_id.le(&last))
                    .order((course_sessions::course_id, course_sessions::position))
                    .select(SessionRow::as_select())
                    .load(c)?,
                |r: &SessionRow| &r.course_id,
            );
            rows.into_iter()
                .map(|row| {
                    let id = row.id.clone();
                    row.into_domain(
                        outcomes.remove(&id).unwrap_or_default(),
                        skills.remove(&id).unwrap_or_default(),
                        sessions.remove(&id).unwrap_or_default(),
                    )
                })
                .collect()
        })
    }

    /// Every stored course, in id order; reads page by page so no statement grows with the
    /// catalogue.
    pub fn courses(&self) -> Result<Vec<StoredCourse>, StoreError> {
        let mut all: Vec<StoredCourse> = Vec::new();
        loop {
            let after = all.last().map(|s| s.course.id.clone());
            let page = self.courses_page(after.as_deref(), PAGE)?;
            let done = page.len() < PAGE;
            all.extend(page);
            if done {
                return Ok(all);
            }
        }
    }

    /// Each course's provider by course id: what reports group courses by, read without
    /// loading whole courses.
    pub fn course_providers(&self) -> Result<HashMap<String, String>, StoreError> {
        let mut conn = self.conn()?;
        let rows: Vec<(String, String)> = on_backend!(&mut *conn, |c| courses::table
            .select((courses::id, courses::provider))
            .load(c))?;
        Ok(rows.into_iter().collect())
    }

    pub fn course_counts(&self) -> Result<CourseCounts, StoreError> {
        let mut conn = self.conn()?;
        let count = |n: i64| usize::try_from(n).unwrap_or(0);
        on_backend!(&mut *conn, |c| {
            Ok(CourseCounts {
                courses: count(courses::table.count().get_result(c)?),
                incomplete: count(
                    courses::table
                        .filter(courses::incomplete.ne("[]"))
                        .count()
                        .get_result(c)?,
                ),
                sessions: count(course_sessions::table.count().get_result(c)?),
                learning_outcomes: count(course_outcomes::table.count().get_result(c)?),
            })
        })
    }
}

/// Rows ordered by course id, grouped by it.
fn group<R>(rows: Vec<R>, key: impl Fn(&R) -> &String) -> HashMap<String, Vec<R>> {
    let mut out: HashMap<String, Vec<R>> = HashMap::new();
    for row in rows {
        let k = key(&row).clone();
        out.entry(k).or_default().push(row);
    }
    out
}
