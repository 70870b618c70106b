use actix_web::http::StatusCode;
use chrono::Utc;
use serde_json::{Value, json};
use skillpath_credentials::{
    IssueRequest, IssuerProfile, KeySet, Learner, Signer, StatusList, Trust,
};
use skillpath_store::Role;

use super::*;
use crate::support::token_for;

fn gap_uris(body: &Value) -> Vec<String> {
    body["gap"]["skills"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["uri"].as_str().unwrap().to_owned())
        .collect()
}

#[actix_web::test]
async fn an_issued_credential_verifies_imports_as_evidence_and_closes_the_gap() {
    let (_db, state) = issuing_state();
    let cw = caseworker(&state);
    let me = jobseeker(&state);
    let profile = format!("/api/v1/jobseekers/{PERSON}");
    let put = |uri: String, body: Value| {
        let token = cw.clone();
        let state = state.clone();
        async move {
            let req = actix_web::test::TestRequest::put().uri(&uri).set_json(body);
            let a = send(&state, bearer(req, &token)).await;
            assert_eq!(a.status, StatusCode::OK, "{}", a.body);
        }
    };
    put(format!("{profile}/skills"), json!({"skills": []})).await;
    put(
        format!("{profile}/targets"),
        json!({"target_occupations": [OCCUPATION]}),
    )
    .await;
    let before = get(&state, &me, &format!("{profile}/gaps")).await;
    assert!(
        gap_uris(&before.body).contains(&ELECTRICITY.to_owned()),
        "{}",
        before.body
    );

    // Not before the course is completed.
    let early = post_json(
        &state,
        &cw,
        "/api/v1/credentials",
        json!({"jobseeker_id": PERSON, "course_id": COURSE}),
    )
    .await;
    assert_eq!(early.status, StatusCode::CONFLICT, "{}", early.body);
    assert_eq!(early.body["code"], "not_completed");

    let issued = issued(&state).await;
    let id = issued["id"].as_str().unwrap();
    assert_eq!(issued["urls"]["page"], format!("{PUBLIC}/credentials/{id}"));
    let status = &issued["open_badge"]["credentialStatus"];
    assert_eq!(
        status["statusListCredential"],
        format!("{PUBLIC}/credentials/status/1")
    );
    assert_eq!(
        status["statusListCredential"],
        issued["urls"]["status_list"]
    );
    assert_eq!(issued["elm"]["id"], issued["open_badge"]["id"]);

    // The funnel records the issue, and a second issue is refused while the first is valid.
    let events = get(&state, &cw, &format!("{profile}/outcomes")).await;
    let kinds: Vec<&str> = events.body["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"credential_issued"), "{kinds:?}");
    let again = post_json(
        &state,
        &cw,
        "/api/v1/credentials",
        json!({"jobseeker_id": PERSON, "course_id": COURSE}),
    )
    .await;
    assert_eq!(again.body["code"], "already_issued", "{}", again.body);

    for doc in ["open_badge", "elm"] {
        let v = post_document(
            &state,
            &me,
            "/api/v1/credentials/verify",
            bytes(&issued[doc]),
        )
        .await;
        assert_eq!(v.status, StatusCode::OK);
        assert_eq!(v.body["reason"], "valid", "{doc}: {}", v.body);
        assert_eq!(v.body["key_id"], KEY);
    }

    let imported = post_document(
        &state,
        &me,
        &format!("{profile}/credentials"),
        bytes(&issued["open_badge"]),
    )
    .await;
    assert_eq!(imported.status, StatusCode::OK, "{}", imported.body);
    assert_eq!(imported.body["verified"], true);
    assert_eq!(imported.body["counted_as"], "credential");
    let electricity = imported.body["skills"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["uri"] == ELECTRICITY)
        .unwrap();
    assert_eq!(electricity["change"], "added");
    assert!(
        skills(&state, &me)
            .await
            .contains(&(ELECTRICITY.into(), "credential".into()))
    );

    let after = get(&state, &me, &format!("{profile}/gaps")).await;
    assert!(
        !gap_uris(&after.body).contains(&ELECTRICITY.to_owned()),
        "{}",
        after.body
    );

    // Importing it again changes nothing.
    let twice = post_document(
        &state,
        &me,
        &format!("{profile}/credentials"),
        bytes(&issued["open_badge"]),
    )
    .await;
    assert!(
        twice.body["skills"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["change"] == "unchanged")
    );

    // The public URLs serve what was signed, and a verifier outside checks it with only
    // the published key set and status list.
    let (code, ctype, ob3) = fetch(&state, &format!("/credentials/{id}/ob3")).await;
    assert_eq!(
        (code, ctype.as_str()),
        (StatusCode::OK, "application/ld+json")
    );
    assert_eq!(
        serde_json::from_str::<Value>(&ob3).unwrap(),
        issued["open_badge"]
    );
    let (_, _, elm) = fetch(&state, &format!("/credentials/{id}/elm")).await;
    assert_eq!(serde_json::from_str::<Value>(&elm).unwrap(), issued["elm"]);
    let (_, _, keys) = fetch(&state, "/credentials/keys").await;
    let (code, _, list) = fetch(&state, "/credentials/status/1").await;
    assert_eq!(code, StatusCode::OK);
    let mut outside = Trust::new(KeySet::from_json(keys.as_bytes()).unwrap(), Utc::now());
    outside.add_status_list(list.as_bytes()).unwrap();
    assert!(skillpath_credentials::verify(ob3.as_bytes(), &outside).is_valid());

    let (code, ctype, html) = fetch(&state, &format!("/credentials/{id}")).await;
    assert_eq!(code, StatusCode::OK);
    assert!(ctype.starts_with("text/html"));
    assert!(html.contains("<html lang=\"en\""), "{html}");
    for element in [
        "Learner",
        "Awarding body",
        "Open Skills Academy",
        "Level (EQF)",
        "practical test",
        "ISO 29993",
        "Install electricity sockets",
        "Valid:",
    ] {
        assert!(html.contains(element), "{element} missing from the page");
    }
}

#[actix_web::test]
async fn a_revoked_credential_is_revoked_for_every_verifier() {
    let (_db, state) = issuing_state();
    let issued = issued(&state).await;
    let id = issued["id"].as_str().unwrap();
    let revoke = format!("/api/v1/credentials/{id}/revoke");

    let elsewhere = token_for(&state, Role::Caseworker, Some("office-ded2"), None);
    let a = post_json(&state, &elsewhere, &revoke, json!({})).await;
    assert_eq!(
        a.status,
        StatusCode::NOT_FOUND,
        "another office's caseworker: {}",
        a.body
    );
    let a = post_json(&state, &jobseeker(&state), &revoke, json!({})).await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
    let admin = token_for(&state, Role::Admin, None, None);
    let a = post_json(&state, &admin, &revoke, json!({})).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert_eq!(a.body["revoked"], true);

    let v = post_document(
        &state,
        &admin,
        "/api/v1/credentials/verify",
        bytes(&issued["open_badge"]),
    )
    .await;
    assert_eq!(v.body["reason"], "revoked", "{}", v.body);
    let (_, _, list) = fetch(&state, "/credentials/status/1").await;
    let list: Value = serde_json::from_str(&list).unwrap();
    let bits =
        StatusList::decode(list["credentialSubject"]["encodedList"].as_str().unwrap()).unwrap();
    let index = issued["status_index"].as_u64().unwrap() as usize;
    assert!(bits.is_revoked(index).unwrap());
    // Positions are drawn at random: the neighbour may lie on either side.
    let neighbour = if index == 0 { 1 } else { index - 1 };
    assert!(!bits.is_revoked(neighbour).unwrap());

    let imported = post_document(
        &state,
        &jobseeker(&state),
        &format!("/api/v1/jobseekers/{PERSON}/credentials"),
        bytes(&issued["open_badge"]),
    )
    .await;
    assert_eq!(imported.body["reason"], "revoked");
    assert_eq!(imported.body["counted_as"], "declared");
    let (_, _, html) = fetch(&state, &format!("/credentials/{id}")).await;
    assert!(html.contains("Not valid (revoked)"), "{html}");

    // A new credential may be issued once the old one is revoked.
    let cw = caseworker(&state);
    let a = post_json(
        &state,
        &cw,
        "/api/v1/credentials",
        json!({"jobseeker_id": PERSON, "course_id": COURSE}),
    )
    .await;
    assert_ne!(a.body["code"], "already_issued", "{}", a.body);
}

#[actix_web::test]
async fn tampered_and_foreign_credentials_are_told_apart_and_count_as_declared() {
    let (_db, state) = issuing_state();
    let issued = issued(&state).await;
    let me = jobseeker(&state);
    let mut tampered = issued["open_badge"].clone();
    tampered["credentialSubject"]["achievement"]["eqfLevel"] =
        json!("http://data.europa.eu/snb/eqf/7");
    let v = post_document(&state, &me, "/api/v1/credentials/verify", bytes(&tampered)).await;
    assert_eq!(v.body["reason"], "tampered", "{}", v.body);

    // Signed properly, by an issuer this service does not trust.
    let course = state.store.course(COURSE).unwrap().unwrap().course;
    let other = Signer::from_bytes("did:web:other.example#k", [9; 32]).unwrap();
    let foreign = skillpath_credentials::issue(
        &IssueRequest {
            course: &course,
            learner: Learner {
                id: "urn:x:1".into(),
                name: None,
            },
            issuer: IssuerProfile {
                id: "did:web:other.example".into(),
                name: "Other".into(),
                url: None,
            },
            issued: Utc::now(),
            valid_until: None,
            skill_labels: Default::default(),
            status: None,
        },
        &other,
    )
    .unwrap();
    let v = post_document(
        &state,
        &me,
        "/api/v1/credentials/verify",
        bytes(&foreign.open_badge),
    )
    .await;
    assert_eq!(v.body["reason"], "unknown_issuer", "{}", v.body);

    let profile = format!("/api/v1/jobseekers/{PERSON}/credentials");
    for doc in [&tampered, &foreign.open_badge] {
        let a = post_document(&state, &me, &profile, bytes(doc)).await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.body);
        assert_eq!(a.body["verified"], false);
        assert_eq!(a.body["counted_as"], "declared");
    }
    let held = skills(&state, &me).await;
    assert!(
        held.iter()
            .any(|(u, s)| u == ELECTRICITY && s != "credential"),
        "{held:?}"
    );
}
