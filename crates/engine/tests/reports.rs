//! The report assembly on both backends: the same events give the same published figures,
//! people's groups reach the group dimension, and bad requests name their parameter.

use chrono::{TimeZone, Utc};
use skillpath_domain::outcome::{EventKind, OutcomeEvent};
use skillpath_engine::reports::{self, Output, Query};
use skillpath_report::sdc::{Cell, Policy};
use skillpath_store::testing::TestDb;
use skillpath_store::{OnConflict, Store};

fn event(key: String, kind: EventKind, who: String, day: u32) -> OutcomeEvent {
    OutcomeEvent {
        idempotency_key: key,
        kind,
        jobseeker_id: who,
        course_id: Some("C-1".into()),
        occurred_at: Utc.with_ymd_and_hms(2026, 5, day, 9, 0, 0).unwrap(),
        occupation_uri: None,
        contract_type: None,
        employment_start: None,
    }
}

/// 203 people recommended C-1 in May, every other one referred.
fn seed(store: &Store) {
    let mut events = Vec::new();
    for i in 0..203 {
        let who = format!("P{i:04}");
        events.push(event(
            format!("r{i}"),
            EventKind::Recommended,
            who.clone(),
            1,
        ));
        if i % 2 == 0 {
            events.push(event(format!("f{i}"), EventKind::Referred, who, 2));
        }
    }
    store.append_outcomes(&events, OnConflict::Abort).unwrap();
}

fn total(store: &Store) -> Vec<Cell> {
    let query = Query::parse("uptake", Some("course"), Some("2026-01-01"), None).unwrap();
    let Output::Uptake(report) = reports::run(store, &query, &Policy::default()).unwrap() else {
        panic!("asked for uptake");
    };
    let row = report.rows.iter().find(|r| r.keys == ["Total"]).unwrap();
    row.counts[..2].to_vec()
}

#[test]
fn both_backends_publish_the_same_rounded_funnel() {
    let sqlite = TestDb::sqlite();
    seed(&sqlite);
    // 203 recommended and 102 referred, rounded to 5.
    assert_eq!(total(&sqlite), [Cell::Count(205), Cell::Count(100)]);
    if let Some(pg) = TestDb::postgres() {
        seed(&pg);
        assert_eq!(total(&pg), total(&sqlite));
    }
}

#[test]
fn bad_parameters_are_named() {
    let e = Query::parse("uptake", Some("region,colour"), None, None).unwrap_err();
    assert_eq!(e.field, "by");
    assert!(e.reason.contains("colour"), "{}", e.reason);
    let e = Query::parse("uptake", None, Some("2026-06-01"), Some("2026-01-01")).unwrap_err();
    assert_eq!(e.field, "to");
    let e = Query::parse("fairness", Some("region"), None, None).unwrap_err();
    assert_eq!(e.field, "by");
    assert_eq!(
        Query::parse("wages", None, None, None).unwrap_err().field,
        "name"
    );
}
