//! Group flags (young, long-term unemployed, disability…): special-category data that
//! decides eligibility for targeted funding. Only the caseworkers of the person's office read
//! or record them, with a lawful basis; every read and write is logged with who, when, whose
//! and why, never with the values. The flags appear nowhere else: not in the profile, not in
//! the ranking, not in the service's logs.

use actix_web::{HttpResponse, get, put, web};
use serde::{Deserialize, Serialize};
use skillpath_domain::jobseeker::GroupFlags;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Allowed;
use crate::json::Json;
use crate::people::{self, blocking};
use crate::policy::{CASEWORKER, Purpose};
use crate::{ApiError, AppState, audit};

const MAX_BASIS: usize = 500;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(read_groups).service(record_groups);
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct Flags {
    young: bool,
    long_term_unemployed: bool,
    minimum_income: bool,
    disability: bool,
    low_qualified: bool,
    older_worker: bool,
    /// The legal ground under which the flags are recorded; required when any flag is set.
    lawful_basis: String,
}

#[derive(Debug, Serialize, ToSchema)]
struct GroupsAnswer {
    jobseeker_id: String,
    /// Absent when none were recorded.
    groups: Option<Flags>,
}

impl From<GroupFlags> for Flags {
    fn from(g: GroupFlags) -> Self {
        Flags {
            young: g.young,
            long_term_unemployed: g.long_term_unemployed,
            minimum_income: g.minimum_income,
            disability: g.disability,
            low_qualified: g.low_qualified,
            older_worker: g.older_worker,
            lawful_basis: g.lawful_basis,
        }
    }
}

impl From<Flags> for GroupFlags {
    fn from(f: Flags) -> Self {
        GroupFlags {
            young: f.young,
            long_term_unemployed: f.long_term_unemployed,
            minimum_income: f.minimum_income,
            disability: f.disability,
            low_qualified: f.low_qualified,
            older_worker: f.older_worker,
            lawful_basis: f.lawful_basis,
        }
    }
}

#[utoipa::path(
    tag = "jobseekers",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "the jobseeker id")),
    responses(
        (status = 200, body = GroupsAnswer),
        (status = 401, body = ApiError, content_type = "application/problem+json"),
        (status = 403, body = ApiError, content_type = "application/problem+json"),
        (status = 404, body = ApiError, content_type = "application/problem+json"),
    )
)]
#[get("/jobseekers/{id}/groups")]
async fn read_groups(
    who: Allowed<CASEWORKER>,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let (profile, _) = people::owned(&state, &who, &id).await?;
    audit::record(
        &state,
        &who,
        "read_groups",
        Some(profile.id.clone()),
        Purpose::FundingEligibility,
    )
    .await?;
    let store = state.store.clone();
    let key = profile.id.clone();
    let groups = blocking(move || store.jobseeker_groups(&key)).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("cache-control", "no-store"))
        .json(GroupsAnswer {
            jobseeker_id: profile.id,
            groups: groups.map(Flags::from),
        }))
}

#[utoipa::path(
    tag = "jobseekers",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "the jobseeker id")),
    request_body = Flags,
    responses(
        (status = 200, body = GroupsAnswer, description = "the flags as recorded"),
        (status = 401, body = ApiError, content_type = "application/problem+json"),
        (status = 403, body = ApiError, content_type = "application/problem+json"),
        (status = 404, body = ApiError, content_type = "application/problem+json"),
        (status = 422, body = ApiError, content_type = "application/problem+json", description = "a flag is set without a lawful basis"),
    )
)]
#[put("/jobseekers/{id}/groups")]
async fn record_groups(
    who: Allowed<CASEWORKER>,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: Json<Flags>,
) -> Result<HttpResponse, ApiError> {
    let Json(body) = body;
    let (profile, _) = people::owned(&state, &who, &id).await?;
    if body.lawful_basis.len() > MAX_BASIS {
        return Err(ApiError::invalid(
            "lawful_basis",
            format!("at most {MAX_BASIS} bytes"),
        ));
    }
    let flags = GroupFlags::from(body);
    if let Err(e) = flags.validate()
        && let Some(v) = e.violations.first()
    {
        return Err(ApiError::invalid(&v.field, v.reason.clone()));
    }
    audit::record(
        &state,
        &who,
        "record_groups",
        Some(profile.id.clone()),
        Purpose::FundingEligibility,
    )
    .await?;
    let store = state.store.clone();
    let key = profile.id.clone();
    let stored = flags.clone();
    blocking(move || store.set_jobseeker_groups(&key, &stored)).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("cache-control", "no-store"))
        .json(GroupsAnswer {
            jobseeker_id: profile.id,
            groups: Some(Flags::from(flags)),
        }))
}
