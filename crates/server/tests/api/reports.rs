//! Analysts' reports over HTTP: disclosure control on what they get, everyone else refused,
//! and a bad grouping named in the answer.

use actix_web::http::StatusCode;
use actix_web::test;
use chrono::{TimeZone, Utc};
use skillpath_domain::outcome::{EventKind, OutcomeEvent};
use skillpath_store::{OnConflict, Role};

use crate::support::{bearer, sample_state, send, token};

fn recommended(person: &str) -> OutcomeEvent {
    OutcomeEvent {
        idempotency_key: format!("rec-{person}"),
        kind: EventKind::Recommended,
        jobseeker_id: person.into(),
        course_id: Some("C-1".into()),
        occurred_at: Utc.with_ymd_and_hms(2026, 6, 1, 9, 0, 0).unwrap(),
        occupation_uri: None,
        contract_type: None,
        employment_start: None,
    }
}

/// Three sample people (region DED5, a cell under 10) and 143 people with no profile.
fn seed(store: &skillpath_store::Store) {
    let mut events: Vec<OutcomeEvent> = ["J-3000", "J-3003", "J-3006"]
        .into_iter()
        .map(recommended)
        .collect();
    events.extend((0..143).map(|i| recommended(&format!("X-{i:03}"))));
    let summary = store.append_outcomes(&events, OnConflict::Abort).unwrap();
    assert_eq!(summary.created, 146);
}

#[actix_web::test]
async fn analysts_get_small_cells_suppressed_and_the_rest_rounded() {
    let (_db, state) = sample_state();
    seed(&state.store);
    let analyst = token(&state, Role::Analyst);
    let req = test::TestRequest::get().uri("/api/v1/reports/uptake?by=region&format=json");
    let a = send(&state, bearer(req, &analyst)).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let rows = a.body["rows"].as_array().unwrap();
    let row = |key: &str| {
        rows.iter()
            .find(|r| r["keys"][0] == key)
            .unwrap_or_else(|| panic!("no row {key}: {}", a.body))
    };
    assert_eq!(row("DED5")["counts"][0], "suppressed");
    // Unknown alone would give DED5 back from the total, so it is withheld too.
    assert_eq!(row("unknown")["counts"][0], "suppressed");
    assert_eq!(row("Total")["counts"][0], 145, "146 rounded to 5");

    let req = test::TestRequest::get().uri("/api/v1/reports/uptake?by=region&format=csv");
    let app = test::init_service(skillpath_server::app(state.clone())).await;
    let res = test::call_service(&app, bearer(req, &analyst).to_request()).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        res.headers()
            .get("content-type")
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let body = String::from_utf8(test::read_body(res).await.to_vec()).unwrap();
    let lines: Vec<&str> = body.lines().collect();
    assert!(
        lines[0].starts_with("region,recommended,referred"),
        "{body}"
    );
    assert!(lines.iter().any(|l| l.starts_with("DED5,suppressed,")));
    assert!(lines.iter().any(|l| l.starts_with("Total,145,")));
}

#[actix_web::test]
async fn only_analysts_may_read_reports() {
    let (_db, state) = sample_state();
    seed(&state.store);
    for role in [Role::Caseworker, Role::Jobseeker, Role::Admin] {
        let t = token(&state, role);
        let req = test::TestRequest::get().uri("/api/v1/reports/uptake?by=region");
        let a = send(&state, bearer(req, &t)).await;
        assert_eq!(a.status, StatusCode::FORBIDDEN, "{role:?}: {}", a.body);
    }
}

#[actix_web::test]
async fn a_bad_grouping_or_date_is_a_422_naming_the_parameter() {
    let (_db, state) = sample_state();
    let analyst = token(&state, Role::Analyst);
    let req = test::TestRequest::get().uri("/api/v1/reports/uptake?by=region,shoe_size");
    let a = send(&state, bearer(req, &analyst)).await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", a.body);
    assert_eq!(a.body["field"], "by", "{}", a.body);
    assert!(a.body["detail"].as_str().unwrap().contains("shoe_size"));

    let req = test::TestRequest::get().uri("/api/v1/reports/uptake?from=2026-13-01");
    let a = send(&state, bearer(req, &analyst)).await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", a.body);
    assert_eq!(a.body["field"], "from");

    let req = test::TestRequest::get().uri("/api/v1/reports/nonsense");
    let a = send(&state, bearer(req, &analyst)).await;
    assert_eq!(a.status, StatusCode::NOT_FOUND, "{}", a.body);
}

/// The body of a report as the server streams it.
async fn body_of(state: &skillpath_server::AppState, uri: &str, analyst: &str) -> Vec<u8> {
    let app = test::init_service(skillpath_server::app(state.clone())).await;
    let req = bearer(test::TestRequest::get().uri(uri), analyst);
    let res = test::call_service(&app, req.to_request()).await;
    assert_eq!(res.status(), StatusCode::OK, "{uri}");
    test::read_body(res).await.to_vec()
}

/// 6,000 people without a profile over 2,000 courses and four quarters: a report by
/// course × period × region of 20,010 rows (the region unknown, and its total), over a
/// megabyte of body, more than the stream holds in flight, so the writer waits on the client many times.
#[actix_web::test]
async fn a_large_report_streams_the_same_bytes_as_the_report_built_whole() {
    let (_db, state) = sample_state();
    let events: Vec<OutcomeEvent> = (0..6000)
        .map(|i| OutcomeEvent {
            idempotency_key: format!("big-{i}"),
            course_id: Some(format!("C-{:04}", i % 2000)),
            occurred_at: Utc
                .with_ymd_and_hms(2026, 1 + 3 * (i % 4), 15, 9, 0, 0)
                .unwrap(),
            ..recommended(&format!("X-{i:04}"))
        })
        .collect();
    state
        .store
        .append_outcomes(&events, OnConflict::Abort)
        .unwrap();
    let analyst = token(&state, Role::Analyst);
    for (name, by) in [("uptake", Some("course,period,region")), ("fairness", None)] {
        let query =
            skillpath_engine::reports::Query::parse(name, by, None, None).expect("a good query");
        let whole = skillpath_engine::reports::run(
            &state.store,
            &query,
            &skillpath_report::sdc::Policy::default(),
        )
        .unwrap();
        let by = by.map_or(String::new(), |b| format!("by={b}&"));

        let mut want = Vec::new();
        whole.write_csv(&mut want).unwrap();
        let got = body_of(
            &state,
            &format!("/api/v1/reports/{name}?{by}format=csv"),
            &analyst,
        )
        .await;
        assert!(got == want, "{name}: the streamed CSV differs");

        let want = serde_json::to_vec(&whole).unwrap();
        let got = body_of(
            &state,
            &format!("/api/v1/reports/{name}?{by}format=json"),
            &analyst,
        )
        .await;
        assert!(got == want, "{name}: the streamed JSON differs");
        if name == "uptake" {
            let rows = String::from_utf8(want).unwrap();
            let json: serde_json::Value = serde_json::from_str(&rows).unwrap();
            assert_eq!(json["rows"].as_array().unwrap().len(), 2001 * 5 * 2);
            assert!(rows.len() > 1 << 20, "{} bytes only", rows.len());
        }
    }
}
