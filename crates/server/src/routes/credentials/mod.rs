//! Micro-credentials over HTTP (issue 8): caseworkers and administrators issue a signed
//! credential for a completed course and revoke it; anyone signed in verifies one; a
//! jobseeker or their caseworker imports one into the profile; and, without a token, the
//! pages, documents, status list and keys a verifier outside the service needs.
//!
//! Stable public URLs, under `credentials.public_url`:
//! - `/credentials/{id}`: the verification page (HTML);
//! - `/credentials/{id}/ob3` and `/credentials/{id}/elm`: the signed documents, as issued;
//! - `/credentials/status/{n}`: the signed revocation status lists credentials point at,
//!   one for each list in use (numbered from 1, each of 131,072 positions);
//! - `/credentials/keys`: the key set (`{"keys": [...]}`) the signatures verify with.

mod import;
mod issue;
mod page;
mod publish;
mod revoke;
mod verify;

use std::sync::Arc;

use actix_web::http::StatusCode;
use actix_web::{HttpMessage, HttpRequest, web};
use skillpath_credentials::MAX_DOCUMENT_BYTES;
use utoipa_actix_web::scope;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::credentials::CredentialIssuer;
use crate::{ApiError, AppState};

/// The routes under `/api/v1`.
pub fn configure_api(cfg: &mut ServiceConfig) {
    cfg.service(verify::verify)
        .service(issue::issue)
        .service(revoke::revoke)
        .service(import::import);
}

/// The public routes, outside the API and its tokens.
pub fn configure_public(cfg: &mut ServiceConfig) {
    cfg.service(scope::scope("/credentials").configure(publish::configure));
}

/// The issuer, or why nothing can be issued: the service was started without one.
fn issuer(state: &AppState) -> Result<Arc<CredentialIssuer>, ApiError> {
    state.credentials.clone().ok_or_else(|| {
        ApiError::new(
            StatusCode::CONFLICT,
            "credentials_not_configured",
            "this server issues no credentials: set credentials.issuer_id, issuer_name, \
             public_url, SKILLPATH__CREDENTIALS__KEY_ID and __SIGNING_KEY",
        )
    })
}

/// A credential sent as the whole body. Read here rather than by the JSON extractor: EDC
/// credentials embed images and run past the API's body limit, and the credential's bytes
/// are what its proof covers, so they are kept as sent.
async fn document(req: &HttpRequest, payload: web::Payload) -> Result<Vec<u8>, ApiError> {
    let json = req
        .mime_type()
        .ok()
        .flatten()
        .is_some_and(|m| m.subtype() == "json" || m.suffix().is_some_and(|s| s == "json"));
    if !json {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "send the credential as application/json or application/ld+json",
        ));
    }
    let too_large = || {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            format!("a credential is at most {MAX_DOCUMENT_BYTES} bytes"),
        )
    };
    let declared = req
        .headers()
        .get("content-length")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > MAX_DOCUMENT_BYTES) {
        return Err(too_large());
    }
    let bytes = payload
        .to_bytes_limited(MAX_DOCUMENT_BYTES)
        .await
        .map_err(|_| too_large())?
        .map_err(|e| ApiError::bad_request("bad_body", e.to_string()))?;
    Ok(bytes.to_vec())
}

/// The stored (URL-safe) id of a credential whose document id is `urn:uuid:…`.
fn stored_id(document_id: &str) -> &str {
    document_id.strip_prefix("urn:uuid:").unwrap_or(document_id)
}
