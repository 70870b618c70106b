//! A sample database, accounts of every role, and a request helper.

use actix_web::http::StatusCode;
use actix_web::test;
use serde_json::Value;
use skillpath_engine::EngineOptions;
use skillpath_server::{AppState, app};
use skillpath_store::testing::TestDb;
use skillpath_store::{CourseInput, JobseekerInput, NewUser, Role, Store};

/// The day the shipped sample is written for: its vacancies are open and its course
/// sessions start in the window then.
pub fn sample_day() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 12, 1).expect("a date")
}

/// A fresh SQLite database holding the whole shipped sample: ESCO, vacancies, courses and
/// jobseekers (with their group flags).
pub fn sample_state() -> (TestDb, AppState) {
    let db = TestDb::sqlite();
    load_sample(db.store());
    let options = EngineOptions {
        as_of: Some(sample_day()),
        ..Default::default()
    };
    let state = AppState::load(db.store().clone(), options).expect("indexes build");
    (db, state)
}

pub fn load_sample(store: &Store) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/sample");
    let read = skillpath_ingest::esco::read_esco_dir(&dir.join("esco"), &mut |_| {})
        .expect("sample reads");
    store
        .load_esco(&read.dataset, "sample")
        .expect("sample loads");
    let vacancies = skillpath_ingest::vacancies::read_vacancies(
        &dir.join("vacancies.csv"),
        &Default::default(),
    )
    .expect("vacancies read");
    store
        .upsert_vacancies(&vacancies.records, "vacancies.csv")
        .expect("vacancies load");
    let courses =
        skillpath_ingest::courses::read_courses(&dir.join("courses.jsonl"), &Default::default())
            .expect("courses read");
    let inputs: Vec<CourseInput<'_>> = courses
        .records
        .iter()
        .map(|r| CourseInput {
            course: &r.course,
            incomplete: &r.missing,
        })
        .collect();
    store
        .upsert_courses(&inputs, "courses.jsonl")
        .expect("courses load");
    let people = skillpath_ingest::jobseekers::read_jobseekers(&dir.join("jobseekers.jsonl"))
        .expect("jobseekers read");
    let inputs: Vec<JobseekerInput<'_>> = people
        .records
        .iter()
        .map(|r| JobseekerInput {
            profile: &r.profile,
            groups: r.groups.as_ref(),
        })
        .collect();
    store
        .upsert_jobseekers(&inputs, "jobseekers.jsonl")
        .expect("jobseekers load");
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

/// An account of `role` in `office` or for `jobseeker`, e.g. a caseworker of one of the
/// sample's offices (office-ded2, office-ded4, office-ded5).
pub fn token_for(
    state: &AppState,
    role: Role,
    office: Option<&str>,
    jobseeker: Option<&str>,
) -> String {
    let new = NewUser {
        role,
        office: office.map(Into::into),
        jobseeker_id: jobseeker.map(Into::into),
    };
    let (_, token) = state.store.create_user(&new).expect("account created");
    token.expose().to_owned()
}

/// The audit entries about one person, newest first, as (action, purpose).
pub fn audited(state: &AppState, subject: &str) -> Vec<skillpath_store::AuditRecord> {
    state
        .store
        .audit_log(&skillpath_store::AuditQuery {
            subject: Some(subject.into()),
            limit: 100,
            ..Default::default()
        })
        .expect("audit log reads")
}
