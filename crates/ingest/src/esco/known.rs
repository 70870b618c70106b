//! The concepts read so far, by kind, to resolve the URIs that relation rows point to.
//! A broader relation says what kind each end is, so each end is checked against the
//! concepts of that kind only: a skill URI given as a skill group does not resolve.

use std::collections::{HashMap, HashSet};

use skillpath_domain::esco::ConceptType;

use super::Dangling;
use super::row::Row;

/// The concepts of one kind: URI to position, and the file they came from (`None` when the
/// file was absent, which the reason for a dangling row then says).
#[derive(Debug, Default)]
pub struct Index<'a> {
    ids: HashMap<&'a str, u32>,
    file: Option<String>,
}

impl<'a> Index<'a> {
    pub fn new(uris: impl Iterator<Item = &'a str>, file: Option<String>) -> Self {
        let ids = uris.zip(0..).collect();
        Index { ids, file }
    }
}

#[derive(Debug, Default)]
pub struct Known<'a> {
    pub skills: Index<'a>,
    pub skill_groups: Index<'a>,
    pub occupations: Index<'a>,
    pub isco_groups: Index<'a>,
    /// Nodes of skillsHierarchy_en.csv. v1.1.1 lists seven skill groups only there, not in
    /// skillGroups_en.csv; the reason for a dangling row says so.
    pub hierarchy: HashSet<&'a str>,
}

impl Known<'_> {
    fn index(&self, kind: ConceptType) -> &Index<'_> {
        match kind {
            ConceptType::Skill => &self.skills,
            ConceptType::SkillGroup => &self.skill_groups,
            ConceptType::Occupation => &self.occupations,
            ConceptType::IscoGroup => &self.isco_groups,
        }
    }

    /// The position of `uri` among the concepts of `kind`; when there is none, the row is
    /// reported as dangling on `field` and `None` tells the caller to leave it out.
    pub fn resolve(
        &self,
        row: &Row<'_>,
        kind: ConceptType,
        field: &str,
        uri: &str,
        report: &mut Vec<Dangling>,
    ) -> Option<u32> {
        let index = self.index(kind);
        if let Some(&id) = index.ids.get(uri) {
            return Some(id);
        }
        let what = noun(kind);
        let reason = match &index.file {
            None => format!("no {what} can resolve: the {what} file is absent"),
            Some(file) if kind == ConceptType::SkillGroup && self.hierarchy.contains(uri) => {
                format!("no such {what} in {file} (only the skills hierarchy lists it)")
            }
            Some(file) => format!("no such {what} in {file}"),
        };
        report.push(row.skipped(field, uri, reason));
        None
    }
}

fn noun(kind: ConceptType) -> &'static str {
    match kind {
        ConceptType::Skill => "skill",
        ConceptType::SkillGroup => "skill group",
        ConceptType::Occupation => "occupation",
        ConceptType::IscoGroup => "ISCO group",
    }
}
