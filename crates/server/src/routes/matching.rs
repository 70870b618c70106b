//! What the matcher says about one person: their skill gap, career pathways, and ranked
//! courses with explanations. Computed on the blocking pool (ranking is CPU work) from the
//! current snapshot, so a rebuild in the background never changes an answer half-way.

use std::collections::HashSet;
use std::sync::Arc;

use actix_web::{HttpResponse, get, web};
use serde::{Deserialize, Serialize};
use skillpath_domain::course::Mode;
use skillpath_domain::jobseeker::Profile;
use skillpath_engine::Snapshot;
use skillpath_matcher::{RecommendOptions, Recommendations};
use utoipa::IntoParams;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Allowed;
use crate::people;
use crate::policy::PERSON_RECORDS;
use crate::{ApiError, AppState};

pub const MAX_TOP: usize = 50;
/// How many ranked courses a filtered request looks through before filtering.
const FILTER_POOL: usize = 500;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(gaps).service(pathways).service(recommendations);
}

/// Runs the matcher for `profile` off the async workers.
pub async fn recommend(
    state: &AppState,
    profile: Profile,
    options: RecommendOptions,
) -> Result<(Arc<Snapshot>, Recommendations), ApiError> {
    let snapshot = state.engine.current();
    let s = Arc::clone(&snapshot);
    let recs = crate::compute::run(&state.compute, move || {
        s.matcher.recommend(&profile, &options)
    })
    .await?
    .map_err(ApiError::internal)?;
    Ok((snapshot, recs))
}

pub fn checked_top(top: Option<usize>, default: usize) -> Result<usize, ApiError> {
    match top.unwrap_or(default) {
        n @ 1..=MAX_TOP => Ok(n),
        n => Err(ApiError::invalid(
            "top",
            format!("top must be 1 to {MAX_TOP}, not {n}"),
        )),
    }
}

#[derive(Debug, Serialize)]
struct GapAnswer {
    jobseeker_id: String,
    as_of: chrono::NaiveDate,
    targets_suggested: bool,
    gap: skillpath_matcher::Gap,
}

#[utoipa::path(
    tag = "matching",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "the jobseeker id")),
    responses(
        (status = 200, body = Value, description = "`{jobseeker_id, as_of, targets_suggested, gap: {targets, skills: [{uri, weight, reasons…}]}}`"),
        (status = 401, body = ApiError, content_type = "application/problem+json"),
        (status = 403, body = ApiError, content_type = "application/problem+json"),
        (status = 404, body = ApiError, content_type = "application/problem+json"),
    )
)]
#[get("/jobseekers/{id}/gaps")]
async fn gaps(
    who: Allowed<PERSON_RECORDS>,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let (profile, _) = people::open(&state, &who, &id, "read_gaps").await?;
    let options = RecommendOptions {
        courses: 1,
        ..Default::default()
    };
    let (_, recs) = recommend(&state, profile, options).await?;
    Ok(HttpResponse::Ok().json(GapAnswer {
        jobseeker_id: recs.profile_id,
        as_of: recs.as_of,
        targets_suggested: recs.targets_suggested,
        gap: recs.gap,
    }))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
struct TopParams {
    /// 1 to 50, default 5.
    top: Option<usize>,
}

#[utoipa::path(
    tag = "matching",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "the jobseeker id"), TopParams),
    responses(
        (status = 200, body = Value, description = "`{jobseeker_id, as_of, pathways: [...]}`: occupations reachable from the person's skills and history, best first"),
        (status = 400, body = ApiError, content_type = "application/problem+json"),
        (status = 401, body = ApiError, content_type = "application/problem+json"),
        (status = 403, body = ApiError, content_type = "application/problem+json"),
        (status = 404, body = ApiError, content_type = "application/problem+json"),
        (status = 422, body = ApiError, content_type = "application/problem+json"),
    )
)]
#[get("/jobseekers/{id}/pathways")]
async fn pathways(
    who: Allowed<PERSON_RECORDS>,
    state: web::Data<AppState>,
    id: web::Path<String>,
    params: web::Query<TopParams>,
) -> Result<HttpResponse, ApiError> {
    let top = checked_top(params.top, 5)?;
    let (mut profile, _) = people::open(&state, &who, &id, "read_pathways").await?;
    // Pathways are where a person could go from where they are, whatever they aim for now;
    // the matcher suggests them for a profile without targets.
    profile.target_occupations.clear();
    let options = RecommendOptions {
        courses: 1,
        pathways: top,
        ..Default::default()
    };
    let (_, recs) = recommend(&state, profile, options).await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({
        "jobseeker_id": recs.profile_id,
        "as_of": recs.as_of,
        "pathways": recs.pathways,
    })))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
struct RecommendParams {
    /// 1 to 50, default 10.
    top: Option<usize>,
    /// Only courses given this way: online, on-site or blended.
    #[param(value_type = Option<String>)]
    mode: Option<Mode>,
    /// Only courses whose price after the funding the person is eligible for is at most
    /// this, in minor units (cents).
    max_price: Option<u64>,
    /// Only courses at this EQF level (1 to 8).
    eqf: Option<u8>,
}

#[utoipa::path(
    tag = "matching",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "the jobseeker id"), RecommendParams),
    responses(
        (status = 200, body = Value, description = "the matcher's answer: pathways, gap, and `ranked.courses` with score breakdown and explanation, narrowed by the filters"),
        (status = 400, body = ApiError, content_type = "application/problem+json"),
        (status = 401, body = ApiError, content_type = "application/problem+json"),
        (status = 403, body = ApiError, content_type = "application/problem+json"),
        (status = 404, body = ApiError, content_type = "application/problem+json"),
        (status = 422, body = ApiError, content_type = "application/problem+json"),
    )
)]
#[get("/jobseekers/{id}/recommendations")]
async fn recommendations(
    who: Allowed<PERSON_RECORDS>,
    state: web::Data<AppState>,
    id: web::Path<String>,
    params: web::Query<RecommendParams>,
) -> Result<HttpResponse, ApiError> {
    let p = params.into_inner();
    let top = checked_top(p.top, 10)?;
    if let Some(level) = p.eqf
        && !(1..=8).contains(&level)
    {
        return Err(ApiError::invalid("eqf", "eqf must be 1 to 8"));
    }
    let filtered = p.mode.is_some() || p.max_price.is_some() || p.eqf.is_some();
    let options = RecommendOptions {
        courses: if filtered { FILTER_POOL } else { top },
        ..Default::default()
    };
    let snapshot = state.engine.current();
    let s = Arc::clone(&snapshot);
    let mut recs = people::open_then(&state, &who, &id, "read_recommendations", move |p, _| {
        s.matcher
            .recommend(&p, &options)
            .map_err(ApiError::internal)
    })
    .await?;
    if filtered {
        // Courses of unknown level do not pass an EQF filter: the caller asked for a level.
        let at_level: Option<HashSet<&str>> = p.eqf.map(|level| {
            let catalogue = snapshot.matcher.catalogue.courses();
            catalogue
                .iter()
                .filter(|c| c.eqf_level == Some(level))
                .map(|c| c.id.as_str())
                .collect()
        });
        recs.ranked.courses.retain(|r| {
            p.mode.is_none_or(|m| r.mode == m)
                && p.max_price.is_none_or(|max| r.score.net_price_minor <= max)
                && at_level
                    .as_ref()
                    .is_none_or(|ids| ids.contains(r.course_id.as_str()))
        });
    }
    recs.ranked.courses.truncate(top);
    Ok(HttpResponse::Ok().json(recs))
}
