//! Reads of the stored taxonomy for the CLI, the label index and the server. Written once
//! against the `MultiConnection`, ordered by key so every caller sees the same order.

use chrono::NaiveDateTime;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use serde::Serialize;
use skillpath_domain::esco::{
    BroaderRelation, CollectionMember, EscoDataset, HierarchyNode, IscoGroup, Occupation,
    OccupationSkill, Skill, SkillGroup, SkillRelation,
};

use crate::conn::Conn;
use crate::esco_load::EscoLoadSummary;
use crate::models::{
    BroaderRow, CollectionRow, HierarchyRow, IscoGroupRow, OccupationRow, OccupationSkillRow,
    ReleaseRow, SkillGroupRow, SkillRelationRow, SkillRow,
};
use crate::schema::{
    broader_relations, collection_members, esco_releases, isco_groups, occupation_skills,
    occupations, skill_groups, skill_hierarchy, skill_relations, skills,
};
use crate::{Store, StoreError};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ConceptCounts {
    pub live: u64,
    pub obsolete: u64,
}

/// Row counts of the ESCO tables, e.g. for `skillpath ingest` to report and readiness checks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct EscoCounts {
    pub skills: ConceptCounts,
    pub skill_groups: ConceptCounts,
    pub occupations: ConceptCounts,
    pub isco_groups: ConceptCounts,
    pub hierarchy: u64,
    pub occupation_skills: u64,
    pub broader_relations: u64,
    pub skill_relations: u64,
    pub collection_members: u64,
    pub releases: u64,
}

/// One load that changed the taxonomy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EscoRelease {
    pub id: i64,
    pub release: String,
    /// UTC.
    pub loaded_at: NaiveDateTime,
    pub summary: EscoLoadSummary,
}

macro_rules! concept_counts {
    ($c:expr, $table:ident) => {{
        let live: i64 = $table::table
            .filter($table::obsolete.eq(false))
            .count()
            .get_result($c)?;
        let obsolete: i64 = $table::table
            .filter($table::obsolete.eq(true))
            .count()
            .get_result($c)?;
        ConceptCounts {
            live: count(live),
            obsolete: count(obsolete),
        }
    }};
}

macro_rules! row_count {
    ($c:expr, $table:ident) => {
        count($table::table.count().get_result::<i64>($c)?)
    };
}

/// Loads a concept table's rows, live ones only unless asked otherwise.
macro_rules! concepts {
    ($c:expr, $table:ident, $row:ty, $include_obsolete:expr) => {{
        let mut query = $table::table
            .select(<$row>::as_select())
            .order($table::uri)
            .into_boxed();
        if !$include_obsolete {
            query = query.filter($table::obsolete.eq(false));
        }
        query.load::<$row>($c)?
    }};
}

fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

impl Store {
    /// Readiness: a connection can be had and answers.
    pub fn ping(&self) -> Result<(), StoreError> {
        self.conn()?.batch_execute("SELECT 1")?;
        Ok(())
    }

    pub fn esco_counts(&self) -> Result<EscoCounts, StoreError> {
        let c = &mut *self.conn()?;
        Ok(EscoCounts {
            skills: concept_counts!(c, skills),
            skill_groups: concept_counts!(c, skill_groups),
            occupations: concept_counts!(c, occupations),
            isco_groups: concept_counts!(c, isco_groups),
            hierarchy: row_count!(c, skill_hierarchy),
            occupation_skills: row_count!(c, occupation_skills),
            broader_relations: row_count!(c, broader_relations),
            skill_relations: row_count!(c, skill_relations),
            collection_members: row_count!(c, collection_members),
            releases: row_count!(c, esco_releases),
        })
    }

    pub fn skills(&self, include_obsolete: bool) -> Result<Vec<Skill>, StoreError> {
        read_skills(&mut *self.conn()?, include_obsolete)
    }

    pub fn skill_groups(&self, include_obsolete: bool) -> Result<Vec<SkillGroup>, StoreError> {
        read_skill_groups(&mut *self.conn()?, include_obsolete)
    }

    pub fn occupations(&self, include_obsolete: bool) -> Result<Vec<Occupation>, StoreError> {
        read_occupations(&mut *self.conn()?, include_obsolete)
    }

    pub fn isco_groups(&self, include_obsolete: bool) -> Result<Vec<IscoGroup>, StoreError> {
        read_isco_groups(&mut *self.conn()?, include_obsolete)
    }

    pub fn occupation_skills(&self) -> Result<Vec<OccupationSkill>, StoreError> {
        read_occupation_skills(&mut *self.conn()?)
    }

    pub fn broader_relations(&self) -> Result<Vec<BroaderRelation>, StoreError> {
        read_broader_relations(&mut *self.conn()?)
    }

    pub fn skill_relations(&self) -> Result<Vec<SkillRelation>, StoreError> {
        read_skill_relations(&mut *self.conn()?)
    }

    pub fn hierarchy(&self) -> Result<Vec<HierarchyNode>, StoreError> {
        read_hierarchy(&mut *self.conn()?)
    }

    pub fn collections(&self) -> Result<Vec<CollectionMember>, StoreError> {
        read_collections(&mut *self.conn()?)
    }

    /// The live taxonomy in one consistent snapshot, so a load committing meanwhile is
    /// seen entirely or not at all. Relations are those of the last load; they name only
    /// concepts that load listed unless it referred to concepts already stored.
    pub fn taxonomy(&self) -> Result<EscoDataset, StoreError> {
        let mut conn = self.conn()?;
        let conn: &mut Conn = &mut conn;
        conn.transaction(|c| {
            // PostgreSQL's default READ COMMITTED takes a new snapshot per statement.
            if let Conn::Pg(pg) = c {
                pg.batch_execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")?;
            }
            Ok(EscoDataset {
                skills: read_skills(c, false)?,
                skill_groups: read_skill_groups(c, false)?,
                occupations: read_occupations(c, false)?,
                isco_groups: read_isco_groups(c, false)?,
                occupation_skills: read_occupation_skills(c)?,
                broader: read_broader_relations(c)?,
                skill_relations: read_skill_relations(c)?,
                hierarchy: read_hierarchy(c)?,
                collections: read_collections(c)?,
            })
        })
    }

    /// A skill by URI, obsolete or not: a profile may name a skill a later release dropped.
    pub fn skill(&self, uri: &str) -> Result<Option<Skill>, StoreError> {
        skills::table
            .find(uri)
            .select(SkillRow::as_select())
            .first(&mut *self.conn()?)
            .optional()?
            .map(SkillRow::into_domain)
            .transpose()
    }

    /// An occupation by URI, obsolete or not.
    pub fn occupation(&self, uri: &str) -> Result<Option<Occupation>, StoreError> {
        Ok(occupations::table
            .find(uri)
            .select(OccupationRow::as_select())
            .first(&mut *self.conn()?)
            .optional()?
            .map(OccupationRow::into_domain))
    }

    /// The skills one occupation needs or may use, by skill URI.
    pub fn occupation_skill_list(
        &self,
        occupation_uri: &str,
    ) -> Result<Vec<OccupationSkill>, StoreError> {
        occupation_skills::table
            .filter(occupation_skills::occupation_uri.eq(occupation_uri))
            .select(OccupationSkillRow::as_select())
            .order(occupation_skills::skill_uri)
            .load(&mut *self.conn()?)?
            .into_iter()
            .map(OccupationSkillRow::into_domain)
            .collect()
    }

    /// Loads that changed the taxonomy, oldest first.
    pub fn esco_releases(&self) -> Result<Vec<EscoRelease>, StoreError> {
        esco_releases::table
            .select(ReleaseRow::as_select())
            .order(esco_releases::id)
            .load(&mut *self.conn()?)?
            .into_iter()
            .map(|row| {
                let summary = serde_json::from_str(&row.summary).map_err(|e| {
                    StoreError::corrupt("esco_releases", row.id.to_string(), e.to_string())
                })?;
                Ok(EscoRelease {
                    id: row.id,
                    release: row.release_label,
                    loaded_at: row.loaded_at,
                    summary,
                })
            })
            .collect()
    }
}

fn read_skills(c: &mut Conn, include_obsolete: bool) -> Result<Vec<Skill>, StoreError> {
    concepts!(c, skills, SkillRow, include_obsolete)
        .into_iter()
        .map(SkillRow::into_domain)
        .collect()
}

fn read_skill_groups(c: &mut Conn, include_obsolete: bool) -> Result<Vec<SkillGroup>, StoreError> {
    let rows = concepts!(c, skill_groups, SkillGroupRow, include_obsolete);
    Ok(rows.into_iter().map(SkillGroupRow::into_domain).collect())
}

fn read_occupations(c: &mut Conn, include_obsolete: bool) -> Result<Vec<Occupation>, StoreError> {
    let rows = concepts!(c, occupations, OccupationRow, include_obsolete);
    Ok(rows.into_iter().map(OccupationRow::into_domain).collect())
}

fn read_isco_groups(c: &mut Conn, include_obsolete: bool) -> Result<Vec<IscoGroup>, StoreError> {
    let rows = concepts!(c, isco_groups, IscoGroupRow, include_obsolete);
    Ok(rows.into_iter().map(IscoGroupRow::into_domain).collect())
}

fn read_occupation_skills(c: &mut Conn) -> Result<Vec<OccupationSkill>, StoreError> {
    occupation_skills::table
        .select(OccupationSkillRow::as_select())
        .order((
            occupation_skills::occupation_uri,
            occupation_skills::skill_uri,
        ))
        .load(c)?
        .into_iter()
        .map(OccupationSkillRow::into_domain)
        .collect()
}

fn read_broader_relations(c: &mut Conn) -> Result<Vec<BroaderRelation>, StoreError> {
    broader_relations::table
        .select(BroaderRow::as_select())
        .order((
            broader_relations::concept_uri,
            broader_relations::broader_uri,
        ))
        .load(c)?
        .into_iter()
        .map(BroaderRow::into_domain)
        .collect()
}

fn read_skill_relations(c: &mut Conn) -> Result<Vec<SkillRelation>, StoreError> {
    skill_relations::table
        .select(SkillRelationRow::as_select())
        .order((skill_relations::original_uri, skill_relations::related_uri))
        .load(c)?
        .into_iter()
        .map(SkillRelationRow::into_domain)
        .collect()
}

fn read_hierarchy(c: &mut Conn) -> Result<Vec<HierarchyNode>, StoreError> {
    skill_hierarchy::table
        .select(HierarchyRow::as_select())
        .order(skill_hierarchy::uri)
        .load(c)?
        .into_iter()
        .map(HierarchyRow::into_domain)
        .collect()
}

fn read_collections(c: &mut Conn) -> Result<Vec<CollectionMember>, StoreError> {
    collection_members::table
        .select(CollectionRow::as_select())
        .order((
            collection_members::collection,
            collection_members::concept_uri,
        ))
        .load(c)?
        .into_iter()
        .map(CollectionRow::into_domain)
        .collect()
}
