//! Accounts, created by administrators. The answer carries the new token, the only time it
//! is ever shown; it is marked `no-store` so no cache keeps a copy.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, post, web};
use serde::{Deserialize, Serialize};
use skillpath_store::{NewUser, Role, StoreError};
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

use super::me::UserView;
use crate::auth::Allowed;
use crate::json::Json;
use crate::policy::{ADMINISTRATION, Purpose};
use crate::{ApiError, AppState, audit};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(create_user);
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct CreateUser {
    /// caseworker, jobseeker, analyst or admin.
    #[schema(example = "caseworker")]
    role: String,
    /// Required for caseworkers, refused for the other roles.
    office: Option<String>,
    /// Required for jobseeker accounts, refused for the other roles.
    jobseeker_id: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
struct CreatedUser {
    user: UserView,
    /// Shown once; only its digest is stored.
    token: String,
}

#[utoipa::path(
    tag = "accounts",
    security(("bearer" = [])),
    request_body = CreateUser,
    responses(
        (status = 201, body = CreatedUser, description = "the account and its one-time token"),
        (status = 401, body = ApiError, content_type = "application/problem+json"),
        (status = 403, body = ApiError, content_type = "application/problem+json"),
        (status = 422, body = ApiError, content_type = "application/problem+json",
            description = "a field is missing, unknown, or does not fit the role"),
    )
)]
#[post("/users")]
async fn create_user(
    who: Allowed<ADMINISTRATION>,
    state: web::Data<AppState>,
    body: Json<CreateUser>,
) -> Result<HttpResponse, ApiError> {
    let Json(body) = body;
    let role: Role = body
        .role
        .parse()
        .map_err(|reason: String| ApiError::invalid("role", reason))?;
    let new = NewUser {
        role,
        office: body.office,
        jobseeker_id: body.jobseeker_id,
    };
    new.check()
        .map_err(|(field, reason)| ApiError::invalid(field, reason))?;
    let store = state.store.clone();
    let (user, token) = web::block(move || store.create_user(&new))
        .await
        .map_err(ApiError::internal)?
        .map_err(|e| match e {
            StoreError::InvalidData { key, reason, .. } => ApiError::invalid(&key, reason),
            other => ApiError::internal(other),
        })?;
    audit::record(
        &state,
        &who,
        "create_user",
        Some(user.id.to_string()),
        Purpose::Administration,
    )
    .await?;
    tracing::info!(by = who.id(), user_id = user.id, role = %user.role, "account created");
    Ok(HttpResponse::build(StatusCode::CREATED)
        .insert_header(("cache-control", "no-store"))
        .json(CreatedUser {
            user: UserView::from(&user),
            token: token.expose().to_owned(),
        }))
}
