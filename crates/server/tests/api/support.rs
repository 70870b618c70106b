//! A sample database, accounts of every role, and a request helper.

use actix_web::http::StatusCode;
use actix_web::test;
use serde_json::Value;
use skillpath_server::{AppState, app};
use skillpath_store::testing::TestDb;
use skillpath_store::{NewUser, Role};

pub fn sample_state() -> (TestDb, AppState) {
    let db = TestDb::sqlite();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/sample/esco");
    let read = skillpath_ingest::esco::read_esco_dir(&dir, &mut |_| {}).expect("sample reads");
    db.store()
        .load_esco(&read.dataset, "sample")
        .expect("sample loads");
    let state = AppState::load(db.store().clone()).expect("indexes build");
    (db, state)
}

/// A new account of `role`: caseworkers in office "north", jobseekers as "js-1".
pub fn token(state: &AppState, role: Role) -> String {
    let new = NewUser {
        role,
        office: (role == Role::Caseworker).then(|| "north".into()),
        jobseeker_id: (role == Role::Jobseeker).then(|| "js-1".into()),
    };
    let (_, token) = state.store.create_user(&new).expect("account created");
    token.expose().to_owned()
}

pub fn bearer(req: test::TestRequest, token: &str) -> test::TestRequest {
    req.insert_header(("authorization", format!("Bearer {token}")))
}

pub struct Answer {
    pub status: StatusCode,
    pub ctype: String,
    pub challenge: Option<String>,
    pub body: Value,
}

pub async fn send(state: &AppState, req: test::TestRequest) -> Answer {
    let app = test::init_service(app(state.clone())).await;
    let res = test::call_service(&app, req.to_request()).await;
    let header = |name: &str| {
        res.headers()
            .get(name)
            .map(|v| v.to_str().unwrap_or_default().to_owned())
    };
    let ctype = header("content-type").unwrap_or_default();
    let challenge = header("www-authenticate");
    let status = res.status();
    let body = test::read_body(res).await;
    Answer {
        status,
        ctype,
        challenge,
        body: serde_json::from_slice(&body).unwrap_or(Value::Null),
    }
}

/// As an analyst, who may read the taxonomy.
pub async fn call(state: &AppState, req: test::TestRequest) -> (StatusCode, String, Value) {
    let token = token(state, Role::Analyst);
    let a = send(state, bearer(req, &token)).await;
    (a.status, a.ctype, a.body)
}
