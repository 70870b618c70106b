//! A small hand-made ESCO release with every kind of concept and relation, and the
//! variations the tests load over it.

use skillpath_domain::esco::{
    BroaderRelation, Collection, CollectionMember, ConceptType, EscoDataset, HierarchyNode,
    IscoGroup, Labels, Occupation, OccupationSkill, RelationType, ReuseLevel, Skill, SkillGroup,
    SkillRelation, SkillType,
};
use skillpath_store::{EscoCounts, EscoRelease, Store};

pub const PYTHON: &str = "http://data.europa.eu/esco/skill/python";
pub const SQL: &str = "http://data.europa.eu/esco/skill/sql";
pub const TEAMWORK: &str = "http://data.europa.eu/esco/skill/teamwork";
pub const WELDING: &str = "http://data.europa.eu/esco/skill/welding";
pub const ICT_GROUP: &str = "http://data.europa.eu/esco/isced-f/0613";
pub const SOCIAL_GROUP: &str = "http://data.europa.eu/esco/skill/S1";
pub const DEVELOPER: &str = "http://data.europa.eu/esco/occupation/developer";
pub const WELDER: &str = "http://data.europa.eu/esco/occupation/welder";
pub const ISCO_2512: &str = "http://data.europa.eu/esco/isco/C2512";
pub const ISCO_7212: &str = "http://data.europa.eu/esco/isco/C7212";

fn labels(preferred: &str, alternative: &[&str], hidden: &[&str]) -> Labels {
    Labels {
        preferred: preferred.to_owned(),
        alternative: alternative.iter().map(|s| s.to_string()).collect(),
        hidden: hidden.iter().map(|s| s.to_string()).collect(),
    }
}

fn skill(uri: &str, skill_type: Option<SkillType>, labels: Labels) -> Skill {
    Skill {
        uri: uri.to_owned(),
        skill_type,
        reuse_level: Some(ReuseLevel::SectorSpecific),
        labels,
        description: format!("description of {}", uri.rsplit('/').next().unwrap()),
        status: "released".to_owned(),
        modified: Some("2023-11-30T14:46:40Z".to_owned()),
    }
}

fn occupation_skill(occupation: &str, skill: &str, relation: RelationType) -> OccupationSkill {
    OccupationSkill {
        occupation_uri: occupation.to_owned(),
        skill_uri: skill.to_owned(),
        relation,
    }
}

fn broader(
    concept: &str,
    concept_type: ConceptType,
    broader: &str,
    broader_type: ConceptType,
) -> BroaderRelation {
    BroaderRelation {
        concept_uri: concept.to_owned(),
        concept_type,
        broader_uri: broader.to_owned(),
        broader_type,
    }
}

/// Release "v1". Label lists are deliberately out of alphabetical order, and fields a
/// release may leave empty are empty somewhere, so a round trip shows both survive.
pub fn v1() -> EscoDataset {
    EscoDataset {
        skills: vec![
            skill(
                PYTHON,
                Some(SkillType::SkillCompetence),
                labels(
                    "Python (computer programming)",
                    &["python", "Py 3", "CPython"],
                    &["pyton"],
                ),
            ),
            skill(
                SQL,
                Some(SkillType::Knowledge),
                labels("SQL", &["structured query language"], &[]),
            ),
            Skill {
                reuse_level: None,
                modified: None,
                description: String::new(),
                ..skill(
                    TEAMWORK,
                    None,
                    labels("work in teams", &[], &["team work", "teamwork"]),
                )
            },
            skill(
                WELDING,
                Some(SkillType::SkillCompetence),
                labels("use welding equipment", &["weld"], &[]),
            ),
        ],
        skill_groups: vec![
            SkillGroup {
                uri: ICT_GROUP.to_owned(),
                code: Some("0613".to_owned()),
                labels: labels(
                    "software and applications development",
                    &["software development"],
                    &[],
                ),
                description: String::new(),
                status: "released".to_owned(),
            },
            SkillGroup {
                uri: SOCIAL_GROUP.to_owned(),
                code: None,
                labels: labels("working with others", &[], &[]),
                description: "collaborating".to_owned(),
                status: "released".to_owned(),
            },
        ],
        occupations: vec![
            Occupation {
                uri: DEVELOPER.to_owned(),
                isco_group: "2512".to_owned(),
                code: "2512.4".to_owned(),
                labels: labels("software developer", &["programmer", "coder"], &["sw dev"]),
                description: "writes software".to_owned(),
                definition: String::new(),
                regulated_profession_note: String::new(),
                status: "released".to_owned(),
                modified: Some("2024-01-02T03:04:05Z".to_owned()),
            },
            Occupation {
                uri: WELDER.to_owned(),
                isco_group: "7212".to_owned(),
                code: "7212.1".to_owned(),
                labels: labels("welder", &[], &[]),
                description: "joins metal".to_owned(),
                definition: "a person who welds".to_owned(),
                regulated_profession_note: "regulated in some member states".to_owned(),
                status: "released".to_owned(),
                modified: None,
            },
        ],
        isco_groups: vec![
            IscoGroup {
                uri: ISCO_2512.to_owned(),
                code: "2512".to_owned(),
                labels: labels("software developers", &["software engineers"], &[]),
                description: String::new(),
                status: "released".to_owned(),
            },
            IscoGroup {
                uri: ISCO_7212.to_owned(),
                code: "7212".to_owned(),
                labels: labels("welders and flamecutters", &[], &[]),
                description: "weld and cut".to_owned(),
                status: "released".to_owned(),
            },
        ],
        occupation_skills: vec![
            occupation_skill(DEVELOPER, PYTHON, RelationType::Essential),
            occupation_skill(DEVELOPER, SQL, RelationType::Optional),
            occupation_skill(DEVELOPER, TEAMWORK, RelationType::Optional),
            occupation_skill(WELDER, TEAMWORK, RelationType::Optional),
            occupation_skill(WELDER, WELDING, RelationType::Essential),
        ],
        broader: vec![
            broader(
                DEVELOPER,
                ConceptType::Occupation,
                ISCO_2512,
                ConceptType::IscoGroup,
            ),
            broader(
                PYTHON,
                ConceptType::Skill,
                ICT_GROUP,
                ConceptType::SkillGroup,
            ),
            broader(SQL, ConceptType::Skill, ICT_GROUP, ConceptType::SkillGroup),
            broader(
                TEAMWORK,
                ConceptType::Skill,
                SOCIAL_GROUP,
                ConceptType::SkillGroup,
            ),
            broader(
                WELDER,
                ConceptType::Occupation,
                ISCO_7212,
                ConceptType::IscoGroup,
            ),
        ],
        skill_relations: vec![
            SkillRelation {
                original_uri: PYTHON.to_owned(),
                related_uri: SQL.to_owned(),
                relation: RelationType::Optional,
            },
            SkillRelation {
                original_uri: WELDING.to_owned(),
                related_uri: TEAMWORK.to_owned(),
                relation: RelationType::Essential,
            },
        ],
        hierarchy: vec![
            HierarchyNode {
                uri: SOCIAL_GROUP.to_owned(),
                level: 1,
                code: "S1".to_owned(),
                preferred_label: "working with others".to_owned(),
                parent_uri: Some("http://data.europa.eu/esco/skill/S".to_owned()),
                description: String::new(),
                scope_note: "excludes management".to_owned(),
            },
            HierarchyNode {
                uri: "http://data.europa.eu/esco/skill/S".to_owned(),
                level: 0,
                code: "S".to_owned(),
                preferred_label: "skills".to_owned(),
                parent_uri: None,
                description: "all skills".to_owned(),
                scope_note: String::new(),
            },
        ],
        collections: vec![
            CollectionMember {
                collection: Collection::Digital,
                concept_uri: PYTHON.to_owned(),
            },
            CollectionMember {
                collection: Collection::Transversal,
                concept_uri: TEAMWORK.to_owned(),
            },
            CollectionMember {
                collection: Collection::Digital,
                concept_uri: SQL.to_owned(),
            },
        ],
    }
}

/// Release "v2": Python relabelled, SQL dropped together with everything naming it.
pub fn v2() -> EscoDataset {
    let mut data = v1();
    data.skills[0].labels.preferred = "Python".to_owned();
    data.skills.retain(|s| s.uri != SQL);
    data.occupation_skills.retain(|r| r.skill_uri != SQL);
    data.broader.retain(|r| r.concept_uri != SQL);
    data.skill_relations
        .retain(|r| r.related_uri != SQL && r.original_uri != SQL);
    data.collections.retain(|m| m.concept_uri != SQL);
    data
}

/// `data` in the order the store reads it back: by key.
pub fn sorted(mut data: EscoDataset) -> EscoDataset {
    data.skills.sort_by(|a, b| a.uri.cmp(&b.uri));
    data.skill_groups.sort_by(|a, b| a.uri.cmp(&b.uri));
    data.occupations.sort_by(|a, b| a.uri.cmp(&b.uri));
    data.isco_groups.sort_by(|a, b| a.uri.cmp(&b.uri));
    data.occupation_skills
        .sort_by(|a, b| (&a.occupation_uri, &a.skill_uri).cmp(&(&b.occupation_uri, &b.skill_uri)));
    data.broader
        .sort_by(|a, b| (&a.concept_uri, &a.broader_uri).cmp(&(&b.concept_uri, &b.broader_uri)));
    data.skill_relations
        .sort_by(|a, b| (&a.original_uri, &a.related_uri).cmp(&(&b.original_uri, &b.related_uri)));
    data.hierarchy.sort_by(|a, b| a.uri.cmp(&b.uri));
    data.collections.sort_by(|a, b| {
        (a.collection.as_str(), &a.concept_uri).cmp(&(b.collection.as_str(), &b.concept_uri))
    });
    data
}

/// Everything the store holds about ESCO, obsolete concepts and the release log included,
/// to show that a load changed nothing.
#[derive(Debug, PartialEq)]
pub struct Snapshot {
    counts: EscoCounts,
    taxonomy: EscoDataset,
    skills: Vec<Skill>,
    skill_groups: Vec<SkillGroup>,
    occupations: Vec<Occupation>,
    isco_groups: Vec<IscoGroup>,
    releases: Vec<EscoRelease>,
}

pub fn snapshot(store: &Store) -> Snapshot {
    Snapshot {
        counts: store.esco_counts().unwrap(),
        taxonomy: store.taxonomy().unwrap(),
        skills: store.skills(true).unwrap(),
        skill_groups: store.skill_groups(true).unwrap(),
        occupations: store.occupations(true).unwrap(),
        isco_groups: store.isco_groups(true).unwrap(),
        releases: store.esco_releases().unwrap(),
    }
}
