//! Micro-credentials over HTTP: issue → verify → import round trips, revocation through the
//! published status lists, tampered and foreign credentials, the real EDC and Open Badges
//! samples, bad documents, who may do what, the learner's privacy, and concurrent issues.

mod bad_input;
mod lists;
mod privacy;
mod round_trip;
mod samples;

use actix_web::http::StatusCode;
use actix_web::test;
use serde_json::{Value, json};
use skillpath_credentials::{IssuerProfile, KeySet, Signer};
use skillpath_server::{AppState, CredentialIssuer};
use skillpath_store::Role;
use skillpath_store::testing::TestDb;

use crate::support::{Answer, bearer, sample_state, send, token_for};

pub const ISSUER: &str = "did:web:pes.example";
pub const KEY: &str = "did:web:pes.example#key-2026";
pub const PUBLIC: &str = "https://pes.example";
/// The sample jobseeker of office-ded5 who receives the credentials.
pub const PERSON: &str = "J-3000";
pub const OFFICE: &str = "office-ded5";
/// Install electricity sockets: complete in every EU element, four ESCO skills.
pub const COURSE: &str = "C-2000";
/// One of its skills ("electricity"), essential for the occupation below.
pub const ELECTRICITY: &str =
    "http://data.europa.eu/esco/skill/c8ac1986-38fa-43b2-89dc-50a4beeb420e";
pub const OCCUPATION: &str =
    "http://data.europa.eu/esco/occupation/75b63949-1b93-4bf2-a777-ccf978dc3e8a";

/// A test key, never a real one.
pub fn issuer() -> CredentialIssuer {
    let signer = Signer::from_bytes(KEY, [7; 32]).unwrap();
    let profile = IssuerProfile {
        id: ISSUER.into(),
        name: "Public Employment Service".into(),
        url: None,
    };
    CredentialIssuer::new(signer, profile, KeySet::new(), PUBLIC).unwrap()
}

pub fn issuing_state() -> (TestDb, AppState) {
    let (db, state) = sample_state();
    (db, state.with_credentials(issuer()))
}

pub fn caseworker(state: &AppState) -> String {
    token_for(state, Role::Caseworker, Some(OFFICE), None)
}

pub fn jobseeker(state: &AppState) -> String {
    token_for(state, Role::Jobseeker, None, Some(PERSON))
}

pub async fn post_json(state: &AppState, token: &str, uri: &str, body: Value) -> Answer {
    send(
        state,
        bearer(test::TestRequest::post().uri(uri).set_json(body), token),
    )
    .await
}

/// A document sent as the raw body, as a wallet uploads it.
pub async fn post_document(state: &AppState, token: &str, uri: &str, bytes: Vec<u8>) -> Answer {
    let req = test::TestRequest::post()
        .uri(uri)
        .insert_header(("content-type", "application/ld+json"))
        .set_payload(bytes);
    send(state, bearer(req, token)).await
}

pub async fn get(state: &AppState, token: &str, uri: &str) -> Answer {
    send(state, bearer(test::TestRequest::get().uri(uri), token)).await
}

/// The raw answer of a public route: status, content type, body text.
pub async fn fetch(state: &AppState, uri: &str) -> (StatusCode, String, String) {
    let app = test::init_service(skillpath_server::app(state.clone())).await;
    let res = test::call_service(&app, test::TestRequest::get().uri(uri).to_request()).await;
    let status = res.status();
    let ctype = res
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let body = test::read_body(res).await;
    (status, ctype, String::from_utf8(body.to_vec()).unwrap())
}

pub async fn complete(state: &AppState, token: &str, key: &str) {
    let req = test::TestRequest::post()
        .uri("/api/v1/outcomes")
        .insert_header(("idempotency-key", key))
        .set_json(
            json!({"kind": "completed", "jobseeker_id": PERSON, "course_id": COURSE,
            "occurred_at": "2026-11-20T16:00:00Z"}),
        );
    let a = send(state, bearer(req, token)).await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
}

/// Completes the course and issues its credential; returns the 201 body.
pub async fn issued(state: &AppState) -> Value {
    let token = caseworker(state);
    complete(state, &token, "completed-c2000").await;
    let a = post_json(
        state,
        &token,
        "/api/v1/credentials",
        json!({"jobseeker_id": PERSON, "course_id": COURSE}),
    )
    .await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
    a.body
}

pub fn bytes(v: &Value) -> Vec<u8> {
    serde_json::to_vec(v).unwrap()
}

pub async fn skills(state: &AppState, token: &str) -> Vec<(String, String)> {
    let a = get(state, token, &format!("/api/v1/jobseekers/{PERSON}/skills")).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    a.body["skills"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["uri"].as_str().unwrap().to_owned(),
                s["source"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}
