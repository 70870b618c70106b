//! The access log, for administrators (and, through them, the data protection officer).
//! Reading it about one person is itself an access to that person's data, so it is logged.

use actix_web::{HttpResponse, get, web};
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use skillpath_store::{AuditQuery, AuditRecord};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Allowed;
use crate::policy::{ADMINISTRATION, Purpose};
use crate::{ApiError, AppState, audit};

const MAX_LIMIT: usize = 1000;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(audit_log);
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
struct AuditParams {
    /// Only what this account did.
    user_id: Option<i64>,
    /// Only accesses to this person's records.
    subject: Option<String>,
    /// At most this many entries, newest first (1 to 1000, default 100).
    limit: Option<usize>,
}

#[derive(Debug, Serialize, ToSchema)]
struct AuditEntryView {
    id: i64,
    /// UTC.
    at: NaiveDateTime,
    user_id: i64,
    action: String,
    subject: Option<String>,
    purpose: String,
}

#[derive(Debug, Serialize, ToSchema)]
struct AuditAnswer {
    entries: Vec<AuditEntryView>,
}

impl From<AuditRecord> for AuditEntryView {
    fn from(r: AuditRecord) -> Self {
        AuditEntryView {
            id: r.id,
            at: r.at,
            user_id: r.user_id,
            action: r.action,
            subject: r.subject,
            purpose: r.purpose,
        }
    }
}

#[utoipa::path(
    tag = "accounts",
    security(("bearer" = [])),
    params(AuditParams),
    responses(
        (status = 200, body = AuditAnswer),
        (status = 401, body = ApiError, content_type = "application/problem+json"),
        (status = 403, body = ApiError, content_type = "application/problem+json"),
    )
)]
#[get("/audit")]
async fn audit_log(
    who: Allowed<ADMINISTRATION>,
    state: web::Data<AppState>,
    params: web::Query<AuditParams>,
) -> Result<HttpResponse, ApiError> {
    let params = params.into_inner();
    let limit = match params.limit.unwrap_or(100) {
        n @ 1..=MAX_LIMIT => n,
        n => {
            return Err(ApiError::invalid(
                "limit",
                format!("limit must be 1 to {MAX_LIMIT}, not {n}"),
            ));
        }
    };
    if params.subject.is_some() {
        audit::record(
            &state,
            &who,
            "read_audit",
            params.subject.clone(),
            Purpose::Administration,
        )
        .await?;
    }
    let query = AuditQuery {
        user_id: params.user_id,
        subject: params.subject,
        limit,
    };
    let store = state.store.clone();
    let records = web::block(move || store.audit_log(&query))
        .await
        .map_err(ApiError::internal)?
        .map_err(ApiError::internal)?;
    Ok(HttpResponse::Ok().json(AuditAnswer {
        entries: records.into_iter().map(AuditEntryView::from).collect(),
    }))
}
