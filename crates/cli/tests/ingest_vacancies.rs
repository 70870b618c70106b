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

/// `rows` vacancies `V0…`, each description two lines long, with a bad closing date on the
/// rows in `broken` (0-based); returns the file's text and the line each broken row starts on.
fn vacancy_file(rows: usize, broken: &[usize], title: &str) -> (String, Vec<usize>) {
    let mut text = String::from("id,title,closing,description\r\n");
    let mut lines = Vec::new();
    for i in 0..rows {
        let closing = if broken.contains(&i) {
            lines.push(2 + 2 * i);
            "soon"
        } else {
            "2026-12-01"
        };
        text.push_str(&format!(
            "V{i},{title} {i},{closing},\"Line one\r\nline two\"\r\n"
        ));
    }
    (text, lines)
}

fn ingest(db: &Path, file: &Path, extra: &[&str]) -> std::process::Output {
    skillpath(db)
        .args(["ingest", "vacancies"])
        .arg(file)
        .args(extra)
        .output()
        .unwrap()
}

/// The load streams in batches of 5,000 rows: rows broken past the first batch are still
/// reported on their own line, the rest load, a reload updates by id, and `--strict` refuses
/// a file whose only broken row comes after a full batch without touching the database.
#[test]
fn a_streamed_load_reports_lines_past_the_first_batch_and_strict_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("v.db");
    let file = dir.path().join("jobs.csv");
    let report = dir.path().join("rejected.csv");
    let (text, lines) = vacancy_file(12_000, &[3, 4_999, 5_000, 11_999], "Cook");
    std::fs::write(&file, text).unwrap();

    let out = ingest(&db, &file, &["--report", report.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("12000 rows read")
            && stdout.contains("11996 loaded (11996 new, 0 updated), 4 rejected"),
        "{stdout}"
    );
    let listed: Vec<usize> = csv::Reader::from_path(&report)
        .unwrap()
        .records()
        .map(|r| {
            let r = r.unwrap();
            assert_eq!((&r[0], &r[2]), ("jobs.csv", "closing"));
            r[1].parse().unwrap()
        })
        .collect();
    assert_eq!(listed, lines);

    // Strict: the one broken row is row 9,000, in the second batch; the first batch
    // would rename every stored vacancy.
    let (text, _) = vacancy_file(12_000, &[9_000], "Porter");
    std::fs::write(&file, text).unwrap();
    let out = ingest(&db, &file, &["--strict"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("jobs.csv line 18002, field closing")
            && stderr.contains("1 of 12000 rows rejected; --strict loads nothing"),
        "{stderr}"
    );
    let store = Store::connect(&format!("sqlite://{}", db.display()), 1).unwrap();
    assert_eq!(store.vacancy("V0").unwrap().unwrap().title, "Cook 0");
    assert_eq!(store.vacancy("V3").unwrap(), None);
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    assert_eq!(store.vacancy_counts(day).unwrap().0, 11_996);

    // Without --strict the same file updates by id and adds the rows rejected before.
    let out = ingest(&db, &file, &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("11999 loaded (4 new, 11995 updated), 1 rejected")
            && stdout.contains("holds 12000 vacancies"),
        "{stdout}"
    );
    assert_eq!(store.vacancy("V0").unwrap().unwrap().title, "Porter 0");
}

/// An export listing a vacancy twice keeps the later row instead of failing the batch.
#[test]
fn a_vacancy_listed_twice_in_one_file_keeps_its_last_row() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("v.db");
    let file = dir.path().join("jobs.jsonl");
    std::fs::write(
        &file,
        "{\"id\":\"A\",\"title\":\"Cook\"}\n\
         {\"id\":\"B\",\"title\":\"Porter\"}\n\
         {\"id\":\"A\",\"title\":\"Head cook\"}\n",
    )
    .unwrap();
    let out = ingest(&db, &file, &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("3 loaded (2 new, 1 updated)") && stdout.contains("holds 2 vacancies"),
        "{stdout}"
    );
    let store = Store::connect(&format!("sqlite://{}", db.display()), 1).unwrap();
    assert_eq!(store.vacancy("A").unwrap().unwrap().title, "Head cook");
}
