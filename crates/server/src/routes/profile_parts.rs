//! The two parts of a profile people change most: held skills and target occupations, each
//! read and replaced on its own so a client need not send the whole profile back.

use actix_web::{HttpResponse, get, put, web};
use serde::{Deserialize, Serialize};
use skillpath_domain::jobseeker::{Profile, SkillSource};
use skillpath_matcher::Matcher;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

use super::profile_body::{SkillBody, check_occupations, check_skills, check_sources, held};
use crate::auth::Allowed;
use crate::json::Json;
use crate::people;
use crate::policy::PERSON_RECORDS;
use crate::{ApiError, AppState, audit};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(read_skills)
        .service(replace_skills)
        .service(read_targets)
        .service(replace_targets);
}

#[derive(Debug, Serialize, ToSchema)]
struct SkillView {
    uri: String,
    /// The ESCO preferred label; absent when the taxonomy no longer has the skill.
    label: Option<String>,
    #[schema(value_type = String)]
    source: SkillSource,
}

#[derive(Debug, Serialize, ToSchema)]
struct Skills {
    jobseeker_id: String,
    skills: Vec<SkillView>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct SkillsBody {
    skills: Vec<SkillBody>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct Targets {
    /// ESCO occupation URIs.
    target_occupations: Vec<String>,
}

fn skills_view(p: &Profile, m: &Matcher) -> Skills {
    let t = &m.taxonomy;
    Skills {
        jobseeker_id: p.id.clone(),
        skills: p
            .skills
            .iter()
            .map(|s| SkillView {
                uri: s.uri.clone(),
                label: t.skill_id(&s.uri).map(|id| t.skill(id).label.clone()),
                source: s.source,
            })
            .collect(),
    }
}

#[utoipa::path(
    tag = "jobseekers",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "the jobseeker id")),
    responses(
        (status = 200, body = Skills),
        (status = 401, body = ApiError, content_type = "application/problem+json"),
        (status = 403, body = ApiError, content_type = "application/problem+json"),
        (status = 404, body = ApiError, content_type = "application/problem+json"),
    )
)]
#[get("/jobseekers/{id}/skills")]
async fn read_skills(
    who: Allowed<PERSON_RECORDS>,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let (profile, _) = people::open(&state, &who, &id, "read_skills").await?;
    Ok(HttpResponse::Ok().json(skills_view(&profile, &state.engine.current().matcher)))
}

#[utoipa::path(
    tag = "jobseekers",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "the jobseeker id")),
    request_body = SkillsBody,
    responses(
        (status = 200, body = Skills, description = "the skills as stored"),
        (status = 401, body = ApiError, content_type = "application/problem+json"),
        (status = 403, body = ApiError, content_type = "application/problem+json"),
        (status = 404, body = ApiError, content_type = "application/problem+json"),
        (status = 422, body = ApiError, content_type = "application/problem+json", description = "names the first unknown or repeated skill"),
    )
)]
#[put("/jobseekers/{id}/skills")]
async fn replace_skills(
    who: Allowed<PERSON_RECORDS>,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: Json<SkillsBody>,
) -> Result<HttpResponse, ApiError> {
    let Json(body) = body;
    let (mut profile, purpose) = people::owned(&state, &who, &id).await?;
    let snapshot = state.engine.current();
    let skills = held(body.skills);
    check_skills(&skills, &snapshot.matcher)?;
    check_sources(&skills, &profile.skills, who.user().role)?;
    profile.skills = skills;
    let profile = people::save(&state, profile).await?;
    audit::record(
        &state,
        &who,
        "replace_skills",
        Some(profile.id.clone()),
        purpose,
    )
    .await?;
    Ok(HttpResponse::Ok().json(skills_view(&profile, &snapshot.matcher)))
}

#[utoipa::path(
    tag = "jobseekers",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "the jobseeker id")),
    responses(
        (status = 200, body = Targets),
        (status = 401, body = ApiError, content_type = "application/problem+json"),
        (status = 403, body = ApiError, content_type = "application/problem+json"),
        (status = 404, body = ApiError, content_type = "application/problem+json"),
    )
)]
#[get("/jobseekers/{id}/targets")]
async fn read_targets(
    who: Allowed<PERSON_RECORDS>,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let (profile, _) = people::open(&state, &who, &id, "read_targets").await?;
    Ok(HttpResponse::Ok().json(Targets {
        target_occupations: profile.target_occupations,
    }))
}

#[utoipa::path(
    tag = "jobseekers",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "the jobseeker id")),
    request_body = Targets,
    responses(
        (status = 200, body = Targets, description = "the targets as stored"),
        (status = 401, body = ApiError, content_type = "application/problem+json"),
        (status = 403, body = ApiError, content_type = "application/problem+json"),
        (status = 404, body = ApiError, content_type = "application/problem+json"),
        (status = 422, body = ApiError, content_type = "application/problem+json"),
    )
)]
#[put("/jobseekers/{id}/targets")]
async fn replace_targets(
    who: Allowed<PERSON_RECORDS>,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: Json<Targets>,
) -> Result<HttpResponse, ApiError> {
    let Json(body) = body;
    let (mut profile, purpose) = people::owned(&state, &who, &id).await?;
    check_occupations(
        "target_occupations",
        &body.target_occupations,
        &state.engine.current().matcher,
    )?;
    profile.target_occupations = body.target_occupations;
    let profile = people::save(&state, profile).await?;
    audit::record(
        &state,
        &who,
        "replace_targets",
        Some(profile.id.clone()),
        purpose,
    )
    .await?;
    Ok(HttpResponse::Ok().json(Targets {
        target_occupations: profile.target_occupations,
    }))
}
