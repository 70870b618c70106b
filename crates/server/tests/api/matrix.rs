//! Every endpoint × every caller: no token, a bad token, and each role. One row per endpoint;
//! the test fails when the app documents (and so registers) an endpoint that has no row, or a
//! row names a route the router does not have.

use std::collections::BTreeSet;

use actix_web::http::StatusCode;
use actix_web::test;
use serde_json::{Value, json};
use skillpath_server::app;
use skillpath_store::Role;

use crate::support::{bearer, sample_state, token};

#[derive(Debug, Clone, Copy)]
pub enum Access {
    /// Probes, scrapers and the API description: no token needed.
    Public,
    /// A token of one of these roles.
    Roles(&'static [Role]),
}

const ALL: &[Role] = &[
    Role::Jobseeker,
    Role::Caseworker,
    Role::Analyst,
    Role::Admin,
];
const ADMIN: &[Role] = &[Role::Admin];
const ANALYST: &[Role] = &[Role::Analyst];
const PERSON: &[Role] = &[Role::Jobseeker, Role::Caseworker];
const RECORDERS: &[Role] = &[Role::Caseworker, Role::Admin];
const CASEWORKER: &[Role] = &[Role::Caseworker];

#[derive(Debug, Clone, Copy)]
pub struct Row {
    pub method: &'static str,
    /// As the OpenAPI document and the router name it.
    pub pattern: &'static str,
    /// A concrete request path for it.
    pub path: &'static str,
    /// A valid body for requests that take one.
    pub body: Option<fn() -> Value>,
    /// Headers a valid request needs besides the token.
    pub headers: &'static [(&'static str, &'static str)],
    pub access: Access,
}

const fn row(method: &'static str, pattern: &'static str, access: Access) -> Row {
    Row {
        method,
        pattern,
        path: pattern,
        body: None,
        headers: &[],
        access,
    }
}

pub const ROWS: &[Row] = &[
    row("get", "/healthz", Access::Public),
    row("get", "/readyz", Access::Public),
    row("get", "/metrics", Access::Public),
    row("get", "/api/v1/openapi.json", Access::Public),
    row("get", "/api/v1/me", Access::Roles(ALL)),
    Row {
        body: Some(|| json!({"role": "analyst"})),
        ..row("post", "/api/v1/users", Access::Roles(ADMIN))
    },
    row("get", "/api/v1/audit", Access::Roles(ADMIN)),
    Row {
        path: "/api/v1/reports/uptake?by=region",
        ..row("get", "/api/v1/reports/{name}", Access::Roles(ANALYST))
    },
    Row {
        path: "/api/v1/occupations/match?q=nurse",
        ..row("get", "/api/v1/occupations/match", Access::Roles(ALL))
    },
    Row {
        path: "/api/v1/occupations/00000000-0000-0000-0000-000000000000",
        ..row("get", "/api/v1/occupations/{id}", Access::Roles(ALL))
    },
    Row {
        body: Some(|| json!({"text": "use spreadsheets"})),
        ..row("post", "/api/v1/skills/extract", Access::Roles(ALL))
    },
    Row {
        path: "/api/v1/skills/00000000-0000-0000-0000-000000000000",
        ..row("get", "/api/v1/skills/{id}", Access::Roles(ALL))
    },
    Row {
        path: "/api/v1/courses?q=electricity&page=1",
        ..row("get", "/api/v1/courses", Access::Roles(ALL))
    },
    Row {
        path: "/api/v1/courses/C-2000",
        ..row("get", "/api/v1/courses/{id}", Access::Roles(ALL))
    },
    Row {
        path: "/api/v1/courses/C-2000",
        body: Some(crate::catalogue::sample_course),
        ..row("put", "/api/v1/courses/{id}", Access::Roles(ADMIN))
    },
    Row {
        path: "/api/v1/courses/no-such-course",
        ..row("delete", "/api/v1/courses/{id}", Access::Roles(ADMIN))
    },
    Row {
        path: "/api/v1/vacancies?q=analyst&open=true",
        ..row("get", "/api/v1/vacancies", Access::Roles(ALL))
    },
    Row {
        path: "/api/v1/vacancies/V-1000",
        ..row("get", "/api/v1/vacancies/{id}", Access::Roles(ALL))
    },
    Row {
        body: Some(|| {
            json!({"kind": "viewed", "jobseeker_id": "js-1",
            "occurred_at": "2026-12-01T10:00:00Z"})
        }),
        headers: &[("idempotency-key", "matrix-1")],
        ..row("post", "/api/v1/outcomes", Access::Roles(RECORDERS))
    },
    Row {
        path: "/api/v1/jobseekers/js-1/outcomes",
        ..row(
            "get",
            "/api/v1/jobseekers/{id}/outcomes",
            Access::Roles(PERSON),
        )
    },
    Row {
        body: Some(|| json!({"id": "J-matrix", "travel_radius_km": 10})),
        ..row("post", "/api/v1/jobseekers", Access::Roles(CASEWORKER))
    },
    row("get", "/api/v1/jobseekers", Access::Roles(CASEWORKER)),
    person(
        "get",
        "/api/v1/jobseekers/{id}",
        "/api/v1/jobseekers/J-3000",
        None,
        PERSON,
    ),
    person(
        "put",
        "/api/v1/jobseekers/{id}",
        "/api/v1/jobseekers/J-3000",
        Some(|| json!({"travel_radius_km": 10})),
        PERSON,
    ),
    person(
        "get",
        "/api/v1/jobseekers/{id}/skills",
        "/api/v1/jobseekers/J-3000/skills",
        None,
        PERSON,
    ),
    person(
        "put",
        "/api/v1/jobseekers/{id}/skills",
        "/api/v1/jobseekers/J-3000/skills",
        Some(|| json!({"skills": []})),
        PERSON,
    ),
    person(
        "get",
        "/api/v1/jobseekers/{id}/targets",
        "/api/v1/jobseekers/J-3000/targets",
        None,
        PERSON,
    ),
    person(
        "put",
        "/api/v1/jobseekers/{id}/targets",
        "/api/v1/jobseekers/J-3000/targets",
        Some(|| json!({"target_occupations": []})),
        PERSON,
    ),
    person(
        "get",
        "/api/v1/jobseekers/{id}/gaps",
        "/api/v1/jobseekers/J-3000/gaps",
        None,
        PERSON,
    ),
    person(
        "get",
        "/api/v1/jobseekers/{id}/pathways",
        "/api/v1/jobseekers/J-3000/pathways",
        None,
        PERSON,
    ),
    person(
        "get",
        "/api/v1/jobseekers/{id}/recommendations",
        "/api/v1/jobseekers/J-3000/recommendations",
        None,
        PERSON,
    ),
    person(
        "get",
        "/api/v1/jobseekers/{id}/groups",
        "/api/v1/jobseekers/J-3000/groups",
        None,
        CASEWORKER,
    ),
    person(
        "put",
        "/api/v1/jobseekers/{id}/groups",
        "/api/v1/jobseekers/J-3000/groups",
        Some(groups_body),
        CASEWORKER,
    ),
    person(
        "get",
        "/api/v1/jobseekers/{id}/referrals",
        "/api/v1/jobseekers/J-3000/referrals",
        None,
        PERSON,
    ),
    person(
        "post",
        "/api/v1/jobseekers/{id}/referrals",
        "/api/v1/jobseekers/J-3000/referrals",
        Some(|| json!({"course_id": "C-2000"})),
        CASEWORKER,
    ),
    row(
        "get",
        "/api/v1/exports/referrals.csv",
        Access::Roles(ANALYST),
    ),
    Row {
        body: Some(|| json!({"jobseeker_id": "J-3000", "course_id": "C-2000"})),
        ..row("post", "/api/v1/credentials", Access::Roles(RECORDERS))
    },
    Row {
        body: Some(|| json!({"@context": []})),
        ..row("post", "/api/v1/credentials/verify", Access::Roles(ALL))
    },
    Row {
        path: "/api/v1/credentials/no-such-credential/revoke",
        ..row(
            "post",
            "/api/v1/credentials/{id}/revoke",
            Access::Roles(RECORDERS),
        )
    },
    person(
        "post",
        "/api/v1/jobseekers/{id}/credentials",
        "/api/v1/jobseekers/J-3000/credentials",
        Some(|| json!({"@context": []})),
        PERSON,
    ),
    row("get", "/credentials/keys", Access::Public),
    Row {
        path: "/credentials/status/1",
        ..row("get", "/credentials/status/{list}", Access::Public)
    },
    Row {
        path: "/credentials/no-such-credential",
        ..row("get", "/credentials/{id}", Access::Public)
    },
    Row {
        path: "/credentials/no-such-credential/ob3",
        ..row("get", "/credentials/{id}/ob3", Access::Public)
    },
    Row {
        path: "/credentials/no-such-credential/elm",
        ..row("get", "/credentials/{id}/elm", Access::Public)
    },
];

fn groups_body() -> Value {
    json!({"young": false, "long_term_unemployed": false, "minimum_income": false,
        "disability": false, "low_qualified": false, "older_worker": false, "lawful_basis": ""})
}

/// A route about one person, asked about the sample's J-3000; the matrix's caseworker is of
/// another office, so it reaches the ownership check (404), past the role check.
const fn person(
    method: &'static str,
    pattern: &'static str,
    path: &'static str,
    body: Option<fn() -> Value>,
    roles: &'static [Role],
) -> Row {
    Row {
        path,
        body,
        ..row(method, pattern, Access::Roles(roles))
    }
}

#[derive(Debug, Clone)]
enum Caller {
    Anonymous,
    BadToken,
    Role(Role, String),
}

fn request(row: &Row) -> test::TestRequest {
    let req = match row.method {
        "get" => test::TestRequest::get(),
        "post" => test::TestRequest::post(),
        "put" => test::TestRequest::put(),
        "patch" => test::TestRequest::patch(),
        "delete" => test::TestRequest::delete(),
        other => panic!("no request builder for method {other}"),
    }
    .uri(row.path);
    let req = row.headers.iter().fold(req, |req, &h| req.insert_header(h));
    match row.body {
        Some(body) => req.set_json(body()),
        None => req,
    }
}

#[actix_web::test]
async fn every_endpoint_admits_exactly_its_roles() {
    let (_db, state) = sample_state();
    let app = test::init_service(app(state.clone())).await;
    let mut callers = vec![Caller::Anonymous, Caller::BadToken];
    callers.extend(ALL.iter().map(|&r| Caller::Role(r, token(&state, r))));
    let forged = format!("sp_{}", "0".repeat(64));

    for row in ROWS {
        for caller in &callers {
            let req = match caller {
                Caller::Anonymous => request(row),
                Caller::BadToken => bearer(request(row), &forged),
                Caller::Role(_, token) => bearer(request(row), token),
            };
            let res = test::call_service(&app, req.to_request()).await;
            let status = res.status();
            let matched = res.request().match_pattern();
            assert_eq!(
                matched.as_deref(),
                Some(row.pattern),
                "{} {} is not routed to its pattern",
                row.method,
                row.path
            );
            let expected = match (row.access, caller) {
                (Access::Public, _) => None,
                (Access::Roles(_), Caller::Anonymous | Caller::BadToken) => {
                    Some(StatusCode::UNAUTHORIZED)
                }
                (Access::Roles(roles), Caller::Role(role, _)) if roles.contains(role) => None,
                (Access::Roles(_), Caller::Role(..)) => Some(StatusCode::FORBIDDEN),
            };
            let denied = [StatusCode::UNAUTHORIZED, StatusCode::FORBIDDEN];
            match expected {
                Some(want) => assert_eq!(status, want, "{} {} as {caller:?}", row.method, row.path),
                None => {
                    assert!(
                        !denied.contains(&status) && !status.is_server_error(),
                        "{} {} as {caller:?} was refused: {status}",
                        row.method,
                        row.path
                    );
                }
            }
        }
    }
}

#[actix_web::test]
async fn every_documented_endpoint_has_a_row_and_every_row_is_documented() {
    let doc = serde_json::to_value(skillpath_server::openapi()).unwrap();
    let mut documented = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            if ["get", "post", "put", "patch", "delete"].contains(&method.as_str()) {
                documented.insert((method.clone(), path.clone()));
            }
        }
    }
    let tabled: BTreeSet<(String, String)> = ROWS
        .iter()
        .map(|r| (r.method.to_owned(), r.pattern.to_owned()))
        .collect();
    assert_eq!(ROWS.len(), tabled.len(), "a row appears twice");
    let missing: Vec<_> = documented.difference(&tabled).collect();
    let stale: Vec<_> = tabled.difference(&documented).collect();
    assert!(missing.is_empty(), "endpoints without a row: {missing:?}");
    assert!(stale.is_empty(), "rows for no endpoint: {stale:?}");
}
