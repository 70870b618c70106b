//! Jobseeker profiles: caseworkers register and list the people of their office; a person
//! and their caseworkers read and replace the profile. Group flags are never part of it.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, post, put, web};
use serde::{Deserialize, Serialize};
use skillpath_domain::jobseeker::Profile;
use skillpath_store::StoreError;
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

use super::profile_body::{ProfileBody, check, check_sources};
use crate::auth::Allowed;
use crate::json::Json;
use crate::people::{self, blocking, check_id};
use crate::policy::{CASEWORKER, PERSON_RECORDS, Purpose};
use crate::{ApiError, AppState, audit};

const MAX_LIMIT: usize = 500;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(create)
        .service(list)
        .service(read)
        .service(replace);
}

#[utoipa::path(
    tag = "jobseekers",
    security(("bearer" = [])),
    request_body = ProfileBody,
    responses(
        (status = 201, body = Value, description = "the stored profile"),
        (status = 401, body = ApiError, content_type = "application/problem+json"),
        (status = 403, body = ApiError, content_type = "application/problem+json"),
        (status = 409, body = ApiError, content_type = "application/problem+json", description = "the id is taken"),
        (status = 422, body = ApiError, content_type = "application/problem+json"),
    )
)]
#[post("/jobseekers")]
async fn create(
    who: Allowed<CASEWORKER>,
    state: web::Data<AppState>,
    body: Json<ProfileBody>,
) -> Result<HttpResponse, ApiError> {
    let Json(body) = body;
    let office = who.user().office.clone().unwrap_or_default();
    let id = body
        .id
        .clone()
        .ok_or_else(|| ApiError::invalid("id", "a new profile needs an id"))?;
    check_id("id", &id)?;
    if body.office.as_ref().is_some_and(|o| *o != office) {
        return Err(ApiError::invalid(
            "office",
            "caseworkers register people in their own office",
        ));
    }
    let profile = body.into_profile(id, office);
    check(&profile, &state.engine.current().matcher)?;
    let store = state.store.clone();
    let saved = profile.clone();
    // The store decides by primary key, so two concurrent registrations of one id cannot
    // both succeed, nor the second overwrite the first.
    match web::block(move || store.create_jobseeker(&saved, "api"))
        .await
        .map_err(ApiError::internal)?
    {
        Ok(()) => {}
        Err(StoreError::Conflict { .. }) => {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                "already_registered",
                "a jobseeker with this id is registered",
            )
            .with_field("id"));
        }
        Err(e) => return Err(ApiError::internal(e)),
    }
    audit::record(
        &state,
        &who,
        "create_profile",
        Some(profile.id.clone()),
        Purpose::CaseManagement,
    )
    .await?;
    Ok(HttpResponse::build(StatusCode::CREATED).json(profile))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
struct ListParams {
    /// Only ids containing this.
    q: Option<String>,
    /// The last id of the previous page.
    after: Option<String>,
    /// 1 to 500, default 50.
    limit: Option<usize>,
}

#[derive(Debug, Serialize, ToSchema)]
struct Summary {
    id: String,
    skills: usize,
    target_occupations: Vec<String>,
}

#[derive(Debug, Serialize, ToSchema)]
struct Page {
    jobseekers: Vec<Summary>,
    /// Pass as `after` for the next page; absent on the last.
    next_after: Option<String>,
}

#[utoipa::path(
    tag = "jobseekers",
    security(("bearer" = [])),
    params(ListParams),
    responses(
        (status = 200, body = Page, description = "the caseworker's office, in id order"),
        (status = 400, body = ApiError, content_type = "application/problem+json"),
        (status = 401, body = ApiError, content_type = "application/problem+json"),
        (status = 403, body = ApiError, content_type = "application/problem+json"),
        (status = 422, body = ApiError, content_type = "application/problem+json"),
    )
)]
#[get("/jobseekers")]
async fn list(
    who: Allowed<CASEWORKER>,
    state: web::Data<AppState>,
    params: web::Query<ListParams>,
) -> Result<HttpResponse, ApiError> {
    let ListParams { q, after, limit } = params.into_inner();
    let limit = match limit.unwrap_or(50) {
        n @ 1..=MAX_LIMIT => n,
        n => {
            return Err(ApiError::invalid(
                "limit",
                format!("limit must be 1 to {MAX_LIMIT}, not {n}"),
            ));
        }
    };
    for (field, value) in [("q", &q), ("after", &after)] {
        if let Some(v) = value {
            check_id(field, v)?;
        }
    }
    let office = who.user().office.clone().unwrap_or_default();
    let store = state.store.clone();
    let (in_office, query) = (office.clone(), q.clone());
    let page: Vec<Profile> = blocking(move || {
        store.jobseekers_page_matching(Some(&in_office), query.as_deref(), after.as_deref(), limit)
    })
    .await?;
    audit::record(&state, &who, "list_profiles", None, Purpose::CaseManagement).await?;
    let next_after = (page.len() == limit)
        .then(|| page.last().map(|p| p.id.clone()))
        .flatten();
    Ok(HttpResponse::Ok().json(Page {
        jobseekers: page
            .into_iter()
            .map(|p| Summary {
                id: p.id,
                skills: p.skills.len(),
                target_occupations: p.target_occupations,
            })
            .collect(),
        next_after,
    }))
}

#[utoipa::path(
    tag = "jobseekers",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "the jobseeker id")),
    responses(
        (status = 200, body = Value, description = "the profile, without group flags"),
        (status = 401, body = ApiError, content_type = "application/problem+json"),
        (status = 403, body = ApiError, content_type = "application/problem+json"),
        (status = 404, body = ApiError, content_type = "application/problem+json", description = "unknown, or not the caller's to see"),
    )
)]
#[get("/jobseekers/{id}")]
async fn read(
    who: Allowed<PERSON_RECORDS>,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let (profile, _) = people::open(&state, &who, &id, "read_profile").await?;
    Ok(HttpResponse::Ok().json(profile))
}

#[utoipa::path(
    tag = "jobseekers",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "the jobseeker id")),
    request_body = ProfileBody,
    responses(
        (status = 200, body = Value, description = "the stored profile"),
        (status = 401, body = ApiError, content_type = "application/problem+json"),
        (status = 403, body = ApiError, content_type = "application/problem+json"),
        (status = 404, body = ApiError, content_type = "application/problem+json"),
        (status = 422, body = ApiError, content_type = "application/problem+json"),
    )
)]
#[put("/jobseekers/{id}")]
async fn replace(
    who: Allowed<PERSON_RECORDS>,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: Json<ProfileBody>,
) -> Result<HttpResponse, ApiError> {
    let Json(body) = body;
    let (stored, purpose) = people::owned(&state, &who, &id).await?;
    if body.id.as_ref().is_some_and(|i| *i != stored.id) {
        return Err(ApiError::invalid(
            "id",
            "the id in the body differs from the path",
        ));
    }
    if body.office.as_ref().is_some_and(|o| *o != stored.office) {
        return Err(ApiError::invalid(
            "office",
            "a profile keeps its office; moving a person is not done here",
        ));
    }
    let before = stored.skills.clone();
    let profile = body.into_profile(stored.id, stored.office);
    check(&profile, &state.engine.current().matcher)?;
    check_sources(&profile.skills, &before, who.user().role)?;
    let profile = people::save(&state, profile).await?;
    audit::record(
        &state,
        &who,
        "replace_profile",
        Some(profile.id.clone()),
        purpose,
    )
    .await?;
    Ok(HttpResponse::Ok().json(profile))
}
