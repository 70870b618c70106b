//! Rows as stored, and their exact mapping to and from the domain types.
//!
//! Writing can fail (a label the text encoding cannot carry); reading can fail only if a
//! row was written by something else, which `StoreError::Corrupt` reports with its key.

use std::str::FromStr;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use skillpath_domain::esco::{
    BroaderRelation, CollectionMember, HierarchyNode, IscoGroup, Labels, Occupation,
    OccupationSkill, Skill, SkillGroup, SkillRelation,
};

use crate::StoreError;
use crate::schema::{
    broader_relations, collection_members, esco_releases, isco_groups, occupation_skills,
    occupations, skill_groups, skill_hierarchy, skill_relations, skills,
};

// `treat_none_as_null`: an update must clear a field a newer release emptied, not skip it.
// `treat_none_as_default_value = false`: with DEFAULT in a row diesel falls back to one
// INSERT per row on SQLite.

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset, Identifiable)]
#[diesel(table_name = skills, primary_key(uri))]
#[diesel(treat_none_as_null = true, treat_none_as_default_value = false)]
pub(crate) struct SkillRow {
    pub uri: String,
    pub skill_type: Option<String>,
    pub reuse_level: Option<String>,
    pub preferred_label: String,
    pub alt_labels: String,
    pub hidden_labels: String,
    pub description: String,
    pub status: String,
    pub modified: Option<String>,
    pub obsolete: bool,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset, Identifiable)]
#[diesel(table_name = skill_groups, primary_key(uri))]
#[diesel(treat_none_as_null = true, treat_none_as_default_value = false)]
pub(crate) struct SkillGroupRow {
    pub uri: String,
    pub code: Option<String>,
    pub preferred_label: String,
    pub alt_labels: String,
    pub hidden_labels: String,
    pub description: String,
    pub status: String,
    pub obsolete: bool,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset, Identifiable)]
#[diesel(table_name = occupations, primary_key(uri))]
#[diesel(treat_none_as_null = true, treat_none_as_default_value = false)]
pub(crate) struct OccupationRow {
    pub uri: String,
    pub isco_group: String,
    pub code: String,
    pub preferred_label: String,
    pub alt_labels: String,
    pub hidden_labels: String,
    pub description: String,
    pub definition: String,
    pub regulated_profession_note: String,
    pub status: String,
    pub modified: Option<String>,
    pub obsolete: bool,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset, Identifiable)]
#[diesel(table_name = isco_groups, primary_key(uri))]
pub(crate) struct IscoGroupRow {
    pub uri: String,
    pub code: String,
    pub preferred_label: String,
    pub alt_labels: String,
    pub hidden_labels: String,
    pub description: String,
    pub status: String,
    pub obsolete: bool,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset, Identifiable)]
#[diesel(table_name = occupation_skills, primary_key(occupation_uri, skill_uri))]
pub(crate) struct OccupationSkillRow {
    pub occupation_uri: String,
    pub skill_uri: String,
    pub relation_type: String,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset, Identifiable)]
#[diesel(table_name = broader_relations, primary_key(concept_uri, broader_uri))]
pub(crate) struct BroaderRow {
    pub concept_uri: String,
    pub concept_type: String,
    pub broader_uri: String,
    pub broader_type: String,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset, Identifiable)]
#[diesel(table_name = skill_relations, primary_key(original_uri, related_uri))]
pub(crate) struct SkillRelationRow {
    pub original_uri: String,
    pub related_uri: String,
    pub relation_type: String,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset, Identifiable)]
#[diesel(table_name = skill_hierarchy, primary_key(uri))]
#[diesel(treat_none_as_null = true, treat_none_as_default_value = false)]
pub(crate) struct HierarchyRow {
    pub uri: String,
    pub level: i32,
    pub code: String,
    pub preferred_label: String,
    pub parent_uri: Option<String>,
    pub description: String,
    pub scope_note: String,
}

/// Every column is key, so a member is either there or not: no changeset.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, Identifiable)]
#[diesel(table_name = collection_members, primary_key(collection, concept_uri))]
pub(crate) struct CollectionRow {
    pub collection: String,
    pub concept_uri: String,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = esco_releases)]
pub(crate) struct NewRelease<'a> {
    pub release_label: &'a str,
    pub loaded_at: NaiveDateTime,
    pub summary: String,
}

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = esco_releases)]
pub(crate) struct ReleaseRow {
    pub id: i64,
    pub release_label: String,
    pub loaded_at: NaiveDateTime,
    pub summary: String,
}

/// Newline-joined, since ESCO itself ships label lists that way. A label that is empty or
/// holds a newline would not split back into the same list, so it is refused.
fn join_labels(table: &'static str, uri: &str, labels: &[String]) -> Result<String, StoreError> {
    if let Some(bad) = labels.iter().find(|l| l.is_empty() || l.contains('\n')) {
        return Err(StoreError::invalid(
            table,
            uri,
            format!("label {bad:?} is empty or spans lines"),
        ));
    }
    Ok(labels.join("\n"))
}

fn split_labels(text: &str) -> Vec<String> {
    if text.is_empty() {
        return Vec::new();
    }
    text.split('\n').map(str::to_owned).collect()
}

fn parse<T: FromStr<Err = String>>(
    table: &'static str,
    key: &str,
    value: &str,
) -> Result<T, StoreError> {
    value
        .parse()
        .map_err(|reason| StoreError::corrupt(table, key, reason))
}

fn parse_opt<T: FromStr<Err = String>>(
    table: &'static str,
    key: &str,
    value: Option<&str>,
) -> Result<Option<T>, StoreError> {
    value.map(|v| parse(table, key, v)).transpose()
}

impl SkillRow {
    pub(crate) fn from_domain(s: &Skill) -> Result<Self, StoreError> {
        Ok(Self {
            uri: s.uri.clone(),
            skill_type: s.skill_type.map(|t| t.as_str().to_owned()),
            reuse_level: s.reuse_level.map(|r| r.as_str().to_owned()),
            preferred_label: s.labels.preferred.clone(),
            alt_labels: join_labels("skill", &s.uri, &s.labels.alternative)?,
            hidden_labels: join_labels("skill", &s.uri, &s.labels.hidden)?,
            description: s.description.clone(),
            status: s.status.clone(),
            modified: s.modified.clone(),
            obsolete: false,
        })
    }

    pub(crate) fn into_domain(self) -> Result<Skill, StoreError> {
        Ok(Skill {
            skill_type: parse_opt("skills", &self.uri, self.skill_type.as_deref())?,
            reuse_level: parse_opt("skills", &self.uri, self.reuse_level.as_deref())?,
            labels: Labels {
                preferred: self.preferred_label,
                alternative: split_labels(&self.alt_labels),
                hidden: split_labels(&self.hidden_labels),
            },
            uri: self.uri,
            description: self.description,
            status: self.status,
            modified: self.modified,
        })
    }
}

impl SkillGroupRow {
    pub(crate) fn from_domain(g: &SkillGroup) -> Result<Self, StoreError> {
        Ok(Self {
            uri: g.uri.clone(),
            code: g.code.clone(),
            preferred_label: g.labels.preferred.clone(),
            alt_labels: join_labels("skill group", &g.uri, &g.labels.alternative)?,
            hidden_labels: join_labels("skill group", &g.uri, &g.labels.hidden)?,
            description: g.description.clone(),
            status: g.status.clone(),
            obsolete: false,
        })
    }

    pub(crate) fn into_domain(self) -> SkillGroup {
        SkillGroup {
            uri: self.uri,
            code: self.code,
            labels: Labels {
                preferred: self.preferred_label,
                alternative: split_labels(&self.alt_labels),
                hidden: split_labels(&self.hidden_labels),
            },
            description: self.description,
            status: self.status,
        }
    }
}

impl OccupationRow {
    pub(crate) fn from_domain(o: &Occupation) -> Result<Self, StoreError> {
        Ok(Self {
            uri: o.uri.clone(),
            isco_group: o.isco_group.clone(),
            code: o.code.clone(),
            preferred_label: o.labels.preferred.clone(),
            alt_labels: join_labels("occupation", &o.uri, &o.labels.alternative)?,
            hidden_labels: join_labels("occupation", &o.uri, &o.labels.hidden)?,
            description: o.description.clone(),
            definition: o.definition.clone(),
            regulated_profession_note: o.regulated_profession_note.clone(),
            status: o.status.clone(),
            modified: o.modified.clone(),
            obsolete: false,
        })
    }

    pub(crate) fn into_domain(self) -> Occupation {
        Occupation {
            uri: self.uri,
            isco_group: self.isco_group,
            code: self.code,
            labels: Labels {
                preferred: self.preferred_label,
                alternative: split_labels(&self.alt_labels),
                hidden: split_labels(&self.hidden_labels),
            },
            description: self.description,
            definition: self.definition,
            regulated_profession_note: self.regulated_profession_note,
            status: self.status,
            modified: self.modified,
        }
    }
}

impl IscoGroupRow {
    pub(crate) fn from_domain(g: &IscoGroup) -> Result<Self, StoreError> {
        Ok(Self {
            uri: g.uri.clone(),
            code: g.code.clone(),
            preferred_label: g.labels.preferred.clone(),
            alt_labels: join_labels("isco group", &g.uri, &g.labels.alternative)?,
            hidden_labels: join_labels("isco group", &g.uri, &g.labels.hidden)?,
            description: g.description.clone(),
            status: g.status.clone(),
            obsolete: false,
        })
    }

    pub(crate) fn into_domain(self) -> IscoGroup {
        IscoGroup {
            uri: self.uri,
            code: self.code,
            labels: Labels {
                preferred: self.preferred_label,
                alternative: split_labels(&self.alt_labels),
                hidden: split_labels(&self.hidden_labels),
            },
            description: self.description,
            status: self.status,
        }
    }
}

impl OccupationSkillRow {
    pub(crate) fn from_domain(r: &OccupationSkill) -> Self {
        Self {
            occupation_uri: r.occupation_uri.clone(),
            skill_uri: r.skill_uri.clone(),
            relation_type: r.relation.as_str().to_owned(),
        }
    }

    pub(crate) fn into_domain(self) -> Result<OccupationSkill, StoreError> {
        let key = || format!("{} -> {}", self.occupation_uri, self.skill_uri);
        Ok(OccupationSkill {
            relation: parse("occupation_skills", &key(), &self.relation_type)?,
            occupation_uri: self.occupation_uri,
            skill_uri: self.skill_uri,
        })
    }
}

impl BroaderRow {
    pub(crate) fn from_domain(r: &BroaderRelation) -> Self {
        Self {
            concept_uri: r.concept_uri.clone(),
            concept_type: r.concept_type.as_str().to_owned(),
            broader_uri: r.broader_uri.clone(),
            broader_type: r.broader_type.as_str().to_owned(),
        }
    }

    pub(crate) fn into_domain(self) -> Result<BroaderRelation, StoreError> {
        let key = format!("{} -> {}", self.concept_uri, self.broader_uri);
        Ok(BroaderRelation {
            concept_type: parse("broader_relations", &key, &self.concept_type)?,
            broader_type: parse("broader_relations", &key, &self.broader_type)?,
            concept_uri: self.concept_uri,
            broader_uri: self.broader_uri,
        })
    }
}

impl SkillRelationRow {
    pub(crate) fn from_domain(r: &SkillRelation) -> Self {
        Self {
            original_uri: r.original_uri.clone(),
            related_uri: r.related_uri.clone(),
            relation_type: r.relation.as_str().to_owned(),
        }
    }

    pub(crate) fn into_domain(self) -> Result<SkillRelation, StoreError> {
        let key = || format!("{} -> {}", self.original_uri, self.related_uri);
        Ok(SkillRelation {
            relation: parse("skill_relations", &key(), &self.relation_type)?,
            original_uri: self.original_uri,
            related_uri: self.related_uri,
        })
    }
}

impl HierarchyRow {
    pub(crate) fn from_domain(n: &HierarchyNode) -> Self {
        Self {
            uri: n.uri.clone(),
            level: i32::from(n.level),
            code: n.code.clone(),
            preferred_label: n.preferred_label.clone(),
            parent_uri: n.parent_uri.clone(),
            description: n.description.clone(),
            scope_note: n.scope_note.clone(),
        }
    }

    pub(crate) fn into_domain(self) -> Result<HierarchyNode, StoreError> {
        let level = u8::try_from(self.level).map_err(|_| {
            StoreError::corrupt(
                "skill_hierarchy",
                &self.uri,
                format!("level {} out of range", self.level),
            )
        })?;
        Ok(HierarchyNode {
            uri: self.uri,
            level,
            code: self.code,
            preferred_label: self.preferred_label,
            parent_uri: self.parent_uri,
            description: self.description,
            scope_note: self.scope_note,
        })
    }
}

impl CollectionRow {
    pub(crate) fn from_domain(m: &CollectionMember) -> Self {
        Self {
            collection: m.collection.as_str().to_owned(),
            concept_uri: m.concept_uri.clone(),
        }
    }

    pub(crate) fn into_domain(self) -> Result<CollectionMember, StoreError> {
        Ok(CollectionMember {
            collection: parse("collection_members", &self.concept_uri, &self.collection)?,
            concept_uri: self.concept_uri,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_lists_survive_the_text_encoding() {
        for labels in [
            vec![],
            vec!["a".to_owned()],
            vec!["a b".to_owned(), "c|d".to_owned()],
        ] {
            let text = join_labels("skill", "u", &labels).unwrap();
            assert_eq!(split_labels(&text), labels);
        }
    }

    #[test]
    fn labels_that_would_not_split_back_are_refused() {
        assert!(join_labels("skill", "u", &["".to_owned()]).is_err());
        assert!(join_labels("skill", "u", &["a\nb".to_owned()]).is_err());
    }
}
