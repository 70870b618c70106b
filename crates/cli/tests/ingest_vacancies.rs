//! `skillpath ingest vacancies` reads what unstructured adverts ask for from their own text.

use std::path::{Path, PathBuf};
use std::process::Command;

use skillpath_store::{EXTRACTED, GIVEN, Store};

fn skillpath(db: &Path) -> Command {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_skillpath"));
    cmd.current_dir(root)
        .env(
            "SKILLPATH__DATABASE__URL",
            format!("sqlite://{}", db.display()),
        )
        .env("SKILLPATH__LOG__LEVEL", "warn")
        .env_remove("RUST_LOG");
    cmd
}

#[test]
fn vacancies_without_coding_get_extracted_skills_and_a_normalised_occupation() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    // The demo loads the sample ESCO subset first, then the sample vacancies through
    // `ingest vacancies`.
    let out = skillpath(&db)
        .args(["demo", "--load-only"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let store = Store::connect(&format!("sqlite://{}", db.display()), 1).unwrap();

    // V-1001 "Warehouse worker - full time" gives neither skills nor an occupation.
    let skills = store.vacancy_skills("V-1001").unwrap();
    assert!(!skills.is_empty());
    for s in &skills {
        assert_eq!(s.origin, EXTRACTED, "{s:?}");
        let c = s.confidence.unwrap();
        assert!(c > 0.0 && c <= 1.0, "{s:?}");
    }
    let v = store.vacancy("V-1001").unwrap().unwrap();
    assert_eq!(
        v.skill_uris.len(),
        skills.len(),
        "extracted skills feed demand"
    );
    assert!(v.occupation_uri.is_some());
    assert!(store.vacancy_occupation_score("V-1001").unwrap().unwrap() > 0.0);

    // V-1000 lists its skills and occupation: they stay as given, with no score.
    let given = store.vacancy_skills("V-1000").unwrap();
    assert!(!given.is_empty());
    assert!(
        given
            .iter()
            .all(|s| s.origin == GIVEN && s.confidence.is_none())
    );
    assert_eq!(store.vacancy_occupation_score("V-1000").unwrap(), None);
    assert_eq!(
        store
            .vacancy("V-1000")
            .unwrap()
            .unwrap()
            .occupation_uri
            .as_deref(),
        Some("http://data.europa.eu/esco/occupation/d3edb8f8-3a06-47a0-8fb9-9b212c006aa2")
    );
}
