//! `POST /api/v1/credentials`: a caseworker of the person's office, or an administrator,
//! issues the micro-credential for a course the person completed. Completion is what a
//! credential attests, so it must be on record as a `completed` outcome event first.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, post, web};
use chrono::{SubsecRound, Utc};
use serde::Deserialize;
use serde_json::json;
use skillpath_credentials::{IssueRequest, Learner, StatusEntry, error::IssueError};
use skillpath_domain::outcome::{EventKind, OutcomeEvent};
use skillpath_store::{CredentialInsert, StoreError, StoredCredential};
use utoipa::ToSchema;

use super::{issuer, stored_id};
use crate::auth::Allowed;
use crate::json::Json;
use crate::people::{blocking, check_id};
use crate::policy::{ADMIN, CASEWORKER, Roles};
use crate::routes::outcomes::open_record;
use crate::{ApiError, AppState, audit};

/// Caseworkers issue for the people of their office; administrators for anyone.
pub(super) const ISSUERS: Roles = CASEWORKER | ADMIN;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct IssueBody {
    jobseeker_id: String,
    course_id: String,
}

#[utoipa::path(
    tag = "credentials",
    security(("bearer" = [])),
    request_body = IssueBody,
    responses(
        (status = 201, body = Value, description = "`{id, credential_id, jobseeker_id, course_id, issued_at, status_index, learner_salt, urls: {page, open_badge, elm, status_list, keys}, open_badge, elm}`; the documents name the learner only by SHA-256 of jobseeker id + `learner_salt`"),
        (status = 401, body = ApiError, content_type = "application/problem+json"),
        (status = 403, body = ApiError, content_type = "application/problem+json"),
        (status = 404, body = ApiError, content_type = "application/problem+json", description = "no such jobseeker in the caller's office"),
        (status = 409, body = ApiError, content_type = "application/problem+json", description = "no issuer configured (`credentials_not_configured`), the course is not completed (`not_completed`), or a valid credential exists (`already_issued`)"),
        (status = 422, body = ApiError, content_type = "application/problem+json", description = "unknown course, or one lacking EU standard elements"),
    )
)]
#[post("/credentials")]
pub(super) async fn issue(
    who: Allowed<ISSUERS>,
    state: web::Data<AppState>,
    body: Json<IssueBody>,
) -> Result<HttpResponse, ApiError> {
    let Json(IssueBody {
        jobseeker_id,
        course_id,
    }) = body;
    let issuer = issuer(&state)?;
    check_id("jobseeker_id", &jobseeker_id)?;
    if course_id.trim().is_empty() || course_id.len() > 200 {
        return Err(ApiError::invalid(
            "course_id",
            "a course id is 1 to 200 characters",
        ));
    }
    let purpose = open_record(&state, &who, &jobseeker_id).await?;

    let store = state.store.clone();
    let (person, course) = (jobseeker_id.clone(), course_id.clone());
    let (stored_course, events, held) = blocking(move || {
        Ok((
            store.course(&course)?,
            store.outcomes_for_jobseeker(&person)?,
            store.credentials_for_jobseeker(&person)?,
        ))
    })
    .await?;
    let course = stored_course
        .ok_or_else(|| ApiError::invalid("course_id", "no course with this id"))?
        .course;
    let completed = events.iter().any(|e| {
        e.event.kind == EventKind::Completed && e.event.course_id.as_deref() == Some(&course.id)
    });
    if !completed {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "not_completed",
            "no `completed` outcome event for this jobseeker and course: record it first",
        ));
    }
    // The common case, answered before signing; the store decides when two race.
    if let Some(c) = held.iter().find(|c| c.course_id == course.id && !c.revoked) {
        return Err(already_issued(&c.id));
    }

    let snapshot = state.engine.current();
    let taxonomy = &snapshot.matcher.taxonomy;
    let skill_labels: BTreeMap<String, String> = course
        .learning_outcomes
        .iter()
        .flat_map(|lo| &lo.skill_uris)
        .filter_map(|uri| {
            let id = taxonomy.skill_id(uri)?;
            Some((uri.clone(), taxonomy.skill(id).label.clone()))
        })
        .collect();
    let issued = Utc::now().trunc_subsecs(0);
    let store = state.store.clone();
    let signer_issuer = issuer.clone();
    let person = jobseeker_id.clone();
    let stored = web::block(
        move || -> Result<Result<StoredCredential, ApiError>, StoreError> {
            // Another request or instance may take the drawn position between drawing and
            // storing; the store refuses a taken one, and we draw again. A draw collides only
            // when the list is nearly full, so a few tries suffice.
            for _ in 0..8 {
                let (list, index) = store.free_status_position(signer_issuer.list_entries())?;
                let request = IssueRequest {
                    course: &course,
                    // The documents carry only a salted hash of it.
                    learner: Learner {
                        id: person.clone(),
                        name: None,
                    },
                    issuer: signer_issuer.profile().clone(),
                    issued,
                    valid_until: None,
                    skill_labels: skill_labels.clone(),
                    status: Some(StatusEntry {
                        list_url: signer_issuer.status_list_url(list),
                        index: usize::try_from(index).map_err(|e| StoreError::Corrupt {
                            table: "credentials",
                            key: format!("status position {list}/{index}"),
                            reason: e.to_string(),
                        })?,
                    }),
                };
                let doc = match skillpath_credentials::issue(&request, signer_issuer.signer()) {
                    Ok(doc) => doc,
                    Err(IssueError::Course { reason, .. }) => {
                        return Ok(Err(ApiError::invalid("course_id", reason)));
                    }
                    Err(other) => return Ok(Err(ApiError::internal(other))),
                };
                let row = StoredCredential {
                    id: stored_id(&doc.id).to_owned(),
                    jobseeker_id: person.clone(),
                    course_id: course.id.clone(),
                    ob3_json: doc.open_badge.to_string(),
                    elm_json: doc.elm.to_string(),
                    issued_at: issued.naive_utc(),
                    status_list: list,
                    status_index: index,
                    revoked: false,
                    learner_salt: Some(doc.learner_salt),
                };
                match store.insert_credential(&row)? {
                    CredentialInsert::Stored(row) => return Ok(Ok(row)),
                    CredentialInsert::AlreadyValid(held) => {
                        return Ok(Err(already_issued(&held.id)));
                    }
                    CredentialInsert::PositionTaken => {}
                }
            }
            Ok(Err(ApiError::unavailable(
                "the status list kept changing while issuing; try again",
            )))
        },
    )
    .await
    .map_err(ApiError::internal)?
    .map_err(ApiError::internal)??;

    record_issued(&state, &stored).await?;
    audit::record(
        &state,
        &who,
        "issue_credential",
        Some(stored.jobseeker_id.clone()),
        purpose,
    )
    .await?;
    let page = issuer.url(&format!("/credentials/{}", stored.id));
    let open_badge: serde_json::Value =
        serde_json::from_str(&stored.ob3_json).map_err(ApiError::internal)?;
    let elm: serde_json::Value =
        serde_json::from_str(&stored.elm_json).map_err(ApiError::internal)?;
    Ok(HttpResponse::Created().json(json!({
        "id": stored.id,
        "credential_id": open_badge["id"],
        "jobseeker_id": stored.jobseeker_id,
        "course_id": stored.course_id,
        "issued_at": stored.issued_at_utc(),
        "status_index": stored.status_index,
        // The documents name the learner by a hash of their id salted with this; whoever is
        // shown the id and the salt can check that the credential is theirs. It is not kept
        // anywhere public: give it to the learner.
        "learner_salt": stored.learner_salt,
        "urls": {
            "page": page,
            "open_badge": format!("{page}/ob3"),
            "elm": format!("{page}/elm"),
            "status_list": issuer.status_list_url(stored.status_list),
            "keys": issuer.url("/credentials/keys"),
        },
        "open_badge": open_badge,
        "elm": elm,
    })))
}

fn already_issued(id: &str) -> ApiError {
    ApiError::new(
        StatusCode::CONFLICT,
        "already_issued",
        format!("credential {id} for this course is valid; revoke it to issue anew"),
    )
}

/// The funnel's `credential_issued` step, keyed by the credential so it is recorded once.
async fn record_issued(state: &AppState, c: &StoredCredential) -> Result<(), ApiError> {
    let event = OutcomeEvent {
        idempotency_key: format!("credential-issued:{}", c.id),
        kind: EventKind::CredentialIssued,
        jobseeker_id: c.jobseeker_id.clone(),
        course_id: Some(c.course_id.clone()),
        occurred_at: c.issued_at_utc(),
        occupation_uri: None,
        contract_type: None,
        employment_start: None,
    };
    let store = state.store.clone();
    blocking(move || store.append_outcome(&event)).await?;
    Ok(())
}
