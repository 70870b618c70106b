//! Pseudonymised exports for analysts. A row names the jobseeker only by a keyed hash
//! (HMAC-SHA256 under `[exports] pseudonym_key`), stable across exports under one key so
//! that an analyst can follow a person through the funnel, and carries no other personal
//! field: no office, no caseworker, no free-text reason.
//!
//! Without a configured key the export is refused with 409 `export_key_not_configured`: the
//! request is fine, the server is not set up for it, and retrying will not help until an
//! operator sets the key (a 503 would invite retries and alert as an outage).

use std::collections::{HashMap, HashSet};

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, web};
use skillpath_domain::outcome::EventKind;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Allowed;
use crate::people::blocking;
use crate::policy::AGGREGATES;
use crate::{ApiError, AppState};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(referrals_csv);
}

const HEADER: [&str; 9] = [
    "referral_id",
    "jobseeker_pseudonym",
    "course_id",
    "decided_at",
    "decision",
    "suggested_rank",
    "enrolled",
    "completed",
    "employed",
];

#[utoipa::path(
    tag = "exports",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "text/csv, one row per referral: referral_id, jobseeker_pseudonym, course_id, decided_at, decision, suggested_rank, enrolled, completed, employed (after the referral)"),
        (status = 401, body = ApiError, content_type = "application/problem+json"),
        (status = 403, body = ApiError, content_type = "application/problem+json"),
        (status = 409, body = ApiError, content_type = "application/problem+json", description = "no pseudonym key is configured"),
    )
)]
#[get("/exports/referrals.csv")]
async fn referrals_csv(
    _who: Allowed<AGGREGATES>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let key = state.pseudonym_key.clone().ok_or_else(|| {
        ApiError::new(
            StatusCode::CONFLICT,
            "export_key_not_configured",
            "export key not configured: set [exports] pseudonym_key \
             (SKILLPATH__EXPORTS__PSEUDONYM_KEY)",
        )
    })?;
    let store = state.store.clone();
    let (referrals, events) =
        blocking(move || Ok((store.referrals()?, store.outcome_events()?))).await?;

    // What happened after each referral: per person and course for enrolment and
    // completion, per person for employment (which names no course).
    let mut course_steps: HashSet<(&str, &str, EventKind)> = HashSet::new();
    let mut employed_at: HashMap<&str, Vec<chrono::DateTime<chrono::Utc>>> = HashMap::new();
    for e in &events {
        match (e.kind, e.course_id.as_deref()) {
            (EventKind::Employed, _) => employed_at
                .entry(e.jobseeker_id.as_str())
                .or_default()
                .push(e.occurred_at),
            (kind @ (EventKind::Enrolled | EventKind::Completed), Some(course)) => {
                course_steps.insert((e.jobseeker_id.as_str(), course, kind));
            }
            _ => {}
        }
    }
    let mut csv = csv::Writer::from_writer(Vec::new());
    csv.write_record(HEADER).map_err(ApiError::internal)?;
    for r in &referrals {
        let step =
            |kind| course_steps.contains(&(r.jobseeker_id.as_str(), r.course_id.as_str(), kind));
        let employed = employed_at
            .get(r.jobseeker_id.as_str())
            .is_some_and(|at| at.iter().any(|t| *t >= r.decided_at));
        let flag = |b: bool| if b { "1" } else { "0" };
        let decision = match r.decision {
            skillpath_store::Decision::Followed => "followed",
            skillpath_store::Decision::Overridden => "overridden",
        };
        let row: [String; 9] = [
            r.id.to_string(),
            key.pseudonym(&r.jobseeker_id),
            r.course_id.clone(),
            r.decided_at.to_rfc3339(),
            decision.to_owned(),
            r.suggested_rank.map(|n| n.to_string()).unwrap_or_default(),
            flag(step(EventKind::Enrolled)).to_owned(),
            flag(step(EventKind::Completed)).to_owned(),
            flag(employed).to_owned(),
        ];
        csv.write_record(&row).map_err(ApiError::internal)?;
    }
    let body = csv.into_inner().map_err(ApiError::internal)?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header(("cache-control", "no-store"))
        .body(body))
}
