//! What a vacancy's own text says when its source gives no structure: the skills its
//! description names ([`SkillExtractor`]) and the occupation its title means
//! ([`OccupationIndex`], the engine of `skillpath occupations match`).

use rayon::prelude::*;
use skillpath_domain::esco::{Occupation, Skill};
use skillpath_domain::vacancy::{Inferred, Vacancy};

use crate::extract::{ExtractError, SkillExtractor};
use crate::labels::{LabelIndexError, OccupationIndex};

#[derive(Debug, thiserror::Error)]
pub enum InferError {
    #[error(transparent)]
    Extract(#[from] ExtractError),
    #[error(transparent)]
    Labels(#[from] LabelIndexError),
}

/// Built once per taxonomy; shared by the threads of a load.
#[derive(Debug)]
pub struct Inference {
    extractor: SkillExtractor,
    occupations: OccupationIndex,
}

impl Inference {
    pub fn build(skills: &[Skill], occupations: &[Occupation]) -> Result<Self, InferError> {
        Ok(Self {
            extractor: SkillExtractor::build(skills)?,
            occupations: OccupationIndex::build(occupations)?,
        })
    }

    /// Skills only for a vacancy whose source lists none, an occupation only for one whose
    /// source gives none: a source's own coding is never second-guessed.
    pub fn infer(&self, v: &Vacancy) -> Result<Inferred, InferError> {
        let skills = if v.skill_uris.is_empty() {
            self.extractor
                .extract(&v.description)
                .into_iter()
                .map(|e| (e.uri, e.confidence))
                .collect()
        } else {
            Vec::new()
        };
        let occupation = if v.occupation_uri.is_none() {
            self.occupations
                .match_title(&v.title, 1)?
                .into_iter()
                .next()
                .map(|m| (m.uri, m.score))
        } else {
            None
        };
        Ok(Inferred { skills, occupation })
    }

    /// [`Inference::infer`] for each vacancy on all cores, in input order.
    pub fn infer_all(&self, batch: &[Vacancy]) -> Result<Vec<Inferred>, InferError> {
        batch.par_iter().map(|v| self.infer(v)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use skillpath_domain::esco::Labels;

    fn labels(preferred: &str) -> Labels {
        Labels {
            preferred: preferred.into(),
            alternative: Vec::new(),
            hidden: Vec::new(),
        }
    }

    fn inference() -> Inference {
        let skill = |uri: &str, label: &str| Skill {
            uri: format!("http://data.europa.eu/esco/skill/{uri}"),
            skill_type: None,
            reuse_level: None,
            labels: labels(label),
            description: String::new(),
            status: "released".into(),
            modified: None,
        };
        let occupation = Occupation {
            uri: "http://data.europa.eu/esco/occupation/nurse".into(),
            isco_group: "2221".into(),
            code: "2221.1".into(),
            labels: labels("mental health nurse"),
            description: String::new(),
            definition: String::new(),
            regulated_profession_note: String::new(),
            status: "released".into(),
            modified: None,
        };
        Inference::build(
            &[skill("wound", "wound care"), skill("java", "Java")],
            &[occupation],
        )
        .unwrap()
    }

    fn vacancy(title: &str, description: &str) -> Vacancy {
        Vacancy {
            id: "v1".into(),
            title: title.into(),
            employer: None,
            location: Default::default(),
            posted: None,
            closing: None,
            contract_type: None,
            working_time: None,
            salary: None,
            description: description.into(),
            occupation_uri: None,
            skill_uris: Vec::new(),
        }
    }

    #[test]
    fn an_unstructured_vacancy_gets_skills_from_its_text_and_an_occupation_from_its_title() {
        let found = inference()
            .infer(&vacancy(
                "Senior Mental Health Nurse",
                "You will provide wound care on the ward.",
            ))
            .unwrap();
        let uris: Vec<&str> = found.skills.iter().map(|(u, _)| u.as_str()).collect();
        assert_eq!(uris, ["http://data.europa.eu/esco/skill/wound"]);
        assert!(found.skills[0].1 > 0.0 && found.skills[0].1 <= 1.0);
        let (occupation, score) = found.occupation.unwrap();
        assert!(occupation.ends_with("/nurse") && score > 0.0);
    }

    #[test]
    fn a_source_coded_vacancy_is_not_second_guessed() {
        let mut v = vacancy("Mental health nurse", "Wound care and Java.");
        v.skill_uris = vec!["http://data.europa.eu/esco/skill/given".into()];
        v.occupation_uri = Some("http://data.europa.eu/esco/occupation/given".into());
        assert_eq!(inference().infer(&v).unwrap(), Inferred::default());
    }
}
