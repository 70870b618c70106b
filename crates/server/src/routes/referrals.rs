//! Referrals. The server, not the client, decides whether a referral followed the matcher:
//! the course is looked up in the suggestions the matcher gives for the person now. An
//! override needs a reason, because overrides are how a PES learns where the ranking is
//! wrong. Each referral appends one `referred` outcome event whose key derives from the
//! referral, so a retried request neither refers twice nor counts twice.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, post, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use skillpath_domain::outcome::{EventKind, OutcomeEvent};
use skillpath_matcher::RecommendOptions;
use skillpath_store::{Appended, Decision, NewReferral, Referral, Referred};
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

use super::matching::recommend;
use crate::auth::Allowed;
use crate::json::Json;
use crate::people::{self, blocking};
use crate::policy::{CASEWORKER, PERSON_RECORDS};
use crate::{ApiError, AppState, audit};

/// A referral follows the suggestion when the course is among this many of the matcher's
/// courses: the default length of the recommendations a caseworker sees.
pub const SUGGESTIONS: usize = 10;
const MAX_REASON: usize = 2000;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(refer).service(history);
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct ReferBody {
    course_id: String,
    /// Why; required when the course is not among the current suggestions.
    reason: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
struct EventView {
    #[schema(value_type = String)]
    kind: EventKind,
    occurred_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
struct ReferralView {
    id: i64,
    course_id: String,
    /// The account that decided.
    decided_by: i64,
    decided_at: DateTime<Utc>,
    /// followed or overridden.
    #[schema(value_type = String)]
    decision: Decision,
    /// 1-based rank among the suggestions, when followed.
    suggested_rank: Option<u32>,
    reason: Option<String>,
    /// Outcome events of this person and course, in order.
    outcomes: Vec<EventView>,
}

fn view(r: Referral, outcomes: Vec<EventView>) -> ReferralView {
    ReferralView {
        id: r.id,
        course_id: r.course_id,
        decided_by: r.decided_by,
        decided_at: r.decided_at,
        decision: r.decision,
        suggested_rank: r.suggested_rank,
        reason: r.reason,
        outcomes,
    }
}

fn referred_event(r: &Referral) -> OutcomeEvent {
    OutcomeEvent {
        idempotency_key: format!("referral-{}", r.id),
        kind: EventKind::Referred,
        jobseeker_id: r.jobseeker_id.clone(),
        course_id: Some(r.course_id.clone()),
        occurred_at: r.decided_at,
        occupation_uri: None,
        contract_type: None,
        employment_start: None,
    }
}

#[utoipa::path(
    tag = "referrals",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "the jobseeker id")),
    request_body = ReferBody,
    responses(
        (status = 201, body = ReferralView, description = "referred"),
        (status = 200, body = ReferralView, description = "referred before to this course: that referral"),
        (status = 401, body = ApiError, content_type = "application/problem+json"),
        (status = 403, body = ApiError, content_type = "application/problem+json"),
        (status = 404, body = ApiError, content_type = "application/problem+json"),
        (status = 409, body = ApiError, content_type = "application/problem+json", description = "referred before with another reason"),
        (status = 422, body = ApiError, content_type = "application/problem+json", description = "unknown course, or an override without a reason"),
    )
)]
#[post("/jobseekers/{id}/referrals")]
async fn refer(
    who: Allowed<CASEWORKER>,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: Json<ReferBody>,
) -> Result<HttpResponse, ApiError> {
    let Json(body) = body;
    let (profile, purpose) = people::owned(&state, &who, &id).await?;
    let jobseeker_id = profile.id.clone();
    let referred = record(&state, who.id(), profile, body.course_id, body.reason).await?;
    audit::record(&state, &who, "refer", Some(jobseeker_id), purpose).await?;
    let status = match referred {
        Referred::Created(_) => StatusCode::CREATED,
        Referred::Existing(_) => StatusCode::OK,
    };
    let r = match referred {
        Referred::Created(r) | Referred::Existing(r) => r,
    };
    let outcomes = vec![EventView {
        kind: EventKind::Referred,
        occurred_at: r.decided_at,
    }];
    Ok(HttpResponse::build(status).json(view(r, outcomes)))
}

#[derive(Debug, Serialize, ToSchema)]
struct History {
    jobseeker_id: String,
    referrals: Vec<ReferralView>,
}

#[utoipa::path(
    tag = "referrals",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "the jobseeker id")),
    responses(
        (status = 200, body = History, description = "oldest first, each with its outcome events"),
        (status = 401, body = ApiError, content_type = "application/problem+json"),
        (status = 403, body = ApiError, content_type = "application/problem+json"),
        (status = 404, body = ApiError, content_type = "application/problem+json"),
    )
)]
#[get("/jobseekers/{id}/referrals")]
async fn history(
    who: Allowed<PERSON_RECORDS>,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let (profile, _) = people::open(&state, &who, &id, "read_referrals").await?;
    let store = state.store.clone();
    let key = profile.id.clone();
    let (referrals, events) = blocking(move || {
        Ok((
            store.referrals_for_jobseeker(&key)?,
            store.outcomes_for_jobseeker(&key)?,
        ))
    })
    .await?;
    let referrals = referrals
        .into_iter()
        .map(|r| {
            let outcomes = events
                .iter()
                .filter(|e| e.event.course_id.as_deref() == Some(r.course_id.as_str()))
                .map(|e| EventView {
                    kind: e.event.kind,
                    occurred_at: e.event.occurred_at,
                })
                .collect();
            view(r, outcomes)
        })
        .collect();
    Ok(HttpResponse::Ok().json(History {
        jobseeker_id: profile.id,
        referrals,
    }))
}

/// Decides followed or overridden against the matcher's current suggestions, stores the
/// referral and its `referred` event. The caller has checked the caseworker may open the
/// person's record; the API and the web pages both refer through here.
pub(crate) async fn record(
    state: &AppState,
    decided_by: i64,
    profile: skillpath_domain::jobseeker::Profile,
    course_id: String,
    reason: Option<String>,
) -> Result<Referred, ApiError> {
    let reason = reason
        .map(|r| r.trim().to_owned())
        .filter(|r| !r.is_empty());
    if reason.as_ref().is_some_and(|r| r.len() > MAX_REASON) {
        return Err(ApiError::invalid(
            "reason",
            format!("at most {MAX_REASON} bytes"),
        ));
    }
    let snapshot = state.engine.current();
    if !snapshot
        .matcher
        .catalogue
        .courses()
        .iter()
        .any(|c| c.id == course_id)
    {
        return Err(ApiError::invalid(
            "course_id",
            format!("no course {course_id:?} in the catalogue"),
        ));
    }
    let options = RecommendOptions {
        courses: SUGGESTIONS,
        ..Default::default()
    };
    let jobseeker_id = profile.id.clone();
    let (_, recs) = recommend(state, profile, options).await?;
    let rank = recs
        .ranked
        .courses
        .iter()
        .position(|r| r.course_id == course_id)
        .map(|i| i as u32 + 1);
    let new = NewReferral {
        jobseeker_id,
        course_id,
        decided_by,
        decision: if rank.is_some() {
            Decision::Followed
        } else {
            Decision::Overridden
        },
        suggested_rank: rank,
        reason,
    };
    new.check()
        .map_err(|(field, detail)| ApiError::invalid(field, detail))?;
    let store = state.store.clone();
    let asked = new.clone();
    let referred = blocking(move || store.refer(&asked)).await?;
    if let Referred::Existing(known) = &referred
        && new.reason.is_some()
        && known.reason != new.reason
    {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "already_referred",
            format!(
                "referred to this course before (referral {}), with another reason",
                known.id
            ),
        ));
    }
    // Appended on a repeat too: if the first attempt stopped between the two writes, the
    // repeat completes it; otherwise the key makes it a no-op.
    let event = referred_event(referred.referral());
    let store = state.store.clone();
    match blocking(move || store.append_outcome(&event)).await? {
        Appended::Created(_) | Appended::Repeated(_) => Ok(referred),
        Appended::Conflict(_) => Err(ApiError::internal(
            "a referral's event key is taken by another event",
        )),
    }
}
