//! The analyst's pages without a browser: what the HTML publishes (rounded counts, the word
//! "suppressed", fairness flags), the filters and their CSVs, and error pages that carry no
//! session controls.

use actix_web::http::StatusCode;
use actix_web::test;
use chrono::{TimeZone, Utc};
use skillpath_domain::outcome::{EventKind, OutcomeEvent};
use skillpath_server::app;
use skillpath_store::{NewUser, OnConflict, Role};

use crate::support;

/// Every sample jobseeker is recommended every course, half the courses in the first
/// quarter of 2026 and half in the last. The two young people are referred to 3 in 10 of
/// theirs, everyone else to 6 in 10 — a gap the fairness monitor must flag — and five people
/// of region DED2 enrol once, a count disclosure control must withhold.
fn seed(state: &skillpath_server::AppState) {
    let courses: Vec<String> = state
        .engine
        .current()
        .matcher
        .catalogue
        .courses()
        .iter()
        .map(|c| c.id.clone())
        .collect();
    let mut events = Vec::new();
    for p in state.store.jobseekers().expect("jobseekers read") {
        let young = p.id == "J-3000" || p.id == "J-3001";
        for (j, course) in courses.iter().enumerate() {
            let day = if j < courses.len() / 2 {
                Utc.with_ymd_and_hms(2026, 2, 10, 9, 0, 0).unwrap()
            } else {
                Utc.with_ymd_and_hms(2026, 11, 10, 9, 0, 0).unwrap()
            };
            let mut kinds = vec![EventKind::Recommended];
            if j % 10 < if young { 3 } else { 6 } {
                kinds.push(EventKind::Referred);
            }
            if j == 0 && p.location.region.as_deref() == Some("DED2") {
                kinds.push(EventKind::Enrolled);
            }
            for kind in kinds {
                events.push(OutcomeEvent {
                    idempotency_key: format!("seed:{}:{course}:{kind:?}", p.id),
                    kind,
                    jobseeker_id: p.id.clone(),
                    course_id: Some(course.clone()),
                    occurred_at: day,
                    occupation_uri: None,
                    contract_type: None,
                    employment_start: None,
                });
            }
        }
    }
    state
        .store
        .append_outcomes(&events, OnConflict::Abort)
        .expect("events stored");
}

fn analyst(state: &skillpath_server::AppState) -> String {
    let (_, token) = state
        .store
        .create_user(&NewUser {
            role: Role::Analyst,
            office: None,
            jobseeker_id: None,
        })
        .expect("account");
    token.expose().to_owned()
}

fn request(uri: &str, token: Option<&str>) -> test::TestRequest {
    let req = test::TestRequest::get().uri(uri);
    match token {
        Some(t) => req.insert_header(("cookie", format!("skillpath_session={t}"))),
        None => req,
    }
}

/// Status and body of a GET (a macro: the test service's type cannot be named).
macro_rules! get {
    ($svc:expr, $uri:expr, $token:expr) => {{
        let res = test::call_service($svc, request($uri, $token).to_request()).await;
        let status = res.status();
        let body = test::read_body(res).await;
        (status, String::from_utf8(body.to_vec()).expect("utf-8"))
    }};
}

/// The text of every `<td class="count…">` cell.
fn count_cells(html: &str) -> Vec<&str> {
    html.split("<td class=\"count")
        .skip(1)
        .map(|rest| {
            let start = rest.find('>').expect("a closed tag") + 1;
            let end = rest.find("</td>").expect("a closed cell");
            &rest[start..end]
        })
        .collect()
}

/// The table row whose header cell is `head` and whose second cell is `stage`.
fn fairness_row<'a>(html: &'a str, group: &str, stage: &str) -> &'a str {
    let marker = format!("<th scope=\"row\">{group}</th><td>{stage}</td>");
    let at = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no row {group}/{stage}"));
    let rest = &html[at..];
    &rest[..rest.find("</tr>").expect("a closed row")]
}

#[actix_web::test]
async fn every_chart_has_its_table_and_withheld_cells_say_suppressed() {
    let (_db, state) = support::sample_state();
    seed(&state);
    let token = analyst(&state);
    let svc = test::init_service(app(state.clone())).await;
    let (status, html) = get!(&svc, "/ui/analyst", Some(&token));
    assert_eq!(status, StatusCode::OK);
    for heading in [
        "Outcome funnel",
        "By region",
        "Over time",
        "Fairness monitor",
    ] {
        assert!(
            html.contains(&format!("{heading}</h2>")),
            "no section {heading}"
        );
    }
    // Each chart is an image named by its title and description, followed by its table.
    let charts: Vec<&str> = html.split("<svg").skip(1).collect();
    assert_eq!(charts.len(), 4);
    for chart in &charts {
        assert!(chart.contains("role=\"img\"") && chart.contains("aria-labelledby="));
        assert!(chart.contains("<title id=") && chart.contains("<desc id="));
        assert!(chart.contains("<table"), "a chart without a table after it");
    }
    let cells = count_cells(&html);
    assert!(cells.len() > 50, "{}", cells.len());
    let mut suppressed = 0;
    for cell in &cells {
        match cell.parse::<u64>() {
            Ok(n) => assert!(
                n == 0 || (n >= 10 && n % 5 == 0),
                "a raw count {n} is shown"
            ),
            Err(_) => {
                assert_eq!(
                    *cell, "suppressed",
                    "a cell that is neither a count nor withheld"
                );
                suppressed += 1;
            }
        }
    }
    assert!(
        suppressed > 0,
        "five enrolments in one region must be withheld"
    );
    // The funnel's referral rate comes from rounded counts: 540 of 960 pairs.
    assert!(
        html.contains("<td class=\"count\">960</td>"),
        "the recommended total"
    );
    assert!(
        html.contains("<td class=\"rate\">56.2%</td>"),
        "the referral rate"
    );
    // Both quarters, in order, with their total.
    let q1 = html.find(">2026-Q1<").expect("the first quarter");
    let q4 = html.find(">2026-Q4<").expect("the last quarter");
    assert!(q1 < q4);
}

#[actix_web::test]
async fn the_fairness_monitor_flags_the_group_referred_half_as_often() {
    let (_db, state) = support::sample_state();
    seed(&state);
    let token = analyst(&state);
    let svc = test::init_service(app(state.clone())).await;
    let (status, html) = get!(&svc, "/ui/analyst?stage=referred", Some(&token));
    assert_eq!(status, StatusCode::OK);
    let young = fairness_row(&html, "Young", "Referred");
    assert!(young.contains("Below four fifths"), "{young}");
    // 35 of 120 against 505 of 840, from the published (rounded) counts.
    assert!(
        young.contains("29.2%") && young.contains("60.1%"),
        "{young}"
    );
    assert!(young.contains("0.49 ("), "{young}");
    let older = fairness_row(&html, "Older worker", "Referred");
    assert!(older.contains("<td>No</td>"), "{older}");
    // Two people against fourteen: too few for any rate, so no verdict either way.
    let first = fairness_row(&html, "Young", "Recommended");
    assert!(
        first.contains("Not tested") && first.contains("suppressed"),
        "{first}"
    );
    assert!(
        html.contains("0.49 flagged"),
        "the chart marks the flag in words"
    );

    let (status, csv) = get!(
        &svc,
        "/ui/analyst/uptake.csv?table=fairness&stage=referred",
        Some(&token)
    );
    assert_eq!(status, StatusCode::OK);
    assert!(csv.starts_with("group,stage,group_reached"), "{csv}");
    let line = csv
        .lines()
        .find(|l| l.starts_with("young,referred,"))
        .expect("a young line");
    assert!(line.ends_with(",true"), "{line}");
}

#[actix_web::test]
async fn the_breakdown_and_period_are_the_analysts_choice_and_the_csv_follows_them() {
    let (_db, state) = support::sample_state();
    seed(&state);
    let token = analyst(&state);
    let svc = test::init_service(app(state.clone())).await;
    let uri = "/ui/analyst?by=group&stage=referred&from=2026-10-01&to=2026-12-31";
    let (status, html) = get!(&svc, uri, Some(&token));
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("By targeted group</h2>"));
    assert!(
        html.contains("no total row"),
        "the group rows are said not to add up"
    );
    assert!(html.contains("<option value=\"group\" selected>"));
    assert!(html.contains("value=\"2026-10-01\""));
    assert!(
        !html.contains(">2026-Q1<"),
        "the period leaves the first quarter out"
    );
    let link = "/ui/analyst/uptake.csv?by=group&amp;stage=referred&amp;from=2026-10-01&amp;to=2026-12-31&amp;table=by";
    assert!(html.contains(link), "the CSV link keeps the filters");

    let (status, csv) = get!(&svc, &link.replace("&amp;", "&"), Some(&token));
    assert_eq!(status, StatusCode::OK);
    let mut lines = csv.lines();
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("group,recommended,referred")
    );
    assert!(lines.all(|l| !l.starts_with("Total")), "{csv}");
    let (_, csv) = get!(
        &svc,
        "/ui/analyst/uptake.csv?table=period&from=2026-10-01",
        Some(&token)
    );
    assert!(
        csv.starts_with("period,") && csv.contains("2026-Q4") && !csv.contains("2026-Q1"),
        "{csv}"
    );
}

/// An error page: its status, and that it offers sign-in but no session controls.
fn assert_bare(status: StatusCode, want: StatusCode, html: &str, says: &str) {
    assert_eq!(status, want, "{html}");
    assert!(html.contains(says), "{says:?} missing from {html}");
    assert!(
        !html.contains("/ui/signout"),
        "a sign-out form on an error page"
    );
    assert!(!html.contains("<nav"), "navigation on an error page");
    assert!(html.contains("href=\"/ui/signin\""), "no way to sign in");
    assert_eq!(html.matches("<h1").count(), 1);
}

#[actix_web::test]
async fn bad_filters_and_other_errors_are_pages_without_session_controls() {
    let (_db, state) = support::sample_state();
    let token = analyst(&state);
    let (_, jobseeker) = state
        .store
        .create_user(&NewUser {
            role: Role::Jobseeker,
            office: None,
            jobseeker_id: Some("J-3000".into()),
        })
        .expect("account");
    let jobseeker = jobseeker.expose().to_owned();
    let svc = test::init_service(app(state.clone())).await;
    for (uri, says) in [
        (
            "/ui/analyst?by=period",
            "by: &quot;period&quot; is not a breakdown",
        ),
        ("/ui/analyst?stage=hired", "stage: &quot;hired&quot;"),
        (
            "/ui/analyst?from=2026-06-01&to=2026-01-01",
            "the period ends",
        ),
        (
            "/ui/analyst?from=yesterday",
            "from: &quot;yesterday&quot; is not a date",
        ),
        (
            "/ui/analyst/uptake.csv?table=people",
            "table: &quot;people&quot;",
        ),
        ("/ui/analyst?nonsense=1", "nonsense"),
    ] {
        let (status, html) = get!(&svc, uri, Some(&token));
        assert_bare(status, StatusCode::BAD_REQUEST, &html, says);
    }
    let (status, html) = get!(&svc, "/ui/analyst", Some(&jobseeker));
    assert_bare(status, StatusCode::FORBIDDEN, &html, "Not allowed");
    for t in [Some(token.as_str()), None] {
        let (status, html) = get!(&svc, "/ui/no-such-page", t);
        assert_bare(status, StatusCode::NOT_FOUND, &html, "Not found");
    }
    // Signed out, a page sends the visitor to sign in, and that page has no session controls.
    let res = test::call_service(
        &svc,
        test::TestRequest::get().uri("/ui/analyst").to_request(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers().get("location").unwrap(), "/ui/signin");
    let (status, html) = get!(&svc, "/ui/signin", None);
    assert_eq!(status, StatusCode::OK);
    assert!(
        !html.contains("/ui/signout") && !html.contains("<nav"),
        "{html}"
    );
    // A signed-in visitor keeps the navigation and the sign-out form on ordinary pages.
    let (_, html) = get!(&svc, "/ui/analyst", Some(&token));
    assert!(html.contains("<nav") && html.contains("action=\"/ui/signout\""));
}

/// Outcomes recorded while the dashboard is open show on its next view: the facts it scans
/// are brought up to date from the new events when the engine takes a new snapshot.
#[actix_web::test]
async fn the_dashboard_follows_outcomes_recorded_after_it_was_opened() {
    let (_db, state) = support::sample_state();
    seed(&state);
    let token = analyst(&state);
    let svc = test::init_service(app(state.clone())).await;
    let (_, html) = get!(&svc, "/ui/analyst", Some(&token));
    assert!(
        html.contains("<td class=\"count\">960</td>"),
        "the recommended total"
    );

    let people = state.store.jobseekers().expect("jobseekers read");
    let later: Vec<OutcomeEvent> = people
        .iter()
        .flat_map(|p| {
            (0..5).map(move |k| OutcomeEvent {
                idempotency_key: format!("later:{}:{k}", p.id),
                kind: EventKind::Recommended,
                jobseeker_id: p.id.clone(),
                course_id: Some(format!("LATER-{k}")),
                occurred_at: Utc.with_ymd_and_hms(2026, 11, 20, 9, 0, 0).unwrap(),
                occupation_uri: None,
                contract_type: None,
                employment_start: None,
            })
        })
        .collect();
    state
        .store
        .append_outcomes(&later, OnConflict::Abort)
        .expect("events stored");
    assert!(state.engine.refresh().expect("snapshot"), "a new snapshot");
    let (status, html) = get!(&svc, "/ui/analyst", Some(&token));
    assert_eq!(status, StatusCode::OK);
    let total = 960 + 5 * people.len();
    assert!(
        html.contains(&format!("<td class=\"count\">{total}</td>")),
        "the recommended total with the new pairs, {total}"
    );
}
