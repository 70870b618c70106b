//! The engine sees what another process writes: a course stored after the engine was built
//! is ranked once `refresh` runs, on SQLite and on PostgreSQL.

use chrono::NaiveDate;
use skillpath_domain::course::Course;
use skillpath_engine::{Engine, EngineOptions};
use skillpath_store::testing::TestDb;
use skillpath_store::{CourseInput, Store};

fn courses() -> Vec<Course> {
    std::fs::read_to_string(skillpath_suite::sample_dir().join("courses.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn store_sample(store: &Store, courses: &[Course]) {
    let esco = skillpath_ingest::esco::read_esco_dir(
        &skillpath_suite::sample_dir().join("esco"),
        &mut |_| {},
    )
    .unwrap();
    store.load_esco(&esco.dataset, "sample").unwrap();
    let input: Vec<CourseInput<'_>> = courses
        .iter()
        .map(|course| CourseInput {
            course,
            incomplete: &[],
        })
        .collect();
    store.upsert_courses(&input, "courses.jsonl").unwrap();
}

fn check(store: &Store) {
    let mut all = courses();
    let extra = all.pop().unwrap();
    store_sample(store, &all);
    let options = EngineOptions {
        as_of: NaiveDate::from_ymd_opt(2026, 12, 1),
        ..Default::default()
    };
    let engine = Engine::load(store.clone(), options).unwrap();
    let before = engine.current();
    assert_eq!(before.matcher.catalogue.len(), all.len());
    assert!(
        !engine.refresh().unwrap(),
        "nothing changed, nothing rebuilt"
    );

    // As another server instance would: straight into the database.
    let other = store.clone();
    other
        .upsert_courses(
            &[CourseInput {
                course: &extra,
                incomplete: &[],
            }],
            "added",
        )
        .unwrap();
    assert!(engine.refresh().unwrap());
    let after = engine.current();
    assert_eq!(after.matcher.catalogue.len(), all.len() + 1);
    assert!(
        after
            .matcher
            .catalogue
            .courses()
            .iter()
            .any(|c| c.id == extra.id)
    );
    // A request that held the old snapshot still sees a consistent one.
    assert_eq!(before.matcher.catalogue.len(), all.len());
}

#[test]
fn a_course_stored_elsewhere_is_picked_up_on_sqlite() {
    check(TestDb::sqlite().store());
}

#[test]
fn a_course_stored_elsewhere_is_picked_up_on_postgres() {
    let Some(db) = TestDb::postgres() else {
        return;
    };
    check(db.store());
}
