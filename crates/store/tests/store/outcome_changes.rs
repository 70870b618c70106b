//! What was added since a mark: the people with new events, nothing, or — when the events
//! numbered after the mark do not account for everything added — a call for a full read
//! (PostgreSQL, where numbers can commit out of order).

use chrono::{TimeZone, Utc};
use skillpath_domain::outcome::{EventKind, OutcomeEvent};
use skillpath_store::testing::TestDb;
use skillpath_store::{Backend, OnConflict, OutcomeChanges, OutcomeMark, store_test_suite};

fn recommended(key: &str, who: &str) -> OutcomeEvent {
    OutcomeEvent {
        idempotency_key: key.into(),
        kind: EventKind::Recommended,
        jobseeker_id: who.into(),
        course_id: Some("C-1".into()),
        occurred_at: Utc.with_ymd_and_hms(2027, 3, 1, 9, 0, 0).unwrap(),
        occupation_uri: None,
        contract_type: None,
        employment_start: None,
    }
}

fn append(db: &TestDb, events: &[(&str, &str)]) {
    let events: Vec<OutcomeEvent> = events.iter().map(|(k, w)| recommended(k, w)).collect();
    db.append_outcomes(&events, OnConflict::Abort).unwrap();
}

fn changes_since_a_mark_name_the_people_with_new_events(db: &TestDb) {
    assert_eq!(db.outcome_mark().unwrap(), OutcomeMark::default());
    append(db, &[("a", "J-2"), ("b", "J-1")]);
    let first = db.outcome_mark().unwrap();
    assert_eq!(first.count, 2);
    assert_eq!(
        db.outcome_changes(first, 100).unwrap(),
        OutcomeChanges::None
    );

    append(db, &[("c", "J-3"), ("d", "J-1"), ("e", "J-3")]);
    let OutcomeChanges::People { mark, ids } = db.outcome_changes(first, 100).unwrap() else {
        panic!("three events by two people were added");
    };
    assert_eq!(ids, ["J-1", "J-3"], "each person once, in id order");
    assert_eq!(mark, db.outcome_mark().unwrap());
    assert_eq!(mark.count, 5);
    // The whole table since the start is also a list of people.
    let OutcomeChanges::People { ids, .. } =
        db.outcome_changes(OutcomeMark::default(), 100).unwrap()
    else {
        panic!("five events from nothing")
    };
    assert_eq!(ids, ["J-1", "J-2", "J-3"]);
    // More than the limit is a bulk load: a full read does better.
    assert!(matches!(
        db.outcome_changes(first, 2).unwrap(),
        OutcomeChanges::Unknown { .. }
    ));
}

fn a_late_event_below_the_mark_calls_for_a_full_read(db: &TestDb) {
    append(db, &[("a", "J-1")]);
    // An event numbered well above the others, as a sequence hands numbers out...
    let insert = |id: i64, key: &str| {
        db.execute_sql(&format!(
            "INSERT INTO outcome_events (id, idempotency_key, kind, jobseeker_id, course_id, \
             occurred_at, recorded_at) VALUES ({id}, '{key}', 'recommended', 'J-2', 'C-1', \
             '2027-03-01 09:00:00', '2027-03-01 09:00:00')"
        ))
        .unwrap()
    };
    insert(100, "late-high");
    let mark = db.outcome_mark().unwrap();
    assert_eq!(
        mark,
        OutcomeMark {
            last: 100,
            count: 2
        }
    );
    if db.backend() == Backend::Sqlite {
        // SQLite numbers an event above every number ever used, inside its one writer's
        // transaction, so no event can appear below a mark: its changes are told by the
        // numbers alone, and the next event lands above the mark.
        append(db, &[("b", "J-3")]);
        let OutcomeChanges::People { mark: now, ids } = db.outcome_changes(mark, 100).unwrap()
        else {
            panic!("one event added above the mark");
        };
        assert_eq!(
            (now.last > 100, now.count, ids),
            (true, 3, vec!["J-3".to_owned()])
        );
        return;
    }
    // ...and one whose lower number commits only after the mark was taken.
    insert(50, "late-low");
    match db.outcome_changes(mark, 100).unwrap() {
        OutcomeChanges::Unknown { mark: now } => assert_eq!(now.count, 3),
        other => panic!("an event below the mark went unseen: {other:?}"),
    }
}

store_test_suite!(
    changes_since_a_mark_name_the_people_with_new_events,
    a_late_event_below_the_mark_calls_for_a_full_read,
);
