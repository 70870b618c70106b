//! The published credential names no one: the documents and the public page carry a salted
//! hash of the learner's id, never the id; the salt goes to the caseworker and stays with
//! the record; and a verifier shown the id and salt can check whose credential it is.

use actix_web::http::StatusCode;
use serde_json::json;
use skillpath_credentials::identity::identity_hash;

use super::*;

#[actix_web::test]
async fn documents_and_page_carry_a_salted_hash_never_the_learners_id() {
    let (_db, state) = issuing_state();
    let issued = issued(&state).await;
    let id = issued["id"].as_str().unwrap();
    let salt = issued["learner_salt"]
        .as_str()
        .expect("the salt is handed over");
    assert_eq!(salt.len(), 32);

    let identity = &issued["open_badge"]["credentialSubject"]["identifier"][0];
    assert_eq!(identity["hashed"], true);
    assert_eq!(identity["identityHash"], identity_hash(PERSON, salt));
    assert!(
        issued["open_badge"]["credentialSubject"]
            .get("id")
            .is_none()
    );
    assert_eq!(
        issued["elm"]["credentialSubject"]["identifier"]["notation"],
        identity["identityHash"]
    );
    for uri in [
        format!("/credentials/{id}"),
        format!("/credentials/{id}/ob3"),
        format!("/credentials/{id}/elm"),
    ] {
        let (code, _, body) = fetch(&state, &uri).await;
        assert_eq!(code, StatusCode::OK, "{uri}");
        assert!(!body.contains(PERSON), "{uri} names the learner: {body}");
        assert!(!body.contains(salt), "{uri} publishes the salt");
    }
    let (_, _, page) = fetch(&state, &format!("/credentials/{id}")).await;
    assert!(page.contains("identified by a salted hash"), "{page}");

    // The record keeps the salt, so the caseworker can look it up again later.
    let stored = state.store.credential(id).unwrap().unwrap();
    assert_eq!(stored.learner_salt.as_deref(), Some(salt));
}

#[actix_web::test]
async fn verify_checks_the_learner_when_given_id_and_salt() {
    let (_db, state) = issuing_state();
    let issued = issued(&state).await;
    let salt = issued["learner_salt"].as_str().unwrap().to_owned();
    let me = jobseeker(&state);
    let doc = bytes(&issued["open_badge"]);
    let verify = |query: String| {
        let (state, me, doc) = (state.clone(), me.clone(), doc.clone());
        async move {
            post_document(
                &state,
                &me,
                &format!("/api/v1/credentials/verify{query}"),
                doc,
            )
            .await
        }
    };
    let a = verify(format!("?learner_id={PERSON}&learner_salt={salt}")).await;
    assert_eq!(a.body["reason"], "valid", "{}", a.body);
    for query in [
        format!("?learner_id=J-3001&learner_salt={salt}"),
        format!("?learner_id={PERSON}&learner_salt=00{}", &salt[2..]),
        format!("?learner_id={PERSON}"),
    ] {
        let a = verify(query.clone()).await;
        assert_eq!(a.status, StatusCode::OK);
        assert_eq!(a.body["valid"], false, "{query}");
        assert_eq!(a.body["reason"], "learner_mismatch", "{query}: {}", a.body);
    }
    let elm = post_document(
        &state,
        &me,
        &format!("/api/v1/credentials/verify?learner_id={PERSON}&learner_salt={salt}"),
        bytes(&issued["elm"]),
    )
    .await;
    assert_eq!(elm.body["reason"], "valid", "{}", elm.body);

    for (query, status, field) in [
        (
            format!("?learner_salt={salt}"),
            StatusCode::UNPROCESSABLE_ENTITY,
            "learner_id",
        ),
        (
            "?learner_id=".to_owned(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "learner_id",
        ),
        (
            format!("?learner_id={PERSON}&colour=red"),
            StatusCode::BAD_REQUEST,
            "colour",
        ),
    ] {
        let a = verify(query.clone()).await;
        assert_eq!(a.status, status, "{query}: {}", a.body);
        assert!(
            a.body.to_string().contains(field),
            "{query} names {field}: {}",
            a.body
        );
    }
}

#[actix_web::test]
async fn ids_are_random_not_derived_from_who_and_when() {
    let (_db, state) = issuing_state();
    let first = issued(&state).await;
    let cw = caseworker(&state);
    let id = first["id"].as_str().unwrap();
    let a = post_json(
        &state,
        &cw,
        &format!("/api/v1/credentials/{id}/revoke"),
        json!({}),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    // The same person, course and (very likely) second: a new, unrelated id and salt.
    let second = post_json(
        &state,
        &cw,
        "/api/v1/credentials",
        json!({"jobseeker_id": PERSON, "course_id": COURSE}),
    )
    .await;
    assert_eq!(second.status, StatusCode::CREATED, "{}", second.body);
    assert_ne!(second.body["id"], first["id"]);
    assert_ne!(second.body["learner_salt"], first["learner_salt"]);
    let uuid = second.body["credential_id"].as_str().unwrap();
    assert!(
        uuid.starts_with("urn:uuid:") && uuid.as_bytes()[23] == b'4',
        "a version 4 UUID: {uuid}"
    );
}
