use skillpath_domain::esco::*;
use skillpath_store::testing::TestDb;

use crate::both_backends;

fn uri(kind: &str, id: &str) -> String {
    format!("{ESCO_NAMESPACE}{kind}/{id}")
}

fn labels(p: &str, alt: &[&str]) -> Labels {
    Labels {
        preferred: p.into(),
        alternative: alt.iter().map(|s| s.to_string()).collect(),
        hidden: vec![format!("{p}x")],
    }
}

fn skill(id: &str) -> Skill {
    Skill {
        uri: uri("skill", id),
        skill_type: Some(SkillType::SkillCompetence),
        reuse_level: Some(ReuseLevel::CrossSector),
        labels: labels(id, &["first alt", "second alt"]),
        description: format!("about {id}"),
        status: "released".into(),
        modified: Some("2020-01-01T00:00:00Z".into()),
    }
}

fn dataset() -> EscoDataset {
    let occ = Occupation {
        uri: uri("occupation", "o1"),
        isco_group: "7411".into(),
        code: "7411.1".into(),
        labels: labels("electrician", &["sparky"]),
        description: "wires".into(),
        definition: String::new(),
        regulated_profession_note: String::new(),
        status: "released".into(),
        modified: None,
    };
    EscoDataset {
        skills: vec![
            skill("wire"),
            skill("solder"),
            Skill {
                skill_type: None,
                reuse_level: None,
                ..skill("plan")
            },
        ],
        skill_groups: vec![SkillGroup {
            uri: uri("skill", "g1"),
            code: Some("S1".into()),
            labels: labels("manual skills", &[]),
            description: String::new(),
            status: "released".into(),
        }],
        isco_groups: vec![IscoGroup {
            uri: uri("isco", "C7411"),
            code: "7411".into(),
            labels: labels("building electricians", &[]),
            description: String::new(),
            status: "released".into(),
        }],
        occupation_skills: vec![
            OccupationSkill {
                occupation_uri: occ.uri.clone(),
                skill_uri: uri("skill", "wire"),
                relation: RelationType::Essential,
            },
            OccupationSkill {
                occupation_uri: occ.uri.clone(),
                skill_uri: uri("skill", "solder"),
                relation: RelationType::Optional,
            },
        ],
        occupations: vec![occ],
        broader: vec![BroaderRelation {
            concept_uri: uri("skill", "solder"),
            concept_type: ConceptType::Skill,
            broader_uri: uri("skill", "g1"),
            broader_type: ConceptType::SkillGroup,
        }],
        skill_relations: vec![SkillRelation {
            original_uri: uri("skill", "wire"),
            related_uri: uri("skill", "plan"),
            relation: RelationType::Optional,
        }],
        hierarchy: vec![HierarchyNode {
            uri: uri("skill", "g1"),
            level: 0,
            code: "S".into(),
            preferred_label: "manual skills".into(),
            parent_uri: None,
            description: String::new(),
            scope_note: String::new(),
        }],
        collections: vec![CollectionMember {
            collection: Collection::Green,
            concept_uri: uri("skill", "solder"),
        }],
    }
}

fn sorted<T: Ord>(mut v: Vec<T>) -> Vec<T> {
    v.sort();
    v
}

fn values_round_trip(db: &TestDb) {
    let data = dataset();
    db.load_esco(&data, "test").unwrap();
    let back = db.taxonomy().unwrap();
    let by_uri = |v: &[Skill]| {
        sorted(
            v.iter()
                .map(|s| (s.uri.clone(), format!("{s:?}")))
                .collect(),
        )
    };
    assert_eq!(
        by_uri(&back.skills),
        by_uri(&data.skills),
        "labels, order and empty types survive"
    );
    assert_eq!(back.occupations, data.occupations);
    assert_eq!(back.isco_groups, data.isco_groups);
    assert_eq!(back.skill_groups, data.skill_groups);
    assert_eq!(back.hierarchy, data.hierarchy);
    assert_eq!(back.broader, data.broader);
    assert_eq!(back.skill_relations, data.skill_relations);
    assert_eq!(back.collections, data.collections);
    assert_eq!(
        sorted(
            back.occupation_skills
                .iter()
                .map(|r| format!("{r:?}"))
                .collect()
        ),
        sorted(
            data.occupation_skills
                .iter()
                .map(|r| format!("{r:?}"))
                .collect()
        )
    );
    assert_eq!(
        db.skill(&uri("skill", "wire")).unwrap(),
        Some(data.skills[0].clone())
    );
    assert_eq!(
        db.occupation_skill_list(&uri("occupation", "o1"))
            .unwrap()
            .len(),
        2
    );
    assert_eq!(db.skill(&uri("skill", "nothing")).unwrap(), None);
}

fn a_second_load_writes_nothing(db: &TestDb) {
    let data = dataset();
    let first = db.load_esco(&data, "test").unwrap();
    assert!(first.changes() > 0);
    let second = db.load_esco(&data, "test").unwrap();
    assert_eq!(second.changes(), 0, "{second}");
    assert_eq!(
        second.to_string(),
        "no changes: the database already holds this release"
    );
    assert_eq!(second.skills.unchanged, 3);
}

fn a_newer_release_updates_labels_and_obsoletes_what_it_drops(db: &TestDb) {
    let mut data = dataset();
    db.load_esco(&data, "v1").unwrap();
    data.skills[0].labels.preferred = "wire buildings".into();
    let dropped = data.skills.remove(1); // "solder": its relations go with it
    data.occupation_skills
        .retain(|r| r.skill_uri != dropped.uri);
    data.broader.clear();
    data.collections.clear();
    let summary = db.load_esco(&data, "v2").unwrap();
    assert_eq!(summary.skills.updated, 1);
    assert_eq!(summary.skills.obsoleted, 1);
    assert_eq!(summary.occupation_skills.deleted, 1);
    assert_eq!(
        db.skill(&uri("skill", "wire"))
            .unwrap()
            .unwrap()
            .labels
            .preferred,
        "wire buildings"
    );
    assert!(
        db.skill(&dropped.uri).unwrap().is_some(),
        "kept for profiles that name it"
    );
    assert!(
        !db.skills(false)
            .unwrap()
            .iter()
            .any(|s| s.uri == dropped.uri)
    );
    assert!(
        db.skills(true)
            .unwrap()
            .iter()
            .any(|s| s.uri == dropped.uri)
    );
    // It comes back when a later release lists it again.
    let summary = db.load_esco(&dataset(), "v3").unwrap();
    assert!(summary.skills.updated >= 1);
    assert!(
        db.skills(false)
            .unwrap()
            .iter()
            .any(|s| s.uri == dropped.uri)
    );
}

fn a_failing_load_leaves_the_database_as_it_was(db: &TestDb) {
    db.load_esco(&dataset(), "v1").unwrap();
    let before = db.taxonomy().unwrap();
    let mut broken = dataset();
    broken.skills[0].labels.preferred = "changed".into();
    broken.occupation_skills.push(OccupationSkill {
        occupation_uri: uri("occupation", "o1"),
        skill_uri: uri("skill", "never-loaded"),
        relation: RelationType::Essential,
    });
    assert!(
        db.load_esco(&broken, "bad").is_err(),
        "a relation to an unknown skill violates a foreign key"
    );
    assert_eq!(db.taxonomy().unwrap(), before);
}

fn migrations_go_down_and_up_again(db: &TestDb) {
    db.load_esco(&dataset(), "v1").unwrap();
    db.migrate_down().unwrap();
    assert!(!db.table_names().unwrap().iter().any(|t| t == "skills"));
    db.migrate_up().unwrap();
    assert!(db.table_names().unwrap().iter().any(|t| t == "skills"));
    assert!(db.skills(true).unwrap().is_empty());
    db.load_esco(&dataset(), "v1").unwrap();
}

fn the_database_answers_pings(db: &TestDb) {
    db.ping().unwrap();
}

both_backends!(
    values_round_trip,
    a_second_load_writes_nothing,
    a_newer_release_updates_labels_and_obsoletes_what_it_drops,
    a_failing_load_leaves_the_database_as_it_was,
    migrations_go_down_and_up_again,
    the_database_answers_pings,
);

#[test]
fn sqlite_connections_use_wal_and_enforce_foreign_keys() {
    let db = TestDb::sqlite();
    assert_eq!(
        db.sqlite_pragma("journal_mode").unwrap().as_deref(),
        Some("wal")
    );
    assert_eq!(
        db.sqlite_pragma("foreign_keys").unwrap().as_deref(),
        Some("1")
    );
}

#[test]
fn unknown_url_schemes_are_refused_with_the_reason() {
    let err = skillpath_store::Store::connect("mysql://localhost/x", 1)
        .unwrap_err()
        .to_string();
    assert!(err.contains("mysql"), "{err}");
}
