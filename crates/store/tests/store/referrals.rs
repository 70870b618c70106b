//! Referrals are stored once per person and course, keep who decided and why, and refuse an
//! override without a reason.

use skillpath_store::testing::TestDb;
use skillpath_store::{
    Decision, JobseekerInput, NewReferral, NewUser, Referred, Role, StoreError, store_test_suite,
};

use crate::jobseekers::profile;

fn setup(db: &TestDb) -> i64 {
    let people = [profile("js-1", "north"), profile("js-2", "north")];
    let inputs: Vec<_> = people
        .iter()
        .map(|p| JobseekerInput {
            profile: p,
            groups: None,
        })
        .collect();
    db.upsert_jobseekers(&inputs, "test").unwrap();
    let new = NewUser {
        role: Role::Caseworker,
        office: Some("north".into()),
        jobseeker_id: None,
    };
    db.create_user(&new).unwrap().0.id
}

fn followed(jobseeker: &str, course: &str, by: i64, rank: u32) -> NewReferral {
    NewReferral {
        jobseeker_id: jobseeker.into(),
        course_id: course.into(),
        decided_by: by,
        decision: Decision::Followed,
        suggested_rank: Some(rank),
        reason: None,
    }
}

fn a_referral_is_stored_once_per_person_and_course(db: &TestDb) {
    let by = setup(db);
    let Referred::Created(first) = db.refer(&followed("js-1", "c-1", by, 2)).unwrap() else {
        panic!("the first referral is new");
    };
    assert_eq!(first.decided_by, by);
    assert_eq!(first.suggested_rank, Some(2));
    assert_eq!(first.decision, Decision::Followed);

    // A retry, even one that would now be ranked differently, returns the first.
    let again = db.refer(&followed("js-1", "c-1", by, 5)).unwrap();
    assert_eq!(again, Referred::Existing(first.clone()));

    let overridden = NewReferral {
        decision: Decision::Overridden,
        suggested_rank: None,
        reason: Some("starts sooner than the suggested ones".into()),
        ..followed("js-1", "c-2", by, 1)
    };
    let second = db.refer(&overridden).unwrap();
    assert!(matches!(second, Referred::Created(_)));
    db.refer(&followed("js-2", "c-1", by, 1)).unwrap();

    let mine = db.referrals_for_jobseeker("js-1").unwrap();
    assert_eq!(mine.len(), 2);
    assert_eq!(mine[0], first);
    assert_eq!(mine[1].reason.as_deref(), overridden.reason.as_deref());
    assert_eq!(db.referrals().unwrap().len(), 3);
    assert!(db.referrals_for_jobseeker("js-9").unwrap().is_empty());
}

fn an_override_needs_a_reason_and_a_referral_a_known_person(db: &TestDb) {
    let by = setup(db);
    for reason in [None, Some("  ".to_owned())] {
        let bad = NewReferral {
            decision: Decision::Overridden,
            suggested_rank: None,
            reason,
            ..followed("js-1", "c-1", by, 1)
        };
        let err = db.refer(&bad).unwrap_err();
        assert!(
            matches!(&err, StoreError::InvalidData { reason, .. } if reason.starts_with("reason")),
            "{err}"
        );
    }
    let unranked = NewReferral {
        suggested_rank: None,
        ..followed("js-1", "c-1", by, 1)
    };
    assert!(db.refer(&unranked).is_err());
    assert!(
        db.refer(&followed("nobody", "c-1", by, 1)).is_err(),
        "foreign key to jobseekers"
    );
    assert!(db.referrals().unwrap().is_empty());
}

store_test_suite!(
    a_referral_is_stored_once_per_person_and_course,
    an_override_needs_a_reason_and_a_referral_a_known_person,
);
