//! Bringing one table to a wanted set of rows by difference, so that reloading a release
//! writes nothing and a newer release writes only what changed.
//!
//! The diff is written once, generically (`sync`); the statements are written once too, in
//! `sync_ops!`, which expands them for SQLite and for PostgreSQL with each backend's own
//! multi-row `INSERT` and bind-parameter limit.

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};
use std::fmt::Debug;
use std::hash::Hash;

use diesel::QueryResult;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sqlite::SqliteConnection;
use serde::{Deserialize, Serialize};

use crate::StoreError;
use crate::models::{
    BroaderRow, CollectionRow, HierarchyRow, IscoGroupRow, OccupationRow, OccupationSkillRow,
    SkillGroupRow, SkillRelationRow, SkillRow,
};
use crate::schema;

/// SQLite's `SQLITE_MAX_VARIABLE_NUMBER` since 3.32 (the bundled library is newer).
const SQLITE_MAX_BINDS: usize = 32_766;
/// PostgreSQL's wire protocol counts bind parameters in 16 bits.
const PG_MAX_BINDS: usize = 65_535;

/// What one load did to one table.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableChanges {
    pub inserted: usize,
    /// Rows whose values changed, including concepts brought back from obsolete.
    pub updated: usize,
    /// Concepts absent from the new release, kept and flagged obsolete.
    pub obsoleted: usize,
    /// Relations and hierarchy nodes absent from the new release.
    pub deleted: usize,
    /// Rows of the release already stored exactly as given.
    pub unchanged: usize,
}

impl TableChanges {
    /// Rows written; zero when the table already matched the release.
    pub fn changes(&self) -> usize {
        self.inserted + self.updated + self.obsoleted + self.deleted
    }
}

/// A row type the loader can diff.
pub(crate) trait Synced: PartialEq {
    const TABLE: &'static str;
    /// Bind parameters one row takes in an `INSERT`.
    const COLUMNS: usize;
    type Key<'a>: Hash + Eq + Debug
    where
        Self: 'a;

    fn key(&self) -> Self::Key<'_>;

    /// `Some` for concept tables, whose rows are flagged rather than deleted when a release
    /// drops them.
    fn obsolete(&self) -> Option<bool> {
        None
    }
}

/// The statements `sync` needs, for one row type on one backend.
pub(crate) trait SyncOps<R> {
    fn load_all(&mut self) -> QueryResult<Vec<R>>;
    fn insert(&mut self, rows: &[R]) -> QueryResult<()>;
    fn update(&mut self, row: &R) -> QueryResult<()>;
    /// Flags concepts obsolete, or deletes relation rows.
    fn retire(&mut self, rows: &[&R]) -> QueryResult<()>;
}

enum Action {
    Insert,
    Update,
    Keep,
}

/// Makes the table hold `wanted` (plus obsolete concepts), writing only the difference.
pub(crate) fn sync<C, R>(conn: &mut C, wanted: Vec<R>) -> Result<TableChanges, StoreError>
where
    C: SyncOps<R>,
    R: Synced,
{
    let wanted = dedupe(wanted)?;
    let current = conn.load_all()?;
    let mut changes = TableChanges::default();

    let (actions, retired) = {
        let by_key: HashMap<R::Key<'_>, &R> = current.iter().map(|r| (r.key(), r)).collect();
        let actions: Vec<Action> = wanted
            .iter()
            .map(|row| match by_key.get(&row.key()) {
                None => Action::Insert,
                Some(stored) if *stored == row => Action::Keep,
                Some(_) => Action::Update,
            })
            .collect();
        let wanted_keys: HashSet<R::Key<'_>> = wanted.iter().map(R::key).collect();
        let retired: Vec<&R> = current
            .iter()
            .filter(|r| r.obsolete() != Some(true) && !wanted_keys.contains(&r.key()))
            .collect();
        (actions, retired)
    };

    let mut inserts = Vec::new();
    let mut updates = Vec::new();
    for (row, action) in wanted.into_iter().zip(actions) {
        match action {
            Action::Insert => inserts.push(row),
            Action::Update => updates.push(row),
            Action::Keep => changes.unchanged += 1,
        }
    }

    conn.insert(&inserts)?;
    for row in &updates {
        conn.update(row)?;
    }
    conn.retire(&retired)?;

    changes.inserted = inserts.len();
    changes.updated = updates.len();
    if retired.iter().any(|r| r.obsolete().is_some()) {
        changes.obsoleted = retired.len();
    } else {
        changes.deleted = retired.len();
    }
    tracing::debug!(table = R::TABLE, ?changes, "table synced");
    Ok(changes)
}

/// A release listing the same row twice is harmless; listing one key with two different
/// values is ambiguous, and guessing would silently lose one of them.
fn dedupe<R: Synced>(rows: Vec<R>) -> Result<Vec<R>, StoreError> {
    let mut keep = vec![true; rows.len()];
    {
        let mut seen: HashMap<R::Key<'_>, usize> = HashMap::with_capacity(rows.len());
        for (i, row) in rows.iter().enumerate() {
            match seen.entry(row.key()) {
                Entry::Vacant(e) => {
                    e.insert(i);
                }
                Entry::Occupied(e) if rows[*e.get()] == *row => keep[i] = false,
                Entry::Occupied(e) => {
                    return Err(StoreError::invalid(
                        R::TABLE,
                        format!("{:?}", e.key()),
                        "appears twice with different values",
                    ));
                }
            }
        }
    }
    if keep.iter().all(|k| *k) {
        return Ok(rows);
    }
    Ok(rows
        .into_iter()
        .zip(keep)
        .filter_map(|(row, k)| k.then_some(row))
        .collect())
}

macro_rules! synced {
    ($row:ty, $table:literal, columns = $columns:literal, key = |$r:ident| $key:expr, $key_ty:ty) => {
        impl Synced for $row {
            const TABLE: &'static str = $table;
            const COLUMNS: usize = $columns;
            type Key<'a> = $key_ty;

            fn key(&self) -> Self::Key<'_> {
                let $r = self;
                $key
            }
        }
    };
}

macro_rules! concept_synced {
    ($row:ty, $table:literal, columns = $columns:literal) => {
        impl Synced for $row {
            const TABLE: &'static str = $table;
            const COLUMNS: usize = $columns;
            type Key<'a> = &'a str;

            fn key(&self) -> &str {
                &self.uri
            }

            fn obsolete(&self) -> Option<bool> {
                Some(self.obsolete)
            }
        }
    };
}

concept_synced!(SkillRow, "skills", columns = 10);
concept_synced!(SkillGroupRow, "skill_groups", columns = 8);
concept_synced!(OccupationRow, "occupations", columns = 12);
concept_synced!(IscoGroupRow, "isco_groups", columns = 8);
synced!(
    HierarchyRow,
    "skill_hierarchy",
    columns = 7,
    key = |r| r.uri.as_str(),
    &'a str
);
synced!(
    OccupationSkillRow,
    "occupation_skills",
    columns = 3,
    key = |r| (r.occupation_uri.as_str(), r.skill_uri.as_str()),
    (&'a str, &'a str)
);
synced!(
    BroaderRow,
    "broader_relations",
    columns = 4,
    key = |r| (r.concept_uri.as_str(), r.broader_uri.as_str()),
    (&'a str, &'a str)
);
synced!(
    SkillRelationRow,
    "skill_relations",
    columns = 3,
    key = |r| (r.original_uri.as_str(), r.related_uri.as_str()),
    (&'a str, &'a str)
);
synced!(
    CollectionRow,
    "collection_members",
    columns = 2,
    key = |r| (r.collection.as_str(), r.concept_uri.as_str()),
    (&'a str, &'a str)
);

/// Expands the statements of one table for both backends. `update = changeset` writes the
/// changed columns; `update = replace` deletes and reinserts (for tables that are all key).
/// `retire = flag` sets `obsolete`; `retire = delete` removes the rows.
macro_rules! sync_ops {
    ($row:ty, $table:ident, update = $update:ident, retire = $retire:ident) => {
        sync_ops!(@backend SqliteConnection, SQLITE_MAX_BINDS, $row, $table, $update, $retire);
        sync_ops!(@backend PgConnection, PG_MAX_BINDS, $row, $table, $update, $retire);
    };
    (@backend $conn:ty, $max_binds:expr, $row:ty, $table:ident, $update:ident, $retire:ident) => {
        impl SyncOps<$row> for $conn {
            fn load_all(&mut self) -> QueryResult<Vec<$row>> {
                schema::$table::table.select(<$row>::as_select()).load(self)
            }

            fn insert(&mut self, rows: &[$row]) -> QueryResult<()> {
                for chunk in rows.chunks($max_binds / <$row as Synced>::COLUMNS) {
                    diesel::insert_into(schema::$table::table).values(chunk).execute(self)?;
                }
                Ok(())
            }

            fn update(&mut self, row: &$row) -> QueryResult<()> {
                sync_ops!(@update $update, self, row, $table);
                Ok(())
            }

            fn retire(&mut self, rows: &[&$row]) -> QueryResult<()> {
                sync_ops!(@retire $retire, self, rows, $table, $max_binds);
                Ok(())
            }
        }
    };
    (@update changeset, $conn:ident, $row:ident, $table:ident) => {
        diesel::update($row).set($row).execute($conn)?;
    };
    (@update replace, $conn:ident, $row:ident, $table:ident) => {
        diesel::delete($row).execute($conn)?;
        diesel::insert_into(schema::$table::table).values($row).execute($conn)?;
    };
    (@retire flag, $conn:ident, $rows:ident, $table:ident, $max_binds:expr) => {
        let uris: Vec<&str> = $rows.iter().map(|r| r.uri.as_str()).collect();
        // One bind per URI on SQLite (PostgreSQL binds the whole array as one).
        for chunk in uris.chunks($max_binds - 1) {
            diesel::update(schema::$table::table.filter(schema::$table::uri.eq_any(chunk)))
                .set(schema::$table::obsolete.eq(true))
                .execute($conn)?;
        }
    };
    (@retire delete, $conn:ident, $rows:ident, $table:ident, $max_binds:expr) => {
        for row in $rows {
            diesel::delete(*row).execute($conn)?;
        }
    };
}

sync_ops!(SkillRow, skills, update = changeset, retire = flag);
sync_ops!(
    SkillGroupRow,
    skill_groups,
    update = changeset,
    retire = flag
);
sync_ops!(
    OccupationRow,
    occupations,
    update = changeset,
    retire = flag
);
sync_ops!(IscoGroupRow, isco_groups, update = changeset, retire = flag);
sync_ops!(
    HierarchyRow,
    skill_hierarchy,
    update = changeset,
    retire = delete
);
sync_ops!(
    OccupationSkillRow,
    occupation_skills,
    update = changeset,
    retire = delete
);
sync_ops!(
    BroaderRow,
    broader_relations,
    update = changeset,
    retire = delete
);
sync_ops!(
    SkillRelationRow,
    skill_relations,
    update = changeset,
    retire = delete
);
sync_ops!(
    CollectionRow,
    collection_members,
    update = replace,
    retire = delete
);
