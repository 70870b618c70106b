//! The relation files. A malformed row (bad URI, unknown relation type) stops the read; a
//! well-formed row that points to a concept absent from the concept files is reported and
//! left out, never loaded with an invented concept.

use std::collections::{HashMap, HashSet};

use skillpath_domain::esco::{
    BroaderRelation, Collection, CollectionMember, ConceptType, HierarchyNode, OccupationSkill,
    RelationType, SkillRelation, check_esco_uri,
};

use super::Dangling;
use super::error::EscoError;
use super::table::{Row, Table};

/// The URIs of every concept read, by kind, to resolve relations against.
#[derive(Debug, Default)]
pub struct Known<'a> {
    pub skills: HashSet<&'a str>,
    pub skill_groups: HashSet<&'a str>,
    pub occupations: HashSet<&'a str>,
    pub isco_groups: HashSet<&'a str>,
}

impl Known<'_> {
    fn has(&self, kind: ConceptType, uri: &str) -> bool {
        match kind {
            ConceptType::Skill => self.skills.contains(uri),
            ConceptType::SkillGroup => self.skill_groups.contains(uri),
            ConceptType::Occupation => self.occupations.contains(uri),
            ConceptType::IscoGroup => self.isco_groups.contains(uri),
        }
    }
}

fn uri<'r>(row: &'r Row<'_>, col: usize, name: &str) -> Result<&'r str, EscoError> {
    let value = row.get(col);
    check_esco_uri(value).map_err(|e| row.fail(name, e))?;
    Ok(value)
}

fn parse<T: std::str::FromStr<Err = String>>(
    row: &Row<'_>,
    col: usize,
    name: &str,
) -> Result<T, EscoError> {
    row.get(col).parse().map_err(|e| row.fail(name, e))
}

fn dangling(row: &Row<'_>, field: &str, uri: &str, reason: &str) -> Dangling {
    Dangling {
        file: row.file.to_owned(),
        line: row.line,
        field: field.to_owned(),
        uri: uri.to_owned(),
        reason: reason.to_owned(),
    }
}

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
    let mut seen: HashMap<(String, String), u64> = HashMap::new();
    while let Some(row) = t.next_row()? {
        let o = uri(&row, occ, "occupationUri")?;
        let s = uri(&row, skill, "skillUri")?;
        let relation: RelationType = parse(&row, rel, "relationType")?;
        if !known.occupations.contains(o) {
            report.push(dangling(
                &row,
                "occupationUri",
                o,
                "no such occupation in the occupations file",
            ));
            continue;
        }
        if !known.skills.contains(s) {
            report.push(dangling(
                &row,
                "skillUri",
                s,
                "no such skill in the skills file",
            ));
            continue;
        }
        if let Some(first) = seen.insert((o.to_owned(), s.to_owned()), row.line) {
            // The first statement stands; a second for the same pair is reported, not merged.
            report.push(dangling(
                &row,
                "skillUri",
                s,
                &format!("repeats the pair first given on line {first}"),
            ));
            seen.insert((o.to_owned(), s.to_owned()), first);
            continue;
        }
        out.push(OccupationSkill {
            occupation_uri: o.to_owned(),
            skill_uri: s.to_owned(),
            relation,
        });
    }
    Ok(out)
}

pub fn broader(
    t: &mut Table<'_>,
    known: &Known<'_>,
    report: &mut Vec<Dangling>,
) -> Result<Vec<BroaderRelation>, EscoError> {
    let (ct, cu) = (t.column("conceptType")?, t.column("conceptUri")?);
    let (bt, bu) = (t.column("broaderType")?, t.column("broaderUri")?);
    let mut out = Vec::new();
    while let Some(row) = t.next_row()? {
        let relation = BroaderRelation {
            concept_type: parse(&row, ct, "conceptType")?,
            concept_uri: uri(&row, cu, "conceptUri")?.to_owned(),
            broader_type: parse(&row, bt, "broaderType")?,
            broader_uri: uri(&row, bu, "broaderUri")?.to_owned(),
        };
        if let Err(e) = relation.validate() {
            return Err(row.fail(&e.violations[0].field, e.violations[0].reason.clone()));
        }
        if !known.has(relation.concept_type, &relation.concept_uri) {
            report.push(dangling(
                &row,
                "conceptUri",
                &relation.concept_uri,
                "no such concept of that type",
            ));
        } else if !known.has(relation.broader_type, &relation.broader_uri) {
            report.push(dangling(
                &row,
                "broaderUri",
                &relation.broader_uri,
                "no such concept of that type",
            ));
        } else {
            out.push(relation);
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
    while let Some(row) = t.next_row()? {
        let o = uri(&row, orig, "originalSkillUri")?;
        let r = uri(&row, related, "relatedSkillUri")?;
        let relation: RelationType = parse(&row, rel, "relationType")?;
        if !known.skills.contains(o) {
            report.push(dangling(
                &row,
                "originalSkillUri",
                o,
                "no such skill in the skills file",
            ));
        } else if !known.skills.contains(r) {
            report.push(dangling(
                &row,
                "relatedSkillUri",
                r,
                "no such skill in the skills file",
            ));
        } else {
            out.push(SkillRelation {
                original_uri: o.to_owned(),
                related_uri: r.to_owned(),
                relation,
            });
        }
    }
    Ok(out)
}

pub fn collection(
    t: &mut Table<'_>,
    collection: Collection,
    known: &Known<'_>,
    report: &mut Vec<Dangling>,
) -> Result<Vec<CollectionMember>, EscoError> {
    let col = t.column("conceptUri")?;
    let kind = if collection == Collection::ResearchOccupations {
        ConceptType::Occupation
    } else {
        ConceptType::Skill
    };
    let mut out = Vec::new();
    while let Some(row) = t.next_row()? {
        let u = uri(&row, col, "conceptUri")?;
        if known.has(kind, u) {
            out.push(CollectionMember {
                collection,
                concept_uri: u.to_owned(),
            });
        } else {
            report.push(dangling(
                &row,
                "conceptUri",
                u,
                "no such concept in the pillar files",
            ));
        }
    }
    Ok(out)
}

/// Each row of skillsHierarchy_en.csv describes the concept at its deepest filled level; the
/// level above in the same row is its parent. Rows may stop early (ragged), which only means
/// the remaining fields are empty.
pub fn hierarchy(t: &mut Table<'_>) -> Result<Vec<HierarchyNode>, EscoError> {
    let mut levels = Vec::new();
    for l in 0..4 {
        levels.push((
            t.column(&format!("Level {l} URI"))?,
            t.column(&format!("Level {l} preferred term"))?,
            t.optional_column(&format!("Level {l} code")),
        ));
    }
    let (desc, scope) = (
        t.optional_column("Description"),
        t.optional_column("Scope note"),
    );
    let mut out: Vec<HierarchyNode> = Vec::new();
    let mut seen = HashSet::new();
    while let Some(row) = t.next_row()? {
        let Some(level) = (0..4).rev().find(|&l| !row.get(levels[l].0).is_empty()) else {
            return Err(row.fail("Level 0 URI", "the row names no concept at any level"));
        };
        let (u, term, code) = levels[level];
        let node = HierarchyNode {
            uri: uri(&row, u, &format!("Level {level} URI"))?.to_owned(),
            level: level as u8,
            code: code.map(|c| row.get(c).to_owned()).unwrap_or_default(),
            preferred_label: row.get(term).to_owned(),
            parent_uri: (level > 0).then(|| row.get(levels[level - 1].0).to_owned()),
            description: desc.map(|c| row.get(c).to_owned()).unwrap_or_default(),
            scope_note: scope.map(|c| row.get(c).to_owned()).unwrap_or_default(),
        };
        if let Err(e) = node.validate() {
            return Err(row.fail(&e.violations[0].field, e.violations[0].reason.clone()));
        }
        if seen.insert(node.uri.clone()) {
            out.push(node);
        }
    }
    Ok(out)
}
