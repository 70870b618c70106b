//! Course rows and the conversion between them and the domain `Course`.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use skillpath_domain::course::{Cost, Course, LearningOutcome, Participation, Session};
use skillpath_domain::vacancy::Location;

use super::{CourseInput, StoredCourse};
use crate::StoreError;
use crate::codec::{enum_from_text, enum_text, from_json, position, to_i64, to_json, to_unsigned};
use crate::schema::{course_outcome_skills, course_outcomes, course_sessions, courses};

const TABLE: &str = "courses";

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = courses)]
pub(super) struct CourseRow {
    pub(super) id: String,
    title: String,
    issuer_country: Option<String>,
    issuer_region: Option<String>,
    awarding_body: String,
    date_of_issue: Option<NaiveDate>,
    ects: Option<f64>,
    eqf_level: Option<i32>,
    assessment: Option<String>,
    mode: String,
    pace: String,
    quality_assurance: Option<String>,
    provider: String,
    hours: Option<f64>,
    price_minor: i64,
    currency: String,
    eligible_funding: String,
    languages: String,
    accessibility: String,
    prerequisites: String,
    stacks_into: Option<String>,
    url: Option<String>,
    incomplete: String,
    source: String,
    loaded_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = course_outcomes)]
pub(super) struct OutcomeRow {
    pub(super) course_id: String,
    position: i32,
    text: String,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = course_outcome_skills)]
pub(super) struct OutcomeSkillRow {
    pub(super) course_id: String,
    outcome: i32,
    position: i32,
    skill_uri: String,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = course_sessions)]
pub(super) struct SessionRow {
    pub(super) course_id: String,
    position: i32,
    start_date: NaiveDate,
    end_date: Option<NaiveDate>,
    online: bool,
    municipality: Option<String>,
    region: Option<String>,
    postcode: Option<String>,
    latitude: Option<f64>,
    longitude: Option<f64>,
    seats: Option<i64>,
}

impl CourseRow {
    pub(super) fn from_domain(
        input: &CourseInput<'_>,
        source: &str,
        now: NaiveDateTime,
    ) -> Result<Self, StoreError> {
        let c = input.course;
        Ok(CourseRow {
            id: c.id.clone(),
            title: c.title.clone(),
            issuer_country: c.issuer_country.clone(),
            issuer_region: c.issuer_region.clone(),
            awarding_body: c.awarding_body.clone(),
            date_of_issue: c.date_of_issue,
            ects: c.ects,
            eqf_level: c.eqf_level.map(i32::from),
            assessment: c.assessment.clone(),
            mode: enum_text(&c.participation.mode),
            pace: enum_text(&c.participation.pace),
            quality_assurance: c.quality_assurance.clone(),
            provider: c.provider.clone(),
            hours: c.hours,
            price_minor: to_i64("course", &c.id, "cost.amount_minor", c.cost.amount_minor)?,
            currency: c.cost.currency.clone(),
            eligible_funding: to_json(&c.cost.eligible_funding),
            languages: to_json(&c.languages),
            accessibility: to_json(&c.accessibility),
            prerequisites: to_json(&c.prerequisites),
            stacks_into: c.stacks_into.clone(),
            url: c.url.clone(),
            incomplete: to_json(input.incomplete),
            source: source.to_owned(),
            loaded_at: now,
        })
    }

    pub(super) fn into_domain(
        self,
        outcomes: Vec<OutcomeRow>,
        skills: Vec<OutcomeSkillRow>,
        sessions: Vec<SessionRow>,
    ) -> Result<StoredCourse, StoreError> {
        let id = self.id;
        let json = |column: &str, text: &str| from_json::<Vec<String>>(TABLE, &id, column, text);
        let mut learning_outcomes: Vec<LearningOutcome> = outcomes
            .into_iter()
            .map(|o| LearningOutcome {
                text: o.text,
                skill_uris: Vec::new(),
            })
            .collect();
        for s in skills {
            let outcome = usize::try_from(s.outcome)
                .ok()
                .and_then(|i| learning_outcomes.get_mut(i))
                .ok_or_else(|| {
                    StoreError::corrupt(
                        TABLE,
                        &id,
                        format!("skill of missing outcome {}", s.outcome),
                    )
                })?;
            outcome.skill_uris.push(s.skill_uri);
        }
        let sessions = sessions
            .into_iter()
            .map(|s| {
                Ok(Session {
                    start: s.start_date,
                    end: s.end_date,
                    location: (!s.online).then_some(Location {
                        municipality: s.municipality,
                        region: s.region,
                        postcode: s.postcode,
                        latitude: s.latitude,
                        longitude: s.longitude,
                    }),
                    seats: s
                        .seats
                        .map(|n| to_unsigned(TABLE, &id, "seats", n))
                        .transpose()?,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        let course = Course {
            title: self.title,
            issuer_country: self.issuer_country,
            issuer_region: self.issuer_region,
            awarding_body: self.awarding_body,
            date_of_issue: self.date_of_issue,
            learning_outcomes,
            ects: self.ects,
            eqf_level: self
                .eqf_level
                .map(|l| to_unsigned(TABLE, &id, "eqf_level", i64::from(l)))
                .transpose()?,
            assessment: self.assessment,
            participation: Participation {
                mode: enum_from_text(TABLE, &id, "mode", &self.mode)?,
                pace: enum_from_text(TABLE, &id, "pace", &self.pace)?,
            },
            quality_assurance: self.quality_assurance,
            provider: self.provider,
            hours: self.hours,
            sessions,
            cost: Cost {
                amount_minor: to_unsigned(TABLE, &id, "price_minor", self.price_minor)?,
                currency: self.currency,
                eligible_funding: json("eligible_funding", &self.eligible_funding)?,
            },
            languages: json("languages", &self.languages)?,
            accessibility: json("accessibility", &self.accessibility)?,
            prerequisites: json("prerequisites", &self.prerequisites)?,
            stacks_into: self.stacks_into,
            url: self.url,
            id: id.clone(),
        };
        Ok(StoredCourse {
            incomplete: json("incomplete", &self.incomplete)?,
            course,
            source: self.source,
            loaded_at: self.loaded_at.and_utc(),
        })
    }
}

impl OutcomeRow {
    pub(super) fn from_domain(c: &Course) -> impl Iterator<Item = OutcomeRow> + '_ {
        c.learning_outcomes
            .iter()
            .enumerate()
            .map(|(i, lo)| OutcomeRow {
                course_id: c.id.clone(),
                position: position(i),
                text: lo.text.clone(),
            })
    }
}

impl OutcomeSkillRow {
    pub(super) fn from_domain(c: &Course) -> impl Iterator<Item = OutcomeSkillRow> + '_ {
        c.learning_outcomes
            .iter()
            .enumerate()
            .flat_map(move |(i, lo)| {
                lo.skill_uris
                    .iter()
                    .enumerate()
                    .map(move |(j, uri)| OutcomeSkillRow {
                        course_id: c.id.clone(),
                        outcome: position(i),
                        position: position(j),
                        skill_uri: uri.clone(),
                    })
            })
    }
}

impl SessionRow {
    pub(super) fn from_domain(c: &Course) -> impl Iterator<Item = SessionRow> + '_ {
        c.sessions.iter().enumerate().map(|(i, s)| {
            let place = s.location.clone().unwrap_or_default();
            SessionRow {
                course_id: c.id.clone(),
                position: position(i),
                start_date: s.start,
                end_date: s.end,
                online: s.location.is_none(),
                municipality: place.municipality,
                region: place.region,
                postcode: place.postcode,
                latitude: place.latitude,
                longitude: place.longitude,
                seats: s.seats.map(i64::from),
            }
        })
    }
}
