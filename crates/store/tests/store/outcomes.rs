//! Outcome events: appended once per idempotency key, a repeat returns the original, a
//! reused key with a different body is told apart, and lists come in the order of events.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use skillpath_domain::outcome::{EventKind, OutcomeEvent};
use skillpath_store::testing::TestDb;
use skillpath_store::{Appended, JobseekerInput, OnConflict, store_test_suite};

fn at(day: u32, hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 3, day, hour, 0, 0).unwrap()
}

fn event(
    key: &str,
    kind: EventKind,
    who: &str,
    course: Option<&str>,
    when: DateTime<Utc>,
) -> OutcomeEvent {
    OutcomeEvent {
        idempotency_key: key.into(),
        kind,
        jobseeker_id: who.into(),
        course_id: course.map(str::to_owned),
        occurred_at: when,
        occupation_uri: None,
        contract_type: None,
        employment_start: None,
    }
}

fn employed() -> OutcomeEvent {
    let mut e = event("k-emp", EventKind::Employed, "J-1", None, at(20, 9));
    e.occupation_uri = Some("http://data.europa.eu/esco/occupation/x".into());
    e.contract_type = Some("permanent".into());
    e.employment_start = NaiveDate::from_ymd_opt(2027, 4, 1);
    e
}

fn an_event_is_stored_once_per_key(db: &TestDb) {
    let mut e = employed();
    // Sub-microsecond digits are beyond what PostgreSQL keeps; a resend must still match.
    e.occurred_at += chrono::Duration::nanoseconds(123_456_789);
    let first = db.append_outcome(&e).unwrap();
    let Appended::Created(stored) = &first else {
        panic!("{first:?}")
    };
    assert!(first.is_new());
    assert_eq!(stored.event.kind, EventKind::Employed);
    assert_eq!(stored.event.contract_type.as_deref(), Some("permanent"));
    assert_eq!(
        stored.event.occurred_at.timestamp_subsec_nanos(),
        123_456_000
    );

    let again = db.append_outcome(&e).unwrap();
    assert_eq!(again, Appended::Repeated(stored.clone()));
    assert!(!again.is_new());

    let mut other = e.clone();
    other.contract_type = Some("temporary".into());
    let clash = db.append_outcome(&other).unwrap();
    assert_eq!(
        clash,
        Appended::Conflict(stored.clone()),
        "the original is returned"
    );
    assert_eq!(db.outcome_count().unwrap(), 1);
    assert_eq!(db.outcome_by_key("k-emp").unwrap().as_ref(), Some(stored));
}

fn an_invalid_event_is_refused(db: &TestDb) {
    let e = event("k-1", EventKind::Enrolled, "J-1", None, at(1, 9));
    let err = db.append_outcome(&e).unwrap_err();
    assert!(err.to_string().contains("course_id"), "{err}");
    assert_eq!(db.outcome_count().unwrap(), 0);
}

fn events_are_listed_by_person_course_and_period(db: &TestDb) {
    let events = vec![
        event("k-3", EventKind::Completed, "J-1", Some("C-1"), at(10, 9)),
        event("k-1", EventKind::Referred, "J-1", Some("C-1"), at(1, 9)),
        event("k-2", EventKind::Enrolled, "J-2", Some("C-1"), at(5, 9)),
        event("k-4", EventKind::Referred, "J-2", Some("C-2"), at(12, 9)),
        employed(),
    ];
    let s = db.append_outcomes(&events, OnConflict::Skip).unwrap();
    assert_eq!((s.created, s.repeated), (5, 0));
    let keys = |list: Vec<skillpath_store::StoredOutcome>| -> Vec<String> {
        list.into_iter().map(|s| s.event.idempotency_key).collect()
    };
    assert_eq!(
        keys(db.outcomes_for_jobseeker("J-1").unwrap()),
        ["k-1", "k-3", "k-emp"]
    );
    assert_eq!(
        keys(db.outcomes_for_course("C-1").unwrap()),
        ["k-1", "k-2", "k-3"]
    );
    assert_eq!(
        keys(db.outcomes_between(at(5, 9), at(12, 9)).unwrap()),
        ["k-2", "k-3"],
        "from included, to excluded"
    );
}

fn a_batch_counts_repeats_and_reports_conflicts(db: &TestDb) {
    let first = event("k-1", EventKind::Referred, "J-1", Some("C-1"), at(1, 9));
    db.append_outcome(&first).unwrap();
    let mut clash = first.clone();
    clash.course_id = Some("C-2".into());
    let new = event("k-2", EventKind::Viewed, "J-1", None, at(2, 9));
    let batch = vec![first.clone(), new.clone(), clash.clone(), new.clone()];

    let s = db.append_outcomes(&batch, OnConflict::Abort).unwrap();
    assert_eq!((s.created, s.conflicts.clone()), (0, vec![2]));
    assert_eq!(db.outcome_count().unwrap(), 1, "abort writes nothing");

    let s = db.append_outcomes(&batch, OnConflict::Skip).unwrap();
    assert_eq!((s.created, s.repeated, s.conflicts), (1, 2, vec![2]));
    assert_eq!(db.outcome_count().unwrap(), 2);
    assert_eq!(db.outcome_by_key("k-1").unwrap().unwrap().event, first);
}

/// Pages hold whole people: a person whose events cross a page edge is read in the next
/// page, and one person with more events than a page is read whole.
fn events_stream_person_by_person_without_splitting_anyone(db: &TestDb) {
    let mut batch = Vec::new();
    for (who, n) in [("A", 2), ("B", 5), ("C", 1), ("D", 3)] {
        for i in 0..n {
            batch.push(event(
                &format!("{who}-{i}"),
                EventKind::Recommended,
                who,
                Some("C-1"),
                at(1 + i, 9),
            ));
        }
    }
    db.append_outcomes(&batch, OnConflict::Abort).unwrap();
    let mut pages: Vec<Vec<String>> = Vec::new();
    db.for_each_person_events(3, |events| {
        pages.push(events.iter().map(|e| e.idempotency_key.clone()).collect());
        Ok::<_, skillpath_store::StoreError>(())
    })
    .unwrap();
    let people: Vec<Vec<&str>> = pages
        .iter()
        .map(|p| {
            let mut who: Vec<&str> = p.iter().map(|k| &k[..1]).collect();
            who.dedup();
            who
        })
        .collect();
    assert_eq!(
        people,
        [vec!["A"], vec!["B"], vec!["C"], vec!["D"]],
        "{pages:?}"
    );
    assert_eq!(pages[1].len(), 5, "B read whole");
    assert_eq!(pages.iter().map(Vec::len).sum::<usize>(), 11);
    assert_eq!(pages[1][0], "B-0", "in sequence order");

    // The funnel's narrow reader pages the same way.
    let mut funnel: Vec<Vec<String>> = Vec::new();
    db.for_each_person_funnel_events(3, |events| {
        funnel.push(events.iter().map(|e| e.jobseeker_id.clone()).collect());
        Ok::<_, skillpath_store::StoreError>(())
    })
    .unwrap();
    let sizes = |p: &[Vec<String>]| p.iter().map(Vec::len).collect::<Vec<_>>();
    assert_eq!(sizes(&funnel), sizes(&pages));
    assert!(
        funnel
            .iter()
            .zip(&people)
            .all(|(f, who)| f.iter().all(|id| id == who[0]))
    );
}

/// Ranges cut at registered ids split the register evenly and, read one after another,
/// give every person's events once, people with events but no profile included.
fn person_ranges_cover_everyone_once(db: &TestDb) {
    let people: Vec<_> = (0..9)
        .map(|i| crate::jobseekers::profile(&format!("J-{i}"), "north"))
        .collect();
    let inputs: Vec<JobseekerInput<'_>> = people
        .iter()
        .map(|p| JobseekerInput {
            profile: p,
            groups: None,
        })
        .collect();
    db.upsert_jobseekers(&inputs, "ranges").unwrap();
    // "A" sorts before every registered id, "Z" after; "J-45" between two.
    let mut batch = Vec::new();
    for (n, who) in ["A", "J-0", "J-2", "J-3", "J-45", "J-5", "J-8", "Z"]
        .iter()
        .enumerate()
    {
        for i in 0..3 {
            let key = format!("{who}-{i}");
            batch.push(event(
                &key,
                EventKind::Recommended,
                who,
                Some("C-1"),
                at(1 + n as u32, 9),
            ));
        }
    }
    db.append_outcomes(&batch, OnConflict::Abort).unwrap();
    let ranges = db.person_ranges(3).unwrap();
    assert_eq!(ranges.len(), 3, "{ranges:?}");
    assert_eq!(ranges[0].after, None);
    assert_eq!(ranges[0].upto.as_deref(), Some("J-2"));
    assert_eq!(ranges[1].upto.as_deref(), Some("J-5"));
    assert_eq!(ranges[2].upto, None);
    let mut seen: Vec<String> = Vec::new();
    for range in &ranges {
        db.for_each_person_funnel_events_in(range, 2, |events| {
            seen.extend(events.iter().map(|e| e.jobseeker_id.clone()));
            Ok::<_, skillpath_store::StoreError>(())
        })
        .unwrap();
    }
    let expected: Vec<String> = batch.iter().map(|e| e.jobseeker_id.clone()).collect();
    assert_eq!(seen, expected);
    assert_eq!(db.person_ranges(20).unwrap().len(), 9, "no empty ranges");
}

store_test_suite!(
    person_ranges_cover_everyone_once,
    an_event_is_stored_once_per_key,
    an_invalid_event_is_refused,
    events_are_listed_by_person_course_and_period,
    a_batch_counts_repeats_and_reports_conflicts,
    events_stream_person_by_person_without_splitting_anyone,
    concurrent_audited_appends_commit_together_and_fail_alone,
);

/// Many writers at once, as the service's handlers are: every acknowledged event is stored
/// exactly once with its audit row, repeats return the original, and a write that fails
/// (here an audit row naming no account) takes back its own event without touching the
/// writes committed beside it (SQLite commits them in one group).
fn concurrent_audited_appends_commit_together_and_fail_alone(db: &TestDb) {
    let user = db
        .create_user(&skillpath_store::NewUser {
            role: skillpath_store::Role::Caseworker,
            office: Some("north".into()),
            jobseeker_id: None,
        })
        .unwrap()
        .0
        .id;
    let results: Vec<(String, bool, Result<Appended, String>)> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..8)
            .map(|t| {
                s.spawn(move || {
                    (0..25)
                        .map(|i| {
                            // Every fifth write names an account that does not exist.
                            let bad = i % 5 == 4;
                            // Two threads send each key: one stores, the other repeats.
                            let key = format!("k-{}-{i}", t / 2);
                            let e = event(&key, EventKind::Enrolled, "J-7", Some("C-1"), at(2, 9));
                            let audit = skillpath_store::AuditEntry {
                                user_id: if bad { user + 1000 } else { user },
                                action: "record_outcome",
                                subject: Some("J-7"),
                                purpose: "case_management",
                            };
                            let r = db.append_outcome_audited(&e, Some(&audit));
                            (key, bad, r.map_err(|e| e.to_string()))
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap())
            .collect()
    });
    for (key, bad, r) in &results {
        assert_eq!(r.is_err(), *bad, "{key}: {r:?}");
    }
    let stored = db.outcomes_for_jobseeker("J-7").unwrap();
    let mut keys: Vec<&str> = stored
        .iter()
        .map(|s| s.event.idempotency_key.as_str())
        .collect();
    keys.sort_unstable();
    let mut expected: Vec<String> = (0..4)
        .flat_map(|t| {
            (0..25)
                .filter(|i| i % 5 != 4)
                .map(move |i| format!("k-{t}-{i}"))
        })
        .collect();
    expected.sort_unstable();
    assert_eq!(keys, expected, "each good key once, no failed one");
    let created = results
        .iter()
        .filter(|(_, _, r)| matches!(r, Ok(Appended::Created(_))))
        .count();
    assert_eq!(
        created,
        expected.len(),
        "exactly one writer created each key"
    );
    let audit = db
        .audit_log(&skillpath_store::AuditQuery {
            user_id: Some(user),
            subject: None,
            limit: 10_000,
        })
        .unwrap();
    assert_eq!(
        audit.len(),
        2 * expected.len(),
        "one audit row per acknowledged call"
    );
}
