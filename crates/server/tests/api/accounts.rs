//! Tokens, /me, creating accounts and the audit log.

use actix_web::http::StatusCode;
use actix_web::test;
use serde_json::json;
use skillpath_store::{AuditQuery, Role};

use crate::support::{bearer, sample_state, send, token};

#[actix_web::test]
async fn missing_and_invalid_tokens_get_401_with_a_bearer_challenge() {
    let (_db, state) = sample_state();
    let a = send(&state, test::TestRequest::get().uri("/api/v1/me")).await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);
    assert_eq!(a.ctype, "application/problem+json");
    assert_eq!(a.body["code"], "unauthorized");
    assert_eq!(a.challenge.as_deref(), Some("Bearer realm=\"skillpath\""));

    let forged = format!("sp_{}", "a".repeat(64));
    let a = send(
        &state,
        bearer(test::TestRequest::get().uri("/api/v1/me"), &forged),
    )
    .await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);
    assert!(a.challenge.unwrap().contains("error=\"invalid_token\""));

    let real = token(&state, Role::Analyst);
    let a = send(
        &state,
        test::TestRequest::get()
            .uri("/api/v1/me")
            .insert_header(("authorization", format!("Basic {real}"))),
    )
    .await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);
    assert!(a.challenge.unwrap().contains("error=\"invalid_request\""));
}

#[actix_web::test]
async fn me_shows_the_account_and_a_disabled_account_is_locked_out() {
    let (_db, state) = sample_state();
    let token = token(&state, Role::Caseworker);
    let me = || bearer(test::TestRequest::get().uri("/api/v1/me"), &token);
    let a = send(&state, me()).await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.body["role"], "caseworker");
    assert_eq!(a.body["office"], "north");
    assert!(a.body.get("token").is_none());
    assert!(!a.body.to_string().contains(&token));

    let id = a.body["id"].as_i64().unwrap();
    assert!(state.store.set_user_disabled(id, true).unwrap());
    assert_eq!(send(&state, me()).await.status, StatusCode::UNAUTHORIZED);
}

#[actix_web::test]
async fn an_admin_creates_an_account_whose_token_works_and_the_creation_is_audited() {
    let (_db, state) = sample_state();
    let admin = token(&state, Role::Admin);
    let req = bearer(test::TestRequest::post().uri("/api/v1/users"), &admin)
        .set_json(json!({"role": "jobseeker", "jobseeker_id": "js-42"}));
    let app = test::init_service(skillpath_server::app(state.clone())).await;
    let res = test::call_service(&app, req.to_request()).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    assert_eq!(res.headers().get("cache-control").unwrap(), "no-store");
    let body: serde_json::Value = test::read_body_json(res).await;
    let new_token = body["token"].as_str().unwrap().to_owned();
    let new_id = body["user"]["id"].as_i64().unwrap();

    let a = send(
        &state,
        bearer(test::TestRequest::get().uri("/api/v1/me"), &new_token),
    )
    .await;
    assert_eq!(a.body["role"], "jobseeker");
    assert_eq!(a.body["jobseeker_id"], "js-42");

    let a = send(
        &state,
        bearer(
            test::TestRequest::get().uri("/api/v1/audit?limit=5"),
            &admin,
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK);
    let entries = a.body["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 1, "{}", a.body);
    assert_eq!(entries[0]["action"], "create_user");
    assert_eq!(entries[0]["subject"], new_id.to_string());
    assert_eq!(entries[0]["purpose"], "administration");
    assert!(!a.body.to_string().contains(&new_token));
}

#[actix_web::test]
async fn reading_the_audit_log_about_a_person_is_itself_audited() {
    let (_db, state) = sample_state();
    let admin = token(&state, Role::Admin);
    let a = send(
        &state,
        bearer(
            test::TestRequest::get().uri("/api/v1/audit?subject=js-9"),
            &admin,
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK);
    let log = state
        .store
        .audit_log(&AuditQuery {
            subject: Some("js-9".into()),
            limit: 10,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].action, "read_audit");
}

#[actix_web::test]
async fn accounts_that_do_not_fit_their_role_are_refused_naming_the_field() {
    let (_db, state) = sample_state();
    let admin = token(&state, Role::Admin);
    let cases = [
        (json!({"role": "caseworker"}), "office"),
        (json!({"role": "root"}), "role"),
        (json!({"role": "analyst", "office": "north"}), "office"),
        (json!({"role": "jobseeker"}), "jobseeker_id"),
        (json!({"role": "admin", "password": "x"}), "password"),
        (json!({"role": 3}), "role"),
        (json!({}), "role"),
    ];
    for (body, field) in cases {
        let req = bearer(test::TestRequest::post().uri("/api/v1/users"), &admin).set_json(&body);
        let a = send(&state, req).await;
        assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(a.ctype, "application/problem+json");
        assert_eq!(a.body["field"], field, "{body} -> {}", a.body);
    }
    // Only the admin who made the requests exists.
    assert_eq!(state.store.users().unwrap().len(), 1);
}
