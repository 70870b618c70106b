//! The migrations revert cleanly and apply again, on both backends.

use skillpath_store::store_test_suite;
use skillpath_store::testing::TestDb;

use crate::fixture::{self, sorted};

const TABLES: [&str; 21] = [
    "credentials",
    "course_outcome_skills",
    "course_outcomes",
    "course_sessions",
    "courses",
    "jobseeker_groups",
    "jobseeker_skills",
    "jobseekers",
    "outcome_events",
    "referrals",
    "vacancy_skills",
    "broader_relations",
    "collection_members",
    "esco_releases",
    "isco_groups",
    "occupation_skills",
    "occupations",
    "skill_groups",
    "skill_hierarchy",
    "skill_relations",
    "skills",
];

fn migrations_go_up_down_and_up_again(db: &TestDb) {
    db.load_esco(&fixture::v1(), "v1").unwrap();
    let tables = db.table_names().unwrap();
    for table in TABLES {
        assert!(
            tables.iter().any(|t| t == table),
            "{table} missing from {tables:?}"
        );
    }

    db.migrate_down().unwrap();
    assert_eq!(db.table_names().unwrap(), ["__diesel_schema_migrations"]);

    db.migrate_up().unwrap();
    assert_eq!(db.table_names().unwrap(), tables);
    assert_eq!(db.esco_counts().unwrap(), Default::default());
    db.load_esco(&fixture::v1(), "v1").unwrap();
    assert_eq!(sorted(db.taxonomy().unwrap()), sorted(fixture::v1()));
}

fn connecting_again_finds_nothing_to_migrate(db: &TestDb) {
    db.load_esco(&fixture::v1(), "v1").unwrap();
    let again = skillpath_store::Store::connect(db.url(), 2).unwrap();
    assert_eq!(again.esco_counts().unwrap(), db.esco_counts().unwrap());
}

store_test_suite!(
    migrations_go_up_down_and_up_again,
    connecting_again_finds_nothing_to_migrate
);
