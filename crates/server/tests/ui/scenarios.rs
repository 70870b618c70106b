//! One scenario per role, as a user would go through it.

use chrono::{TimeZone, Utc};
use fantoccini::Locator;
use skillpath_domain::outcome::{EventKind, OutcomeEvent};
use skillpath_matcher::RecommendOptions;
use skillpath_store::{AuditQuery, NewUser, Role};

use crate::harness::Browser;

fn user(role: Role, office: Option<&str>, jobseeker: Option<&str>) -> NewUser {
    NewUser {
        role,
        office: office.map(Into::into),
        jobseeker_id: jobseeker.map(Into::into),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_caseworker_finds_a_jobseeker_of_the_office_and_sees_reasons() {
    let Some(b) = Browser::start("caseworker").await else {
        return;
    };
    let token = b.token(user(Role::Caseworker, Some("office-ded2"), None));

    // Signed out, a page sends the visitor to sign in.
    b.goto("/ui/caseworker").await;
    assert_eq!(b.h1().await, "Sign in");
    b.check_page("signin").await;

    b.sign_in(&token).await;
    assert_eq!(b.h1().await, "Find a jobseeker");
    b.check_page("caseworker-find").await;

    let field = b
        .client
        .find(Locator::Id("id"))
        .await
        .expect("search field");
    field.send_keys("J-3001").await.expect("typing");
    b.submit("form[role='search'] button").await;
    assert_eq!(b.h1().await, "Jobseeker J-3001");
    let text = b.text().await;
    for part in [
        "Skill gaps and local demand",
        "Suggested pathways",
        "Recommended courses",
        "Why:",
        "Cost",
        "Funding",
    ] {
        assert!(text.contains(part), "the profile page lacks {part:?}");
    }
    let cards = b
        .client
        .find_all(Locator::Css("article.course"))
        .await
        .expect("cards");
    assert!(!cards.is_empty(), "no recommended course shown");
    let mut cards_text = String::new();
    for card in &cards {
        cards_text.push_str(&card.text().await.expect("card text"));
    }
    b.check_page("caseworker-jobseeker").await;

    // Refer with one action: the first suggestion is followed.
    b.submit("article.course form button").await;
    assert!(b.text().await.contains("Referral recorded."));
    // Overriding needs a reason; the server records the decision, not the page.
    let referred: Vec<String> = b
        .state
        .store
        .referrals_for_jobseeker("J-3001")
        .expect("referrals read")
        .into_iter()
        .map(|r| r.course_id)
        .collect();
    assert_eq!(referred.len(), 1, "one referral after one click");
    let other = b
        .state
        .engine
        .current()
        .matcher
        .catalogue
        .courses()
        .iter()
        .rev()
        .find(|c| !cards_text.contains(&c.title))
        .map(|c| c.id.clone())
        .expect("a course that was not suggested");
    b.client
        .find(Locator::Id("override-course"))
        .await
        .expect("override course field")
        .send_keys(&other)
        .await
        .expect("typing");
    b.client
        .find(Locator::Id("override-reason"))
        .await
        .expect("override reason field")
        .send_keys("Evening course fits her childcare")
        .await
        .expect("typing");
    b.submit("#referrals-h ~ form button").await;
    let text = b.text().await;
    assert!(text.contains("followed suggestion no. 1"), "{text}");
    assert!(
        text.contains("overrode the suggestions")
            && text.contains("Evening course fits her childcare"),
        "{text}"
    );
    b.check_page("caseworker-referrals").await;

    // The read is in the audit log, as for the API.
    let log = b
        .state
        .store
        .audit_log(&AuditQuery {
            subject: Some("J-3001".into()),
            limit: 100,
            ..Default::default()
        })
        .expect("audit log reads");
    assert!(
        log.iter()
            .any(|r| r.subject.as_deref() == Some("J-3001") && r.purpose == "case_management")
    );

    // At phone width the page still fits: nothing scrolls sideways.
    b.client.set_window_size(375, 800).await.expect("resize");
    let wide: bool = serde_json::from_value(
        b.client
            .execute(
                "return document.documentElement.scrollWidth > window.innerWidth + 1",
                vec![],
            )
            .await
            .expect("measure"),
    )
    .expect("a bool");
    assert!(!wide, "the page scrolls sideways at 375 px");
    b.check_page("caseworker-jobseeker-375px").await;
    b.client.set_window_size(1280, 1000).await.expect("resize");

    // J-3000 belongs to office-ded5: the same page as a missing record.
    b.goto("/ui/caseworker/jobseekers/J-3000").await;
    assert_eq!(b.h1().await, "Not found");
    b.goto("/ui/caseworker/jobseekers/J-9999").await;
    assert_eq!(b.h1().await, "Not found");
    b.check_page("not-found").await;

    // Error pages carry no session controls; sign out from the start page.
    b.goto("/ui/caseworker").await;
    b.submit("header form[action='/ui/signout'] button").await;
    assert_eq!(b.h1().await, "Sign in");
    b.goto("/ui/caseworker").await;
    assert_eq!(b.h1().await, "Sign in", "signing out ends the session");
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_jobseeker_filters_courses_expresses_interest_and_cannot_open_caseworker_pages() {
    let Some(b) = Browser::start("jobseeker").await else {
        return;
    };
    let token = b.token(user(Role::Jobseeker, None, Some("J-3000")));
    b.sign_in(&token).await;
    assert_eq!(b.h1().await, "Your suggested courses");
    let text = b.text().await;
    assert!(
        text.contains("Why:") && text.contains("Your skills"),
        "{text}"
    );
    b.check_page("jobseeker-courses").await;

    let title = b
        .client
        .find(Locator::Css("article.course h3"))
        .await
        .expect("a suggested course")
        .text()
        .await
        .expect("title");
    b.submit("article.course form[action='/ui/me/interest'] button")
        .await;
    assert!(b.text().await.contains("your interest is noted"));
    let events = b
        .state
        .store
        .outcomes_for_jobseeker("J-3000")
        .expect("outcomes read");
    let viewed: Vec<_> = events
        .iter()
        .filter(|e| e.event.kind == EventKind::Viewed)
        .collect();
    assert_eq!(viewed.len(), 1, "one interest event for {title}");
    let course = viewed[0].event.course_id.clone().expect("a course");
    assert_eq!(
        viewed[0].event.idempotency_key,
        format!("ui-interest:J-3000:{course}")
    );
    b.check_page("jobseeker-interest-noted").await;

    // Online only: every card shown is online.
    b.goto("/ui/me?mode=online").await;
    for card in b
        .client
        .find_all(Locator::Css("article.course .provider"))
        .await
        .expect("cards")
    {
        assert!(card.text().await.expect("text").ends_with("Online"));
    }
    b.goto("/ui/me?max_eqf=abc").await;
    assert_eq!(b.h1().await, "Please check your input");
    assert!(b.text().await.contains("max_eqf"));

    // Caseworker and analyst pages are not the jobseeker's.
    let (status, _, _) = b.fetch("/ui/caseworker").await;
    assert_eq!(status, 403);
    b.goto("/ui/caseworker/jobseekers/J-3000").await;
    assert_eq!(b.h1().await, "Not allowed");
    b.check_page("jobseeker-forbidden").await;
    b.goto("/ui/analyst").await;
    assert_eq!(b.h1().await, "Not allowed");
    // A form post without this session's CSRF token is refused.
    let forged = "const done = arguments[arguments.length - 1];
        fetch('/ui/me/interest', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
               body: 'csrf=forged&course_id=' + encodeURIComponent(arguments[0]) }).then(r => done(r.status));";
    let status = b
        .client
        .execute_async(forged, vec![serde_json::json!(course)])
        .await
        .expect("post");
    assert_eq!(status, serde_json::json!(403));
    let events = b
        .state
        .store
        .outcomes_for_jobseeker("J-3000")
        .expect("outcomes read");
    assert_eq!(events.len(), 1, "the forged post recorded nothing");
    b.close().await;
}

/// Recommended events for every sample jobseeker's top courses, and referrals for some, so
/// that the dashboard has figures both above and below the disclosure threshold.
fn seed_outcomes(b: &Browser) {
    let snapshot = b.state.engine.current();
    let people = b.state.store.jobseekers().expect("jobseekers read");
    let day = Utc.with_ymd_and_hms(2026, 11, 20, 9, 0, 0).unwrap();
    for p in &people {
        let recs = snapshot
            .matcher
            .recommend(p, &RecommendOptions::default())
            .expect("recommendations");
        for (n, rec) in recs.ranked.courses.iter().enumerate() {
            let mut kinds = vec![EventKind::Recommended];
            if n < 3 {
                kinds.push(EventKind::Referred);
            }
            // Five enrolments in one region: a count below the threshold.
            if n == 0 && p.location.region.as_deref() == Some("DED2") {
                kinds.push(EventKind::Enrolled);
            }
            for kind in kinds {
                let event = OutcomeEvent {
                    idempotency_key: format!("seed:{}:{}:{kind:?}", p.id, rec.course_id),
                    kind,
                    jobseeker_id: p.id.clone(),
                    course_id: Some(rec.course_id.clone()),
                    occurred_at: day,
                    occupation_uri: None,
                    contract_type: None,
                    employment_start: None,
                };
                b.state.store.append_outcome(&event).expect("event stored");
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_analyst_sees_each_chart_with_its_table_changes_the_grouping_and_exports_csv() {
    let Some(b) = Browser::start("analyst").await else {
        return;
    };
    seed_outcomes(&b);
    let token = b.token(user(Role::Analyst, None, None));
    b.sign_in(&token).await;
    assert_eq!(b.h1().await, "Uptake and outcomes");

    // Four charts, each an image with a name, and each followed by its table.
    let charts = b
        .client
        .find_all(Locator::Css("section svg.chart[role='img']"))
        .await
        .expect("charts");
    assert_eq!(charts.len(), 4, "funnel, breakdown, over time, fairness");
    let tables = b
        .client
        .find_all(Locator::Css("section svg.chart ~ div.scroll table"))
        .await
        .expect("tables");
    assert_eq!(tables.len(), 4, "a table beside every chart");
    let text = b.text().await;
    for heading in [
        "Outcome funnel",
        "By region",
        "Over time",
        "Fairness monitor",
    ] {
        assert!(text.contains(heading), "no {heading} section");
    }
    let cells = b
        .client
        .find_all(Locator::Css("td.count"))
        .await
        .expect("cells");
    let mut suppressed = 0;
    for cell in cells {
        let t = cell.text().await.expect("cell text");
        match t.parse::<u64>() {
            // Rounded to 5 and never a small non-zero count.
            Ok(n) => assert!(
                n == 0 || (n >= 10 && n % 5 == 0),
                "a raw small count {n} is shown"
            ),
            Err(_) => {
                assert_eq!(t, "suppressed");
                suppressed += 1;
            }
        }
    }
    assert!(
        suppressed > 0,
        "the seeded small cells should be suppressed"
    );
    b.check_page("analyst-dashboard").await;

    // The analyst picks another breakdown and a stage with the labelled selects.
    b.client
        .find(Locator::Css("select#by option[value='group']"))
        .await
        .expect("a group option")
        .click()
        .await
        .expect("choose group");
    b.client
        .find(Locator::Css("select#stage option[value='referred']"))
        .await
        .expect("a referred option")
        .click()
        .await
        .expect("choose referred");
    b.submit("form.filters button").await;
    let text = b.text().await;
    assert!(text.contains("By targeted group"), "{text}");
    let url = b.client.current_url().await.expect("url");
    assert!(url.as_str().contains("by=group") && url.as_str().contains("stage=referred"));
    b.check_page("analyst-by-group").await;

    // Every table has its CSV, with the page's filters.
    let links = b
        .client
        .find_all(Locator::Css("section a[href^='/ui/analyst/uptake.csv']"))
        .await
        .expect("CSV links");
    assert_eq!(links.len(), 4);
    let mut hrefs = Vec::new();
    for l in &links {
        hrefs.push(l.attr("href").await.expect("href").expect("an href"));
    }
    for (href, header) in hrefs.iter().zip([
        "recommended,referred",
        "group,recommended,referred",
        "period,recommended,referred",
        "group,stage,group_reached",
    ]) {
        assert!(href.contains("by=group"), "{href}");
        let (status, ctype, csv) = b.fetch(href).await;
        assert_eq!(status, 200, "{href}");
        assert!(ctype.starts_with("text/csv"));
        assert!(csv.starts_with(header), "{href}: {csv}");
    }

    // A date that ends before it starts is refused with a page saying which field.
    b.goto("/ui/analyst?from=2026-12-01&to=2026-01-01").await;
    assert_eq!(b.h1().await, "Please check your input");
    assert!(b.text().await.contains("the period ends"));
    b.check_page("analyst-bad-period").await;

    // Analysts see no person's record.
    b.goto("/ui/caseworker/jobseekers/J-3001").await;
    assert_eq!(b.h1().await, "Not allowed");
    b.close().await;
}
