//! Outcome events: each step from recommendation to work, recorded exactly once. The sender
//! names each event with an `Idempotency-Key`; sending it again (after a timeout, a crash,
//! a lost answer) returns the event first stored under that key, so retrying is always safe.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use skillpath_domain::outcome::{EventKind, OutcomeEvent};
use skillpath_store::{Appended, AuditEntry, StoredOutcome};
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::{Allowed, Principal};
use crate::json::Json;
use crate::policy::{self, ADMIN, CASEWORKER, Owner, PERSON_RECORDS, Purpose, Roles};
use crate::{ApiError, AppState, audit};

/// Caseworkers record what happens to the jobseekers of their office; administrators
/// back-fill events from other systems.
const RECORDERS: Roles = CASEWORKER | ADMIN;
const KEY_HEADER: &str = "Idempotency-Key";

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(record_outcome).service(jobseeker_outcomes);
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct OutcomeBody {
    /// Optional; when given it must equal the `Idempotency-Key` header, so that a client
    /// cannot believe it sent one key while the server stored another.
    idempotency_key: Option<String>,
    /// recommended, viewed, referred, enrolled, started, dropped_out, completed,
    /// credential_issued, employed or left_register.
    #[schema(value_type = String, example = "enrolled")]
    kind: EventKind,
    jobseeker_id: String,
    /// Required for the events that concern a course.
    course_id: Option<String>,
    occurred_at: DateTime<Utc>,
    /// For `employed`: the ESCO occupation, the contract and its start.
    occupation_uri: Option<String>,
    contract_type: Option<String>,
    employment_start: Option<NaiveDate>,
}

#[derive(Debug, Serialize)]
struct EventView<'a> {
    id: i64,
    #[serde(flatten)]
    event: &'a OutcomeEvent,
    recorded_at: DateTime<Utc>,
}

impl<'a> From<&'a StoredOutcome> for EventView<'a> {
    fn from(s: &'a StoredOutcome) -> Self {
        Self {
            id: s.id,
            event: &s.event,
            recorded_at: s.recorded_at,
        }
    }
}

fn idempotency_key(req: &HttpRequest) -> Result<String, ApiError> {
    let key = req
        .headers()
        .get(KEY_HEADER)
        .ok_or_else(|| {
            ApiError::bad_request(
                "missing_header",
                format!("send the {KEY_HEADER} header: a key that names this event"),
            )
            .with_field(KEY_HEADER)
        })?
        .to_str()
        .map(str::trim)
        .map_err(|_| {
            ApiError::bad_request("invalid_header", format!("{KEY_HEADER} must be ASCII"))
                .with_field(KEY_HEADER)
        })?;
    if key.is_empty() || key.len() > 200 {
        return Err(ApiError::bad_request(
            "invalid_header",
            format!("{KEY_HEADER} must be 1 to 200 characters"),
        )
        .with_field(KEY_HEADER));
    }
    Ok(key.to_owned())
}

/// Opens the jobseeker's record for `who`: 404 when it does not exist or is out of scope.
/// Administrators reach every record, but only here, to back-fill events.
pub(crate) async fn open_record(
    state: &AppState,
    who: &Principal,
    jobseeker_id: &str,
) -> Result<Purpose, ApiError> {
    let store = state.store.clone();
    let id = jobseeker_id.to_owned();
    let profile = web::block(move || store.jobseeker(&id))
        .await
        .map_err(ApiError::internal)?
        .map_err(ApiError::internal)?
        .ok_or_else(|| ApiError::not_found("no such jobseeker"))?;
    if who.role() == skillpath_store::Role::Admin {
        return Ok(Purpose::Administration);
    }
    policy::person_record(
        who,
        &Owner {
            jobseeker_id,
            office: Some(&profile.office),
        },
    )
}

#[utoipa::path(
    tag = "outcomes",
    security(("bearer" = [])),
    params(("Idempotency-Key" = String, Header, description = "names the event; a repeat with the same key returns the original")),
    request_body = OutcomeBody,
    responses(
        (status = 201, body = Value, description = "stored; the event with its id and `recorded_at`"),
        (status = 200, body = Value, description = "a repeat: the event first stored under this key"),
        (status = 400, body = ApiError, content_type = "application/problem+json", description = "no Idempotency-Key header, or malformed JSON"),
        (status = 401, body = ApiError, content_type = "application/problem+json"),
        (status = 403, body = ApiError, content_type = "application/problem+json"),
        (status = 404, body = ApiError, content_type = "application/problem+json", description = "no such jobseeker in the caller's office"),
        (status = 409, body = ApiError, content_type = "application/problem+json", description = "the key names a different event"),
        (status = 422, body = ApiError, content_type = "application/problem+json"),
    )
)]
#[post("/outcomes")]
async fn record_outcome(
    who: Allowed<RECORDERS>,
    state: web::Data<AppState>,
    req: HttpRequest,
    body: Json<OutcomeBody>,
) -> Result<HttpResponse, ApiError> {
    let key = idempotency_key(&req)?;
    let Json(body) = body;
    if body.idempotency_key.as_deref().is_some_and(|k| k != key) {
        return Err(ApiError::invalid(
            "idempotency_key",
            "differs from the Idempotency-Key header",
        ));
    }
    let event = OutcomeEvent {
        idempotency_key: key,
        kind: body.kind,
        jobseeker_id: body.jobseeker_id,
        course_id: body.course_id,
        occurred_at: body.occurred_at,
        occupation_uri: body.occupation_uri,
        contract_type: body.contract_type,
        employment_start: body.employment_start,
    };
    if let Err(e) = event.validate() {
        let field = e.violations.first().map_or("event", |v| v.field.as_str());
        return Err(ApiError::invalid(field, e.to_string()));
    }
    let purpose = open_record(&state, &who, &event.jobseeker_id).await?;
    let store = state.store.clone();
    let user_id = who.id();
    // The access is logged in the event's own commit: one fsync, and never an acknowledged
    // event without its audit row.
    let appended = web::block(move || {
        let audit = AuditEntry {
            user_id,
            action: "record_outcome",
            subject: Some(&event.jobseeker_id),
            purpose: purpose.as_str(),
        };
        store.append_outcome_audited(&event, Some(&audit))
    })
    .await
    .map_err(ApiError::internal)?
    .map_err(ApiError::internal)?;
    let status = match &appended {
        Appended::Created(_) => StatusCode::CREATED,
        Appended::Repeated(_) => StatusCode::OK,
        Appended::Conflict(_) => {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                "idempotency_key_reused",
                "this Idempotency-Key already names a different event",
            )
            .with_field(KEY_HEADER));
        }
    };
    Ok(HttpResponse::build(status).json(EventView::from(appended.stored())))
}

#[utoipa::path(
    tag = "outcomes",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "the jobseeker id")),
    responses(
        (status = 200, body = Value, description = "`{jobseeker_id, events: [event]}` in the order they happened"),
        (status = 401, body = ApiError, content_type = "application/problem+json"),
        (status = 403, body = ApiError, content_type = "application/problem+json"),
        (status = 404, body = ApiError, content_type = "application/problem+json"),
    )
)]
#[get("/jobseekers/{id}/outcomes")]
async fn jobseeker_outcomes(
    who: Allowed<PERSON_RECORDS>,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let purpose = open_record(&state, &who, &id).await?;
    audit::record(&state, &who, "read_outcomes", Some(id.clone()), purpose).await?;
    let store = state.store.clone();
    let key = id.clone();
    let events = web::block(move || store.outcomes_for_jobseeker(&key))
        .await
        .map_err(ApiError::internal)?
        .map_err(ApiError::internal)?;
    Ok(HttpResponse::Ok().json(serde_json::json!({
        "jobseeker_id": id,
        "events": events.iter().map(EventView::from).collect::<Vec<_>>(),
    })))
}
