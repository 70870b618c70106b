//! The profile as a client sends it, and the checks beyond its shape: the domain rules, and
//! that every ESCO URI names a concept the loaded taxonomy knows, so that a typo cannot sit
//! in a profile and silently match nothing.

use std::collections::HashSet;

use chrono::NaiveDate;
use serde::Deserialize;
use skillpath_domain::course::Mode;
use skillpath_domain::jobseeker::{HeldSkill, Profile, SkillSource};
use skillpath_domain::vacancy::Location;
use skillpath_matcher::Matcher;
use utoipa::ToSchema;

use skillpath_store::Role;

use crate::ApiError;

/// More entries than this in one list are refused: no real profile needs them.
const MAX_LIST: usize = 500;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct SkillBody {
    /// An ESCO skill URI.
    pub uri: String,
    /// declared, extracted-from-cv, credential or caseworker-confirmed.
    #[schema(value_type = String, example = "declared")]
    pub source: SkillSource,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct LocationBody {
    municipality: Option<String>,
    region: Option<String>,
    postcode: Option<String>,
    latitude: Option<f64>,
    longitude: Option<f64>,
}

/// A whole profile. On create, `id` is required and `office` defaults to the caseworker's;
/// on replace, both may be left out and must match the stored ones when given.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ProfileBody {
    pub id: Option<String>,
    pub office: Option<String>,
    #[serde(default)]
    skills: Vec<SkillBody>,
    /// ESCO occupation URIs, most recent first.
    #[serde(default)]
    work_history: Vec<String>,
    /// ESCO occupation URIs.
    #[serde(default)]
    target_occupations: Vec<String>,
    #[serde(default)]
    location: LocationBody,
    /// 0 to 1000.
    travel_radius_km: f64,
    available_from: Option<NaiveDate>,
    /// online, on-site or blended.
    #[serde(default)]
    #[schema(value_type = Vec<String>)]
    preferred_modes: Vec<Mode>,
    /// ISO 639-1 codes.
    #[serde(default)]
    languages: Vec<String>,
    #[serde(default)]
    accessibility_needs: Vec<String>,
    /// In minor units of the currency (cents).
    budget_minor: Option<u64>,
    #[serde(default)]
    funding_eligibility: Vec<String>,
    /// 1 to 8.
    highest_eqf: Option<u8>,
}

impl ProfileBody {
    pub fn into_profile(self, id: String, office: String) -> Profile {
        let l = self.location;
        Profile {
            id,
            office,
            skills: held(self.skills),
            work_history: self.work_history,
            target_occupations: self.target_occupations,
            location: Location {
                municipality: l.municipality,
                region: l.region,
                postcode: l.postcode,
                latitude: l.latitude,
                longitude: l.longitude,
            },
            travel_radius_km: self.travel_radius_km,
            available_from: self.available_from,
            preferred_modes: self.preferred_modes,
            languages: self.languages,
            accessibility_needs: self.accessibility_needs,
            budget_minor: self.budget_minor,
            funding_eligibility: self.funding_eligibility,
            highest_eqf: self.highest_eqf,
        }
    }
}

pub(crate) fn held(skills: Vec<SkillBody>) -> Vec<HeldSkill> {
    skills
        .into_iter()
        .map(|s| HeldSkill {
            uri: s.uri,
            source: s.source,
        })
        .collect()
}

/// The domain rules, then the taxonomy: the first violation, naming its field.
pub(crate) fn check(profile: &Profile, matcher: &Matcher) -> Result<(), ApiError> {
    if let Err(e) = profile.validate()
        && let Some(v) = e.violations.first()
    {
        return Err(ApiError::invalid(&v.field, v.reason.to_string()));
    }
    check_skills(&profile.skills, matcher)?;
    check_occupations("work_history", &profile.work_history, matcher)?;
    check_occupations("target_occupations", &profile.target_occupations, matcher)?;
    for (field, len) in [
        ("languages", profile.languages.len()),
        ("accessibility_needs", profile.accessibility_needs.len()),
        ("funding_eligibility", profile.funding_eligibility.len()),
    ] {
        if len > MAX_LIST {
            return Err(ApiError::invalid(
                field,
                format!("at most {MAX_LIST} entries"),
            ));
        }
    }
    Ok(())
}

pub(crate) fn check_skills(skills: &[HeldSkill], matcher: &Matcher) -> Result<(), ApiError> {
    if skills.len() > MAX_LIST {
        return Err(ApiError::invalid(
            "skills",
            format!("at most {MAX_LIST} skills"),
        ));
    }
    let mut seen = HashSet::new();
    for (i, s) in skills.iter().enumerate() {
        let field = format!("skills[{i}].uri");
        if matcher.taxonomy.skill_id(&s.uri).is_none() {
            return Err(ApiError::invalid(
                &field,
                format!("{} is not an ESCO skill this service knows", s.uri),
            ));
        }
        if !seen.insert(s.uri.as_str()) {
            return Err(ApiError::invalid(
                &field,
                format!("{} is listed twice", s.uri),
            ));
        }
    }
    Ok(())
}

/// Who may say where a skill came from: evidence from a credential only arrives by import,
/// and only a caseworker confirms a skill. A skill that already carried such a source may be
/// sent back unchanged, so that a client can PUT the list it read.
pub(crate) fn check_sources(
    skills: &[HeldSkill],
    before: &[HeldSkill],
    role: Role,
) -> Result<(), ApiError> {
    for (i, s) in skills.iter().enumerate() {
        let may_set = match s.source {
            SkillSource::Declared | SkillSource::ExtractedFromCv => true,
            SkillSource::CaseworkerConfirmed => role == Role::Caseworker,
            SkillSource::Credential => false,
        };
        let kept = before
            .iter()
            .any(|b| b.uri == s.uri && b.source == s.source);
        if !may_set && !kept {
            return Err(ApiError::invalid(
                &format!("skills[{i}].source"),
                match s.source {
                    SkillSource::Credential => {
                        "credential-evidenced skills come only from an imported credential"
                    }
                    _ => "only a caseworker confirms a skill",
                },
            ));
        }
    }
    Ok(())
}

pub(crate) fn check_occupations(
    field: &str,
    uris: &[String],
    matcher: &Matcher,
) -> Result<(), ApiError> {
    if uris.len() > MAX_LIST {
        return Err(ApiError::invalid(
            field,
            format!("at most {MAX_LIST} entries"),
        ));
    }
    let mut seen = HashSet::new();
    for (i, uri) in uris.iter().enumerate() {
        let at = format!("{field}[{i}]");
        if matcher.taxonomy.occupation_id(uri).is_none() {
            return Err(ApiError::invalid(
                &at,
                format!("{uri} is not an ESCO occupation this service knows"),
            ));
        }
        if !seen.insert(uri.as_str()) {
            return Err(ApiError::invalid(&at, format!("{uri} is listed twice")));
        }
    }
    Ok(())
}
