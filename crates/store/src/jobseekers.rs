//! Jobseeker profiles, updated in place by id, and their group flags, which live in a table
//! of their own: no profile read touches them, and only [`Store::jobseeker_groups`] returns
//! them, so access to special-category data goes through one door.

mod facts;
mod rows;

use std::collections::{HashMap, HashSet};

use chrono::Utc;
use diesel::prelude::*;
use skillpath_domain::jobseeker::{GroupFlags, Profile};

use crate::conn::on_backend;
use crate::schema::{jobseeker_groups, jobseeker_skills, jobseekers};
use crate::{Store, StoreError};
pub use facts::{PeopleMark, PersonReportFacts, RegisterCounts};
use rows::{GroupRow, HeldSkillRow, ProfileRow};

/// Profiles per statement: 19 columns each stays under SQLite's bound-value limit.
const BATCH: usize = 1000;
const PAGE: usize = 2000;

/// A profile to store and, when the source records them, the person's group flags. `None`
/// leaves flags stored earlier as they are: a profile update is not a withdrawal of them.
#[derive(Debug, Clone, Copy)]
pub struct JobseekerInput<'a> {
    pub profile: &'a Profile,
    pub groups: Option<&'a GroupFlags>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct JobseekerLoadSummary {
    pub inserted: usize,
    pub updated: usize,
    /// Profiles whose group flags were recorded (or replaced) by this load.
    pub groups_recorded: usize,
}

impl Store {
    /// Stores `batch` in one transaction: all of it or, on any error, nothing. Each profile
    /// and set of flags is checked by the domain rules first.
    pub fn upsert_jobseekers(
        &self,
        batch: &[JobseekerInput<'_>],
        source: &str,
    ) -> Result<JobseekerLoadSummary, StoreError> {
        let now = Utc::now().naive_utc();
        let mut seen = HashSet::new();
        let (mut rows, mut skills, mut groups) = (Vec::new(), Vec::new(), Vec::new());
        for input in batch {
            let p = input.profile;
            p.validate()
                .map_err(|e| StoreError::invalid("jobseeker", &p.id, e.to_string()))?;
            if !seen.insert(p.id.as_str()) {
                return Err(StoreError::invalid("jobseeker", &p.id, "given twice"));
            }
            rows.push(ProfileRow::from_domain(p, source, now)?);
            skills.extend(HeldSkillRow::from_domain(p));
            if let Some(g) = input.groups {
                g.validate()
                    .map_err(|e| StoreError::invalid("jobseeker groups", &p.id, e.to_string()))?;
                groups.push(GroupRow::from_domain(&p.id, g, now));
            }
        }
        let ids: Vec<&str> = batch.iter().map(|i| i.profile.id.as_str()).collect();
        let group_ids: Vec<&str> = groups.iter().map(|g| g.jobseeker_id.as_str()).collect();
        let mut conn = self.conn()?;
        on_backend!(&mut *conn, |c| c.transaction(|c| {
            let mut existing = HashSet::new();
            for chunk in ids.chunks(BATCH) {
                existing.extend(
                    jobseekers::table
                        .filter(jobseekers::id.eq_any(chunk))
                        .select(jobseekers::id)
                        .load::<String>(c)?,
                );
                diesel::delete(
                    jobseeker_skills::table.filter(jobseeker_skills::jobseeker_id.eq_any(chunk)),
                )
                .execute(c)?;
            }
            // Known profiles are updated rather than deleted and inserted again, which would
            // take their group flags with them (ON DELETE CASCADE).
            let (known, new): (Vec<ProfileRow>, Vec<ProfileRow>) =
                rows.into_iter().partition(|r| existing.contains(&r.id));
            for row in &known {
                diesel::update(jobseekers::table.find(&row.id))
                    .set(row)
                    .execute(c)?;
            }
            for chunk in new.chunks(BATCH) {
                diesel::insert_into(jobseekers::table)
                    .values(chunk)
                    .execute(c)?;
            }
            for chunk in skills.chunks(BATCH * 5) {
                diesel::insert_into(jobseeker_skills::table)
                    .values(chunk)
                    .execute(c)?;
            }
            for chunk in group_ids.chunks(BATCH) {
                diesel::delete(
                    jobseeker_groups::table.filter(jobseeker_groups::jobseeker_id.eq_any(chunk)),
                )
                .execute(c)?;
            }
            for chunk in groups.chunks(BATCH) {
                diesel::insert_into(jobseeker_groups::table)
                    .values(chunk)
                    .execute(c)?;
            }
            Ok::<_, StoreError>(JobseekerLoadSummary {
                inserted: new.len(),
                updated: known.len(),
                groups_recorded: groups.len(),
            })
        }))
    }

    /// Registers a new person: refuses with [`StoreError::Conflict`] when the id is taken,
    /// decided by the primary key inside one transaction, so that of two concurrent
    /// registrations of one id exactly one succeeds and neither overwrites the other.
    pub fn create_jobseeker(&self, profile: &Profile, source: &str) -> Result<(), StoreError> {
        profile
            .validate()
            .map_err(|e| StoreError::invalid("jobseeker", &profile.id, e.to_string()))?;
        let row = ProfileRow::from_domain(profile, source, Utc::now().naive_utc())?;
        let skills: Vec<HeldSkillRow> = HeldSkillRow::from_domain(profile).collect();
        let mut conn = self.conn()?;
        let created = on_backend!(&mut *conn, |c| c.transaction(|c| {
            diesel::insert_into(jobseekers::table)
                .values(&row)
                .execute(c)?;
            for chunk in skills.chunks(BATCH * 5) {
                diesel::insert_into(jobseeker_skills::table)
                    .values(chunk)
                    .execute(c)?;
            }
            Ok::<_, diesel::result::Error>(())
        }));
        match created {
            Err(diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                _,
            )) => Err(StoreError::Conflict {
                table: "jobseeker",
                key: profile.id.clone(),
            }),
            other => Ok(other?),
        }
    }

    pub fn jobseeker(&self, id: &str) -> Result<Option<Profile>, StoreError> {
        let mut conn = self.conn()?;
        on_backend!(&mut *conn, |c| {
            let Some(row) = jobseekers::table
                .find(id)
                .select(ProfileRow::as_select())
                .first(c)
                .optional()?
            else {
                return Ok(None);
            };
            let skills = jobseeker_skills::table
                .filter(jobseeker_skills::jobseeker_id.eq(id))
                .order(jobseeker_skills::position)
                .select(HeldSkillRow::as_select())
                .load(c)?;
            Ok(Some(row.into_domain(skills)?))
        })
    }

    /// Up to `limit` profiles with ids after `after`, in id order (the backend's collation),
    /// of one office or of all; pass the last id of a page to get the next.
    pub fn jobseekers_page(
        &self,
        office: Option<&str>,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Vec<Profile>, StoreError> {
        self.jobseekers_page_matching(office, None, after, limit)
    }

    /// [`Store::jobseekers_page`] narrowed to ids containing `id_contains` (a literal: `%`
    /// and `_` match themselves). SQLite compares ASCII letters case-insensitively here,
    /// PostgreSQL exactly; ids are codes, so callers should send them as issued.
    pub fn jobseekers_page_matching(
        &self,
        office: Option<&str>,
        id_contains: Option<&str>,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Vec<Profile>, StoreError> {
        let pattern = id_contains.map(|q| {
            let escaped = q
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            format!("%{escaped}%")
        });
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let mut conn = self.conn()?;
        on_backend!(&mut *conn, |c| {
            let mut query = jobseekers::table
                .select(ProfileRow::as_select())
                .order(jobseekers::id)
                .limit(limit)
                .into_boxed();
            if let Some(after) = after {
                query = query.filter(jobseekers::id.gt(after.to_owned()));
            }
            if let Some(office) = office {
                query = query.filter(jobseekers::office.eq(office.to_owned()));
            }
            if let Some(pattern) = &pattern {
                query = query.filter(jobseekers::id.like(pattern.clone()).escape('\\'));
            }
            let rows: Vec<ProfileRow> = query.load(c)?;
            let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
            let mut skills: HashMap<String, Vec<HeldSkillRow>> = HashMap::new();
            for chunk in ids.chunks(BATCH) {
                let loaded = jobseeker_skills::table
                    .filter(jobseeker_skills::jobseeker_id.eq_any(chunk))
                    .order((jobseeker_skills::jobseeker_id, jobseeker_skills::position))
                    .select(HeldSkillRow::as_select())
                    .load(c)?;
                for s in loaded {
                    skills.entry(s.jobseeker_id.clone()).or_default().push(s);
                }
            }
            rows.into_iter()
                .map(|row| {
                    let held = skills.remove(&row.id).unwrap_or_default();
                    row.into_domain(held)
                })
                .collect()
        })
    }

    /// Every profile, in id order.
    pub fn jobseekers(&self) -> Result<Vec<Profile>, StoreError> {
        self.all_jobseekers(None)
    }

    /// The profiles one office's caseworkers may see, in id order.
    pub fn jobseekers_in_office(&self, office: &str) -> Result<Vec<Profile>, StoreError> {
        self.all_jobseekers(Some(office))
    }

    fn all_jobseekers(&self, office: Option<&str>) -> Result<Vec<Profile>, StoreError> {
        let mut all: Vec<Profile> = Vec::new();
        loop {
            let after = all.last().map(|p| p.id.clone());
            let page = self.jobseekers_page(office, after.as_deref(), PAGE)?;
            let done = page.len() < PAGE;
            all.extend(page);
            if done {
                return Ok(all);
            }
        }
    }

    pub fn jobseeker_count(&self) -> Result<usize, StoreError> {
        let mut conn = self.conn()?;
        let n: i64 = on_backend!(&mut *conn, |c| jobseekers::table.count().get_result(c))?;
        Ok(usize::try_from(n).unwrap_or(0))
    }

    /// A person's group flags, `None` when none were recorded. Special-category data: call
    /// this only for funding eligibility and monitoring, never for ranking.
    pub fn jobseeker_groups(&self, id: &str) -> Result<Option<GroupFlags>, StoreError> {
        let mut conn = self.conn()?;
        let row = on_backend!(&mut *conn, |c| jobseeker_groups::table
            .find(id)
            .select(GroupRow::as_select())
            .first(c)
            .optional())?;
        Ok(row.map(GroupRow::into_domain))
    }

    /// Records (or replaces) a person's group flags. The profile must exist.
    pub fn set_jobseeker_groups(&self, id: &str, flags: &GroupFlags) -> Result<(), StoreError> {
        flags
            .validate()
            .map_err(|e| StoreError::invalid("jobseeker groups", id, e.to_string()))?;
        let row = GroupRow::from_domain(id, flags, Utc::now().naive_utc());
        let mut conn = self.conn()?;
        on_backend!(&mut *conn, |c| c.transaction(|c| {
            let known: i64 = jobseekers::table
                .filter(jobseekers::id.eq(id))
                .count()
                .get_result(c)?;
            if known == 0 {
                return Err(StoreError::invalid(
                    "jobseeker groups",
                    id,
                    "no such jobseeker",
                ));
            }
            diesel::delete(jobseeker_groups::table.find(id)).execute(c)?;
            diesel::insert_into(jobseeker_groups::table)
                .values(&row)
                .execute(c)?;
            Ok(())
        }))
    }
}
