//! Loading an ESCO release: one transaction, diff-based, so a reload is a no-op and a newer
//! release changes only what it changed. Concepts a release drops stay, flagged obsolete,
//! because profiles, courses and vacancies may still name them.

use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sqlite::SqliteConnection;
use serde::{Deserialize, Serialize};
use skillpath_domain::esco::EscoDataset;

use crate::conn::Conn;
use crate::models::{
    BroaderRow, CollectionRow, HierarchyRow, IscoGroupRow, NewRelease, OccupationRow,
    OccupationSkillRow, SkillGroupRow, SkillRelationRow, SkillRow,
};
use crate::sync::{SyncOps, TableChanges, sync};
use crate::{Store, StoreError, schema};

/// Serialises concurrent loads on PostgreSQL (SQLite's IMMEDIATE transaction already does).
const PG_LOAD_LOCK: i64 = 0x6573_636f_6c6f_6164;

/// What a load changed, per table.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EscoLoadSummary {
    pub skills: TableChanges,
    pub skill_groups: TableChanges,
    pub occupations: TableChanges,
    pub isco_groups: TableChanges,
    pub hierarchy: TableChanges,
    pub occupation_skills: TableChanges,
    pub broader_relations: TableChanges,
    pub skill_relations: TableChanges,
    pub collection_members: TableChanges,
}

impl EscoLoadSummary {
    /// Each table's changes under its table name, in load order.
    pub fn tables(&self) -> [(&'static str, &TableChanges); 9] {
        [
            ("skills", &self.skills),
            ("skill_groups", &self.skill_groups),
            ("occupations", &self.occupations),
            ("isco_groups", &self.isco_groups),
            ("skill_hierarchy", &self.hierarchy),
            ("occupation_skills", &self.occupation_skills),
            ("broader_relations", &self.broader_relations),
            ("skill_relations", &self.skill_relations),
            ("collection_members", &self.collection_members),
        ]
    }

    /// Rows written over all tables; zero when the database already held this release.
    pub fn changes(&self) -> usize {
        self.tables().iter().map(|(_, t)| t.changes()).sum()
    }
}

impl std::fmt::Display for EscoLoadSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.changes() == 0 {
            return f.write_str("no changes: the database already holds this release");
        }
        writeln!(
            f,
            "{:<20} {:>9} {:>9} {:>9} {:>9} {:>9}",
            "table", "inserted", "updated", "obsoleted", "deleted", "unchanged"
        )?;
        for (name, t) in self.tables() {
            writeln!(
                f,
                "{name:<20} {:>9} {:>9} {:>9} {:>9} {:>9}",
                t.inserted, t.updated, t.obsoleted, t.deleted, t.unchanged
            )?;
        }
        write!(f, "{} rows written", self.changes())
    }
}

impl Store {
    /// Makes the stored taxonomy equal to `data`, atomically: on any error nothing changes.
    ///
    /// A row `esco_releases` is recorded only when something changed, so that the log lists
    /// the loads that mattered. Relations may only name concepts the database knows (from
    /// this or an earlier release); anything else violates a foreign key and fails the load.
    pub fn load_esco(
        &self,
        data: &EscoDataset,
        release: &str,
    ) -> Result<EscoLoadSummary, StoreError> {
        let started = std::time::Instant::now();
        let mut conn = self.conn()?;
        let summary = match &mut *conn {
            // IMMEDIATE takes the write lock before the first read. A deferred transaction
            // that has read cannot upgrade if another writer committed meanwhile, and fails
            // with SQLITE_BUSY whatever the busy timeout.
            Conn::Sqlite(c) => c.immediate_transaction(|c| load(c, data, release)),
            Conn::Pg(c) => c.transaction(|c| {
                c.batch_execute(&format!("SELECT pg_advisory_xact_lock({PG_LOAD_LOCK})"))?;
                load(c, data, release)
            }),
        }?;
        tracing::info!(
            release,
            changes = summary.changes(),
            elapsed_ms = started.elapsed().as_millis() as u64,
            "esco release loaded"
        );
        Ok(summary)
    }
}

pub(crate) trait EscoTables:
    SyncOps<SkillRow>
    + SyncOps<SkillGroupRow>
    + SyncOps<OccupationRow>
    + SyncOps<IscoGroupRow>
    + SyncOps<HierarchyRow>
    + SyncOps<OccupationSkillRow>
    + SyncOps<BroaderRow>
    + SyncOps<SkillRelationRow>
    + SyncOps<CollectionRow>
    + RecordRelease
{
}

impl<C> EscoTables for C where
    C: SyncOps<SkillRow>
        + SyncOps<SkillGroupRow>
        + SyncOps<OccupationRow>
        + SyncOps<IscoGroupRow>
        + SyncOps<HierarchyRow>
        + SyncOps<OccupationSkillRow>
        + SyncOps<BroaderRow>
        + SyncOps<SkillRelationRow>
        + SyncOps<CollectionRow>
        + RecordRelease
{
}

fn load<C: EscoTables>(
    conn: &mut C,
    data: &EscoDataset,
    release: &str,
) -> Result<EscoLoadSummary, StoreError> {
    // Concepts before the relations whose foreign keys point at them.
    let skills = sync(conn, try_rows(&data.skills, SkillRow::from_domain)?)?;
    let skill_groups = sync(
        conn,
        try_rows(&data.skill_groups, SkillGroupRow::from_domain)?,
    )?;
    let occupations = sync(
        conn,
        try_rows(&data.occupations, OccupationRow::from_domain)?,
    )?;
    let isco_groups = sync(
        conn,
        try_rows(&data.isco_groups, IscoGroupRow::from_domain)?,
    )?;
    let hierarchy = sync(conn, rows(&data.hierarchy, HierarchyRow::from_domain))?;
    let occupation_skills = sync(
        conn,
        rows(&data.occupation_skills, OccupationSkillRow::from_domain),
    )?;
    let broader_relations = sync(conn, rows(&data.broader, BroaderRow::from_domain))?;
    let skill_relations = sync(
        conn,
        rows(&data.skill_relations, SkillRelationRow::from_domain),
    )?;
    let collection_members = sync(conn, rows(&data.collections, CollectionRow::from_domain))?;
    let summary = EscoLoadSummary {
        skills,
        skill_groups,
        occupations,
        isco_groups,
        hierarchy,
        occupation_skills,
        broader_relations,
        skill_relations,
        collection_members,
    };
    if summary.changes() > 0 {
        let summary_json = serde_json::to_string(&summary)
            .map_err(|e| StoreError::invalid("esco_releases", release, e.to_string()))?;
        conn.record_release(&NewRelease {
            release_label: release,
            loaded_at: chrono::Utc::now().naive_utc(),
            summary: summary_json,
        })?;
    }
    Ok(summary)
}

fn rows<T, R>(items: &[T], convert: fn(&T) -> R) -> Vec<R> {
    items.iter().map(convert).collect()
}

fn try_rows<T, R>(
    items: &[T],
    convert: fn(&T) -> Result<R, StoreError>,
) -> Result<Vec<R>, StoreError> {
    items.iter().map(convert).collect()
}

pub(crate) trait RecordRelease {
    fn record_release(&mut self, row: &NewRelease<'_>) -> QueryResult<()>;
}

macro_rules! record_release {
    ($($conn:ty),+) => {$(
        impl RecordRelease for $conn {
            fn record_release(&mut self, row: &NewRelease<'_>) -> QueryResult<()> {
                diesel::insert_into(schema::esco_releases::table).values(row).execute(self).map(drop)
            }
        }
    )+};
}

record_release!(SqliteConnection, PgConnection);
