//! Outcome events through the API: idempotent by key, scoped to the caller's office.

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use serde_json::{Value, json};
use skillpath_server::AppState;
use skillpath_store::{NewUser, Role};

use crate::support::{Answer, bearer, sample_state, send, token};

/// J-3000 is served by office-ded5 in the sample.
fn caseworker(state: &AppState, office: &str) -> String {
    let new = NewUser {
        role: Role::Caseworker,
        office: Some(office.into()),
        jobseeker_id: None,
    };
    state.store.create_user(&new).unwrap().1.expose().to_owned()
}

fn enrolled(jobseeker: &str) -> Value {
    json!({"kind": "enrolled", "jobseeker_id": jobseeker, "course_id": "C-2000",
           "occurred_at": "2026-12-01T09:30:00Z"})
}

async fn post(state: &AppState, token: &str, key: Option<&str>, body: Value) -> Answer {
    let mut req = bearer(TestRequest::post().uri("/api/v1/outcomes"), token).set_json(body);
    if let Some(key) = key {
        req = req.insert_header(("idempotency-key", key));
    }
    send(state, req).await
}

#[actix_web::test]
async fn a_repeat_returns_the_original_and_a_reused_key_conflicts() {
    let (_db, state) = sample_state();
    let cw = caseworker(&state, "office-ded5");
    let first = post(&state, &cw, Some("k-1"), enrolled("J-3000")).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
    assert_eq!(first.body["idempotency_key"], "k-1");
    let again = post(&state, &cw, Some("k-1"), enrolled("J-3000")).await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(again.body, first.body, "the original, recorded_at included");

    let mut other = enrolled("J-3000");
    other["kind"] = json!("started");
    let clash = post(&state, &cw, Some("k-1"), other).await;
    assert_eq!(clash.status, StatusCode::CONFLICT);
    assert_eq!(clash.ctype, "application/problem+json");

    // A key in the body must agree with the header; a disagreement stores nothing.
    let mut keyed = enrolled("J-3000");
    keyed["idempotency_key"] = json!("from-body");
    let a = post(&state, &cw, Some("k-2"), keyed).await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", a.body);
    assert!(a.body.to_string().contains("idempotency_key"), "{}", a.body);
    let mut same = enrolled("J-3000");
    same["idempotency_key"] = json!("k-3");
    let b = post(&state, &cw, Some("k-3"), same).await;
    assert_eq!(b.status, StatusCode::CREATED, "{}", b.body);
    assert_eq!(
        state.store.outcomes_for_jobseeker("J-3000").unwrap().len(),
        2
    );
}

#[actix_web::test]
async fn the_key_header_is_required_and_bad_events_are_named() {
    let (_db, state) = sample_state();
    let cw = caseworker(&state, "office-ded5");
    let a = post(&state, &cw, None, enrolled("J-3000")).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert_eq!(a.body["field"], "Idempotency-Key");
    let mut no_course = enrolled("J-3000");
    no_course["course_id"] = Value::Null;
    let a = post(&state, &cw, Some("k"), no_course).await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(a.body["field"], "course_id");
    let mut odd = enrolled("J-3000");
    odd["kind"] = json!("hired");
    let a = post(&state, &cw, Some("k"), odd).await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(a.body["field"], "kind");
    assert_eq!(state.store.outcome_count().unwrap(), 0);
}

#[actix_web::test]
async fn caseworkers_record_only_for_their_office_and_admins_back_fill() {
    let (_db, state) = sample_state();
    let elsewhere = caseworker(&state, "office-ded2");
    let a = post(&state, &elsewhere, Some("k-x"), enrolled("J-3000")).await;
    assert_eq!(
        a.status,
        StatusCode::NOT_FOUND,
        "out of scope looks missing"
    );
    let a = post(&state, &elsewhere, Some("k-y"), enrolled("J-9999")).await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    let admin = token(&state, Role::Admin);
    let a = post(&state, &admin, Some("k-z"), enrolled("J-3000")).await;
    assert_eq!(a.status, StatusCode::CREATED);

    let read = |token: &str| {
        bearer(
            TestRequest::get().uri("/api/v1/jobseekers/J-3000/outcomes"),
            token,
        )
    };
    let own = caseworker(&state, "office-ded5");
    let a = send(&state, read(&own)).await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.body["events"].as_array().unwrap().len(), 1);
    assert_eq!(
        send(&state, read(&elsewhere)).await.status,
        StatusCode::NOT_FOUND
    );
    let audit = state
        .store
        .audit_log(&skillpath_store::AuditQuery {
            limit: 100,
            ..Default::default()
        })
        .unwrap();
    assert!(audit.iter().any(|r| r.action == "read_outcomes"));
    assert!(audit.iter().any(|r| r.action == "record_outcome"));
}
