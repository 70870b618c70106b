//! Courses round-trip on both backends, are replaced as a whole by id, and a bad batch
//! writes nothing.

use chrono::NaiveDate;
use skillpath_domain::course::{Cost, Course, LearningOutcome, Mode, Pace, Participation, Session};
use skillpath_domain::vacancy::Location;
use skillpath_store::testing::TestDb;
use skillpath_store::{CourseInput, StoreError, store_test_suite};

const SKILL: &str = "http://data.europa.eu/esco/skill/";

pub fn course(id: &str) -> Course {
    let day = |m, d| NaiveDate::from_ymd_opt(2027, m, d).unwrap();
    Course {
        id: id.into(),
        title: "Solar PV installation basics".into(),
        issuer_country: Some("DE".into()),
        issuer_region: Some("DED5".into()),
        awarding_body: "Handwerkskammer".into(),
        date_of_issue: Some(day(1, 5)),
        learning_outcomes: vec![
            LearningOutcome {
                text: "Install photovoltaic panels".into(),
                // Deliberately not sorted: the order given is the order read back.
                skill_uris: vec![format!("{SKILL}b"), format!("{SKILL}a")],
            },
            LearningOutcome {
                text: "Work safely at height".into(),
                skill_uris: vec![],
            },
        ],
        ects: Some(3.5),
        eqf_level: Some(4),
        assessment: Some("practical test".into()),
        participation: Participation {
            mode: Mode::Blended,
            pace: Pace::PartTime,
        },
        quality_assurance: Some("ISO 29993".into()),
        provider: "Bildungszentrum".into(),
        hours: Some(75.0),
        sessions: vec![
            Session {
                start: day(3, 1),
                end: Some(day(4, 30)),
                location: Some(Location {
                    municipality: Some("Leipzig".into()),
                    region: Some("DED5".into()),
                    postcode: Some("04109".into()),
                    latitude: Some(51.34),
                    longitude: Some(12.37),
                }),
                seats: Some(12),
            },
            Session {
                start: day(6, 1),
                end: None,
                location: None,
                seats: None,
            },
            // A place whose details are unknown is still a place, not an online session.
            Session {
                start: day(9, 1),
                end: None,
                location: Some(Location::default()),
                seats: Some(u32::MAX),
            },
        ],
        cost: Cost {
            amount_minor: 45_000,
            currency: "EUR".into(),
            eligible_funding: vec!["pes-voucher".into(), "esf-plus".into()],
        },
        languages: vec!["de".into(), "en".into()],
        accessibility: vec!["step-free-access".into()],
        prerequisites: vec!["basic electrics".into()],
        stacks_into: Some("Certified PV installer".into()),
        url: Some("https://example.org/pv".into()),
    }
}

fn input(c: &Course) -> CourseInput<'_> {
    CourseInput {
        course: c,
        incomplete: &[],
    }
}

fn courses_round_trip_with_every_element(db: &TestDb) {
    let full = course("PV-1");
    let mut sparse = course("PV-2");
    sparse.issuer_country = None;
    sparse.date_of_issue = None;
    sparse.ects = None;
    sparse.eqf_level = None;
    sparse.assessment = None;
    sparse.quality_assurance = None;
    sparse.learning_outcomes.clear();
    sparse.sessions.clear();
    sparse.stacks_into = None;
    sparse.url = None;
    let missing = ["issuer_country", "cost"];
    let summary = db
        .upsert_courses(
            &[
                input(&full),
                CourseInput {
                    course: &sparse,
                    incomplete: &missing,
                },
            ],
            "catalogue.jsonl",
        )
        .unwrap();
    assert_eq!((summary.inserted, summary.updated), (2, 0));

    let stored = db.course("PV-1").unwrap().unwrap();
    assert_eq!(stored.course, full);
    assert!(stored.incomplete.is_empty());
    assert_eq!(stored.source, "catalogue.jsonl");
    let stored = db.course("PV-2").unwrap().unwrap();
    assert_eq!(stored.course, sparse);
    assert_eq!(stored.incomplete, missing);
    assert_eq!(db.course("PV-3").unwrap(), None);

    let counts = db.course_counts().unwrap();
    assert_eq!(
        (
            counts.courses,
            counts.incomplete,
            counts.sessions,
            counts.learning_outcomes
        ),
        (2, 1, 3, 2)
    );
}

fn reloading_a_course_replaces_it_whole(db: &TestDb) {
    let mut c = course("PV-1");
    db.upsert_courses(&[input(&c)], "a.jsonl").unwrap();
    c.title = "Solar PV, revised".into();
    c.learning_outcomes.truncate(1);
    c.learning_outcomes[0].skill_uris = vec![format!("{SKILL}c")];
    c.sessions.truncate(1);
    let other = course("PV-9");
    let summary = db
        .upsert_courses(&[input(&c), input(&other)], "b.jsonl")
        .unwrap();
    assert_eq!((summary.inserted, summary.updated), (1, 1));
    let stored = db.course("PV-1").unwrap().unwrap();
    assert_eq!(
        stored.course, c,
        "no outcome, skill or session of the old version is kept"
    );
    assert_eq!(stored.source, "b.jsonl");
    let counts = db.course_counts().unwrap();
    assert_eq!((counts.courses, counts.sessions), (2, 4));
}

fn a_batch_with_an_invalid_course_writes_nothing(db: &TestDb) {
    db.upsert_courses(&[input(&course("PV-1"))], "a").unwrap();
    let mut changed = course("PV-1");
    changed.title = "changed".into();
    let mut bad = course("PV-2");
    bad.eqf_level = Some(9);
    let err = db
        .upsert_courses(&[input(&changed), input(&bad)], "b")
        .unwrap_err();
    assert!(
        matches!(&err, StoreError::InvalidData { key, .. } if key == "PV-2"),
        "{err}"
    );
    assert!(err.to_string().contains("eqf_level"), "{err}");
    let twice = db.upsert_courses(&[input(&changed), input(&changed)], "b");
    assert!(twice.unwrap_err().to_string().contains("given twice"));
    assert_eq!(db.course("PV-1").unwrap().unwrap().course, course("PV-1"));
    assert_eq!(db.course_counts().unwrap().courses, 1);
}

fn all_courses_are_read_page_by_page(db: &TestDb) {
    let all: Vec<Course> = (0..2500).map(|i| course(&format!("C-{i:05}"))).collect();
    let inputs: Vec<CourseInput<'_>> = all.iter().map(input).collect();
    db.upsert_courses(&inputs, "many").unwrap();

    let first = db.courses_page(None, 7).unwrap();
    let next = db
        .courses_page(Some(&first.last().unwrap().course.id), 7)
        .unwrap();
    assert_eq!(first.len(), 7);
    assert_eq!(next[0].course.id, "C-00007");

    let read = db.courses().unwrap();
    assert_eq!(read.len(), 2500, "more than one page of 2000");
    let read: Vec<Course> = read.into_iter().map(|s| s.course).collect();
    assert_eq!(
        read, all,
        "ids with one pattern sort the same on both backends"
    );
}

store_test_suite!(
    courses_round_trip_with_every_element,
    reloading_a_course_replaces_it_whole,
    a_batch_with_an_invalid_course_writes_nothing,
    all_courses_are_read_page_by_page,
);
