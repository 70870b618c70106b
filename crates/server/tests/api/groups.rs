//! Group flags: only the caseworkers of the person's office read and record them; every read
//! and write is audited without the values; they never appear in the profile.

use actix_web::http::StatusCode;
use actix_web::test;
use serde_json::{Value, json};
use skillpath_server::AppState;
use skillpath_store::Role;

use crate::support::{Answer, audited, bearer, sample_state, send, token_for};

const URI: &str = "/api/v1/jobseekers/J-3000/groups";
const BASIS: &str = "SGB III section 45, consent 2026-11-02";

async fn get(state: &AppState, token: &str, uri: &str) -> Answer {
    send(state, bearer(test::TestRequest::get().uri(uri), token)).await
}

async fn put(state: &AppState, token: &str, body: Value) -> Answer {
    send(
        state,
        bearer(test::TestRequest::put().uri(URI).set_json(body), token),
    )
    .await
}

fn flags(disability: bool, basis: &str) -> Value {
    json!({"young": true, "long_term_unemployed": false, "minimum_income": false,
        "disability": disability, "low_qualified": false, "older_worker": false,
        "lawful_basis": basis})
}

#[actix_web::test]
async fn only_the_office_reads_and_records_group_flags_and_each_access_is_audited() {
    let (_db, state) = sample_state();
    let ded5 = token_for(&state, Role::Caseworker, Some("office-ded5"), None);
    let stored = state
        .store
        .jobseeker_groups("J-3000")
        .unwrap()
        .expect("sample flags");

    let a = get(&state, &ded5, URI).await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.body["groups"]["young"], stored.young);
    assert_eq!(
        a.body["groups"]["lawful_basis"],
        stored.lawful_basis.as_str()
    );

    let a = put(&state, &ded5, flags(true, BASIS)).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let now = state.store.jobseeker_groups("J-3000").unwrap().unwrap();
    assert!(now.disability && now.young);
    assert_eq!(now.lawful_basis, BASIS);

    let log = audited(&state, "J-3000");
    let rows: Vec<(&str, &str)> = log
        .iter()
        .map(|r| (r.action.as_str(), r.purpose.as_str()))
        .collect();
    assert_eq!(
        rows,
        [
            ("record_groups", "funding_eligibility"),
            ("read_groups", "funding_eligibility")
        ]
    );
    let text = format!("{log:?}");
    for value in ["disability", "young", "true", "SGB", BASIS] {
        assert!(
            !text.contains(value),
            "the audit log holds {value:?}: {text}"
        );
    }

    // The profile never carries them, for anyone.
    let me = token_for(&state, Role::Jobseeker, None, Some("J-3000"));
    for token in [&ded5, &me] {
        let p = get(&state, token, "/api/v1/jobseekers/J-3000").await;
        assert_eq!(p.status, StatusCode::OK);
        assert!(!p.body.to_string().contains("disability"));
    }
}

#[actix_web::test]
async fn others_are_refused_and_flags_need_a_lawful_basis() {
    let (_db, state) = sample_state();
    let ded5 = token_for(&state, Role::Caseworker, Some("office-ded5"), None);
    let ded2 = token_for(&state, Role::Caseworker, Some("office-ded2"), None);
    let before = state.store.jobseeker_groups("J-3000").unwrap();

    assert_eq!(get(&state, &ded2, URI).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        put(&state, &ded2, flags(true, BASIS)).await.status,
        StatusCode::NOT_FOUND
    );
    let me = token_for(&state, Role::Jobseeker, None, Some("J-3000"));
    let analyst = token_for(&state, Role::Analyst, None, None);
    let admin = token_for(&state, Role::Admin, None, None);
    for token in [&me, &analyst, &admin] {
        assert_eq!(get(&state, token, URI).await.status, StatusCode::FORBIDDEN);
        assert_eq!(
            put(&state, token, flags(false, BASIS)).await.status,
            StatusCode::FORBIDDEN
        );
    }

    let a = put(&state, &ded5, flags(true, "  ")).await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(a.body["field"], "lawful_basis");
    let mut extra = flags(false, BASIS);
    extra["religion"] = json!("x");
    let a = put(&state, &ded5, extra).await;
    assert_eq!(a.body["field"], "religion");
    let mut missing = flags(false, BASIS);
    missing.as_object_mut().unwrap().remove("disability");
    let a = put(&state, &ded5, missing).await;
    assert_eq!(a.body["field"], "disability");

    assert_eq!(state.store.jobseeker_groups("J-3000").unwrap(), before);
    assert!(
        audited(&state, "J-3000").is_empty(),
        "refused requests open nothing"
    );
}
