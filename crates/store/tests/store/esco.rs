//! Loading and reading ESCO releases, on both backends.

use skillpath_domain::esco::{Collection, CollectionMember, RelationType};
use skillpath_store::testing::TestDb;
use skillpath_store::{ConceptCounts, StoreError, TableChanges, store_test_suite};

use crate::fixture::{self, DEVELOPER, PYTHON, SQL, WELDER, snapshot, sorted};

fn inserted(n: usize) -> TableChanges {
    TableChanges {
        inserted: n,
        ..TableChanges::default()
    }
}

fn round_trip_gives_back_what_was_loaded(db: &TestDb) {
    let data = fixture::v1();
    let summary = db.load_esco(&data, "v1").unwrap();
    assert_eq!(summary.skills, inserted(4));
    assert_eq!(summary.occupation_skills, inserted(5));
    assert_eq!(summary.collection_members, inserted(3));
    assert_eq!(summary.changes(), 4 + 2 + 2 + 2 + 2 + 5 + 5 + 2 + 3);

    assert_eq!(sorted(db.taxonomy().unwrap()), sorted(data.clone()));
    assert_eq!(db.skill(PYTHON).unwrap().as_ref(), Some(&data.skills[0]));
    assert_eq!(db.skill(&format!("{PYTHON}-missing")).unwrap(), None);
    assert_eq!(
        db.occupation(WELDER).unwrap().as_ref(),
        Some(&data.occupations[1])
    );
    let developer_skills: Vec<_> = db
        .occupation_skill_list(DEVELOPER)
        .unwrap()
        .into_iter()
        .map(|r| (r.skill_uri, r.relation))
        .collect();
    assert_eq!(developer_skills.len(), 3);
    assert!(developer_skills.contains(&(PYTHON.to_owned(), RelationType::Essential)));

    let counts = db.esco_counts().unwrap();
    assert_eq!(
        counts.skills,
        ConceptCounts {
            live: 4,
            obsolete: 0
        }
    );
    assert_eq!(counts.occupation_skills, 5);
    assert_eq!(counts.hierarchy, 2);
    assert_eq!(counts.releases, 1);
    let releases = db.esco_releases().unwrap();
    assert_eq!(releases[0].release, "v1");
    assert_eq!(releases[0].summary, summary);
}

fn second_load_of_the_same_release_writes_nothing(db: &TestDb) {
    let data = fixture::v1();
    db.load_esco(&data, "v1").unwrap();
    let before = snapshot(db);

    let summary = db.load_esco(&data, "v1 again").unwrap();

    assert_eq!(summary.changes(), 0, "{summary:?}");
    assert_eq!(
        summary.to_string(),
        "no changes: the database already holds this release"
    );
    assert_eq!(summary.skills.unchanged, 4);
    assert_eq!(summary.occupation_skills.unchanged, 5);
    assert_eq!(summary.collection_members.unchanged, 3);
    assert_eq!(snapshot(db), before, "no release row, no changed row");
}

fn newer_release_updates_labels_and_obsoletes_dropped_skills(db: &TestDb) {
    db.load_esco(&fixture::v1(), "v1").unwrap();

    let summary = db.load_esco(&fixture::v2(), "v2").unwrap();

    assert_eq!(
        summary.skills,
        TableChanges {
            updated: 1,
            obsoleted: 1,
            unchanged: 2,
            ..TableChanges::default()
        }
    );
    assert_eq!(summary.occupation_skills.deleted, 1);
    assert_eq!(summary.broader_relations.deleted, 1);
    assert_eq!(summary.skill_relations.deleted, 1);
    assert_eq!(summary.collection_members.deleted, 1);
    assert_eq!(summary.occupations.changes(), 0);

    assert_eq!(
        db.skill(PYTHON).unwrap().unwrap().labels.preferred,
        "Python"
    );
    // Kept, so that profiles naming it still resolve, but no longer part of the taxonomy.
    assert!(db.skill(SQL).unwrap().is_some());
    assert!(db.skills(true).unwrap().iter().any(|s| s.uri == SQL));
    assert!(!db.skills(false).unwrap().iter().any(|s| s.uri == SQL));
    assert_eq!(
        db.esco_counts().unwrap().skills,
        ConceptCounts {
            live: 3,
            obsolete: 1
        }
    );
    assert!(
        !db.occupation_skill_list(DEVELOPER)
            .unwrap()
            .iter()
            .any(|r| r.skill_uri == SQL)
    );
    assert_eq!(sorted(db.taxonomy().unwrap()), sorted(fixture::v2()));
    assert_eq!(db.esco_releases().unwrap().len(), 2);
}

fn a_skill_that_reappears_is_live_again(db: &TestDb) {
    db.load_esco(&fixture::v1(), "v1").unwrap();
    db.load_esco(&fixture::v2(), "v2").unwrap();

    let summary = db.load_esco(&fixture::v1(), "v3").unwrap();

    // SQL revived, Python's label restored.
    assert_eq!(summary.skills.updated, 2);
    assert_eq!(summary.skills.obsoleted, 0);
    assert_eq!(
        db.esco_counts().unwrap().skills,
        ConceptCounts {
            live: 4,
            obsolete: 0
        }
    );
    assert_eq!(sorted(db.taxonomy().unwrap()), sorted(fixture::v1()));
}

fn a_load_failing_midway_leaves_the_database_as_it_was(db: &TestDb) {
    db.load_esco(&fixture::v1(), "v1").unwrap();
    let before = snapshot(db);
    // The label change is written before the relations; the dangling relation then
    // violates a foreign key, so the label must be rolled back with it.
    let mut broken = fixture::v2();
    broken.occupation_skills[0].skill_uri = "http://data.europa.eu/esco/skill/unknown".to_owned();

    let err = db.load_esco(&broken, "broken").unwrap_err();

    assert!(matches!(err, StoreError::Query(_)), "{err}");
    assert_eq!(snapshot(db), before);
}

fn the_same_key_with_two_values_is_refused(db: &TestDb) {
    let mut data = fixture::v1();
    let mut twice = data.occupation_skills[0].clone();
    data.occupation_skills.push(twice.clone());
    // An exact repeat is harmless...
    db.load_esco(&data, "v1").unwrap();
    let before = snapshot(db);

    // ...the same pair with another relation type is not.
    twice.relation = RelationType::Optional;
    data.occupation_skills.push(twice);
    data.skills[0].labels.preferred = "changed".to_owned();
    let err = db.load_esco(&data, "v1 conflicting").unwrap_err();

    assert!(
        matches!(
            err,
            StoreError::InvalidData {
                table: "occupation_skills",
                ..
            }
        ),
        "{err}"
    );
    assert_eq!(snapshot(db), before);
}

fn labels_the_text_encoding_cannot_carry_are_refused(db: &TestDb) {
    let mut data = fixture::v1();
    data.skills[1]
        .labels
        .alternative
        .push("two\nlines".to_owned());

    let err = db.load_esco(&data, "v1").unwrap_err();

    assert!(
        matches!(err, StoreError::InvalidData { table: "skill", .. }),
        "{err}"
    );
    assert_eq!(db.esco_counts().unwrap().skills, ConceptCounts::default());
}

fn collections_follow_the_release(db: &TestDb) {
    let mut data = fixture::v1();
    db.load_esco(&data, "v1").unwrap();
    data.collections.push(CollectionMember {
        collection: Collection::Green,
        concept_uri: PYTHON.to_owned(),
    });
    data.collections
        .retain(|m| m.collection != Collection::Transversal);

    let summary = db.load_esco(&data, "v2").unwrap();

    assert_eq!(
        summary.collection_members,
        TableChanges {
            inserted: 1,
            deleted: 1,
            unchanged: 2,
            ..TableChanges::default()
        }
    );
    assert_eq!(
        sorted(db.taxonomy().unwrap()).collections,
        sorted(data).collections
    );
}

fn an_empty_database_answers(db: &TestDb) {
    db.ping().unwrap();
    assert_eq!(db.esco_counts().unwrap(), Default::default());
    assert_eq!(db.taxonomy().unwrap(), Default::default());
}

store_test_suite!(
    round_trip_gives_back_what_was_loaded,
    second_load_of_the_same_release_writes_nothing,
    newer_release_updates_labels_and_obsoletes_dropped_skills,
    a_skill_that_reappears_is_live_again,
    a_load_failing_midway_leaves_the_database_as_it_was,
    the_same_key_with_two_values_is_refused,
    labels_the_text_encoding_cannot_carry_are_refused,
    collections_follow_the_release,
    an_empty_database_answers,
);
