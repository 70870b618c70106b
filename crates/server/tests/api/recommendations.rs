//! Gaps, pathways and recommendations for one person, and the filters that narrow them.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::test;
use serde_json::Value;
use skillpath_server::AppState;
use skillpath_store::Role;

use crate::support::{Answer, audited, bearer, sample_state, send, token_for};

/// Whether a served course passes one filter.
type Check<'a> = Box<dyn Fn(&Value) -> bool + 'a>;

async fn get(state: &AppState, token: &str, uri: &str) -> Answer {
    send(state, bearer(test::TestRequest::get().uri(uri), token)).await
}

fn courses(a: &Answer) -> &Vec<Value> {
    a.body["ranked"]["courses"]
        .as_array()
        .expect("ranked courses")
}

#[actix_web::test]
async fn recommendations_explain_each_course_and_respect_the_filters() {
    let (_db, state) = sample_state();
    let ded5 = token_for(&state, Role::Caseworker, Some("office-ded5"), None);
    let base = "/api/v1/jobseekers/J-3000/recommendations";
    let all = get(&state, &ded5, &format!("{base}?top=50")).await;
    assert_eq!(all.status, StatusCode::OK, "{}", all.body);
    let ranked = courses(&all);
    assert!(!ranked.is_empty());
    for c in ranked {
        assert!(
            c["explanation"].as_str().is_some_and(|e| !e.is_empty()),
            "{c}"
        );
        assert!(c["score"]["gap_closed"].is_number(), "{c}");
    }
    assert!(all.body["gap"]["skills"].is_array());
    let top3 = get(&state, &ded5, &format!("{base}?top=3")).await;
    let ids = |v: &[Value]| -> Vec<String> {
        v.iter()
            .map(|c| c["course_id"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(ids(courses(&top3)), ids(&ranked[..ranked.len().min(3)]));

    // Each filter keeps only courses that pass it, and the best course when it passes.
    let snapshot = state.engine.current();
    let eqf: HashMap<&str, Option<u8>> = snapshot
        .matcher
        .catalogue
        .courses()
        .iter()
        .map(|c| (c.id.as_str(), c.eqf_level))
        .collect();
    let mode = ranked[0]["mode"].as_str().unwrap().to_owned();
    let price = ranked[0]["score"]["net_price_minor"].as_u64().unwrap();
    let level = eqf[ranked[0]["course_id"].as_str().unwrap()];
    let mut filters: Vec<(String, Check<'_>)> = vec![
        (
            format!("mode={mode}"),
            Box::new(move |c: &Value| c["mode"] == mode.as_str()),
        ),
        (
            format!("max_price={price}"),
            Box::new(move |c: &Value| c["score"]["net_price_minor"].as_u64().unwrap() <= price),
        ),
    ];
    if let Some(level) = level {
        let eqf = eqf.clone();
        filters.push((
            format!("eqf={level}"),
            Box::new(move |c: &Value| eqf[c["course_id"].as_str().unwrap()] == Some(level)),
        ));
    }
    for (query, keep) in &filters {
        let a = get(&state, &ded5, &format!("{base}?top=50&{query}")).await;
        assert_eq!(a.status, StatusCode::OK, "{query}");
        let got = courses(&a);
        assert!(!got.is_empty(), "{query}: the first course passes");
        assert!(got.iter().all(keep), "{query}");
        assert_eq!(
            got[0]["course_id"], ranked[0]["course_id"],
            "{query}: the best that passes"
        );
    }
    let none = get(
        &state,
        &ded5,
        &format!("{base}?max_price=0&mode=online&eqf=8"),
    )
    .await;
    assert!(courses(&none).iter().all(|c| c["mode"] == "online"));

    for (query, field) in [("top=0", "top"), ("top=51", "top"), ("eqf=9", "eqf")] {
        let a = get(&state, &ded5, &format!("{base}?{query}")).await;
        assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{query}");
        assert_eq!(a.body["field"], field, "{query}");
    }
    let a = get(&state, &ded5, &format!("{base}?mode=by-post")).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    let other = token_for(&state, Role::Caseworker, Some("office-ded2"), None);
    assert_eq!(
        get(&state, &other, base).await.status,
        StatusCode::NOT_FOUND
    );
    let analyst = token_for(&state, Role::Analyst, None, None);
    assert_eq!(
        get(&state, &analyst, base).await.status,
        StatusCode::FORBIDDEN
    );
    assert!(
        audited(&state, "J-3000")
            .iter()
            .any(|r| r.action == "read_recommendations")
    );
}

#[actix_web::test]
async fn the_person_sees_their_gap_and_pathways() {
    let (_db, state) = sample_state();
    let me = token_for(&state, Role::Jobseeker, None, Some("J-3000"));
    let gap = get(&state, &me, "/api/v1/jobseekers/J-3000/gaps").await;
    assert_eq!(gap.status, StatusCode::OK, "{}", gap.body);
    assert_eq!(gap.body["jobseeker_id"], "J-3000");
    assert!(
        gap.body["gap"]["skills"]
            .as_array()
            .is_some_and(|s| !s.is_empty())
    );

    let p = get(&state, &me, "/api/v1/jobseekers/J-3000/pathways?top=2").await;
    assert_eq!(p.status, StatusCode::OK, "{}", p.body);
    let pathways = p.body["pathways"].as_array().unwrap();
    assert!(!pathways.is_empty() && pathways.len() <= 2);
    assert!(
        pathways[0]["occupation_uri"]
            .as_str()
            .unwrap()
            .contains("/occupation/")
    );

    let other = token_for(&state, Role::Jobseeker, None, Some("J-3001"));
    for uri in ["/gaps", "/pathways"] {
        let a = get(&state, &other, &format!("/api/v1/jobseekers/J-3000{uri}")).await;
        assert_eq!(a.status, StatusCode::NOT_FOUND, "{uri}");
    }
}
