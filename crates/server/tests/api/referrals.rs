//! Referrals: the server decides whether one followed the suggestions; overrides need a
//! reason; repeats return the first referral and append no second event; the export carries
//! pseudonyms only.

use actix_web::http::StatusCode;
use actix_web::test;
use serde_json::{Value, json};
use skillpath_server::{AppState, PseudonymKey};
use skillpath_store::Role;

use crate::support::{Answer, bearer, sample_state, send, token_for};

const REFER: &str = "/api/v1/jobseekers/J-3000/referrals";
const REASON: &str = "Frau Beispiel starts work nearby in March";

async fn get(state: &AppState, token: &str, uri: &str) -> Answer {
    send(state, bearer(test::TestRequest::get().uri(uri), token)).await
}

async fn post(state: &AppState, token: &str, body: Value) -> Answer {
    send(
        state,
        bearer(test::TestRequest::post().uri(REFER).set_json(body), token),
    )
    .await
}

/// The course the matcher ranks first for J-3000 now, and one it does not suggest.
async fn suggested_and_not(state: &AppState, token: &str) -> (String, String) {
    let a = get(
        state,
        token,
        "/api/v1/jobseekers/J-3000/recommendations?top=10",
    )
    .await;
    let ranked: Vec<String> = a.body["ranked"]["courses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["course_id"].as_str().unwrap().to_owned())
        .collect();
    let snapshot = state.engine.current();
    let other = snapshot
        .matcher
        .catalogue
        .courses()
        .iter()
        .map(|c| c.id.clone())
        .find(|id| !ranked.contains(id))
        .expect("a course outside the suggestions");
    (ranked[0].clone(), other)
}

fn referred_events(state: &AppState) -> usize {
    state
        .store
        .outcomes_for_jobseeker("J-3000")
        .unwrap()
        .iter()
        .filter(|e| e.event.idempotency_key.starts_with("referral-"))
        .count()
}

#[actix_web::test]
async fn a_referral_records_whether_it_followed_the_suggestions_once() {
    let (_db, state) = sample_state();
    let ded5 = token_for(&state, Role::Caseworker, Some("office-ded5"), None);
    let (best, other) = suggested_and_not(&state, &ded5).await;

    let a = post(&state, &ded5, json!({"course_id": best})).await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
    assert_eq!(a.body["decision"], "followed");
    assert_eq!(a.body["suggested_rank"], 1);
    let id = a.body["id"].as_i64().unwrap();
    let again = post(&state, &ded5, json!({"course_id": best})).await;
    assert_eq!(again.status, StatusCode::OK, "a repeat returns the first");
    assert_eq!(again.body["id"], id);
    assert_eq!(referred_events(&state), 1);
    let event = state
        .store
        .outcome_by_key(&format!("referral-{id}"))
        .unwrap()
        .unwrap();
    assert_eq!(event.event.course_id.as_deref(), Some(best.as_str()));

    let a = post(&state, &ded5, json!({"course_id": other})).await;
    assert_eq!(
        a.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "an override needs a reason"
    );
    assert_eq!(a.body["field"], "reason");
    let a = post(&state, &ded5, json!({"course_id": other, "reason": "   "})).await;
    assert_eq!(a.body["field"], "reason");
    let a = post(&state, &ded5, json!({"course_id": other, "reason": REASON})).await;
    assert_eq!(a.status, StatusCode::CREATED);
    assert_eq!(a.body["decision"], "overridden");
    assert!(a.body["suggested_rank"].is_null());
    let a = post(
        &state,
        &ded5,
        json!({"course_id": other, "reason": "changed my mind"}),
    )
    .await;
    assert_eq!(a.status, StatusCode::CONFLICT);
    assert_eq!(referred_events(&state), 2);

    let a = post(&state, &ded5, json!({"course_id": "C-none"})).await;
    assert_eq!(a.body["field"], "course_id");
    let a = post(&state, &ded5, json!({"course_id": best, "followed": true})).await;
    assert_eq!(a.body["field"], "followed");

    // The person sees their history with outcomes; nobody else outside the office does.
    let me = token_for(&state, Role::Jobseeker, None, Some("J-3000"));
    let h = get(&state, &me, REFER).await;
    assert_eq!(h.status, StatusCode::OK);
    let list = h.body["referrals"].as_array().unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["course_id"], best.as_str());
    assert_eq!(list[0]["outcomes"][0]["kind"], "referred");
    assert_eq!(list[1]["reason"], REASON);
    let me_id = state.store.authenticate(&ded5).unwrap().unwrap().id;
    assert_eq!(list[0]["decided_by"], me_id);
}

#[actix_web::test]
async fn only_the_office_refers_and_analysts_get_a_pseudonymised_export() {
    let (_db, state) = sample_state();
    let ded5 = token_for(&state, Role::Caseworker, Some("office-ded5"), None);
    let ded2 = token_for(&state, Role::Caseworker, Some("office-ded2"), None);
    let me = token_for(&state, Role::Jobseeker, None, Some("J-3000"));
    let analyst = token_for(&state, Role::Analyst, None, None);
    let (best, other) = suggested_and_not(&state, &ded5).await;

    assert_eq!(
        post(&state, &ded2, json!({"course_id": best})).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get(&state, &ded2, REFER).await.status,
        StatusCode::NOT_FOUND
    );
    for token in [&me, &analyst] {
        let a = post(&state, token, json!({"course_id": best})).await;
        assert_eq!(a.status, StatusCode::FORBIDDEN);
    }
    assert_eq!(
        get(&state, &analyst, REFER).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(referred_events(&state), 0);
    post(&state, &ded5, json!({"course_id": best})).await;
    post(&state, &ded5, json!({"course_id": other, "reason": REASON})).await;

    let export = "/api/v1/exports/referrals.csv";
    let a = get(&state, &analyst, export).await;
    assert_eq!(a.status, StatusCode::CONFLICT);
    assert_eq!(a.body["code"], "export_key_not_configured");
    assert_eq!(
        get(&state, &ded5, export).await.status,
        StatusCode::FORBIDDEN
    );

    let key = PseudonymKey::new(&"k".repeat(32)).unwrap();
    let keyed = state.clone().with_pseudonym_key(key.clone());
    let app = test::init_service(skillpath_server::app(keyed)).await;
    let res = test::call_service(
        &app,
        bearer(test::TestRequest::get().uri(export), &analyst).to_request(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let body = String::from_utf8(test::read_body(res).await.to_vec()).unwrap();
    let lines: Vec<&str> = body.lines().collect();
    assert_eq!(
        lines[0],
        "referral_id,jobseeker_pseudonym,course_id,decided_at,decision,suggested_rank,enrolled,completed,employed"
    );
    assert_eq!(lines.len(), 3);
    let pseudonym = key.pseudonym("J-3000");
    assert!(
        lines[1].contains(&format!(",{pseudonym},{best},")),
        "{}",
        lines[1]
    );
    assert!(lines[1].contains(",followed,1,"));
    assert!(lines[2].contains(",overridden,,"));
    for personal in ["J-3000", "office-ded5", REASON, "Beispiel"] {
        assert!(!body.contains(personal), "the export holds {personal:?}");
    }
}
