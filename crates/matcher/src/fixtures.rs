//! Small hand-made worlds for the unit tests: a taxonomy of a few skills and two
//! occupations, and builders for courses, profiles and vacancies.

use chrono::NaiveDate;
use skillpath_domain::course::*;
use skillpath_domain::esco::*;
use skillpath_domain::jobseeker::{HeldSkill, Profile, SkillSource};
use skillpath_domain::vacancy::{Location, Vacancy};

use crate::taxonomy::Taxonomy;

pub fn skill_uri(id: &str) -> String {
    format!("{ESCO_NAMESPACE}skill/{id}")
}

pub fn occ_uri(id: &str) -> String {
    format!("{ESCO_NAMESPACE}occupation/{id}")
}

/// xorshift64*: a fixed sequence without a dependency, for the generated worlds of tests.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

pub fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).unwrap()
}

fn skill(id: &str) -> Skill {
    Skill {
        uri: skill_uri(id),
        skill_type: None,
        reuse_level: None,
        labels: Labels {
            preferred: id.into(),
            ..Labels::default()
        },
        description: String::new(),
        status: "released".into(),
        modified: None,
    }
}

/// Skills: programming ⊃ python, rust; statistics related to python; solar (green);
/// spreadsheets (digital); welding. Occupations: "developer" (essential programming, statistics;
/// optional spreadsheets) and "installer" (essential solar, welding; optional spreadsheets).
pub fn taxonomy() -> Taxonomy {
    let occ = |id: &str| Occupation {
        uri: occ_uri(id),
        isco_group: "2512".into(),
        code: "2512.1".into(),
        labels: Labels {
            preferred: id.into(),
            ..Labels::default()
        },
        description: String::new(),
        definition: String::new(),
        regulated_profession_note: String::new(),
        status: "released".into(),
        modified: None,
    };
    let rel = |o: &str, s: &str, r| OccupationSkill {
        occupation_uri: occ_uri(o),
        skill_uri: skill_uri(s),
        relation: r,
    };
    use RelationType::{Essential, Optional};
    Taxonomy::from_dataset(&EscoDataset {
        skills: [
            "programming",
            "python",
            "rust",
            "statistics",
            "solar",
            "spreadsheets",
            "welding",
        ]
        .map(skill)
        .to_vec(),
        occupations: vec![occ("developer"), occ("installer")],
        occupation_skills: vec![
            rel("developer", "programming", Essential),
            rel("developer", "statistics", Essential),
            rel("developer", "spreadsheets", Optional),
            rel("installer", "solar", Essential),
            rel("installer", "welding", Essential),
            rel("installer", "spreadsheets", Optional),
        ],
        broader: ["python", "rust"]
            .map(|n| BroaderRelation {
                concept_uri: skill_uri(n),
                concept_type: ConceptType::Skill,
                broader_uri: skill_uri("programming"),
                broader_type: ConceptType::Skill,
            })
            .to_vec(),
        skill_relations: vec![SkillRelation {
            original_uri: skill_uri("python"),
            related_uri: skill_uri("statistics"),
            relation: RelationType::Optional,
        }],
        collections: vec![
            CollectionMember {
                collection: Collection::Green,
                concept_uri: skill_uri("solar"),
            },
            CollectionMember {
                collection: Collection::Digital,
                concept_uri: skill_uri("spreadsheets"),
            },
        ],
        ..EscoDataset::default()
    })
}

pub fn place(lat: f64, lon: f64, region: &str) -> Location {
    Location {
        region: Some(region.into()),
        latitude: Some(lat),
        longitude: Some(lon),
        ..Location::default()
    }
}

pub fn vacancy(
    id: &str,
    skills: &[&str],
    region: &str,
    posted: NaiveDate,
    closing: NaiveDate,
) -> Vacancy {
    Vacancy {
        id: id.into(),
        title: "job".into(),
        employer: None,
        location: Location {
            region: Some(region.into()),
            ..Location::default()
        },
        posted: Some(posted),
        closing: Some(closing),
        contract_type: None,
        working_time: None,
        salary: None,
        description: String::new(),
        occupation_uri: None,
        skill_uris: skills.iter().map(|s| skill_uri(s)).collect(),
    }
}

/// An online course teaching `skills`, 3 ECTS, 100.00 EUR, starting 2026-12-10.
pub fn course(id: &str, skills: &[&str]) -> Course {
    Course {
        id: id.into(),
        title: format!("course {id}"),
        issuer_country: None,
        issuer_region: None,
        awarding_body: "body".into(),
        date_of_issue: None,
        learning_outcomes: vec![LearningOutcome {
            text: "outcome".into(),
            skill_uris: skills.iter().map(|s| skill_uri(s)).collect(),
        }],
        ects: Some(3.0),
        eqf_level: Some(4),
        assessment: None,
        participation: Participation {
            mode: Mode::Online,
            pace: Pace::PartTime,
        },
        quality_assurance: None,
        provider: "provider".into(),
        hours: None,
        sessions: vec![Session {
            start: day(12, 10),
            end: None,
            location: None,
            seats: None,
        }],
        cost: Cost {
            amount_minor: 10_000,
            currency: "EUR".into(),
            eligible_funding: vec![],
        },
        languages: vec!["de".into()],
        accessibility: vec![],
        prerequisites: vec![],
        stacks_into: None,
        url: None,
    }
}

/// Someone in Leipzig holding `skills`, aiming at `targets`, 25 km radius, from 2026-12-01.
pub fn profile(skills: &[&str], targets: &[&str]) -> Profile {
    Profile {
        id: "p".into(),
        office: "o".into(),
        skills: skills
            .iter()
            .map(|s| HeldSkill {
                uri: skill_uri(s),
                source: SkillSource::Declared,
            })
            .collect(),
        work_history: vec![],
        target_occupations: targets.iter().map(|o| occ_uri(o)).collect(),
        location: place(51.34, 12.37, "DED5"),
        travel_radius_km: 25.0,
        available_from: Some(day(12, 1)),
        preferred_modes: vec![],
        languages: vec!["de".into()],
        accessibility_needs: vec![],
        budget_minor: Some(50_000),
        funding_eligibility: vec![],
        highest_eqf: Some(4),
    }
}
