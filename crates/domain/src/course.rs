//! A course as a micro-credential: the eleven standard elements of the EU Council
//! Recommendation on micro-credentials, plus what a PES needs to refer someone to it.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::{Checker, ValidationError};
use crate::esco::check_esco_uri;
use crate::vacancy::Location;

/// Online, on-site or blended; full- or part-time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    Online,
    OnSite,
    Blended,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Pace {
    FullTime,
    PartTime,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Participation {
    pub mode: Mode,
    pub pace: Pace,
}

/// A learning outcome in words, linked to the ESCO skills it evidences.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LearningOutcome {
    pub text: String,
    pub skill_uris: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Session {
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
    /// `None` for a session held online.
    pub location: Option<Location>,
    pub seats: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cost {
    /// Price in minor units (cents) to avoid rounding in sums.
    pub amount_minor: u64,
    pub currency: String,
    /// Funding schemes that may pay for it, e.g. "pes-voucher", "esf-plus", "youth-guarantee".
    pub eligible_funding: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Course {
    pub id: String,
    // The standard elements (learner identification belongs to an issued credential).
    pub title: String,
    /// ISO 3166-1 alpha-2 country of the issuer, optionally with a region. Catalogues
    /// (MOOC platforms especially) often omit it: then it is missing, not guessed.
    pub issuer_country: Option<String>,
    pub issuer_region: Option<String>,
    pub awarding_body: String,
    /// Date of issue of the credential specification (the catalogue entry).
    pub date_of_issue: Option<NaiveDate>,
    pub learning_outcomes: Vec<LearningOutcome>,
    /// Notional workload in ECTS credits.
    pub ects: Option<f64>,
    /// EQF level 1..=8.
    pub eqf_level: Option<u8>,
    pub assessment: Option<String>,
    pub participation: Participation,
    pub quality_assurance: Option<String>,
    // What a PES needs to refer.
    pub provider: String,
    pub hours: Option<f64>,
    pub sessions: Vec<Session>,
    pub cost: Cost,
    /// ISO 639-1 codes of the teaching languages.
    pub languages: Vec<String>,
    /// Provisions such as "step-free-access", "sign-language", "screen-reader".
    pub accessibility: Vec<String>,
    pub prerequisites: Vec<String>,
    /// The larger credential this one counts toward, if any.
    pub stacks_into: Option<String>,
    pub url: Option<String>,
}

impl Course {
    pub fn validate(&self) -> Result<(), ValidationError> {
        let mut c = Checker::new();
        c.non_empty(&self.id, "id");
        c.non_empty(&self.title, "title");
        c.non_empty(&self.provider, "provider");
        c.non_empty(&self.awarding_body, "awarding_body");
        if let Some(country) = &self.issuer_country {
            c.require(
                country.len() == 2 && country.bytes().all(|b| b.is_ascii_uppercase()),
                "issuer_country",
                "must be an ISO 3166-1 alpha-2 code such as DE",
            );
        }
        if let Some(e) = self.ects {
            c.require(
                e > 0.0 && e <= 60.0,
                "ects",
                "must be above 0 and at most 60",
            );
        }
        if let Some(h) = self.hours {
            c.require(h > 0.0, "hours", "must be positive");
        }
        if let Some(l) = self.eqf_level {
            c.require((1..=8).contains(&l), "eqf_level", "must be 1 to 8");
        }
        c.non_empty(&self.cost.currency, "cost.currency");
        for (i, lang) in self.languages.iter().enumerate() {
            c.require(
                lang.len() == 2 && lang.bytes().all(|b| b.is_ascii_lowercase()),
                &format!("languages[{i}]"),
                "must be an ISO 639-1 code such as en",
            );
        }
        for (i, lo) in self.learning_outcomes.iter().enumerate() {
            c.non_empty(&lo.text, &format!("learning_outcomes[{i}].text"));
            for (j, uri) in lo.skill_uris.iter().enumerate() {
                if let Err(e) = check_esco_uri(uri) {
                    c.fail(format!("learning_outcomes[{i}].skill_uris[{j}]"), e);
                }
            }
        }
        for (i, s) in self.sessions.iter().enumerate() {
            if let Some(end) = s.end {
                c.require(
                    end >= s.start,
                    &format!("sessions[{i}].end"),
                    "must not be before start",
                );
            }
            if self.participation.mode == Mode::OnSite && s.location.is_none() {
                c.fail(
                    format!("sessions[{i}].location"),
                    "an on-site session needs a place",
                );
            }
        }
        c.finish()
    }

    /// Standard elements left empty: reported as an incomplete record, never invented.
    pub fn missing_elements(&self) -> Vec<&'static str> {
        let mut missing = Vec::new();
        if self.issuer_country.is_none() {
            missing.push("issuer_country");
        }
        if self.date_of_issue.is_none() {
            missing.push("date_of_issue");
        }
        if self.learning_outcomes.is_empty() {
            missing.push("learning_outcomes");
        }
        if self.ects.is_none() {
            missing.push("ects");
        }
        if self.eqf_level.is_none() {
            missing.push("eqf_level");
        }
        if self.assessment.is_none() {
            missing.push("assessment");
        }
        if self.quality_assurance.is_none() {
            missing.push("quality_assurance");
        }
        missing
    }

    /// Every ESCO skill the course's learning outcomes evidence, without repeats.
    pub fn skill_uris(&self) -> Vec<&str> {
        let mut all: Vec<&str> = self
            .learning_outcomes
            .iter()
            .flat_map(|lo| lo.skill_uris.iter().map(String::as_str))
            .collect();
        all.sort_unstable();
        all.dedup();
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn course() -> Course {
        Course {
            id: "c1".into(),
            title: "Solar PV installation basics".into(),
            issuer_country: Some("DE".into()),
            issuer_region: None,
            awarding_body: "Handwerkskammer".into(),
            date_of_issue: None,
            learning_outcomes: vec![LearningOutcome {
                text: "Install photovoltaic panels".into(),
                skill_uris: vec![
                    "http://data.europa.eu/esco/skill/b".into(),
                    "http://data.europa.eu/esco/skill/a".into(),
                ],
            }],
            ects: Some(3.0),
            eqf_level: Some(4),
            assessment: Some("practical test".into()),
            participation: Participation {
                mode: Mode::OnSite,
                pace: Pace::PartTime,
            },
            quality_assurance: None,
            provider: "Bildungszentrum".into(),
            hours: Some(75.0),
            sessions: vec![Session {
                start: NaiveDate::from_ymd_opt(2026, 1, 12).unwrap(),
                end: None,
                location: Some(Location::default()),
                seats: Some(12),
            }],
            cost: Cost {
                amount_minor: 45_000,
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

    #[test]
    fn missing_standard_elements_are_listed_not_invented() {
        let mut c = course();
        c.issuer_country = None;
        assert!(c.validate().is_ok());
        assert_eq!(
            c.missing_elements(),
            ["issuer_country", "date_of_issue", "quality_assurance"]
        );
    }

    #[test]
    fn an_on_site_session_needs_a_place_and_levels_are_bounded() {
        let mut c = course();
        c.sessions[0].location = None;
        c.eqf_level = Some(9);
        let err = c.validate().unwrap_err();
        let fields: Vec<_> = err.violations.iter().map(|v| v.field.as_str()).collect();
        assert_eq!(fields, ["eqf_level", "sessions[0].location"]);
    }

    #[test]
    fn skills_are_listed_once_in_order() {
        assert_eq!(
            course().skill_uris(),
            [
                "http://data.europa.eu/esco/skill/a",
                "http://data.europa.eu/esco/skill/b"
            ]
        );
    }
}
