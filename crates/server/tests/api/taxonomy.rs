//! The taxonomy, health and metrics routes.

use actix_web::http::StatusCode;
use actix_web::test;
use skillpath_server::app;
use skillpath_store::Role;

use crate::support::{bearer, call, sample_state, token};

#[actix_web::test]
async fn health_and_readiness_answer() {
    let (_db, state) = sample_state();
    let (status, _, body) = call(&state, test::TestRequest::get().uri("/healthz")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["status"], "ok");
    let (status, _, body) = call(&state, test::TestRequest::get().uri("/readyz")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["status"], "ready");
}

#[actix_web::test]
async fn a_title_matches_its_occupation_and_the_detail_lists_its_skills() {
    let (_db, state) = sample_state();
    let occupations = state.store.occupations(false).unwrap();
    let target = &occupations[0];
    let q = target.labels.preferred.replace(' ', "+");
    let (status, _, body) = call(
        &state,
        test::TestRequest::get().uri(&format!("/api/v1/occupations/match?q={q}&top=3")),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["matches"][0]["uri"], target.uri.as_str(), "{body}");
    assert!(body["matches"].as_array().unwrap().len() <= 3);

    let id = target.uri.rsplit('/').next().unwrap();
    let (status, _, body) = call(
        &state,
        test::TestRequest::get().uri(&format!("/api/v1/occupations/{id}")),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let expected = state
        .store
        .occupation_skill_list(&target.uri)
        .unwrap()
        .len();
    let listed = body["essential_skills"].as_array().unwrap().len()
        + body["optional_skills"].as_array().unwrap().len();
    assert_eq!(listed, expected);
}

#[actix_web::test]
async fn skills_are_extracted_from_posted_text() {
    let (_db, state) = sample_state();
    let skill = &state.store.skills(false).unwrap()[0];
    let text = format!("you will {} every day", skill.labels.preferred);
    let req = test::TestRequest::post()
        .uri("/api/v1/skills/extract")
        .set_json(serde_json::json!({"text": text, "top": 5}));
    let (status, _, body) = call(&state, req).await;
    assert_eq!(status, StatusCode::OK);
    let uris: Vec<&str> = body["skills"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["uri"].as_str().unwrap())
        .collect();
    assert!(uris.contains(&skill.uri.as_str()), "{body}");
}

#[actix_web::test]
async fn client_mistakes_get_problem_documents_naming_the_field() {
    let (_db, state) = sample_state();
    let (status, ctype, body) = call(
        &state,
        test::TestRequest::get().uri("/api/v1/occupations/match?q=nurse&top=0"),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(ctype, "application/problem+json");
    assert_eq!(body["field"], "top");
    assert_eq!(body["status"], 422);

    let (status, _, body) = call(
        &state,
        test::TestRequest::get().uri("/api/v1/occupations/match?top=3"),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["field"], "q", "{body}");

    let req = test::TestRequest::post()
        .uri("/api/v1/skills/extract")
        .insert_header(("content-type", "application/json"))
        .set_payload("{\"text\": ");
    let (status, _, body) = call(&state, req).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["code"], "malformed_json");

    let req = test::TestRequest::post()
        .uri("/api/v1/skills/extract")
        .set_json(serde_json::json!({"text": "x", "colour": 1}));
    let (status, _, body) = call(&state, req).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["field"], "colour", "{body}");

    let req = test::TestRequest::post()
        .uri("/api/v1/skills/extract")
        .set_json(serde_json::json!({"text": 5}));
    let (status, _, _) = call(&state, req).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    let big = "a".repeat(skillpath_server::MAX_JSON_BYTES + 10);
    let req = test::TestRequest::post()
        .uri("/api/v1/skills/extract")
        .set_json(serde_json::json!({"text": big}));
    let (status, _, body) = call(&state, req).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(body["code"], "payload_too_large");
}

#[actix_web::test]
async fn unknown_concepts_and_routes_are_404_problems() {
    let (_db, state) = sample_state();
    let (status, ctype, body) = call(
        &state,
        test::TestRequest::get().uri("/api/v1/skills/00000000-0000-0000-0000-000000000000"),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(ctype, "application/problem+json");
    assert_eq!(body["code"], "not_found");
    let (status, _, body) =
        call(&state, test::TestRequest::get().uri("/api/v1/nothing-here")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["code"], "not_found");
    let (status, _, body) = call(
        &state,
        test::TestRequest::get().uri("/api/v1/skills/..%2Fetc"),
    )
    .await;
    assert!(status.is_client_error(), "{status} {body}");
}

#[actix_web::test]
async fn metrics_count_requests_by_route_pattern_not_by_path() {
    let (_db, state) = sample_state();
    let app = test::init_service(app(state.clone())).await;
    let token = token(&state, Role::Caseworker);
    for id in [
        "00000000-0000-0000-0000-000000000001",
        "00000000-0000-0000-0000-000000000002",
    ] {
        let req = bearer(
            test::TestRequest::get().uri(&format!("/api/v1/skills/{id}")),
            &token,
        )
        .to_request();
        test::call_service(&app, req).await;
    }
    let res = test::call_service(&app, test::TestRequest::get().uri("/metrics").to_request()).await;
    let text = String::from_utf8(test::read_body(res).await.to_vec()).unwrap();
    assert!(
        text.contains(r#"skillpath_http_requests_total{method="GET",route="/api/v1/skills/{id}",status="404"} 2"#),
        "{text}"
    );
    assert!(!text.contains("00000000-0000-0000-0000-000000000001"));
    assert!(text.contains("skillpath_esco_skills "));
}
