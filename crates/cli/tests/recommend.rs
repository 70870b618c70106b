//! `skillpath recommend` on the shipped sample loaded into a temporary SQLite database, the
//! way a caseworker and the nightly batch run it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn skillpath(db: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_skillpath"));
    cmd.current_dir(root())
        .env(
            "SKILLPATH__DATABASE__URL",
            format!("sqlite://{}", db.display()),
        )
        .env("SKILLPATH__MATCHER__AS_OF", "2026-12-01")
        .env("SKILLPATH__LOG__LEVEL", "warn")
        .env_remove("RUST_LOG");
    cmd
}

/// One loaded sample for every test in this file; the commands only read it.
fn db() -> &'static Path {
    static DB: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, db) = DB.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("sample.db");
        ok(skillpath(&db)
            .args(["demo", "--load-only"])
            .output()
            .unwrap());
        (dir, db)
    });
    db
}

fn ok(out: Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn sample_lines(file: &str) -> Vec<serde_json::Value> {
    std::fs::read_to_string(root().join("data/sample").join(file))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// Sample course id → title.
fn sample_courses() -> BTreeMap<String, String> {
    sample_lines("courses.jsonl")
        .into_iter()
        .map(|c| {
            (
                c["id"].as_str().unwrap().to_owned(),
                c["title"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn sample_jobseekers() -> BTreeSet<String> {
    sample_lines("jobseekers.jsonl")
        .into_iter()
        .map(|j| j["profile"]["id"].as_str().unwrap().to_owned())
        .collect()
}

/// A sample jobseeker the sample serves: the JSON answer names their courses.
fn served() -> (String, serde_json::Value) {
    for id in sample_jobseekers() {
        let out = skillpath(db())
            .args(["recommend", "--jobseeker", &id, "--top", "5", "--json"])
            .output()
            .unwrap();
        let json: serde_json::Value = serde_json::from_str(&ok(out)).unwrap();
        if !json["ranked"]["courses"].as_array().unwrap().is_empty() {
            return (id, json);
        }
    }
    panic!("no sample jobseeker got a course");
}

#[test]
fn one_jobseeker_as_json_and_for_people_names_real_sample_courses() {
    let courses = sample_courses();
    let (id, json) = served();
    assert_eq!(json["profile_id"], id.as_str());
    assert_eq!(json["as_of"], "2026-12-01");
    assert!(!json["gap"]["skills"].as_array().unwrap().is_empty());
    let ranked = json["ranked"]["courses"].as_array().unwrap();
    assert!(ranked.len() <= 5);
    for c in ranked {
        let title = &courses[c["course_id"].as_str().unwrap()];
        assert_eq!(c["title"], title.as_str());
        assert!(c["explanation"].as_str().unwrap().contains(title.as_str()));
        assert!(c["score"]["relevance"].as_f64().unwrap() > 0.0);
    }

    let text = ok(skillpath(db())
        .args(["recommend", "--jobseeker", &id, "--top", "5"])
        .output()
        .unwrap());
    assert!(
        text.contains(&format!("jobseeker {id} on 2026-12-01")),
        "{text}"
    );
    assert!(text.contains("gap: "), "{text}");
    let first = &ranked[0];
    let line = format!(
        "1. {} [{}]",
        first["title"].as_str().unwrap(),
        first["course_id"].as_str().unwrap()
    );
    assert!(text.contains(&line), "{line:?} not in {text}");
    assert!(
        text.contains(first["explanation"].as_str().unwrap()),
        "{text}"
    );
}

#[test]
fn the_batch_writes_every_sample_jobseeker_to_csv_and_json_lines() {
    let courses = sample_courses();
    let people = sample_jobseekers();
    let dir = tempfile::tempdir().unwrap();

    let csv_path = dir.path().join("all.csv");
    let summary = ok(skillpath(db())
        .args(["recommend", "--all", "--top", "3", "--out"])
        .arg(&csv_path)
        .output()
        .unwrap());
    assert!(
        summary.contains(&format!("{} jobseekers", people.len())),
        "{summary}"
    );
    let mut reader = csv::Reader::from_path(&csv_path).unwrap();
    let headers = reader.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (who, rank, course, title) = (
        col("jobseeker_id"),
        col("rank"),
        col("course_id"),
        col("title"),
    );
    let explanation = col("explanation");
    let mut ranks: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut rows = 0;
    for row in reader.records() {
        let row = row.unwrap();
        rows += 1;
        ranks
            .entry(row[who].to_owned())
            .or_default()
            .push(row[rank].to_owned());
        if row[rank].is_empty() {
            assert!(row[course].is_empty());
            assert!(
                row[explanation].starts_with("no course"),
                "{:?}",
                &row[explanation]
            );
        } else {
            assert_eq!(courses[&row[course]], &row[title]);
            assert!(row[explanation].contains(&row[title]));
        }
    }
    assert_eq!(ranks.keys().cloned().collect::<BTreeSet<_>>(), people);
    for (id, r) in &ranks {
        // A block is the ranks 1, 2, 3… in order, or one row saying why there is none.
        let want: Vec<String> = (1..=r.len()).map(|n| n.to_string()).collect();
        assert!(r == &want || r == &[String::new()], "{id}: ranks {r:?}");
        assert!(r.len() <= 3);
    }
    assert!(rows > people.len(), "somebody got more than one course");

    let jsonl_path = dir.path().join("all.jsonl");
    ok(skillpath(db())
        .args(["recommend", "--all", "--top", "3", "--out"])
        .arg(&jsonl_path)
        .output()
        .unwrap());
    let text = std::fs::read_to_string(&jsonl_path).unwrap();
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let ids: BTreeSet<String> = lines
        .iter()
        .map(|l| l["profile_id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(lines.len(), people.len());
    assert_eq!(ids, people);
    // Both files hold the same ranking.
    for l in &lines {
        let id = l["profile_id"].as_str().unwrap();
        let n = l["ranked"]["courses"].as_array().unwrap().len();
        assert_eq!(
            ranks[id].iter().filter(|r| !r.is_empty()).count(),
            n,
            "{id}"
        );
    }
}

#[test]
fn an_unknown_jobseeker_fails_naming_the_id() {
    let out = skillpath(db())
        .args(["recommend", "--jobseeker", "J-NOBODY"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("J-NOBODY"), "{err}");
}

#[test]
fn the_batch_refuses_an_output_it_cannot_write_before_any_work() {
    let out = skillpath(db())
        .args(["recommend", "--all", "--out", "recommendations.xlsx"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("recommendations.xlsx") && err.contains(".csv"),
        "{err}"
    );
    assert!(!root().join("recommendations.xlsx").exists());
}
