//! The relation and collection files. A malformed row (bad URI, unknown type) stops the read;
//! a well-formed row that points to a concept absent from the concept files is reported and
//! left out, never loaded with an invented concept; a row repeating an earlier one is
//! reported and left out, so the first statement stands.

use std::collections::HashMap;

use skillpath_domain::esco::{
    BroaderRelation, Collection, CollectionMember, ConceptType, OccupationSkill, RelationType,
    SkillRelation,
};

use super::Dangling;
use super::error::EscoError;
use super::known::Known;
use super::table::Table;

pub fn occupation_skills(
    t: &mut Table<'_>,
    known: &Known<'_>,
    report: &mut Vec<Dangling>,
) -> Result<Vec<OccupationSkill>, EscoError> {
    let (occ, rel, skill) = (
        t.column("occupationUri")?,
        t.column("relationType")?,
        t.column("skillUri")?,
    );
    let mut out = Vec::with_capacity(128 * 1024);
    // Keyed by concept positions, not URIs, so that checking 120k rows allocates nothing.
    let mut seen = HashMap::with_capacity(128 * 1024);
    while let Some(row) = t.next_row()? {
        let o = row.uri(occ, "occupationUri")?;
        let s = row.uri(skill, "skillUri")?;
        let relation: RelationType = row.parse(rel, "relationType")?;
        let Some(oi) = known.resolve(&row, ConceptType::Occupation, "occupationUri", o, report)
        else {
            continue;
        };
        let Some(si) = known.resolve(&row, ConceptType::Skill, "skillUri", s, report) else {
            continue;
        };
        if row.first_of(&mut seen, (oi, si), "skillUri", s, report) {
            out.push(OccupationSkill {
                occupation_uri: o.to_owned(),
                skill_uri: s.to_owned(),
                relation,
            });
        }
    }
    Ok(out)
}

/// broaderRelationsSkillPillar and broaderRelationsOccPillar: each row names the kind of both
/// ends, which may be skills, skill groups, occupations or ISCO groups.
pub fn broader(
    t: &mut Table<'_>,
    known: &Known<'_>,
    report: &mut Vec<Dangling>,
) -> Result<Vec<BroaderRelation>, EscoError> {
    let (ct, cu) = (t.column("conceptType")?, t.column("conceptUri")?);
    let (bt, bu) = (t.column("broaderType")?, t.column("broaderUri")?);
    let mut out = Vec::new();
    let mut seen = HashMap::new();
    while let Some(row) = t.next_row()? {
        let concept_type: ConceptType = row.parse(ct, "conceptType")?;
        let concept_uri = row.uri(cu, "conceptUri")?;
        let broader_type: ConceptType = row.parse(bt, "broaderType")?;
        let broader_uri = row.uri(bu, "broaderUri")?;
        if concept_uri == broader_uri {
            return Err(row.fail("broaderUri", "a concept cannot be broader than itself"));
        }
        let Some(c) = known.resolve(&row, concept_type, "conceptUri", concept_uri, report) else {
            continue;
        };
        let Some(b) = known.resolve(&row, broader_type, "broaderUri", broader_uri, report) else {
            continue;
        };
        let key = (concept_type, c, broader_type, b);
        if row.first_of(&mut seen, key, "broaderUri", broader_uri, report) {
            out.push(BroaderRelation {
                concept_uri: concept_uri.to_owned(),
                concept_type,
                broader_uri: broader_uri.to_owned(),
                broader_type,
            });
        }
    }
    Ok(out)
}

pub fn skill_relations(
    t: &mut Table<'_>,
    known: &Known<'_>,
    report: &mut Vec<Dangling>,
) -> Result<Vec<SkillRelation>, EscoError> {
    let (orig, rel, related) = (
        t.column("originalSkillUri")?,
        t.column("relationType")?,
        t.column("relatedSkillUri")?,
    );
    let mut out = Vec::new();
    let mut seen = HashMap::new();
    while let Some(row) = t.next_row()? {
        let o = row.uri(orig, "originalSkillUri")?;
        let r = row.uri(related, "relatedSkillUri")?;
        let relation: RelationType = row.parse(rel, "relationType")?;
        let Some(oi) = known.resolve(&row, ConceptType::Skill, "originalSkillUri", o, report)
        else {
            continue;
        };
        let Some(ri) = known.resolve(&row, ConceptType::Skill, "relatedSkillUri", r, report) else {
            continue;
        };
        if row.first_of(&mut seen, (oi, ri), "relatedSkillUri", r, report) {
            out.push(SkillRelation {
                original_uri: o.to_owned(),
                related_uri: r.to_owned(),
                relation,
            });
        }
    }
    Ok(out)
}

/// A collection file lists its members with ESCO's usual concept columns; only membership is
/// kept, since the concepts themselves come from the pillar files. Its `altLabels` and
/// `broaderConceptUri` fields join several values with " | " and are not read.
pub fn collection(
    t: &mut Table<'_>,
    collection: Collection,
    known: &Known<'_>,
    report: &mut Vec<Dangling>,
) -> Result<Vec<CollectionMember>, EscoError> {
    let (ct, cu) = (t.column("conceptType")?, t.column("conceptUri")?);
    let mut out = Vec::new();
    let mut seen = HashMap::new();
    while let Some(row) = t.next_row()? {
        let kind: ConceptType = row.parse(ct, "conceptType")?;
        let u = row.uri(cu, "conceptUri")?;
        let Some(id) = known.resolve(&row, kind, "conceptUri", u, report) else {
            continue;
        };
        if row.first_of(&mut seen, (kind, id), "conceptUri", u, report) {
            out.push(CollectionMember {
                collection,
                concept_uri: u.to_owned(),
            });
        }
    }
    Ok(out)
}
