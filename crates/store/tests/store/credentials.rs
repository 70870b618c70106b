//! Issued credentials: stored verbatim under a URL-safe id, each with its own status-list
//! position; revoking flips only that credential's flag.

use chrono::{NaiveDate, NaiveDateTime};
use skillpath_store::testing::TestDb;
use skillpath_store::{StoreError, StoredCredential, store_test_suite};

fn at(day: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 12, day)
        .unwrap()
        .and_hms_micro_opt(9, 30, 0, 123_456)
        .unwrap()
}

fn credential(id: &str, who: &str, index: i64, day: u32) -> StoredCredential {
    StoredCredential {
        id: id.into(),
        jobseeker_id: who.into(),
        course_id: "C-1".into(),
        ob3_json: format!(r#"{{"id":"urn:uuid:{id}","proof":{{"proofValue":"z1"}}}}"#),
        elm_json: format!(r#"{{"@id":"urn:uuid:{id}"}}"#),
        issued_at: at(day),
        status_index: index,
        revoked: false,
    }
}

fn a_credential_is_stored_verbatim_and_listed_per_person(db: &TestDb) {
    assert_eq!(db.next_credential_status_index().unwrap(), 0);
    let first = db
        .insert_credential(&credential("a-1", "J-1", 0, 2))
        .unwrap();
    assert_eq!(db.next_credential_status_index().unwrap(), 1);
    db.insert_credential(&credential("b-2", "J-2", 1, 3))
        .unwrap();
    db.insert_credential(&credential("c-3", "J-1", 2, 1))
        .unwrap();

    assert_eq!(db.credential("a-1").unwrap(), Some(first.clone()));
    assert_eq!(first.ob3_json, credential("a-1", "J-1", 0, 2).ob3_json);
    assert_eq!(db.credential("nope").unwrap(), None);
    let ids: Vec<String> = db
        .credentials_for_jobseeker("J-1")
        .unwrap()
        .into_iter()
        .map(|c| c.id)
        .collect();
    assert_eq!(ids, ["c-3", "a-1"], "oldest first, only J-1's");
    assert_eq!(db.next_credential_status_index().unwrap(), 3);
}

fn taken_ids_positions_and_unsafe_ids_are_refused(db: &TestDb) {
    db.insert_credential(&credential("a-1", "J-1", 0, 2))
        .unwrap();
    for (c, why) in [
        (credential("a-1", "J-2", 5, 2), "id taken"),
        (credential("z-9", "J-2", 0, 2), "status index taken"),
        (credential("a/../b", "J-2", 6, 2), "not URL-safe"),
        (credential("", "J-2", 7, 2), "empty id"),
        (credential("n-1", "J-2", -1, 2), "negative index"),
    ] {
        let err = db.insert_credential(&c).unwrap_err();
        assert!(
            matches!(err, StoreError::InvalidData { .. }),
            "{why}: {err}"
        );
    }
    assert_eq!(db.credentials_for_jobseeker("J-2").unwrap(), []);
}

fn revoking_sets_only_that_credentials_bit(db: &TestDb) {
    db.insert_credential(&credential("a-1", "J-1", 0, 2))
        .unwrap();
    db.insert_credential(&credential("b-2", "J-1", 1, 3))
        .unwrap();
    db.insert_credential(&credential("c-3", "J-1", 2, 4))
        .unwrap();
    assert_eq!(db.revoked_status_indices().unwrap(), Vec::<i64>::new());

    let revoked = db.revoke_credential("b-2").unwrap().unwrap();
    assert!(revoked.revoked);
    assert!(
        db.revoke_credential("b-2").unwrap().unwrap().revoked,
        "twice is fine"
    );
    assert_eq!(db.revoke_credential("nope").unwrap(), None);
    assert_eq!(db.revoked_status_indices().unwrap(), [1]);
    assert!(!db.credential("a-1").unwrap().unwrap().revoked);
}

store_test_suite!(
    a_credential_is_stored_verbatim_and_listed_per_person,
    taken_ids_positions_and_unsafe_ids_are_refused,
    revoking_sets_only_that_credentials_bit,
);
