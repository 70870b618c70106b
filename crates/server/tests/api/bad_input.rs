//! Whatever a client sends, the answer is a problem document with a 4xx status, never a 500.

use actix_web::http::StatusCode;
use actix_web::test;
use skillpath_store::Role;

use crate::support::{bearer, sample_state, send, token};

#[actix_web::test]
async fn hostile_bodies_get_client_errors_naming_the_field() {
    let (_db, state) = sample_state();
    let admin = token(&state, Role::Admin);
    let post = |payload: &str, ctype: &str| {
        bearer(test::TestRequest::post().uri("/api/v1/users"), &admin)
            .insert_header(("content-type", ctype.to_owned()))
            .set_payload(payload.to_owned())
    };
    let cases: [(&str, &str, StatusCode, &str); 8] = [
        (
            "",
            "application/json",
            StatusCode::BAD_REQUEST,
            "malformed_json",
        ),
        (
            "{",
            "application/json",
            StatusCode::BAD_REQUEST,
            "malformed_json",
        ),
        (
            "[1, 2]",
            "application/json",
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_value",
        ),
        (
            "null",
            "application/json",
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_value",
        ),
        (
            r#"{"role": "admin"} {}"#,
            "application/json",
            StatusCode::BAD_REQUEST,
            "malformed_json",
        ),
        (
            r#"{"role": "admin", "role": "admin"}"#,
            "application/json",
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_value",
        ),
        (
            r#"{"role": "admin"}"#,
            "text/plain",
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
        ),
        (
            "\u{0}\u{ff}",
            "application/json",
            StatusCode::BAD_REQUEST,
            "malformed_json",
        ),
    ];
    for (payload, ctype, status, code) in cases {
        let a = send(&state, post(payload, ctype)).await;
        assert_eq!(a.status, status, "{payload:?}: {}", a.body);
        assert_eq!(a.body["code"], code, "{payload:?}");
        assert_eq!(a.ctype, "application/problem+json");
    }
    let a = send(
        &state,
        post(r#"{"role": "admin", "role": "admin"}"#, "application/json"),
    )
    .await;
    assert_eq!(a.body["field"], "role");

    let big = format!(
        r#"{{"role": "{}"}}"#,
        "a".repeat(skillpath_server::MAX_JSON_BYTES)
    );
    let a = send(&state, post(&big, "application/json")).await;
    assert_eq!(a.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(a.body["code"], "payload_too_large");
}

#[actix_web::test]
async fn hostile_queries_and_paths_get_client_errors() {
    let (_db, state) = sample_state();
    let admin = token(&state, Role::Admin);
    let get = |uri: &str| bearer(test::TestRequest::get().uri(uri), &admin);
    for (uri, status, field) in [
        (
            "/api/v1/audit?limit=0",
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("limit"),
        ),
        ("/api/v1/audit?limit=-1", StatusCode::BAD_REQUEST, None),
        ("/api/v1/audit?user_id=abc", StatusCode::BAD_REQUEST, None),
        (
            "/api/v1/audit?colour=red",
            StatusCode::BAD_REQUEST,
            Some("colour"),
        ),
        (
            "/api/v1/occupations/match?q=nurse&top=99999999999999999999999",
            StatusCode::BAD_REQUEST,
            None,
        ),
        (
            "/api/v1/skills/%00",
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("id"),
        ),
        (
            "/api/v1/occupations/aaaaaaaa-0000-0000-0000-000000000000",
            StatusCode::NOT_FOUND,
            None,
        ),
    ] {
        let a = send(&state, get(uri)).await;
        assert_eq!(a.status, status, "{uri}: {}", a.body);
        assert_eq!(a.ctype, "application/problem+json", "{uri}");
        if let Some(field) = field {
            assert_eq!(a.body["field"], field, "{uri}: {}", a.body);
        }
    }
}
