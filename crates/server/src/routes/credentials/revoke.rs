//! `POST /api/v1/credentials/{id}/revoke`: the credential's bit in the published status list
//! is set, so every verifier that fetches the list sees it revoked. The signed documents stay
//! as they were; revoking twice is harmless.

use actix_web::{HttpResponse, post, web};
use serde_json::json;

use super::issue::ISSUERS;
use crate::auth::Allowed;
use crate::people::blocking;
use crate::routes::outcomes::open_record;
use crate::{ApiError, AppState, audit};

#[utoipa::path(
    tag = "credentials",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "the credential id (as in its page URL)")),
    responses(
        (status = 200, body = Value, description = "`{id, revoked: true, status_list, status_index}`"),
        (status = 401, body = ApiError, content_type = "application/problem+json"),
        (status = 403, body = ApiError, content_type = "application/problem+json"),
        (status = 404, body = ApiError, content_type = "application/problem+json", description = "no such credential for a person of the caller's office"),
    )
)]
#[post("/credentials/{id}/revoke")]
pub(super) async fn revoke(
    who: Allowed<ISSUERS>,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let missing = || ApiError::not_found("no such credential");
    let store = state.store.clone();
    let key = id.clone();
    let credential = blocking(move || store.credential(&key))
        .await?
        .ok_or_else(missing)?;
    // Out of the caller's office answers like a missing credential.
    let purpose = open_record(&state, &who, &credential.jobseeker_id)
        .await
        .map_err(|e| if e.status_code == 404 { missing() } else { e })?;
    let store = state.store.clone();
    let revoked = blocking(move || store.revoke_credential(&id))
        .await?
        .ok_or_else(missing)?;
    audit::record(
        &state,
        &who,
        "revoke_credential",
        Some(revoked.jobseeker_id.clone()),
        purpose,
    )
    .await?;
    Ok(HttpResponse::Ok().json(json!({
        "id": revoked.id,
        "revoked": revoked.revoked,
        "status_list": state.credentials.as_ref().map(|c| c.status_list_url(revoked.status_list)),
        "status_index": revoked.status_index,
    })))
}
