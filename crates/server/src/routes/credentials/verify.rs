//! `POST /api/v1/credentials/verify`: the verdict on a credential, with its reason.
//!
//! It asks for a token (any role) rather than being public: each call hashes and checks a
//! signature over up to a megabyte, which an anonymous endpoint would offer to anyone as
//! free work. Outside verifiers need no account: they fetch the public key set and status
//! list and run any `eddsa-jcs-2022` verifier (or `skillpath credentials verify`).

use actix_web::{HttpRequest, HttpResponse, post, web};
use chrono::Utc;
use skillpath_credentials::verify as check;

use super::document;
use crate::auth::Allowed;
use crate::credentials::trust;
use crate::people::blocking;
use crate::policy::ANY_ROLE;
use crate::{ApiError, AppState};

#[utoipa::path(
    tag = "credentials",
    security(("bearer" = [])),
    request_body(content = Value, content_type = "application/json", description = "the credential (Open Badges 3.0 or European Learning Model), as issued"),
    responses(
        (status = 200, body = Value, description = "`{valid, reason, detail, credential_id, issuer, key_id}`; reason is valid, tampered, unknown_issuer, unknown_key, expired, not_yet_valid, revoked, status_unavailable, unsigned, unsupported_proof, malformed, unknown_context, missing_element"),
        (status = 401, body = ApiError, content_type = "application/problem+json"),
        (status = 413, body = ApiError, content_type = "application/problem+json", description = "above 1 MiB"),
        (status = 415, body = ApiError, content_type = "application/problem+json"),
    )
)]
#[post("/credentials/verify")]
pub(super) async fn verify(
    _who: Allowed<ANY_ROLE>,
    state: web::Data<AppState>,
    req: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let bytes = document(&req, payload).await?;
    let issuer = state.credentials.clone();
    let store = state.store.clone();
    let verdict = blocking(move || {
        let trust = trust(issuer.as_deref(), &store, Utc::now())?;
        Ok(check(&bytes, &trust))
    })
    .await?;
    Ok(HttpResponse::Ok().json(verdict))
}
