//! Server time of the caseworker's recommendation page on generated data (run through
//! `scripts/bench-ui`): loads ESCO and a `skillpath generate` folder into a fresh SQLite
//! database, then renders /ui/caseworker/jobseekers/ID in-process for several jobseekers
//! and prints the median, p95 and max. Target: <= 200 ms per page.
//!
//! Usage: bench_ui ESCO_DIR DATA_DIR [REQUESTS]

use std::path::PathBuf;
use std::time::Instant;

use actix_web::test;
use skillpath_engine::EngineOptions;
use skillpath_server::{AppState, app};
use skillpath_store::testing::TestDb;
use skillpath_store::{CourseInput, JobseekerInput, NewUser, Role};

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(esco), Some(data)) = (
        args.next().map(PathBuf::from),
        args.next().map(PathBuf::from),
    ) else {
        eprintln!("usage: bench_ui ESCO_DIR DATA_DIR [REQUESTS]");
        std::process::exit(2);
    };
    let requests: usize = args
        .next()
        .map_or(50, |n| n.parse().expect("REQUESTS is a number"));
    actix_web::rt::System::new().block_on(run(esco, data, requests));
}

async fn run(esco: PathBuf, data: PathBuf, requests: usize) {
    let started = Instant::now();
    let db = TestDb::sqlite();
    let store = db.store();
    let read = skillpath_ingest::esco::read_esco_dir(&esco, &mut |_| {}).expect("ESCO reads");
    store.load_esco(&read.dataset, "esco").expect("ESCO loads");
    let vacancies = skillpath_ingest::vacancies::read_vacancies(
        &data.join("vacancies.csv"),
        &Default::default(),
    )
    .expect("vacancies read");
    store
        .upsert_vacancies(&vacancies.records, "vacancies.csv")
        .expect("vacancies load");
    let courses =
        skillpath_ingest::courses::read_courses(&data.join("courses.jsonl"), &Default::default())
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
    let people = skillpath_ingest::jobseekers::read_jobseekers(&data.join("jobseekers.jsonl"))
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
    let options = EngineOptions {
        as_of: Some(skillpath_generate_day()),
        ..Default::default()
    };
    let state = AppState::load(store.clone(), options).expect("state builds");
    eprintln!(
        "loaded {} courses, {} vacancies, {} jobseekers in {:.0} s",
        courses.records.len(),
        vacancies.records.len(),
        people.records.len(),
        started.elapsed().as_secs_f64()
    );

    // Jobseekers of one office, as one caseworker would open them in turn.
    let office = people.records[0].profile.office.clone();
    let ids: Vec<String> = people
        .records
        .iter()
        .filter(|r| r.profile.office == office)
        .map(|r| r.profile.id.clone())
        .take(requests)
        .collect();
    let (_, token) = store
        .create_user(&NewUser {
            role: Role::Caseworker,
            office: Some(office),
            jobseeker_id: None,
        })
        .expect("account");
    let svc = test::init_service(app(state)).await;
    let cookie = format!("skillpath_session={}", token.expose());
    let mut times = Vec::with_capacity(requests);
    for n in 0..requests {
        let id = &ids[n % ids.len()];
        let req = test::TestRequest::get()
            .uri(&format!("/ui/caseworker/jobseekers/{id}"))
            .insert_header(("cookie", cookie.as_str()))
            .to_request();
        let t = Instant::now();
        let res = test::call_service(&svc, req).await;
        let status = res.status();
        let body = test::read_body(res).await;
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        assert!(status.is_success(), "{id}: {status}");
        assert!(body.len() > 1000, "{id}: an empty page");
    }
    times.sort_by(f64::total_cmp);
    let at = |q: f64| times[((times.len() as f64 * q).ceil() as usize).clamp(1, times.len()) - 1];
    println!(
        "caseworker recommendation page, {} requests over {} jobseekers: median {:.1} ms, p95 {:.1} ms, max {:.1} ms (target <= 200 ms)",
        requests,
        ids.len().min(requests),
        at(0.5),
        at(0.95),
        at(1.0)
    );
}

/// The day `skillpath generate` writes its data for (`skillpath_generate::default_as_of`).
fn skillpath_generate_day() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 12, 1).expect("a date")
}
