use actix_web::http::StatusCode;
use serde_json::json;
use skillpath_store::Role;

use super::*;
use crate::support::token_for;

fn import_uri() -> String {
    format!("/api/v1/jobseekers/{PERSON}/credentials")
}

#[actix_web::test]
async fn documents_that_are_not_credentials_are_refused_naming_the_fault_and_nothing_is_stored() {
    let (_db, state) = issuing_state();
    let issued = issued(&state).await;
    let me = jobseeker(&state);
    let held = skills(&state, &me).await;

    let oversized = vec![b' '; skillpath_credentials::MAX_DOCUMENT_BYTES + 1];
    let a = post_document(&state, &me, &import_uri(), oversized.clone()).await;
    assert_eq!(a.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", a.body);
    let a = post_document(&state, &me, "/api/v1/credentials/verify", oversized).await;
    assert_eq!(a.status, StatusCode::PAYLOAD_TOO_LARGE);

    let a = post_document(&state, &me, &import_uri(), b"{\"@context\": [".to_vec()).await;
    assert_eq!(
        (a.status, a.body["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("malformed_json"))
    );
    let v = post_document(
        &state,
        &me,
        "/api/v1/credentials/verify",
        b"{\"@context\": [".to_vec(),
    )
    .await;
    assert_eq!(v.body["reason"], "malformed", "{}", v.body);

    let req = actix_web::test::TestRequest::post()
        .uri(&import_uri())
        .insert_header(("content-type", "text/plain"))
        .set_payload(bytes(&issued["open_badge"]));
    assert_eq!(
        send(&state, bearer(req, &me)).await.status,
        StatusCode::UNSUPPORTED_MEDIA_TYPE
    );

    let mut unknown = issued["open_badge"].clone();
    unknown["@context"] = json!(["https://example.org/made-up/v1"]);
    let a = post_document(&state, &me, &import_uri(), bytes(&unknown)).await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", a.body);
    assert_eq!(a.body["code"], "unknown_context");
    assert_eq!(a.body["field"], "@context");

    let mut nameless = issued["open_badge"].clone();
    nameless["credentialSubject"]["achievement"]
        .as_object_mut()
        .unwrap()
        .remove("name");
    let a = post_document(&state, &me, &import_uri(), bytes(&nameless)).await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", a.body);
    assert_eq!(a.body["code"], "missing_element");
    assert_eq!(a.body["field"], "credentialSubject.achievement.name");

    let mut issuerless = issued["elm"].clone();
    issuerless.as_object_mut().unwrap().remove("issuer");
    let a = post_document(&state, &me, &import_uri(), bytes(&issuerless)).await;
    assert_eq!(a.body["field"], "issuer", "{}", a.body);

    assert_eq!(
        skills(&state, &me).await,
        held,
        "a refused document changed the profile"
    );
}

#[actix_web::test]
async fn only_the_person_and_their_caseworkers_import_and_only_caseworkers_and_admins_issue() {
    let (_db, state) = issuing_state();
    let issued = issued(&state).await;
    let doc = bytes(&issued["open_badge"]);
    let analyst = token_for(&state, Role::Analyst, None, None);
    let a = post_document(&state, &analyst, &import_uri(), doc.clone()).await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
    let elsewhere = token_for(&state, Role::Caseworker, Some("office-ded2"), None);
    let a = post_document(&state, &elsewhere, &import_uri(), doc.clone()).await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    let someone_else = token_for(&state, Role::Jobseeker, None, Some("J-3001"));
    let a = post_document(&state, &someone_else, &import_uri(), doc.clone()).await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    let a = post_document(&state, &caseworker(&state), &import_uri(), doc).await;
    assert_eq!(a.status, StatusCode::OK, "their caseworker: {}", a.body);

    let body = json!({"jobseeker_id": PERSON, "course_id": COURSE});
    let a = post_json(
        &state,
        &jobseeker(&state),
        "/api/v1/credentials",
        body.clone(),
    )
    .await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
    let a = post_json(&state, &elsewhere, "/api/v1/credentials", body).await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    let a = post_json(
        &state,
        &caseworker(&state),
        "/api/v1/credentials",
        json!({"jobseeker_id": PERSON, "course_id": "no-such-course"}),
    )
    .await;
    assert_eq!(
        (a.status, a.body["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("course_id"))
    );
    let a = post_json(
        &state,
        &caseworker(&state),
        "/api/v1/credentials",
        json!({"jobseeker_id": PERSON, "course": COURSE}),
    )
    .await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", a.body);
}

#[actix_web::test]
async fn without_an_issuer_nothing_is_issued_and_imports_count_as_declared() {
    let (_db, signing) = issuing_state();
    let issued = issued(&signing).await;
    let (_db2, state) = sample_state();
    let cw = caseworker(&state);
    complete(&state, &cw, "completed-no-issuer").await;
    let a = post_json(
        &state,
        &cw,
        "/api/v1/credentials",
        json!({"jobseeker_id": PERSON, "course_id": COURSE}),
    )
    .await;
    assert_eq!(a.status, StatusCode::CONFLICT, "{}", a.body);
    assert_eq!(a.body["code"], "credentials_not_configured");
    assert_eq!(a.ctype, "application/problem+json");

    let v = post_document(
        &state,
        &cw,
        "/api/v1/credentials/verify",
        bytes(&issued["open_badge"]),
    )
    .await;
    assert_eq!(v.body["reason"], "unknown_issuer", "{}", v.body);
    let a = post_document(&state, &cw, &import_uri(), bytes(&issued["open_badge"])).await;
    assert_eq!(a.body["counted_as"], "declared", "{}", a.body);

    for uri in ["/credentials/keys", "/credentials/status/1"] {
        assert_eq!(fetch(&state, uri).await.0, StatusCode::NOT_FOUND, "{uri}");
    }
}

#[actix_web::test]
async fn public_addresses_of_unknown_credentials_are_not_found() {
    let (_db, state) = issuing_state();
    for uri in [
        "/credentials/0000-none",
        "/credentials/0000-none/ob3",
        "/credentials/0000-none/elm",
        "/credentials/status/2",
    ] {
        assert_eq!(fetch(&state, uri).await.0, StatusCode::NOT_FOUND, "{uri}");
    }
    let (_, ctype, html) = fetch(&state, "/credentials/0000-none").await;
    assert!(
        ctype.starts_with("text/html") && html.contains("lang=\"en\""),
        "{html}"
    );
}
