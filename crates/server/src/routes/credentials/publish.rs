//! What a verifier outside the service fetches, without a token: the issued documents, the
//! page that shows them, the revocation status lists and the issuer's keys. Credential ids
//! are random (UUID v4), so a page is found by whoever was given its link, not by counting
//! or by knowing who the learner is.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, web};
use chrono::Utc;
use skillpath_store::StoredCredential;
use utoipa_actix_web::service_config::ServiceConfig;

use super::page::{self, Links};
use crate::credentials::trust;
use crate::people::blocking;
use crate::{ApiError, AppState};

const JSON_LD: &str = "application/ld+json";

pub fn configure(cfg: &mut ServiceConfig) {
    // Literal paths before `{id}`, which would take them otherwise.
    cfg.service(keys)
        .service(status_list)
        .service(open_badge)
        .service(elm)
        .service(credential_page);
}

fn no_issuer() -> ApiError {
    ApiError::not_found("this server issues no credentials")
}

async fn stored(state: &AppState, id: String) -> Result<Option<StoredCredential>, ApiError> {
    if id.len() > 128 {
        return Ok(None);
    }
    let store = state.store.clone();
    blocking(move || store.credential(&id)).await
}

fn json_ld(body: String) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(JSON_LD)
        .insert_header(("access-control-allow-origin", "*"))
        .body(body)
}

#[utoipa::path(
    tag = "credentials",
    responses(
        (status = 200, body = Value, description = "`{keys: [{id, type, controller, publicKeyMultibase, retired}]}`, current and retired"),
        (status = 404, body = ApiError, content_type = "application/problem+json", description = "no issuer configured"),
    )
)]
#[get("/keys")]
async fn keys(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let issuer = state.credentials.as_ref().ok_or_else(no_issuer)?;
    Ok(HttpResponse::Ok()
        .insert_header(("access-control-allow-origin", "*"))
        .json(issuer.keys().to_json()))
}

#[utoipa::path(
    tag = "credentials",
    params(("list" = String, Path, description = "the list's number, from 1; each list in use is published")),
    responses(
        (status = 200, body = Value, content_type = "application/ld+json", description = "the signed BitstringStatusListCredential, as of now"),
        (status = 404, body = ApiError, content_type = "application/problem+json", description = "no credential is in this list"),
    )
)]
#[get("/status/{list}")]
async fn status_list(
    state: web::Data<AppState>,
    list: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let issuer = state.credentials.clone().ok_or_else(no_issuer)?;
    let missing = || ApiError::not_found("no such status list");
    // Digits only: `+1` or `01` would name list 1 under a second URL.
    let list: i64 = Some(list.as_str())
        .filter(|l| l.len() <= 12 && !l.starts_with('0') && l.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|l| l.parse().ok())
        .ok_or_else(missing)?;
    let store = state.store.clone();
    let doc = blocking(move || {
        if !store.status_lists_in_use()?.contains(&list) {
            return Ok(None);
        }
        Ok(Some(issuer.status_list_credential(
            &store,
            list,
            Utc::now(),
        )))
    })
    .await?
    .ok_or_else(missing)?
    .map_err(ApiError::internal)?;
    // Revocations must reach verifiers at once, so caches revalidate every time.
    let mut res = json_ld(doc.to_string());
    res.headers_mut().insert(
        actix_web::http::header::CACHE_CONTROL,
        actix_web::http::header::HeaderValue::from_static("no-cache"),
    );
    Ok(res)
}

#[utoipa::path(
    tag = "credentials",
    params(("id" = String, Path, description = "the credential id")),
    responses(
        (status = 200, body = Value, content_type = "application/ld+json", description = "the Open Badges 3.0 credential exactly as signed"),
        (status = 404, body = ApiError, content_type = "application/problem+json"),
    )
)]
#[get("/{id}/ob3")]
async fn open_badge(
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let c = stored(&state, id.into_inner())
        .await?
        .ok_or_else(|| ApiError::not_found("no such credential"))?;
    Ok(json_ld(c.ob3_json))
}

#[utoipa::path(
    tag = "credentials",
    params(("id" = String, Path, description = "the credential id")),
    responses(
        (status = 200, body = Value, content_type = "application/ld+json", description = "the European Learning Model credential exactly as signed"),
        (status = 404, body = ApiError, content_type = "application/problem+json"),
    )
)]
#[get("/{id}/elm")]
async fn elm(state: web::Data<AppState>, id: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let c = stored(&state, id.into_inner())
        .await?
        .ok_or_else(|| ApiError::not_found("no such credential"))?;
    Ok(json_ld(c.elm_json))
}

#[utoipa::path(
    tag = "credentials",
    params(("id" = String, Path, description = "the credential id")),
    responses(
        (status = 200, content_type = "text/html", description = "the verification page: the eleven EU elements and the current status"),
        (status = 404, content_type = "text/html"),
    )
)]
#[get("/{id}")]
async fn credential_page(
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let Some(c) = stored(&state, id.into_inner()).await? else {
        return Ok(HttpResponse::build(StatusCode::NOT_FOUND)
            .content_type("text/html; charset=utf-8")
            .body(page::not_found().into_string()));
    };
    let doc: serde_json::Value = serde_json::from_str(&c.ob3_json).map_err(ApiError::internal)?;
    let issuer = state.credentials.clone();
    let verdict = match &issuer {
        Some(_) => {
            let (store, bytes) = (state.store.clone(), c.ob3_json.clone().into_bytes());
            let issuer = issuer.clone();
            Some(
                blocking(move || {
                    let trust = trust(issuer.as_deref(), &store, Utc::now())?;
                    Ok(skillpath_credentials::verify(&bytes, &trust))
                })
                .await?,
            )
        }
        None => None,
    };
    let base = format!("/credentials/{}", c.id);
    let links = Links {
        open_badge: format!("{base}/ob3"),
        elm: format!("{base}/elm"),
        status_list: issuer.as_ref().map(|i| i.status_list_url(c.status_list)),
        keys: issuer.as_ref().map(|i| i.url("/credentials/keys")),
    };
    let markup = page::render(&c, &doc, verdict.as_ref(), &links);
    Ok(crate::ui::layout::html_response(markup))
}
