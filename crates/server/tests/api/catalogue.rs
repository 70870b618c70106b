//! Course and vacancy search, course detail, and catalogue management by administrators.

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use serde_json::{Value, json};
use skillpath_store::Role;

use crate::support::{bearer, call, sample_state, send, token};

/// The first sample course, as a whole body for PUT.
pub fn sample_course() -> Value {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/sample");
    let line = std::fs::read_to_string(dir.join("courses.jsonl")).expect("sample courses");
    let first = line.lines().next().expect("a course");
    serde_json::from_str(first).expect("a JSON course")
}

fn ids(body: &Value) -> Vec<String> {
    body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect()
}

#[actix_web::test]
async fn course_search_finds_words_in_titles_and_outcomes_and_applies_every_filter() {
    let (_db, state) = sample_state();
    let (status, _, body) = call(&state, TestRequest::get().uri("/api/v1/courses?q=sockets")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let found = ids(&body);
    assert_eq!(found.first().map(String::as_str), Some("C-2000"), "{body}");
    assert!(body["items"][0]["score"].as_f64().unwrap() > 0.0);

    let (_, _, all) = call(
        &state,
        TestRequest::get().uri("/api/v1/courses?per_page=100"),
    )
    .await;
    let total = all["total"].as_u64().unwrap();
    assert!(total > 1);
    let (_, _, online) = call(
        &state,
        TestRequest::get().uri("/api/v1/courses?mode=online&per_page=100"),
    )
    .await;
    assert!(online["total"].as_u64().unwrap() < total);
    assert!(
        online["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["participation"]["mode"] == "online")
    );
    let (_, _, cheap) = call(
        &state,
        TestRequest::get().uri("/api/v1/courses?max_price=50000&eqf=4&per_page=100"),
    )
    .await;
    for c in cheap["items"].as_array().unwrap() {
        assert!(c["cost"]["amount_minor"].as_u64().unwrap() <= 50_000, "{c}");
        assert_eq!(c["eqf_level"], 4);
    }
    let skill = "http://data.europa.eu/esco/skill/52d6eb67-56c0-4ad7-b5c2-71e7c2362ece";
    let (_, _, teaching) = call(
        &state,
        TestRequest::get().uri(&format!("/api/v1/courses?skill={skill}")),
    )
    .await;
    assert!(ids(&teaching).contains(&"C-2000".to_owned()), "{teaching}");

    // Pages do not overlap and together hold everything.
    let (_, _, p1) = call(
        &state,
        TestRequest::get().uri("/api/v1/courses?per_page=2&page=1"),
    )
    .await;
    let (_, _, p2) = call(
        &state,
        TestRequest::get().uri("/api/v1/courses?per_page=2&page=2"),
    )
    .await;
    assert_eq!(ids(&p1).len(), 2);
    assert!(ids(&p1).iter().all(|id| !ids(&p2).contains(id)));
}

#[actix_web::test]
async fn bad_search_parameters_are_named() {
    let (_db, state) = sample_state();
    for (query, field) in [
        ("mode=by-post", "mode"),
        ("eqf=9", "eqf"),
        ("page=0", "page"),
        ("per_page=1000", "per_page"),
        ("skill=not-a-uri", "skill"),
    ] {
        let (status, ctype, body) = call(
            &state,
            TestRequest::get().uri(&format!("/api/v1/courses?{query}")),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{query}: {body}");
        assert_eq!(ctype, "application/problem+json");
        assert_eq!(body["field"], field, "{query}");
    }
    let (status, _, body) =
        call(&state, TestRequest::get().uri("/api/v1/courses?colour=red")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["field"], "colour");
}

#[actix_web::test]
async fn course_detail_has_every_element_and_names_the_missing_ones() {
    let (_db, state) = sample_state();
    let (status, _, body) = call(&state, TestRequest::get().uri("/api/v1/courses/C-2000")).await;
    assert_eq!(status, StatusCode::OK);
    for element in [
        "title",
        "awarding_body",
        "learning_outcomes",
        "ects",
        "eqf_level",
        "assessment",
        "participation",
        "quality_assurance",
        "sessions",
        "cost",
        "incomplete",
    ] {
        assert!(body.get(element).is_some(), "{element} missing from {body}");
    }
    assert!(body["cost"]["eligible_funding"].is_array());
    let (status, _, _) = call(&state, TestRequest::get().uri("/api/v1/courses/nope")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[actix_web::test]
async fn admins_create_replace_and_delete_courses_with_validation() {
    let (_db, state) = sample_state();
    let admin = token(&state, Role::Admin);
    let put = |id: &str, body: Value| {
        bearer(
            TestRequest::put().uri(&format!("/api/v1/courses/{id}")),
            &admin,
        )
        .set_json(body)
    };
    let mut course = sample_course();
    course["id"] = json!("C-NEW");
    course["title"] = json!("Solar panel mounting");
    course["issuer_country"] = Value::Null;
    let a = send(&state, put("C-NEW", course.clone())).await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
    assert_eq!(a.body["title"], "Solar panel mounting");
    assert!(
        a.body["incomplete"]
            .as_array()
            .unwrap()
            .contains(&json!("issuer_country"))
    );
    let a = send(&state, put("C-NEW", course.clone())).await;
    assert_eq!(a.status, StatusCode::OK);
    let stored = state.store.course("C-NEW").unwrap().unwrap();
    assert_eq!(stored.course.title, "Solar panel mounting");

    for (change, field) in [
        (json!({"eqf_level": 12}), "eqf_level"),
        (json!({"id": "C-OTHER"}), "id"),
        (json!({"colour": "red"}), "colour"),
        (
            json!({"cost": {"amount_minor": 1, "currency": "", "eligible_funding": []}}),
            "cost.currency",
        ),
        (json!({"ects": "four"}), "ects"),
    ] {
        let mut bad = course.clone();
        for (k, v) in change.as_object().unwrap() {
            bad[k] = v.clone();
        }
        let a = send(&state, put("C-NEW", bad)).await;
        assert_eq!(
            a.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{field}: {}",
            a.body
        );
        assert_eq!(a.body["field"], field, "{}", a.body);
    }

    let del = || bearer(TestRequest::delete().uri("/api/v1/courses/C-NEW"), &admin);
    assert_eq!(send(&state, del()).await.status, StatusCode::NO_CONTENT);
    assert!(state.store.course("C-NEW").unwrap().is_none());
    assert_eq!(send(&state, del()).await.status, StatusCode::NOT_FOUND);
}

#[actix_web::test]
async fn vacancy_search_filters_in_the_database() {
    let (_db, state) = sample_state();
    let (status, _, body) = call(
        &state,
        TestRequest::get().uri("/api/v1/vacancies?q=ANALYST"),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(ids(&body).contains(&"V-1000".to_owned()), "{body}");
    assert!(body["items"].as_array().unwrap().iter().all(|v| {
        let text = format!("{} {}", v["title"], v["description"]).to_lowercase();
        text.contains("analyst")
    }));
    // V-1001 closed on 2026-10-17, before the sample's reference day.
    let (_, _, all) = call(
        &state,
        TestRequest::get().uri("/api/v1/vacancies?region=DED4&per_page=100"),
    )
    .await;
    assert!(ids(&all).contains(&"V-1001".to_owned()));
    assert!(
        all["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|v| v["location"]["region"] == "DED4")
    );
    let (_, _, open) = call(
        &state,
        TestRequest::get().uri("/api/v1/vacancies?region=DED4&open=true&per_page=100"),
    )
    .await;
    assert!(!ids(&open).contains(&"V-1001".to_owned()));
    let (_, _, none) = call(
        &state,
        TestRequest::get().uri("/api/v1/vacancies?q=100%25_"),
    )
    .await;
    assert_eq!(none["total"], 0, "wildcards are literal");

    let (status, _, v) = call(&state, TestRequest::get().uri("/api/v1/vacancies/V-1000")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!v["skill_uris"].as_array().unwrap().is_empty());
    let (status, _, _) = call(&state, TestRequest::get().uri("/api/v1/vacancies/V-none")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
