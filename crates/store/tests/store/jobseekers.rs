//! Profiles round-trip and update in place; group flags are stored and read apart, survive a
//! profile update, and are never part of a profile read.

use chrono::NaiveDate;
use skillpath_domain::course::Mode;
use skillpath_domain::jobseeker::{GroupFlags, HeldSkill, Profile, SkillSource};
use skillpath_domain::vacancy::Location;
use skillpath_store::testing::TestDb;
use skillpath_store::{JobseekerInput, StoreError, store_test_suite};

pub fn profile(id: &str, office: &str) -> Profile {
    Profile {
        id: id.into(),
        office: office.into(),
        skills: vec![
            HeldSkill {
                uri: "http://data.europa.eu/esco/skill/z".into(),
                source: SkillSource::CaseworkerConfirmed,
            },
            HeldSkill {
                uri: "http://data.europa.eu/esco/skill/a".into(),
                source: SkillSource::ExtractedFromCv,
            },
        ],
        work_history: vec!["http://data.europa.eu/esco/occupation/o2".into()],
        target_occupations: vec![
            "http://data.europa.eu/esco/occupation/t9".into(),
            "http://data.europa.eu/esco/occupation/t1".into(),
        ],
        location: Location {
            municipality: Some("Leipzig".into()),
            region: Some("DED5".into()),
            postcode: Some("04109".into()),
            latitude: Some(51.35),
            longitude: Some(12.44),
        },
        travel_radius_km: 25.5,
        available_from: NaiveDate::from_ymd_opt(2027, 3, 1),
        preferred_modes: vec![Mode::OnSite, Mode::Blended],
        languages: vec!["de".into(), "en".into()],
        accessibility_needs: vec!["step-free-access".into()],
        budget_minor: Some(120_000),
        funding_eligibility: vec!["education-voucher".into()],
        highest_eqf: Some(4),
    }
}

fn flags() -> GroupFlags {
    GroupFlags {
        young: true,
        disability: true,
        lawful_basis: "SGB III s.35".into(),
        ..Default::default()
    }
}

fn profiles_round_trip_and_update_in_place(db: &TestDb) {
    let a = profile("J-1", "office-a");
    let mut b = profile("J-2", "office-b");
    b.skills.clear();
    b.location = Location::default();
    b.available_from = None;
    b.budget_minor = None;
    b.highest_eqf = None;
    let s = db
        .upsert_jobseekers(
            &[
                JobseekerInput {
                    profile: &a,
                    groups: None,
                },
                JobseekerInput {
                    profile: &b,
                    groups: None,
                },
            ],
            "people.jsonl",
        )
        .unwrap();
    assert_eq!((s.inserted, s.updated, s.groups_recorded), (2, 0, 0));
    assert_eq!(db.jobseeker("J-1").unwrap().unwrap(), a);
    assert_eq!(db.jobseeker("J-2").unwrap().unwrap(), b);
    assert_eq!(db.jobseeker("J-3").unwrap(), None);

    let mut changed = a.clone();
    changed.skills.truncate(1);
    changed.budget_minor = None;
    changed.office = "office-b".into();
    let s = db
        .upsert_jobseekers(
            &[JobseekerInput {
                profile: &changed,
                groups: None,
            }],
            "people.jsonl",
        )
        .unwrap();
    assert_eq!((s.inserted, s.updated), (0, 1));
    assert_eq!(
        db.jobseeker("J-1").unwrap().unwrap(),
        changed,
        "a None overwrites"
    );
    assert_eq!(db.jobseeker_count().unwrap(), 2);
}

fn profiles_are_listed_all_or_by_office(db: &TestDb) {
    let people: Vec<Profile> = (0..2100)
        .map(|i| {
            profile(
                &format!("J-{i:05}"),
                if i % 3 == 0 { "north" } else { "south" },
            )
        })
        .collect();
    let inputs: Vec<JobseekerInput<'_>> = people
        .iter()
        .map(|p| JobseekerInput {
            profile: p,
            groups: None,
        })
        .collect();
    db.upsert_jobseekers(&inputs, "many").unwrap();
    assert_eq!(db.jobseekers().unwrap(), people, "more than one page");
    let north = db.jobseekers_in_office("north").unwrap();
    assert_eq!(north.len(), 700);
    assert!(north.iter().all(|p| p.office == "north"));
    assert_eq!(north[1], people[3]);
    assert!(db.jobseekers_in_office("east").unwrap().is_empty());
}

fn group_flags_are_kept_apart_and_survive_a_profile_update(db: &TestDb) {
    let p = profile("J-1", "office-a");
    let g = flags();
    let s = db
        .upsert_jobseekers(
            &[JobseekerInput {
                profile: &p,
                groups: Some(&g),
            }],
            "people.jsonl",
        )
        .unwrap();
    assert_eq!(s.groups_recorded, 1);
    assert_eq!(db.jobseeker_groups("J-1").unwrap(), Some(g.clone()));
    // The profile read is the same whatever the flags: they are not part of it.
    assert_eq!(db.jobseeker("J-1").unwrap().unwrap(), p);

    db.upsert_jobseekers(
        &[JobseekerInput {
            profile: &p,
            groups: None,
        }],
        "again",
    )
    .unwrap();
    assert_eq!(
        db.jobseeker_groups("J-1").unwrap(),
        Some(g),
        "a profile update without flags keeps them"
    );

    let cleared = GroupFlags::default();
    db.set_jobseeker_groups("J-1", &cleared).unwrap();
    assert_eq!(db.jobseeker_groups("J-1").unwrap(), Some(cleared));
}

fn group_flags_need_a_lawful_basis_and_a_person(db: &TestDb) {
    let p = profile("J-1", "office-a");
    let mut g = flags();
    g.lawful_basis = String::new();
    let err = db
        .upsert_jobseekers(
            &[JobseekerInput {
                profile: &p,
                groups: Some(&g),
            }],
            "x",
        )
        .unwrap_err();
    assert!(err.to_string().contains("lawful_basis"), "{err}");
    assert_eq!(db.jobseeker_count().unwrap(), 0, "nothing written");

    let err = db.set_jobseeker_groups("J-404", &flags()).unwrap_err();
    assert!(
        matches!(&err, StoreError::InvalidData { reason, .. } if reason == "no such jobseeker"),
        "{err}"
    );
    assert_eq!(db.jobseeker_groups("J-404").unwrap(), None);
}

/// Registration through the API: of several concurrent creations of one id exactly one
/// wins, and what is stored is the winner's profile, not a mix or the last writer's.
fn concurrent_creations_of_one_id_admit_exactly_one(db: &TestDb) {
    let store = db.store().clone();
    let outcomes: Vec<Result<(), StoreError>> = std::thread::scope(|scope| {
        let runs: Vec<_> = (0..6)
            .map(|n| {
                let store = store.clone();
                scope.spawn(move || {
                    let mut p = profile("J-RACE", "office-a");
                    p.travel_radius_km = f64::from(n + 1);
                    store.create_jobseeker(&p, "api")
                })
            })
            .collect();
        runs.into_iter().map(|r| r.join().unwrap()).collect()
    });
    let won = outcomes.iter().filter(|o| o.is_ok()).count();
    assert_eq!(won, 1, "{outcomes:?}");
    for o in outcomes.iter().filter(|o| o.is_err()) {
        assert!(
            matches!(o, Err(StoreError::Conflict { key, .. }) if key == "J-RACE"),
            "{o:?}"
        );
    }
    let stored = db.jobseeker("J-RACE").unwrap().unwrap();
    assert_eq!(stored.skills.len(), 2, "the winner's skills, once");
    assert_eq!(db.jobseeker_count().unwrap(), 1);
}

store_test_suite!(
    concurrent_creations_of_one_id_admit_exactly_one,
    profiles_round_trip_and_update_in_place,
    profiles_are_listed_all_or_by_office,
    group_flags_are_kept_apart_and_survive_a_profile_update,
    group_flags_need_a_lawful_basis_and_a_person,
);
