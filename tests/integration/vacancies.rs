//! Vacancies from the real NHS export into both backends: every row loads, a reload updates
//! in place, and closed adverts stay stored but stop counting as open.

use chrono::NaiveDate;
use skillpath_ingest::vacancies::{ColumnMap, read_vacancies};
use skillpath_store::testing::TestDb;
use skillpath_suite::{sample_dir, shared_path};

fn nhs_file(db: &TestDb) {
    let Some(path) = shared_path("data/vacancies/nhs-jobs-2020-11.csv") else {
        return;
    };
    let read = read_vacancies(&path, &ColumnMap::default()).unwrap();
    assert_eq!(read.rows, 14_842);
    assert!(
        read.rejected.is_empty(),
        "{:?}",
        &read.rejected[..read.rejected.len().min(5)]
    );
    // Multi-line quoted descriptions survive, including the ones cut near 6,000 characters.
    assert!(read.records.iter().any(|v| v.description.contains('\n')));
    assert!(
        read.records
            .iter()
            .map(|v| v.description.chars().count())
            .max()
            .unwrap()
            > 5_900
    );

    let first = db.upsert_vacancies(&read.records, "nhs").unwrap();
    assert_eq!((first.inserted, first.updated), (14_842, 0));
    let again = db.upsert_vacancies(&read.records, "nhs").unwrap();
    assert_eq!((again.inserted, again.updated), (0, 14_842));

    let sample = &read.records[1];
    assert_eq!(
        db.vacancy(&sample.id).unwrap().as_ref(),
        Some(sample),
        "values round-trip"
    );
    let (all, open_then) = db
        .vacancy_counts(NaiveDate::from_ymd_opt(2020, 11, 20).unwrap())
        .unwrap();
    let (_, open_later) = db
        .vacancy_counts(NaiveDate::from_ymd_opt(2023, 1, 1).unwrap())
        .unwrap();
    assert_eq!(all, 14_842);
    assert_eq!(
        open_then, 4_301,
        "open on 20 November 2020 by their posting and closing dates"
    );
    assert_eq!(open_later, 0, "closed adverts stay stored but are not open");
}

fn a_reload_replaces_given_skills(db: &TestDb) {
    let read = read_vacancies(&sample_dir().join("vacancies.csv"), &ColumnMap::default()).unwrap();
    let mut v = read
        .records
        .into_iter()
        .find(|v| v.skill_uris.len() > 1)
        .unwrap();
    db.upsert_vacancies(std::slice::from_ref(&v), "sample")
        .unwrap();
    v.skill_uris.truncate(1);
    v.title = "changed".into();
    db.upsert_vacancies(std::slice::from_ref(&v), "sample")
        .unwrap();
    assert_eq!(db.vacancy(&v.id).unwrap().unwrap(), v);
}

#[test]
fn nhs_vacancies_on_sqlite() {
    nhs_file(&TestDb::sqlite());
}

#[test]
fn nhs_vacancies_on_postgres() {
    if let Some(db) = TestDb::postgres() {
        nhs_file(&db);
    }
}

#[test]
fn reload_replaces_skills_on_sqlite() {
    a_reload_replaces_given_skills(&TestDb::sqlite());
}

#[test]
fn reload_replaces_skills_on_postgres() {
    if let Some(db) = TestDb::postgres() {
        a_reload_replaces_given_skills(&db);
    }
}

/// One batch naming a vacancy twice stores its later version and counts the repeat as an
/// update, as a row-by-row load would.
fn a_repeated_id_keeps_its_last_row(db: &TestDb) {
    let read = read_vacancies(&sample_dir().join("vacancies.csv"), &ColumnMap::default()).unwrap();
    let first = read.records[0].clone();
    let mut changed = first.clone();
    changed.title = "changed".into();
    changed.skill_uris.sort();
    let batch = [first, read.records[1].clone(), changed.clone()];
    let done = db.upsert_vacancies(&batch, "sample").unwrap();
    assert_eq!((done.inserted, done.updated), (2, 1));
    assert_eq!(db.vacancy(&changed.id).unwrap().unwrap(), changed);
}

#[test]
fn repeated_ids_on_sqlite() {
    a_repeated_id_keeps_its_last_row(&TestDb::sqlite());
}

#[test]
fn repeated_ids_on_postgres() {
    if let Some(db) = TestDb::postgres() {
        a_repeated_id_keeps_its_last_row(&db);
    }
}
