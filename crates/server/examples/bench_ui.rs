//! Server time of every kind of page on generated data (run through `scripts/bench-ui`):
//! loads ESCO and a `skillpath generate` folder (its outcome events too) into a fresh
//! SQLite database, renders each page in-process several times and prints the median
//! (p50), p99 and max per page. Target: <= 200 ms per page.
//!
//! Pages: the caseworker's search form and search, a jobseeker's record with its
//! recommendations, the jobseeker's own courses, and the analyst's dashboard — first view
//! after the start (the server reads the events before it takes requests; that read is
//! printed apart, as a start-up cost), cold
//! (nothing cached: each view asks for a period not asked before), the first view of the
//! default one (which the server computes ahead from its start; by then it has had the
//! time the earlier pages took), warm (the same view again) and after new outcomes (each
//! view following a batch of new events and a new snapshot) — and its CSV.
//!
//! Usage: bench_ui ESCO_DIR DATA_DIR [REQUESTS]

use std::path::PathBuf;
use std::time::Instant;

use actix_web::test;
use skillpath_engine::EngineOptions;
use skillpath_server::{AppState, app};
use skillpath_store::testing::TestDb;
use skillpath_store::{CourseInput, JobseekerInput, NewUser, OnConflict, Role};

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
    // RUST_LOG=skillpath_server=debug shows where a slow page's time went (the facts'
    // updates and the warm thread's passes log their seconds).
    if std::env::var_os("RUST_LOG").is_some() {
        tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
            .with_writer(std::io::stderr)
            .init();
    }
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
    let events = match skillpath_ingest::outcomes::read_outcomes(&data.join("outcomes.jsonl")) {
        Ok(read) => read
            .records
            .into_iter()
            .map(|r| r.event)
            .collect::<Vec<_>>(),
        Err(e) => {
            eprintln!("no outcome events ({e}): the analyst's pages will be empty");
            Vec::new()
        }
    };
    for chunk in events.chunks(200_000) {
        store
            .append_outcomes(chunk, OnConflict::Abort)
            .expect("outcome events load");
    }
    let options = EngineOptions {
        as_of: Some(skillpath_generate_day()),
        ..Default::default()
    };
    let state = AppState::load(store.clone(), options).expect("state builds");
    // As `skillpath serve` does before it binds: the one read of every event, timed apart
    // as a start-up cost.
    let prepared = Instant::now();
    state.prepare_dashboard();
    let prepared = prepared.elapsed().as_secs_f64();
    state
        .spawn_refresher(std::time::Duration::from_secs(3600))
        .expect("threads start");
    eprintln!(
        "loaded {} courses, {} vacancies, {} jobseekers, {} outcome events in {:.0} s",
        courses.records.len(),
        vacancies.records.len(),
        people.records.len(),
        events.len(),
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
    let session = |role, office: Option<String>, jobseeker_id: Option<String>| {
        let (_, token) = store
            .create_user(&NewUser {
                role,
                office,
                jobseeker_id,
            })
            .expect("account");
        format!("skillpath_session={}", token.expose())
    };
    let caseworker = session(Role::Caseworker, Some(office), None);
    let analyst = session(Role::Analyst, None, None);
    let jobseekers: Vec<String> = ids
        .iter()
        .map(|id| session(Role::Jobseeker, None, Some(id.clone())))
        .collect();
    let svc = test::init_service(app(state.clone())).await;
    let at_start = time(&svc, "/ui/analyst?from=2019-12-01", &analyst).await;

    let every = |f: &dyn Fn(usize) -> String| (0..requests).map(f).collect::<Vec<_>>();
    // Cold: a period not asked for before, so no report of the view is cached. Fewer views:
    // each reads every event.
    let cold = requests.clamp(1, 5);
    let plan: Vec<(&str, &str, Vec<String>)> = vec![
        (
            "caseworker search form",
            &caseworker,
            every(&|_| "/ui/caseworker".to_owned()),
        ),
        (
            "caseworker search (redirect)",
            &caseworker,
            every(&|n| format!("/ui/caseworker?id={}", ids[n % ids.len()])),
        ),
        (
            "caseworker jobseeker page",
            &caseworker,
            every(&|n| format!("/ui/caseworker/jobseekers/{}", ids[n % ids.len()])),
        ),
        (
            "jobseeker courses page",
            "",
            every(&|_| "/ui/me".to_owned()),
        ),
        (
            "analyst dashboard, cold",
            &analyst,
            (0..cold)
                .map(|n| format!("/ui/analyst?from=2020-01-{:02}", n + 1))
                .collect(),
        ),
        (
            "analyst dashboard, first default view",
            &analyst,
            vec!["/ui/analyst".to_owned()],
        ),
        (
            "analyst dashboard, warm",
            &analyst,
            every(&|_| "/ui/analyst".to_owned()),
        ),
        (
            "analyst CSV (breakdown), warm",
            &analyst,
            every(&|_| "/ui/analyst/uptake.csv".to_owned()),
        ),
        (
            "analyst CSV (by course), cold",
            &analyst,
            (0..cold)
                .map(|n| format!("/ui/analyst/uptake.csv?by=course&from=2020-02-{:02}", n + 1))
                .collect(),
        ),
    ];
    let mut pages = Vec::new();
    for (name, cookie, uris) in plan {
        let mut times = Vec::with_capacity(uris.len());
        for (n, uri) in uris.iter().enumerate() {
            // The jobseeker's page is each jobseeker's own: their own session.
            let cookie = if cookie.is_empty() {
                jobseekers[n % jobseekers.len()].as_str()
            } else {
                cookie
            };
            times.push(time(&svc, uri, cookie).await);
        }
        pages.push((name, times));
    }
    // Caseworkers record outcomes while an analyst works: each view follows a batch of
    // new events and the snapshot the engine takes of them, so it waits for the facts to
    // be brought up to date from those events.
    let mut times = Vec::with_capacity(cold);
    for n in 0..cold {
        let batch: Vec<_> = events
            .iter()
            .skip(n * 100)
            .take(100)
            .enumerate()
            .map(|(i, e)| skillpath_domain::outcome::OutcomeEvent {
                idempotency_key: format!("bench-later-{n}-{i}"),
                ..e.clone()
            })
            .collect();
        store
            .append_outcomes(&batch, OnConflict::Abort)
            .expect("new events load");
        state.engine.refresh().expect("a new snapshot");
        let uri = format!("/ui/analyst?from=2020-03-{:02}", n + 1);
        times.push(time(&svc, &uri, &analyst).await);
    }
    pages.push(("analyst dashboard, after new outcomes", times));

    println!(
        "server time per page on {} (target <= 200 ms):",
        data.display()
    );
    println!(
        "  (start-up, before the server takes requests: the dashboard's facts read in {prepared:.2} s)"
    );
    pages.insert(
        0,
        ("analyst dashboard, first view after start", vec![at_start]),
    );
    for (name, mut times) in pages {
        times.sort_by(f64::total_cmp);
        let at =
            |q: f64| times[((times.len() as f64 * q).ceil() as usize).clamp(1, times.len()) - 1];
        println!(
            "  {name:38} {:>3} views: p50 {:>7.1} ms, p99 {:>7.1} ms, max {:>7.1} ms{}",
            times.len(),
            at(0.5),
            at(0.99),
            at(1.0),
            if at(0.99) > 200.0 { "  OVER" } else { "" }
        );
    }
}

/// One page's server time in milliseconds; it must be a page or a redirect.
async fn time<S, B>(svc: &S, uri: &str, cookie: &str) -> f64
where
    S: actix_web::dev::Service<
            actix_http::Request,
            Response = actix_web::dev::ServiceResponse<B>,
            Error = actix_web::Error,
        >,
    B: actix_web::body::MessageBody,
{
    let req = test::TestRequest::get()
        .uri(uri)
        .insert_header(("cookie", cookie))
        .to_request();
    let t = Instant::now();
    let res = test::call_service(svc, req).await;
    let status = res.status();
    let body = test::read_body(res).await;
    let ms = t.elapsed().as_secs_f64() * 1000.0;
    assert!(
        status.is_success() || status.is_redirection(),
        "{uri}: {status}"
    );
    assert!(
        status.is_redirection() || body.len() > 200,
        "{uri}: an empty page"
    );
    ms
}

/// The day `skillpath generate` writes its data for (`skillpath_generate::default_as_of`).
fn skillpath_generate_day() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 12, 1).expect("a date")
}
