//! The few facts about people that analysts' aggregates group by — region, target
//! occupations and group flags — read for a batch of ids without loading whole profiles.
//! Group flags are special-category data: only the report assembly, whose every output
//! goes through disclosure control, calls this.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::dsl::max;
use diesel::prelude::*;
use skillpath_domain::jobseeker::GroupFlags;

use super::rows::GroupRow;
use crate::codec::from_json;
use crate::conn::on_backend;
use crate::schema::{jobseeker_groups, jobseekers};
use crate::{Store, StoreError};

/// Ids per statement, well under SQLite's bound-value limit.
const CHUNK: usize = 5000;

/// How many people the register holds, and how many of them belong to each group: the
/// first funnel stage's base in the fairness monitor, which counts people without events.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegisterCounts {
    pub people: u64,
    /// Per group name of `GroupFlags::NAMES`, its members.
    pub members: Vec<(&'static str, u64)>,
}

/// The register at one moment, as far as report facts go: how many profiles and group
/// records there are and when the latest of each was written. Loading, replacing or erasing
/// anyone's profile or flags changes it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PeopleMark {
    pub profiles: i64,
    pub profiles_loaded: Option<NaiveDateTime>,
    pub groups: i64,
    pub groups_recorded: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct PersonReportFacts {
    pub region: Option<String>,
    pub target_occupations: Vec<String>,
    pub groups: Option<GroupFlags>,
}

impl Store {
    /// The register's mark now.
    pub fn people_mark(&self) -> Result<PeopleMark, StoreError> {
        // Each figure by a statement of its own: a maximum alone is the last entry of its
        // index, while beside a count it costs a pass over the table. In one transaction
        // they see one state on SQLite; on PostgreSQL a write committing between them can
        // only make the next check find a change, never hide one.
        let mut conn = self.conn()?;
        let (profiles, profiles_loaded, groups, groups_recorded) = on_backend!(&mut *conn, |c| c
            .transaction(|c| {
                Ok::<_, diesel::result::Error>((
                    jobseekers::table.count().get_result(c)?,
                    jobseekers::table
                        .select(max(jobseekers::loaded_at))
                        .first(c)?,
                    jobseeker_groups::table.count().get_result(c)?,
                    jobseeker_groups::table
                        .select(max(jobseeker_groups::recorded_at))
                        .first(c)?,
                ))
            }))?;
        Ok(PeopleMark {
            profiles,
            profiles_loaded,
            groups,
            groups_recorded,
        })
    }

    /// Report facts of the people among `ids` that exist; unknown ids are left out.
    pub fn person_report_facts(
        &self,
        ids: &[&str],
    ) -> Result<HashMap<String, PersonReportFacts>, StoreError> {
        let mut out = HashMap::with_capacity(ids.len());
        let mut conn = self.conn()?;
        for chunk in ids.chunks(CHUNK) {
            let people: Vec<(String, Option<String>, String)> =
                on_backend!(&mut *conn, |c| jobseekers::table
                    .filter(jobseekers::id.eq_any(chunk))
                    .select((
                        jobseekers::id,
                        jobseekers::region,
                        jobseekers::target_occupations
                    ))
                    .load(c))?;
            for (id, region, targets) in people {
                let target_occupations =
                    from_json("jobseekers", &id, "target_occupations", &targets)?;
                out.insert(
                    id,
                    PersonReportFacts {
                        region,
                        target_occupations,
                        groups: None,
                    },
                );
            }
            let groups: Vec<GroupRow> = on_backend!(&mut *conn, |c| jobseeker_groups::table
                .filter(jobseeker_groups::jobseeker_id.eq_any(chunk))
                .select(GroupRow::as_select())
                .load(c))?;
            for row in groups {
                if let Some(p) = out.get_mut(row.jobseeker_id.as_str()) {
                    p.groups = Some(row.into_domain());
                }
            }
        }
        Ok(out)
    }

    /// Counts of the whole register by group, without reading anyone's flags out.
    pub fn register_counts(&self) -> Result<RegisterCounts, StoreError> {
        use jobseeker_groups::dsl as g;
        let mut conn = self.conn()?;
        let count = |n: i64| u64::try_from(n).unwrap_or(0);
        let people: i64 = on_backend!(&mut *conn, |c| jobseekers::table.count().get_result(c))?;
        let mut members = Vec::with_capacity(GroupFlags::NAMES.len());
        for name in GroupFlags::NAMES {
            let n: i64 = on_backend!(&mut *conn, |c| {
                let q = g::jobseeker_groups.count().into_boxed();
                let q = match name {
                    "young" => q.filter(g::young.eq(true)),
                    "long_term_unemployed" => q.filter(g::long_term_unemployed.eq(true)),
                    "minimum_income" => q.filter(g::minimum_income.eq(true)),
                    "disability" => q.filter(g::disability.eq(true)),
                    "low_qualified" => q.filter(g::low_qualified.eq(true)),
                    "older_worker" => q.filter(g::older_worker.eq(true)),
                    other => unreachable!("GroupFlags::NAMES has no {other}"),
                };
                q.get_result(c)
            })?;
            members.push((name, count(n)));
        }
        Ok(RegisterCounts {
            people: count(people),
            members,
        })
    }
}
