//! `POST /api/v1/credentials/verify`: the verdict on a credential, with its reason.
//!
//! It asks for a token (any role) rather than being public: each call hashes and checks a
//! signature over up to a megabyte, which an anonymous endpoint would offer to anyone as
//! free work. Outside verifiers need no account: they fetch the public key set and status
//! list and run any `eddsa-jcs-2022` verifier (or `skillpath credentials verify`).
//!
//! With `?learner_id=…&learner_salt=…` it also checks that the credential is that learner's:
//! our documents name the learner only by SHA-256 of the id and a salt the learner holds.

use actix_web::{HttpRequest, HttpResponse, post, web};
use chrono::Utc;
use serde::Deserialize;
use skillpath_credentials::{ExpectedLearner, verify as check};

use super::document;
use crate::auth::Allowed;
use crate::credentials::trust;
use crate::people::blocking;
use crate::policy::ANY_ROLE;
use crate::{ApiError, AppState};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Expected {
    learner_id: Option<String>,
    learner_salt: Option<String>,
}

impl Expected {
    fn learner(self) -> Result<Option<ExpectedLearner>, ApiError> {
        let within = |field: &str, v: &Option<String>| match v {
            Some(v) if v.trim().is_empty() || v.len() > 200 => {
                Err(ApiError::invalid(field, "1 to 200 characters when given"))
            }
            _ => Ok(()),
        };
        within("learner_id", &self.learner_id)?;
        within("learner_salt", &self.learner_salt)?;
        match (self.learner_id, self.learner_salt) {
            (Some(id), salt) => Ok(Some(ExpectedLearner { id, salt })),
            (None, Some(_)) => Err(ApiError::invalid(
                "learner_id",
                "a salt checks nothing without the learner id",
            )),
            (None, None) => Ok(None),
        }
    }
}

#[utoipa::path(
    tag = "credentials",
    security(("bearer" = [])),
    params(
        ("learner_id" = Option<String>, Query, description = "the id the issuer knows the learner by (our jobseeker id): the credential must be theirs"),
        ("learner_salt" = Option<String>, Query, description = "the salt given to the learner at issue, for a hashed identity"),
    ),
    request_body(content = Value, content_type = "application/json", description = "the credential (Open Badges 3.0 or European Learning Model), as issued"),
    responses(
        (status = 200, body = Value, description = "`{valid, reason, detail, credential_id, issuer, key_id}`; reason is valid, tampered, unknown_issuer, unknown_key, expired, not_yet_valid, revoked, learner_mismatch, status_unavailable, unsigned, unsupported_proof, malformed, unknown_context, missing_element"),
        (status = 400, body = ApiError, content_type = "application/problem+json", description = "an unknown query parameter"),
        (status = 401, body = ApiError, content_type = "application/problem+json"),
        (status = 413, body = ApiError, content_type = "application/problem+json", description = "above 1 MiB"),
        (status = 415, body = ApiError, content_type = "application/problem+json"),
        (status = 422, body = ApiError, content_type = "application/problem+json", description = "a learner_salt without learner_id, or an empty or overlong one, named in `field`"),
    )
)]
#[post("/credentials/verify")]
pub(super) async fn verify(
    _who: Allowed<ANY_ROLE>,
    state: web::Data<AppState>,
    expected: web::Query<Expected>,
    req: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let learner = expected.into_inner().learner()?;
    let bytes = document(&req, payload).await?;
    let issuer = state.credentials.clone();
    let store = state.store.clone();
    let verdict = blocking(move || {
        let mut trust = trust(issuer.as_deref(), &store, Utc::now())?;
        trust.learner = learner;
        Ok(check(&bytes, &trust))
    })
    .await?;
    Ok(HttpResponse::Ok().json(verdict))
}
