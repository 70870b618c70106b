//! `skillpath report`: events loaded the way a PES loads them, a report that marks withheld
//! cells in its CSV, and errors that name the option at fault.

use std::path::Path;
use std::process::Command;

fn skillpath(db: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_skillpath"));
    cmd.env(
        "SKILLPATH__DATABASE__URL",
        format!("sqlite://{}", db.display()),
    )
    .env("SKILLPATH__LOG__LEVEL", "warn")
    .env_remove("RUST_LOG");
    cmd
}

fn ok(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// 146 people recommended course C-1 in June, 12 of them (for course C-2 too) in March.
fn events(dir: &Path) -> std::path::PathBuf {
    let mut lines = String::new();
    for i in 0..146 {
        lines.push_str(&format!(
            r#"{{"idempotency_key":"a{i}","kind":"recommended","jobseeker_id":"P{i:03}","course_id":"C-1","occurred_at":"2026-06-01T09:00:00Z"}}"#
        ));
        lines.push('\n');
    }
    for i in 0..12 {
        lines.push_str(&format!(
            r#"{{"idempotency_key":"b{i}","kind":"recommended","jobseeker_id":"P{i:03}","course_id":"C-2","occurred_at":"2026-03-01T09:00:00Z"}}"#
        ));
        lines.push('\n');
    }
    let file = dir.join("outcomes.jsonl");
    std::fs::write(&file, lines).unwrap();
    file
}

#[test]
fn the_uptake_csv_has_a_header_rounded_totals_and_marked_cells() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.db");
    let file = events(dir.path());
    ok(skillpath(&db).args(["ingest", "outcomes"]).arg(&file));
    let out = dir.path().join("uptake.csv");
    ok(skillpath(&db)
        .args([
            "report", "uptake", "--by", "course", "--format", "csv", "--out",
        ])
        .arg(&out));
    let csv = std::fs::read_to_string(&out).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert!(
        lines[0].starts_with("course,recommended,referred,"),
        "{csv}"
    );
    assert!(lines[1].starts_with("C-1,145,"), "146 rounds to 145: {csv}");
    assert!(lines[2].starts_with("C-2,10,"), "12 rounds to 10: {csv}");
    assert!(
        lines[3].starts_with("Total,160,"),
        "158 rounds to 160: {csv}"
    );

    // The period keeps only June: C-2's pairs started in March.
    let json = ok(skillpath(&db).args([
        "report",
        "uptake",
        "--by",
        "course",
        "--from",
        "2026-05-01",
        "--to",
        "2026-12-31",
        "--format",
        "json",
    ]));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let keys: Vec<&str> = v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["keys"][0].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["C-1", "Total"], "{json}");
}

#[test]
fn a_bad_dimension_or_date_names_the_option() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.db");
    for (args, expect) in [
        (&["--by", "region,shoe_size"][..], "--by"),
        (&["--from", "2026-02-30"][..], "--from"),
        (&["--from", "2026-06-01", "--to", "2026-01-01"][..], "--to"),
    ] {
        let out = skillpath(&db)
            .args(["report", "uptake"])
            .args(args)
            .output()
            .unwrap();
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(expect), "{args:?}: {err}");
    }
    let out = skillpath(&db)
        .args(["report", "salaries"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown report"));
}
