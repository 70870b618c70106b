//! The few facts about people that analysts' aggregates group by — region, target
//! occupations and group flags — read for a batch of ids without loading whole profiles.
//! Group flags are special-category data: only the report assembly, whose every output
//! goes through disclosure control, calls this.

use std::collections::HashMap;

use diesel::prelude::*;
use skillpath_domain::jobseeker::GroupFlags;

use super::rows::GroupRow;
use crate::codec::from_json;
use crate::conn::on_backend;
use crate::schema::{jobseeker_groups, jobseekers};
use crate::{Store, StoreError};

/// Ids per statement, well under SQLite's bound-value limit.
const CHUNK: usize = 5000;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct PersonReportFacts {
    pub region: Option<String>,
    pub target_occupations: Vec<String>,
    pub groups: Option<GroupFlags>,
}

impl Store {
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
}
