//! Issued credentials: stored verbatim under a URL-safe id, each at its own (list, position)
//! in the status lists; at most one valid credential per person and course, also when
//! issued at once; revoking flips only that credential's flag.

use std::collections::HashSet;

use chrono::{NaiveDate, NaiveDateTime};
use skillpath_store::testing::TestDb;
use skillpath_store::{CredentialInsert, StoreError, StoredCredential, store_test_suite};

fn at(day: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 12, day)
        .unwrap()
        .and_hms_micro_opt(9, 30, 0, 123_456)
        .unwrap()
}

fn credential(id: &str, who: &str, course: &str, position: (i64, i64)) -> StoredCredential {
    StoredCredential {
        id: id.into(),
        jobseeker_id: who.into(),
        course_id: course.into(),
        ob3_json: format!(r#"{{"id":"urn:uuid:{id}","proof":{{"proofValue":"z1"}}}}"#),
        elm_json: format!(r#"{{"@id":"urn:uuid:{id}"}}"#),
        issued_at: at(2),
        status_list: position.0,
        status_index: position.1,
        revoked: false,
        learner_salt: Some(format!("salt-{id}")),
    }
}

fn stored(db: &TestDb, c: &StoredCredential) -> StoredCredential {
    match db.insert_credential(c).unwrap() {
        CredentialInsert::Stored(row) => row,
        other => panic!("{} not stored: {other:?}", c.id),
    }
}

fn a_credential_is_stored_verbatim_and_listed_per_person(db: &TestDb) {
    let mut first = credential("a-1", "J-1", "C-1", (1, 0));
    first.issued_at = at(2);
    let first = stored(db, &first);
    let mut second = credential("b-2", "J-2", "C-1", (1, 1));
    second.issued_at = at(3);
    stored(db, &second);
    let mut older = credential("c-3", "J-1", "C-2", (1, 2));
    older.issued_at = at(1);
    older.learner_salt = None;
    stored(db, &older);

    assert_eq!(db.credential("a-1").unwrap(), Some(first.clone()));
    assert_eq!(first.learner_salt.as_deref(), Some("salt-a-1"));
    assert_eq!(db.credential("c-3").unwrap().unwrap().learner_salt, None);
    assert_eq!(db.credential("nope").unwrap(), None);
    let ids: Vec<String> = db
        .credentials_for_jobseeker("J-1")
        .unwrap()
        .into_iter()
        .map(|c| c.id)
        .collect();
    assert_eq!(ids, ["c-3", "a-1"], "oldest first, only J-1's");
}

fn taken_ids_positions_and_unsafe_ids_are_refused(db: &TestDb) {
    stored(db, &credential("a-1", "J-1", "C-1", (1, 0)));
    assert_eq!(
        db.insert_credential(&credential("z-9", "J-2", "C-1", (1, 0)))
            .unwrap(),
        CredentialInsert::PositionTaken
    );
    // The same position in another list is another bit.
    stored(db, &credential("z-9", "J-2", "C-1", (2, 0)));
    for (c, why) in [
        (credential("a-1", "J-3", "C-1", (1, 5)), "id taken"),
        (credential("a/../b", "J-3", "C-1", (1, 6)), "not URL-safe"),
        (credential("", "J-3", "C-1", (1, 7)), "empty id"),
        (credential("n-1", "J-3", "C-1", (1, -1)), "negative index"),
        (credential("n-2", "J-3", "C-1", (0, 3)), "list 0"),
    ] {
        let err = db.insert_credential(&c).unwrap_err();
        assert!(
            matches!(err, StoreError::InvalidData { .. }),
            "{why}: {err}"
        );
    }
    assert_eq!(db.credentials_for_jobseeker("J-3").unwrap(), []);
}

fn a_person_holds_one_valid_credential_per_course(db: &TestDb) {
    let first = stored(db, &credential("a-1", "J-1", "C-1", (1, 0)));
    assert_eq!(
        db.insert_credential(&credential("a-2", "J-1", "C-1", (1, 1)))
            .unwrap(),
        CredentialInsert::AlreadyValid(first)
    );
    // Another course, or another person, is another credential.
    stored(db, &credential("a-3", "J-1", "C-2", (1, 2)));
    stored(db, &credential("a-4", "J-2", "C-1", (1, 3)));
    // Once revoked, the course may be credited anew.
    db.revoke_credential("a-1").unwrap();
    stored(db, &credential("a-5", "J-1", "C-1", (1, 4)));
    assert_eq!(db.credential("a-2").unwrap(), None);
}

/// Several issuers at once for one person and course, each at its own position: exactly
/// one credential is stored, every other is told which one holds.
fn concurrent_issues_for_one_course_store_exactly_one(db: &TestDb) {
    let store = db.store().clone();
    let outcomes: Vec<CredentialInsert> = std::thread::scope(|scope| {
        let runs: Vec<_> = (0..8)
            .map(|n| {
                let store = store.clone();
                scope.spawn(move || {
                    let c = credential(&format!("r-{n}"), "J-RACE", "C-1", (1, n));
                    store.insert_credential(&c).unwrap()
                })
            })
            .collect();
        runs.into_iter().map(|r| r.join().unwrap()).collect()
    });
    let winners: Vec<&StoredCredential> = outcomes
        .iter()
        .filter_map(|o| match o {
            CredentialInsert::Stored(c) => Some(c),
            _ => None,
        })
        .collect();
    assert_eq!(winners.len(), 1, "{outcomes:?}");
    for o in &outcomes {
        match o {
            CredentialInsert::Stored(_) => {}
            CredentialInsert::AlreadyValid(held) => assert_eq!(held.id, winners[0].id),
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(db.credentials_for_jobseeker("J-RACE").unwrap().len(), 1);
}

/// Lists fill one after another, positions inside a list are drawn among the free ones, and
/// concurrent issuers who drew the same position are told to draw again.
fn positions_fill_a_list_at_random_then_open_the_next(db: &TestDb) {
    const ENTRIES: u32 = 16;
    let store = db.store().clone();
    let placed: Vec<(i64, i64)> = std::thread::scope(|scope| {
        let runs: Vec<_> = (0..4)
            .map(|t| {
                let store = store.clone();
                scope.spawn(move || {
                    let mut mine = Vec::new();
                    for n in 0..6 {
                        loop {
                            let position = store.free_status_position(ENTRIES).unwrap();
                            let c = credential(
                                &format!("p-{t}-{n}"),
                                &format!("J-{t}-{n}"),
                                "C-1",
                                position,
                            );
                            match store.insert_credential(&c).unwrap() {
                                CredentialInsert::Stored(_) => {
                                    mine.push(position);
                                    break;
                                }
                                CredentialInsert::PositionTaken => continue,
                                other => panic!("{other:?}"),
                            }
                        }
                    }
                    mine
                })
            })
            .collect();
        runs.into_iter().flat_map(|r| r.join().unwrap()).collect()
    });
    let unique: HashSet<&(i64, i64)> = placed.iter().collect();
    assert_eq!(unique.len(), 24, "{placed:?}");
    let first: Vec<i64> = placed.iter().filter(|p| p.0 == 1).map(|p| p.1).collect();
    let second = placed.iter().filter(|p| p.0 == 2).count();
    assert_eq!((first.len(), second), (16, 8), "{placed:?}");
    assert!(placed.iter().all(|p| (0..16).contains(&p.1)));
    assert_eq!(db.status_lists_in_use().unwrap(), [1, 2]);

    // Drawn, not counted up: on an empty list of a million, twenty draws are not all
    // the first free position (the chance they were is 10^-120).
    let fresh = TestDb::sqlite();
    let draws: HashSet<(i64, i64)> = (0..20)
        .map(|_| fresh.free_status_position(1_000_000).unwrap())
        .collect();
    assert!(draws.len() > 1, "{draws:?}");
    assert!(draws.iter().all(|d| d.0 == 1));
}

fn revoking_sets_only_that_credentials_bit(db: &TestDb) {
    stored(db, &credential("a-1", "J-1", "C-1", (1, 0)));
    stored(db, &credential("b-2", "J-1", "C-2", (1, 1)));
    stored(db, &credential("c-3", "J-1", "C-3", (2, 1)));
    assert_eq!(db.revoked_status_indices(1).unwrap(), Vec::<i64>::new());

    let revoked = db.revoke_credential("b-2").unwrap().unwrap();
    assert!(revoked.revoked);
    assert!(
        db.revoke_credential("b-2").unwrap().unwrap().revoked,
        "twice is fine"
    );
    assert_eq!(db.revoke_credential("nope").unwrap(), None);
    assert_eq!(db.revoked_status_indices(1).unwrap(), [1]);
    assert_eq!(db.revoked_status_indices(2).unwrap(), Vec::<i64>::new());
    db.revoke_credential("c-3").unwrap();
    assert_eq!(db.revoked_status_indices(2).unwrap(), [1]);
    assert!(!db.credential("a-1").unwrap().unwrap().revoked);
}

store_test_suite!(
    a_credential_is_stored_verbatim_and_listed_per_person,
    taken_ids_positions_and_unsafe_ids_are_refused,
    a_person_holds_one_valid_credential_per_course,
    concurrent_issues_for_one_course_store_exactly_one,
    positions_fill_a_list_at_random_then_open_the_next,
    revoking_sets_only_that_credentials_bit,
);
