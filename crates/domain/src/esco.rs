//! ESCO concepts as the European Commission publishes them, and the relations between them.
//!
//! Every concept is identified by its ESCO URI (stable across releases and languages), so
//! profiles, courses and vacancies keep meaning the same thing when a newer release loads.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::{Checker, ValidationError};

/// All ESCO concept URIs live under this namespace.
pub const ESCO_NAMESPACE: &str = "http://data.europa.eu/esco/";

/// Checks that `uri` is an ESCO concept URI: the ESCO namespace, a non-empty path, no
/// whitespace or characters that cannot appear in an IRI.
pub fn check_esco_uri(uri: &str) -> Result<(), String> {
    let Some(rest) = uri.strip_prefix(ESCO_NAMESPACE) else {
        return Err(format!(
            "{uri:?} is not an ESCO URI (must start with {ESCO_NAMESPACE})"
        ));
    };
    if rest.is_empty() || rest.ends_with('/') {
        return Err(format!("{uri:?} names no concept"));
    }
    if let Some(c) = rest
        .chars()
        .find(|c| c.is_whitespace() || c.is_control() || "<>\"{}|\\^`".contains(*c))
    {
        return Err(format!(
            "{uri:?} contains the character {c:?}, not allowed in a URI"
        ));
    }
    Ok(())
}

/// The last path segment of an ESCO URI, used as a short id in URLs and logs.
pub fn short_id(uri: &str) -> &str {
    uri.rsplit('/').next().unwrap_or(uri)
}

macro_rules! esco_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name {
            $(#[serde(rename = $text)] $variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The spelling ESCO uses in its CSV files.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                match s.trim() {
                    $($text => Ok($name::$variant),)+
                    other => Err(format!(
                        "{other:?} is not one of {}",
                        [$($text),+].join(", ")
                    )),
                }
            }
        }
    };
}

esco_enum!(
    /// ESCO distinguishes what a person can do from what they know.
    SkillType {
        SkillCompetence => "skill/competence",
        Knowledge => "knowledge",
    }
);

esco_enum!(
    /// How widely a skill applies, from any job to a single occupation.
    ReuseLevel {
        Transversal => "transversal",
        CrossSector => "cross-sector",
        SectorSpecific => "sector-specific",
        OccupationSpecific => "occupation-specific",
    }
);

esco_enum!(
    /// Whether an occupation (or a skill) needs the related skill, or merely may use it.
    RelationType {
        Essential => "essential",
        Optional => "optional",
    }
);

esco_enum!(
    /// The kinds of concept that appear in ESCO's broader (hierarchy) relations.
    ConceptType {
        Skill => "KnowledgeSkillCompetence",
        SkillGroup => "SkillGroup",
        Occupation => "Occupation",
        IscoGroup => "ISCOGroup",
    }
);

esco_enum!(
    /// The thematic collections ESCO publishes beside the pillars.
    Collection {
        Green => "green",
        Digital => "digital",
        DigComp => "digcomp",
        Transversal => "transversal",
        Language => "language",
        ResearchSkills => "research-skills",
        ResearchOccupations => "research-occupations",
    }
);

/// Labels shared by every ESCO concept. ESCO ships alternative and hidden labels as one
/// field with a label per line; here they are already split and trimmed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Labels {
    pub preferred: String,
    pub alternative: Vec<String>,
    /// Common misspellings and outdated terms: used for matching, never shown.
    pub hidden: Vec<String>,
}

impl Labels {
    /// Splits ESCO's multi-line label field; ESCO's collection files use " | " instead.
    pub fn split_field(field: &str) -> Vec<String> {
        field
            .split(['\n', '|'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect()
    }

    /// Every label, preferred first, for building search indexes.
    pub fn all(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.preferred.as_str())
            .chain(self.alternative.iter().map(String::as_str))
            .chain(self.hidden.iter().map(String::as_str))
    }

    fn check(&self, c: &mut Checker) {
        c.non_empty(&self.preferred, "preferredLabel");
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skill {
    pub uri: String,
    /// Six ESCO v1.1.1 skills carry no type; that is recorded as `None`, not guessed.
    pub skill_type: Option<SkillType>,
    pub reuse_level: Option<ReuseLevel>,
    pub labels: Labels,
    pub description: String,
    pub status: String,
    pub modified: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkillGroup {
    pub uri: String,
    pub code: Option<String>,
    pub labels: Labels,
    pub description: String,
    pub status: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Occupation {
    pub uri: String,
    /// The four-digit ISCO-08 unit group the occupation belongs to, e.g. `2654`.
    pub isco_group: String,
    /// ESCO's own code, the ISCO group followed by dotted positions, e.g. `2654.1.7`.
    pub code: String,
    pub labels: Labels,
    pub description: String,
    pub definition: String,
    pub regulated_profession_note: String,
    pub status: String,
    pub modified: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IscoGroup {
    pub uri: String,
    pub code: String,
    pub labels: Labels,
    pub description: String,
    pub status: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct OccupationSkill {
    pub occupation_uri: String,
    pub skill_uri: String,
    pub relation: RelationType,
}

/// `concept` is narrower than `broader`, in the skill pillar or the occupation pillar.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct BroaderRelation {
    pub concept_uri: String,
    pub concept_type: ConceptType,
    pub broader_uri: String,
    pub broader_type: ConceptType,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SkillRelation {
    pub original_uri: String,
    pub related_uri: String,
    pub relation: RelationType,
}

/// One node of ESCO's skills hierarchy (levels 0 to 3), with its parent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HierarchyNode {
    pub uri: String,
    pub level: u8,
    pub code: String,
    pub preferred_label: String,
    pub parent_uri: Option<String>,
    pub description: String,
    pub scope_note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CollectionMember {
    pub collection: Collection,
    pub concept_uri: String,
}

/// One complete ESCO release, as read from its CSV download.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EscoDataset {
    pub skills: Vec<Skill>,
    pub skill_groups: Vec<SkillGroup>,
    pub occupations: Vec<Occupation>,
    pub isco_groups: Vec<IscoGroup>,
    pub occupation_skills: Vec<OccupationSkill>,
    pub broader: Vec<BroaderRelation>,
    pub skill_relations: Vec<SkillRelation>,
    pub hierarchy: Vec<HierarchyNode>,
    pub collections: Vec<CollectionMember>,
}

impl Skill {
    pub fn validate(&self) -> Result<(), ValidationError> {
        let mut c = Checker::new();
        check_uri(&mut c, "conceptUri", &self.uri);
        self.labels.check(&mut c);
        c.finish()
    }
}

impl SkillGroup {
    pub fn validate(&self) -> Result<(), ValidationError> {
        let mut c = Checker::new();
        check_uri(&mut c, "conceptUri", &self.uri);
        self.labels.check(&mut c);
        c.finish()
    }
}

impl Occupation {
    pub fn validate(&self) -> Result<(), ValidationError> {
        let mut c = Checker::new();
        check_uri(&mut c, "conceptUri", &self.uri);
        self.labels.check(&mut c);
        c.require(
            self.isco_group.len() == 4 && self.isco_group.bytes().all(|b| b.is_ascii_digit()),
            "iscoGroup",
            "must be a four-digit ISCO-08 unit group",
        );
        c.require(
            self.code.starts_with(&self.isco_group),
            "code",
            "must start with the occupation's ISCO group",
        );
        c.finish()
    }
}

impl IscoGroup {
    pub fn validate(&self) -> Result<(), ValidationError> {
        let mut c = Checker::new();
        check_uri(&mut c, "conceptUri", &self.uri);
        self.labels.check(&mut c);
        c.require(
            (1..=4).contains(&self.code.len()) && self.code.bytes().all(|b| b.is_ascii_digit()),
            "code",
            "must be an ISCO-08 code of one to four digits",
        );
        c.finish()
    }
}

impl OccupationSkill {
    pub fn validate(&self) -> Result<(), ValidationError> {
        let mut c = Checker::new();
        check_uri(&mut c, "occupationUri", &self.occupation_uri);
        check_uri(&mut c, "skillUri", &self.skill_uri);
        c.finish()
    }
}

impl BroaderRelation {
    pub fn validate(&self) -> Result<(), ValidationError> {
        let mut c = Checker::new();
        check_uri(&mut c, "conceptUri", &self.concept_uri);
        check_uri(&mut c, "broaderUri", &self.broader_uri);
        c.require(
            self.concept_uri != self.broader_uri,
            "broaderUri",
            "a concept cannot be broader than itself",
        );
        c.finish()
    }
}

impl SkillRelation {
    pub fn validate(&self) -> Result<(), ValidationError> {
        let mut c = Checker::new();
        check_uri(&mut c, "originalSkillUri", &self.original_uri);
        check_uri(&mut c, "relatedSkillUri", &self.related_uri);
        c.finish()
    }
}

impl HierarchyNode {
    pub fn validate(&self) -> Result<(), ValidationError> {
        let mut c = Checker::new();
        check_uri(&mut c, "uri", &self.uri);
        c.require(
            self.level <= 3,
            "level",
            "ESCO's skills hierarchy has levels 0 to 3",
        );
        c.require(
            (self.level == 0) == self.parent_uri.is_none(),
            "parent",
            "only level-0 nodes have no parent",
        );
        c.non_empty(&self.preferred_label, "preferred term");
        c.finish()
    }
}

fn check_uri(c: &mut Checker, field: &str, uri: &str) {
    if let Err(reason) = check_esco_uri(uri) {
        c.fail(field, reason);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn esco_uris_are_checked() {
        assert!(check_esco_uri("http://data.europa.eu/esco/skill/0005c151-5b5a").is_ok());
        assert!(check_esco_uri("https://example.org/skill/1").is_err());
        assert!(check_esco_uri("http://data.europa.eu/esco/skill/ab cd").is_err());
        assert!(check_esco_uri("http://data.europa.eu/esco/").is_err());
    }

    #[test]
    fn multi_line_and_piped_label_fields_split_into_trimmed_labels() {
        assert_eq!(
            Labels::split_field("manage staff of music\ncoordinate duties \n\n"),
            vec!["manage staff of music", "coordinate duties"]
        );
        assert_eq!(Labels::split_field("a | b"), vec!["a", "b"]);
    }

    #[test]
    fn enums_parse_esco_spellings_and_reject_others() {
        assert_eq!("skill/competence".parse(), Ok(SkillType::SkillCompetence));
        assert_eq!("ISCOGroup".parse(), Ok(ConceptType::IscoGroup));
        assert!(
            "skill"
                .parse::<SkillType>()
                .unwrap_err()
                .contains("knowledge")
        );
    }

    #[test]
    fn occupation_code_must_extend_its_isco_group() {
        let occ = Occupation {
            uri: "http://data.europa.eu/esco/occupation/x".into(),
            isco_group: "2654".into(),
            code: "3111.1".into(),
            labels: Labels {
                preferred: "technical director".into(),
                ..Labels::default()
            },
            description: String::new(),
            definition: String::new(),
            regulated_profession_note: String::new(),
            status: "released".into(),
            modified: None,
        };
        let err = occ.validate().unwrap_err();
        assert_eq!(err.violations[0].field, "code");
    }
}
