//! Status lists and the one-valid-credential rule under load: concurrent issues for one
//! person and course give one 201 and 409s on SQLite and PostgreSQL; full lists open the
//! next one, each list is published, and a revocation sets its bit in its own list only.

use actix_web::http::StatusCode;
use chrono::Utc;
use serde_json::{Value, json};
use skillpath_credentials::{KeySet, StatusList, Trust};
use skillpath_engine::EngineOptions;
use skillpath_server::AppState;
use skillpath_store::testing::TestDb;

use super::*;
use crate::support::{load_sample, sample_day};

fn state_over(db: &TestDb) -> AppState {
    load_sample(db.store());
    let options = EngineOptions {
        as_of: Some(sample_day()),
        ..Default::default()
    };
    AppState::load(db.store().clone(), options)
        .unwrap()
        .with_credentials(issuer())
}

async fn concurrent_issues_give_one_201_and_409s(state: AppState) {
    let cw = caseworker(&state);
    complete(&state, &cw, "completed-race").await;
    let runs: Vec<_> = (0..6)
        .map(|_| {
            let (state, token) = (state.clone(), cw.clone());
            actix_web::rt::spawn(async move {
                post_json(
                    &state,
                    &token,
                    "/api/v1/credentials",
                    json!({"jobseeker_id": PERSON, "course_id": COURSE}),
                )
                .await
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for run in runs {
        let a = run.await.unwrap();
        if a.status == StatusCode::CONFLICT {
            assert_eq!(a.body["code"], "already_issued", "{}", a.body);
        }
        statuses.push(a.status);
    }
    let count = |s: StatusCode| statuses.iter().filter(|x| **x == s).count();
    assert_eq!(
        (count(StatusCode::CREATED), count(StatusCode::CONFLICT)),
        (1, 5),
        "{statuses:?}"
    );
    let held = state.store.credentials_for_jobseeker(PERSON).unwrap();
    assert_eq!(held.len(), 1, "{held:?}");
}

#[actix_web::test]
async fn concurrent_issues_for_one_course_give_one_credential_on_sqlite() {
    let db = TestDb::sqlite();
    concurrent_issues_give_one_201_and_409s(state_over(&db)).await;
}

#[actix_web::test]
async fn concurrent_issues_for_one_course_give_one_credential_on_postgres() {
    let Some(db) = TestDb::postgres() else {
        eprintln!("skipped: PostgreSQL is not available");
        return;
    };
    concurrent_issues_give_one_201_and_409s(state_over(&db)).await;
}

async fn list_of(state: &AppState, n: i64) -> StatusList {
    let (code, _, body) = fetch(state, &format!("/credentials/status/{n}")).await;
    assert_eq!(code, StatusCode::OK, "list {n}: {body}");
    let doc: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(doc["id"], format!("{PUBLIC}/credentials/status/{n}"));
    let list =
        StatusList::decode(doc["credentialSubject"]["encodedList"].as_str().unwrap()).unwrap();
    // What is published keeps the specification's minimum, whatever the allocation size.
    assert_eq!(list.len(), skillpath_credentials::status::MIN_ENTRIES);
    list
}

fn place(issued: &Value) -> (i64, usize) {
    let url = issued["open_badge"]["credentialStatus"]["statusListCredential"]
        .as_str()
        .unwrap();
    assert_eq!(issued["urls"]["status_list"], url);
    let list = url.rsplit('/').next().unwrap().parse().unwrap();
    let index = issued["open_badge"]["credentialStatus"]["statusListIndex"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    (list, index)
}

#[actix_web::test]
async fn a_full_list_opens_the_next_and_revocation_flips_the_right_bit_in_the_right_list() {
    let (_db, state) = sample_state();
    // Two positions per list, so that the third credential opens list 2.
    let state = state.with_credentials(issuer().with_list_entries(2));
    let cw = caseworker(&state);
    complete(&state, &cw, "completed-lists").await;
    let issue = || {
        let (state, cw) = (state.clone(), cw.clone());
        async move {
            let a = post_json(
                &state,
                &cw,
                "/api/v1/credentials",
                json!({"jobseeker_id": PERSON, "course_id": COURSE}),
            )
            .await;
            assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
            a.body
        }
    };
    let revoke = |id: Value| {
        let (state, cw) = (state.clone(), cw.clone());
        async move {
            let a = post_json(
                &state,
                &cw,
                &format!("/api/v1/credentials/{}/revoke", id.as_str().unwrap()),
                json!({}),
            )
            .await;
            assert_eq!(a.status, StatusCode::OK, "{}", a.body);
            a.body
        }
    };
    // Each is revoked before the next, as only one valid credential per course is allowed.
    let a = issue().await;
    revoke(a["id"].clone()).await;
    let b = issue().await;
    revoke(b["id"].clone()).await;
    let c = issue().await;
    let (pa, pb, pc) = (place(&a), place(&b), place(&c));
    assert_eq!((pa.0, pb.0, pc.0), (1, 1, 2), "{pa:?} {pb:?} {pc:?}");
    assert_ne!(pa.1, pb.1);
    assert!([pa.1, pb.1, pc.1].iter().all(|i| *i < 2));

    assert_eq!(
        fetch(&state, "/credentials/status/3").await.0,
        StatusCode::NOT_FOUND
    );
    for path in [
        "/credentials/status/0",
        "/credentials/status/01",
        "/credentials/status/x",
    ] {
        assert_eq!(fetch(&state, path).await.0, StatusCode::NOT_FOUND, "{path}");
    }
    let first = list_of(&state, 1).await;
    assert!(first.is_revoked(0).unwrap() && first.is_revoked(1).unwrap());
    let second = list_of(&state, 2).await;
    assert!(!second.is_revoked(0).unwrap() && !second.is_revoked(1).unwrap());

    // An outside verifier with both published lists: c is valid, then revoked.
    let (_, _, keys) = fetch(&state, "/credentials/keys").await;
    let outside = |lists: [&str; 2]| {
        let mut trust = Trust::new(KeySet::from_json(keys.as_bytes()).unwrap(), Utc::now());
        for l in lists {
            trust.add_status_list(l.as_bytes()).unwrap();
        }
        skillpath_credentials::verify(&bytes(&c["open_badge"]), &trust).reason
    };
    let (_, _, l1) = fetch(&state, "/credentials/status/1").await;
    let (_, _, l2) = fetch(&state, "/credentials/status/2").await;
    assert_eq!(outside([&l1, &l2]), skillpath_credentials::Reason::Valid);

    let answer = revoke(c["id"].clone()).await;
    assert_eq!(
        answer["status_list"],
        format!("{PUBLIC}/credentials/status/2")
    );
    assert_eq!(answer["status_index"], pc.1 as u64);
    let second = list_of(&state, 2).await;
    assert!(second.is_revoked(pc.1).unwrap());
    assert!(!second.is_revoked(1 - pc.1).unwrap(), "only c's bit");
    let (_, _, l2) = fetch(&state, "/credentials/status/2").await;
    assert_eq!(outside([&l1, &l2]), skillpath_credentials::Reason::Revoked);
    let v = post_document(
        &state,
        &cw,
        "/api/v1/credentials/verify",
        bytes(&c["open_badge"]),
    )
    .await;
    assert_eq!(v.body["reason"], "revoked", "{}", v.body);

    // The fourth takes list 2's other position.
    let d = issue().await;
    assert_eq!(place(&d), (2, 1 - pc.1));
}
