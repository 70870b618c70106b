//! Courses from the real edX catalogue and the EDC (ELM) credential samples, and the shipped
//! sample courses and jobseekers, into both backends: every accepted record round-trips, a
//! reload updates in place, and what a source left out is kept as incomplete.

use skillpath_ingest::courses::{CourseOptions, read_courses};
use skillpath_ingest::jobseekers::read_jobseekers;
use skillpath_store::testing::TestDb;
use skillpath_store::{CourseInput, JobseekerInput};
use skillpath_suite::{sample_dir, shared_path};

fn load(db: &TestDb, path: &std::path::Path) -> (usize, usize) {
    let read = read_courses(path, &CourseOptions::default()).unwrap();
    let inputs: Vec<CourseInput<'_>> = read
        .records
        .iter()
        .map(|r| CourseInput {
            course: &r.course,
            incomplete: &r.missing,
        })
        .collect();
    let s = db.upsert_courses(&inputs, "test").unwrap();
    for r in &read.records {
        let stored = db.course(&r.course.id).unwrap().unwrap();
        assert_eq!(stored.course, r.course, "{} round-trips", r.course.id);
        assert_eq!(stored.incomplete, r.missing, "{}", r.course.id);
    }
    (s.inserted, s.updated)
}

fn edx_catalogue(db: &TestDb) {
    let Some(path) = shared_path("data/courses/edx-courses.csv") else {
        return;
    };
    let read = read_courses(&path, &CourseOptions::default()).unwrap();
    assert_eq!(read.rows, 975);
    assert_eq!(read.records.len(), 974);
    assert_eq!(read.rejected.len(), 1, "the one duplicate id");
    assert_eq!(read.rejected[0].field, "id");
    assert_eq!(load(db, &path), (974, 0));
    assert_eq!(load(db, &path), (0, 974), "a reload updates in place");
    let counts = db.course_counts().unwrap();
    assert_eq!(counts.courses, 974);
    assert_eq!(
        counts.incomplete, 974,
        "edX states no EQF level, ECTS or issuer country"
    );
    assert_eq!(db.courses().unwrap().len(), 974);
}

fn elm_credentials(db: &TestDb) {
    let Some(dir) = shared_path("data/credentials/elm") else {
        return;
    };
    let mut loaded = 0;
    for name in [
        "Sample-MC-Annex1-unsigned.jsonld",
        "Sample-CertOfPart-unsigned.jsonld",
    ] {
        let (inserted, _) = load(db, &dir.join(name));
        loaded += inserted;
    }
    assert_eq!(loaded, 2);
    let all = db.courses().unwrap();
    let mc = all
        .iter()
        .find(|s| s.course.title == "Digital micro-credential creation")
        .unwrap();
    assert_eq!(
        mc.course.skill_uris().len(),
        4,
        "ESCO skills of the outcomes kept"
    );
    assert_eq!(
        mc.incomplete,
        ["quality_assurance", "participation.pace", "cost"]
    );
}

fn shipped_sample(db: &TestDb) {
    let read = read_courses(
        &sample_dir().join("courses.jsonl"),
        &CourseOptions::default(),
    )
    .unwrap();
    assert!(read.rejected.is_empty(), "{:?}", read.rejected);
    assert_eq!(load(db, &sample_dir().join("courses.jsonl")), (60, 0));

    let people = read_jobseekers(&sample_dir().join("jobseekers.jsonl")).unwrap();
    assert!(people.rejected.is_empty(), "{:?}", people.rejected);
    let inputs: Vec<JobseekerInput<'_>> = people
        .records
        .iter()
        .map(|r| JobseekerInput {
            profile: &r.profile,
            groups: r.groups.as_ref(),
        })
        .collect();
    let s = db.upsert_jobseekers(&inputs, "sample").unwrap();
    assert_eq!((s.inserted, s.groups_recorded), (16, 16));
    for r in &people.records {
        assert_eq!(
            db.jobseeker(&r.profile.id).unwrap().as_ref(),
            Some(&r.profile)
        );
        assert_eq!(db.jobseeker_groups(&r.profile.id).unwrap(), r.groups);
    }
}

#[test]
fn edx_courses_on_sqlite() {
    edx_catalogue(&TestDb::sqlite());
}

#[test]
fn edx_courses_on_postgres() {
    if let Some(db) = TestDb::postgres() {
        edx_catalogue(&db);
    }
}

#[test]
fn elm_credentials_on_sqlite() {
    elm_credentials(&TestDb::sqlite());
}

#[test]
fn elm_credentials_on_postgres() {
    if let Some(db) = TestDb::postgres() {
        elm_credentials(&db);
    }
}

#[test]
fn shipped_sample_on_sqlite() {
    shipped_sample(&TestDb::sqlite());
}

#[test]
fn shipped_sample_on_postgres() {
    if let Some(db) = TestDb::postgres() {
        shipped_sample(&db);
    }
}
