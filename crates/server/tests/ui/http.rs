//! The pages' rules without a browser (these run everywhere): the session cookie's flags,
//! role and office checks, CSRF, and the audit row of a page that opens a person's record.

use actix_web::http::StatusCode;
use actix_web::test;
use skillpath_server::app;
use skillpath_store::{AuditQuery, NewUser, Role};

use crate::support;

fn account(
    state: &skillpath_server::AppState,
    role: Role,
    office: Option<&str>,
    person: Option<&str>,
) -> String {
    let new = NewUser {
        role,
        office: office.map(Into::into),
        jobseeker_id: person.map(Into::into),
    };
    let (_, token) = state.store.create_user(&new).expect("account created");
    token.expose().to_owned()
}

fn cookie(token: &str) -> (&'static str, String) {
    ("cookie", format!("skillpath_session={token}"))
}

#[actix_web::test]
async fn signing_in_sets_a_strict_http_only_cookie_and_a_bad_token_is_refused() {
    let (_db, state) = support::sample_state();
    let token = account(&state, Role::Analyst, None, None);
    let svc = test::init_service(app(state.clone())).await;

    let req = test::TestRequest::post()
        .uri("/ui/signin")
        .set_form([("token", token.as_str())])
        .to_request();
    let res = test::call_service(&svc, req).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let set = res
        .headers()
        .get("set-cookie")
        .expect("a cookie")
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        set.starts_with(&format!("skillpath_session={token}")),
        "{set}"
    );
    assert!(
        set.contains("HttpOnly") && set.contains("SameSite=Strict"),
        "{set}"
    );
    assert!(
        !set.contains("Secure"),
        "plain HTTP cannot carry a Secure cookie: {set}"
    );

    let req = test::TestRequest::post()
        .uri("/ui/signin")
        .set_form([("token", "not-a-token")])
        .to_request();
    let res = test::call_service(&svc, req).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert!(res.headers().get("set-cookie").is_none());

    // Without a session every page sends the visitor to sign in.
    let req = test::TestRequest::get().uri("/ui/analyst").to_request();
    let res = test::call_service(&svc, req).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers().get("location").unwrap(), "/ui/signin");
}

#[actix_web::test]
async fn pages_check_role_and_office_and_audit_what_they_open() {
    let (_db, state) = support::sample_state();
    let caseworker = account(&state, Role::Caseworker, Some("office-ded2"), None);
    let jobseeker = account(&state, Role::Jobseeker, None, Some("J-3000"));
    let svc = test::init_service(app(state.clone())).await;
    let get = |uri: &str, token: &str| {
        test::TestRequest::get()
            .uri(uri)
            .insert_header(cookie(token))
            .to_request()
    };

    let res = test::call_service(&svc, get("/ui/caseworker/jobseekers/J-3001", &caseworker)).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        res.headers()
            .get("content-type")
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let body = String::from_utf8(test::read_body(res).await.to_vec()).unwrap();
    assert!(
        body.contains("<h1>Jobseeker J-3001</h1>") && body.contains("Why: "),
        "{body}"
    );
    assert_eq!(body.matches("<h1").count(), 1);

    // Another office's jobseeker and a missing one answer alike.
    for uri in [
        "/ui/caseworker/jobseekers/J-3000",
        "/ui/caseworker/jobseekers/J-9999",
    ] {
        let res = test::call_service(&svc, get(uri, &caseworker)).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{uri}");
    }
    let res = test::call_service(&svc, get("/ui/caseworker/jobseekers/J-3000", &jobseeker)).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = test::call_service(&svc, get("/ui/analyst/uptake.csv", &jobseeker)).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    let log = state
        .store
        .audit_log(&AuditQuery {
            limit: 100,
            ..Default::default()
        })
        .unwrap();
    let opened: Vec<_> = log.iter().filter_map(|r| r.subject.as_deref()).collect();
    assert_eq!(opened, ["J-3001"], "only the record shown is logged");

    // The UI is not in the API's OpenAPI document.
    let res = test::call_service(
        &svc,
        test::TestRequest::get()
            .uri("/api/v1/openapi.json")
            .to_request(),
    )
    .await;
    let doc: serde_json::Value = test::read_body_json(res).await;
    let paths = doc["paths"].as_object().expect("paths");
    assert!(
        paths.keys().all(|p| !p.contains("/ui")),
        "{:?}",
        paths.keys()
    );
}

#[actix_web::test]
async fn interest_needs_the_session_csrf_token_and_is_stored_once() {
    let (_db, state) = support::sample_state();
    let token = account(&state, Role::Jobseeker, None, Some("J-3000"));
    let svc = test::init_service(app(state.clone())).await;
    let course = state.engine.current().matcher.catalogue.courses()[0]
        .id
        .clone();
    let post = |csrf: &str| {
        test::TestRequest::post()
            .uri("/ui/me/interest")
            .insert_header(cookie(&token))
            .set_form([("csrf", csrf), ("course_id", course.as_str())])
            .to_request()
    };
    let res = test::call_service(&svc, post("forged")).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(
        state
            .store
            .outcomes_for_jobseeker("J-3000")
            .unwrap()
            .is_empty()
    );

    // The page embeds the session's CSRF token in its forms.
    let req = test::TestRequest::get()
        .uri("/ui/me")
        .insert_header(cookie(&token))
        .to_request();
    let body = String::from_utf8(test::call_and_read_body(&svc, req).await.to_vec()).unwrap();
    let csrf = body
        .split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a csrf field")
        .to_owned();
    for _ in 0..2 {
        let res = test::call_service(&svc, post(&csrf)).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
    }
    let events = state.store.outcomes_for_jobseeker("J-3000").unwrap();
    assert_eq!(events.len(), 1, "a repeated click stores one event");
    assert_eq!(events[0].event.course_id.as_deref(), Some(course.as_str()));

    let res = test::call_service(
        &svc,
        test::TestRequest::get()
            .uri("/ui/me?max_days=soon")
            .insert_header(cookie(&token))
            .to_request(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
}
