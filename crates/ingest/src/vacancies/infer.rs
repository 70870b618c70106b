//! What a vacancy's own text says when its source gives no structure: the skills its
//! description names ([`SkillExtractor`]) and the occupation its title means
//! ([`OccupationIndex`], the engine of `skillpath occupations match`).

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::Instant;

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
    /// Text given to the extractor and the time it took, summed over threads: what a load
    /// reports as extraction speed per core.
    extracted_bytes: AtomicU64,
    extracting_nanos: AtomicU64,
    /// Titles normalised so far. Adverts repeat titles ("Staff Nurse" hundreds of times in
    /// the NHS file), and a repeat costs a lookup instead of a label-index query.
    titles: Mutex<HashMap<String, Option<(String, f32)>>>,
}

/// Titles remembered before the memo starts afresh, bounding its memory (about 200 bytes a
/// title) on a file where every title is new.
const TITLES_REMEMBERED: usize = 200_000;

/// How much text skill extraction read and how long it took in all, on every thread.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ExtractionWork {
    pub bytes: u64,
    /// Thread time, so `bytes / seconds` is the speed of one core.
    pub seconds: f64,
}

impl Inference {
    pub fn build(skills: &[Skill], occupations: &[Occupation]) -> Result<Self, InferError> {
        Ok(Self {
            extractor: SkillExtractor::build(skills)?,
            occupations: OccupationIndex::build(occupations)?,
            extracted_bytes: AtomicU64::new(0),
            extracting_nanos: AtomicU64::new(0),
            titles: Mutex::new(HashMap::new()),
        })
    }

    /// Extraction done by this `Inference` so far.
    pub fn extraction_work(&self) -> ExtractionWork {
        ExtractionWork {
            bytes: self.extracted_bytes.load(Ordering::Relaxed),
            seconds: self.extracting_nanos.load(Ordering::Relaxed) as f64 / 1e9,
        }
    }

    /// Skills only for a vacancy whose source lists none, an occupation only for one whose
    /// source gives none: a source's own coding is never second-guessed.
    pub fn infer(&self, v: &Vacancy) -> Result<Inferred, InferError> {
        let skills = if v.skill_uris.is_empty() {
            let started = Instant::now();
            let found = self.extractor.extract(&v.description);
            let nanos = u64::try_from(started.elapsed().as_nanos()).unwrap_or(u64::MAX);
            self.extracting_nanos.fetch_add(nanos, Ordering::Relaxed);
            self.extracted_bytes
                .fetch_add(v.description.len() as u64, Ordering::Relaxed);
            found.into_iter().map(|e| (e.uri, e.confidence)).collect()
        } else {
            Vec::new()
        };
        let occupation = if v.occupation_uri.is_none() {
            self.occupation(&v.title)?
        } else {
            None
        };
        Ok(Inferred { skills, occupation })
    }

    /// The best occupation for `title`, remembered for the next advert with the same title.
    fn occupation(&self, title: &str) -> Result<Option<(String, f32)>, InferError> {
        // A poisoned memo only means another thread panicked; what it holds is still right.
        if let Some(found) = self
            .titles
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(title)
        {
            return Ok(found.clone());
        }
        let found = self
            .occupations
            .match_title(title, 1)?
            .into_iter()
            .next()
            .map(|m| (m.uri, m.score));
        let mut titles = self.titles.lock().unwrap_or_else(PoisonError::into_inner);
        if titles.len() >= TITLES_REMEMBERED {
            titles.clear();
        }
        titles.insert(title.to_owned(), found.clone());
        Ok(found)
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
        let inference = inference();
        let found = inference
            .infer(&vacancy(
                "Senior Mental Health Nurse",
                "You will provide wound care on the ward.",
            ))
            .unwrap();
        let uris: Vec<&str> = found.skills.iter().map(|(u, _)| u.as_str()).collect();
        let work = inference.extraction_work();
        assert_eq!(work.bytes, 40);
        assert!(work.seconds > 0.0);
        assert_eq!(uris, ["http://data.europa.eu/esco/skill/wound"]);
        assert!(found.skills[0].1 > 0.0 && found.skills[0].1 <= 1.0);
        let (occupation, score) = found.occupation.clone().unwrap();
        assert!(occupation.ends_with("/nurse") && score > 0.0);
        // The same title again is answered from the memo, with the same occupation.
        let again = inference
            .infer(&vacancy("Senior Mental Health Nurse", ""))
            .unwrap();
        assert_eq!(again.occupation, found.occupation);
        assert_eq!(inference.titles.lock().unwrap().len(), 1);
    }

    #[test]
    fn a_source_coded_vacancy_is_not_second_guessed() {
        let mut v = vacancy("Mental health nurse", "Wound care and Java.");
        v.skill_uris = vec!["http://data.europa.eu/esco/skill/given".into()];
        v.occupation_uri = Some("http://data.europa.eu/esco/occupation/given".into());
        assert_eq!(inference().infer(&v).unwrap(), Inferred::default());
    }
}
