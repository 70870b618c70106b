//! The official ESCO v1.1.1 download loads exactly as published, on SQLite and PostgreSQL;
//! a second load is a no-op; corrupted copies are refused with file, line and reason and
//! leave the database as it was.

use std::path::Path;

use skillpath_ingest::esco::read_esco_dir;
use skillpath_store::Store;
use skillpath_store::testing::TestDb;
use skillpath_suite::{copy_dir, shared_path};

const ESCO: &str = "data/esco-v1.1.1";

fn counts(store: &Store) -> [usize; 7] {
    [
        store.skills(false).unwrap().len(),
        store.occupations(false).unwrap().len(),
        store.occupation_skills().unwrap().len(),
        store.broader_relations().unwrap().len(),
        store.skill_relations().unwrap().len(),
        store.hierarchy().unwrap().len(),
        store.collections().unwrap().len(),
    ]
}

fn full_load(db: &TestDb, dir: &Path) {
    let read = read_esco_dir(dir, &mut |_| {}).expect("the official download reads");
    assert_eq!(read.dataset.skills.len(), 13_896);
    assert_eq!(read.dataset.occupations.len(), 3_007);
    assert_eq!(read.dataset.isco_groups.len(), 619);
    let dangling_relations = read
        .report
        .dangling
        .iter()
        .filter(|d| d.file.starts_with("occupationSkillRelations"))
        .count();
    assert_eq!(
        dangling_relations, 67,
        "the 67 relations to absent occupations are reported"
    );
    assert_eq!(
        read.dataset.occupation_skills.len() + dangling_relations,
        123_855
    );

    let store = db.store();
    let first = store.load_esco(&read.dataset, "v1.1.1").expect("loads");
    assert!(first.changes() > 0, "{first}");
    let loaded = counts(store);
    assert_eq!(loaded[0], 13_896);
    assert_eq!(loaded[1], 3_007);
    assert_eq!(loaded[2], 123_855 - 67);
    assert_eq!(
        loaded[3],
        20_656 + 3_617 - 8,
        "eight broader relations name absent concepts"
    );
    assert_eq!(loaded[4], 5_899);
    assert_eq!(loaded[5], 647);
    let green = store
        .collections()
        .unwrap()
        .iter()
        .filter(|m| m.collection == skillpath_domain::esco::Collection::Green)
        .count();
    assert_eq!(green, 570);

    // Values round-trip, multi-line labels included.
    let skills = store.skills(false).unwrap();
    let with_alts = read
        .dataset
        .skills
        .iter()
        .find(|s| s.labels.alternative.len() > 3)
        .unwrap();
    assert_eq!(
        skills.iter().find(|s| s.uri == with_alts.uri),
        Some(with_alts)
    );

    let second = store
        .load_esco(&read.dataset, "v1.1.1")
        .expect("loads again");
    assert_eq!(
        second.changes(),
        0,
        "a second load must change nothing: {second}"
    );
    assert_eq!(counts(store), loaded);

    // Corrupted copies stop at reading, before any write.
    let real = shared_path(ESCO).unwrap();
    for (file, corrupt, expect) in [
        ("skills_en.csv", Corruption::TruncateRow(5), "skills_en.csv"),
        ("occupations_en.csv", Corruption::BreakUri, "conceptUri"),
        (
            "occupationSkillRelations.csv",
            Corruption::DropColumn("skillUri"),
            "skillUri",
        ),
    ] {
        let copy = copy_dir(&real).unwrap();
        corrupt.apply(&copy.path().join(file));
        let err = read_esco_dir(copy.path(), &mut |_| {})
            .expect_err("a corrupted copy is refused")
            .to_string();
        assert!(err.contains(file) && err.contains(expect), "{file}: {err}");
        assert_eq!(counts(store), loaded, "the database is unchanged");
    }
}

enum Corruption {
    /// Cuts the n-th data record after its second field, as a broken download would.
    TruncateRow(usize),
    BreakUri,
    DropColumn(&'static str),
}

impl Corruption {
    fn apply(&self, path: &Path) {
        let text = std::fs::read_to_string(path).unwrap();
        let out = match self {
            Corruption::TruncateRow(n) => {
                let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
                let idx = lines
                    .iter()
                    .enumerate()
                    .filter(|(_, l)| l.starts_with("KnowledgeSkillCompetence,"))
                    .nth(*n)
                    .map(|(i, _)| i)
                    .unwrap();
                let cut: Vec<&str> = lines[idx].splitn(3, ',').take(2).collect();
                lines[idx] = cut.join(",");
                // Drop the continuation lines of the record's quoted fields as well.
                let mut end = idx + 1;
                while end < lines.len() && !lines[end].starts_with("KnowledgeSkillCompetence,") {
                    end += 1;
                }
                lines.drain(idx + 1..end);
                lines.join("\n") + "\n"
            }
            Corruption::BreakUri => text.replacen(
                ",http://data.europa.eu/esco/occupation/",
                ",htp://data.europa.eu/esco/occupation/",
                1,
            ),
            Corruption::DropColumn(col) => {
                let (header, rest) = text.split_once('\n').unwrap();
                header.replace(col, "somethingElse") + "\n" + rest
            }
        };
        std::fs::write(path, out).unwrap();
    }
}

#[test]
fn full_esco_on_sqlite() {
    let Some(dir) = shared_path(ESCO) else { return };
    full_load(&TestDb::sqlite(), &dir);
}

#[test]
fn full_esco_on_postgres() {
    let Some(dir) = shared_path(ESCO) else { return };
    let Some(db) = TestDb::postgres() else { return };
    full_load(&db, &dir);
}
