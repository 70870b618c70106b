//! Jobseeker rows and the conversion between them and the domain types.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use skillpath_domain::jobseeker::{GroupFlags, HeldSkill, Profile};
use skillpath_domain::vacancy::Location;

use crate::StoreError;
use crate::codec::{enum_from_text, enum_text, from_json, position, to_i64, to_json, to_unsigned};
use crate::schema::{jobseeker_groups, jobseeker_skills, jobseekers};

const TABLE: &str = "jobseekers";

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = jobseekers, treat_none_as_null = true)]
pub(super) struct ProfileRow {
    pub(super) id: String,
    office: String,
    work_history: String,
    target_occupations: String,
    municipality: Option<String>,
    region: Option<String>,
    postcode: Option<String>,
    latitude: Option<f64>,
    longitude: Option<f64>,
    travel_radius_km: f64,
    available_from: Option<NaiveDate>,
    preferred_modes: String,
    languages: String,
    accessibility_needs: String,
    budget_minor: Option<i64>,
    funding_eligibility: String,
    highest_eqf: Option<i32>,
    source: String,
    loaded_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = jobseeker_skills)]
pub(super) struct HeldSkillRow {
    pub(super) jobseeker_id: String,
    position: i32,
    skill_uri: String,
    skill_source: String,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = jobseeker_groups)]
pub(super) struct GroupRow {
    pub(super) jobseeker_id: String,
    young: bool,
    long_term_unemployed: bool,
    minimum_income: bool,
    disability: bool,
    low_qualified: bool,
    older_worker: bool,
    lawful_basis: String,
    recorded_at: NaiveDateTime,
}

impl ProfileRow {
    pub(super) fn from_domain(
        p: &Profile,
        source: &str,
        now: NaiveDateTime,
    ) -> Result<Self, StoreError> {
        let modes: Vec<String> = p.preferred_modes.iter().map(enum_text).collect();
        Ok(ProfileRow {
            id: p.id.clone(),
            office: p.office.clone(),
            work_history: to_json(&p.work_history),
            target_occupations: to_json(&p.target_occupations),
            municipality: p.location.municipality.clone(),
            region: p.location.region.clone(),
            postcode: p.location.postcode.clone(),
            latitude: p.location.latitude,
            longitude: p.location.longitude,
            travel_radius_km: p.travel_radius_km,
            available_from: p.available_from,
            preferred_modes: to_json(&modes),
            languages: to_json(&p.languages),
            accessibility_needs: to_json(&p.accessibility_needs),
            budget_minor: p
                .budget_minor
                .map(|b| to_i64("jobseeker", &p.id, "budget_minor", b))
                .transpose()?,
            funding_eligibility: to_json(&p.funding_eligibility),
            highest_eqf: p.highest_eqf.map(i32::from),
            source: source.to_owned(),
            loaded_at: now,
        })
    }

    pub(super) fn into_domain(self, skills: Vec<HeldSkillRow>) -> Result<Profile, StoreError> {
        let id = self.id;
        let json = |column: &str, text: &str| from_json::<Vec<String>>(TABLE, &id, column, text);
        let skills = skills
            .into_iter()
            .map(|s| {
                Ok(HeldSkill {
                    source: enum_from_text(TABLE, &id, "skill_source", &s.skill_source)?,
                    uri: s.skill_uri,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        let preferred_modes = json("preferred_modes", &self.preferred_modes)?
            .iter()
            .map(|m| enum_from_text(TABLE, &id, "preferred_modes", m))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Profile {
            office: self.office,
            skills,
            work_history: json("work_history", &self.work_history)?,
            target_occupations: json("target_occupations", &self.target_occupations)?,
            location: Location {
                municipality: self.municipality,
                region: self.region,
                postcode: self.postcode,
                latitude: self.latitude,
                longitude: self.longitude,
            },
            travel_radius_km: self.travel_radius_km,
            available_from: self.available_from,
            preferred_modes,
            languages: json("languages", &self.languages)?,
            accessibility_needs: json("accessibility_needs", &self.accessibility_needs)?,
            budget_minor: self
                .budget_minor
                .map(|b| to_unsigned(TABLE, &id, "budget_minor", b))
                .transpose()?,
            funding_eligibility: json("funding_eligibility", &self.funding_eligibility)?,
            highest_eqf: self
                .highest_eqf
                .map(|l| to_unsigned(TABLE, &id, "highest_eqf", i64::from(l)))
                .transpose()?,
            id: id.clone(),
        })
    }
}

impl HeldSkillRow {
    pub(super) fn from_domain(p: &Profile) -> impl Iterator<Item = HeldSkillRow> + '_ {
        p.skills.iter().enumerate().map(|(i, s)| HeldSkillRow {
            jobseeker_id: p.id.clone(),
            position: position(i),
            skill_uri: s.uri.clone(),
            skill_source: enum_text(&s.source),
        })
    }
}

impl GroupRow {
    pub(super) fn from_domain(id: &str, g: &GroupFlags, now: NaiveDateTime) -> Self {
        GroupRow {
            jobseeker_id: id.to_owned(),
            young: g.young,
            long_term_unemployed: g.long_term_unemployed,
            minimum_income: g.minimum_income,
            disability: g.disability,
            low_qualified: g.low_qualified,
            older_worker: g.older_worker,
            lawful_basis: g.lawful_basis.clone(),
            recorded_at: now,
        }
    }

    pub(super) fn into_domain(self) -> GroupFlags {
        GroupFlags {
            young: self.young,
            long_term_unemployed: self.long_term_unemployed,
            minimum_income: self.minimum_income,
            disability: self.disability,
            low_qualified: self.low_qualified,
            older_worker: self.older_worker,
            lawful_basis: self.lawful_basis,
        }
    }
}
