//! `skillpath ingest courses | jobseekers | outcomes` as a user runs them: the summary, each
//! bad row named by file, line and field, `--report`, and `--strict` leaving the database as
//! it was.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn skillpath(db: &Path, args: &[&str], file: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_skillpath"))
        .current_dir(root())
        .env(
            "SKILLPATH__DATABASE__URL",
            format!("sqlite://{}", db.display()),
        )
        .env("SKILLPATH__LOG__LEVEL", "warn")
        .env_remove("RUST_LOG")
        .args(args)
        .arg(file)
        .output()
        .unwrap()
}

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn failed(out: &Output) -> String {
    assert!(
        !out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn the_shipped_sample_courses_and_jobseekers_load_without_a_reject() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let sample = root().join("data/sample");
    let text = ok(&skillpath(
        &db,
        &["ingest", "courses", "--strict"],
        &sample.join("courses.jsonl"),
    ));
    assert!(
        text.contains("60 loaded (60 new, 0 updated), 0 rejected"),
        "{text}"
    );
    assert!(text.contains("the database holds 60 courses"), "{text}");
    let text = ok(&skillpath(
        &db,
        &["ingest", "jobseekers", "--strict"],
        &sample.join("jobseekers.jsonl"),
    ));
    assert!(
        text.contains("16 loaded (16 new, 0 updated; group flags recorded for 16), 0 rejected"),
        "{text}"
    );
    let text = ok(&skillpath(
        &db,
        &["ingest", "courses"],
        &sample.join("courses.jsonl"),
    ));
    assert!(
        text.contains("60 loaded (0 new, 60 updated)"),
        "a reload updates: {text}"
    );
}

#[test]
fn courses_report_bad_rows_and_incomplete_ones_and_strict_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let file = dir.path().join("catalogue.txt");
    std::fs::write(
        &file,
        "id;title;awarding_body;provider;mode;pace;price;currency;ects;eqf_level;issuer_country;date_of_issue;assessment;quality_assurance;learning_outcomes;skill_uris\n\
         A;Welding;HWK;BZ;on-site;part-time;100;EUR;2;3;DE;2026-01-01;test;ISO;Weld steel;http://data.europa.eu/esco/skill/w\n\
         B;Excel;HWK;BZ;online;part-time;0;EUR;;;;;;;;\n\
         C;Broken;HWK;BZ;sometimes;part-time;0;EUR;;;;;;;;\n",
    )
    .unwrap();
    let err = failed(&skillpath(
        &db,
        &["ingest", "courses", "--strict", "--format", "csv"],
        &file,
    ));
    assert!(
        err.contains("catalogue.txt line 4, field mode") && err.contains("--strict loads nothing"),
        "{err}"
    );

    let report = dir.path().join("rejected.csv");
    let out = skillpath(
        &db,
        &[
            "ingest",
            "courses",
            "--format",
            "csv",
            "--report",
            report.to_str().unwrap(),
        ],
        &file,
    );
    let text = ok(&out);
    assert!(
        text.contains("2 loaded (2 new, 0 updated), 1 rejected, 1 incomplete"),
        "the database was empty before: {text}"
    );
    assert!(
        text.contains("not stated by the source:") && text.contains("ects 1"),
        "{text}"
    );
    let listed = std::fs::read_to_string(&report).unwrap();
    assert_eq!(listed.lines().count(), 2, "{listed}");
    assert!(listed.contains("catalogue.txt,4,mode,"), "{listed}");
}

#[test]
fn jobseekers_report_bad_rows_and_strict_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("j.db");
    let file = dir.path().join("people.csv");
    std::fs::write(
        &file,
        "id,office,travel_radius_km,languages,young,lawful_basis\nJ-1,north,10,de;en,yes,SGB III\nJ-2,north,far,de,,\n",
    )
    .unwrap();
    let err = failed(&skillpath(
        &db,
        &["ingest", "jobseekers", "--strict"],
        &file,
    ));
    assert!(
        err.contains("people.csv line 3, field travel_radius_km"),
        "{err}"
    );
    let text = ok(&skillpath(&db, &["ingest", "jobseekers"], &file));
    assert!(
        text.contains("1 loaded (1 new, 0 updated; group flags recorded for 1), 1 rejected")
            && text.contains("holds 1 jobseekers"),
        "nothing was stored by the strict run: {text}"
    );
}

#[test]
fn outcomes_are_appended_once_and_a_reused_key_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("o.db");
    let first = dir.path().join("events.jsonl");
    std::fs::write(
        &first,
        "{\"idempotency_key\": \"k1\", \"kind\": \"referred\", \"jobseeker_id\": \"J-1\", \"course_id\": \"C-1\", \"occurred_at\": \"2027-03-01T09:00:00Z\"}\n\
         {\"idempotency_key\": \"k2\", \"kind\": \"viewed\", \"jobseeker_id\": \"J-1\", \"occurred_at\": \"2027-03-01T09:00:00Z\"}\n\
         {\"idempotency_key\": \"k3\", \"kind\": \"enrolled\", \"jobseeker_id\": \"J-1\", \"occurred_at\": \"2027-03-01T09:00:00Z\"}\n",
    )
    .unwrap();
    let text = ok(&skillpath(&db, &["ingest", "outcomes"], &first));
    assert!(
        text.contains("2 loaded (2 new, 0 already stored), 1 rejected"),
        "{text}"
    );
    let text = ok(&skillpath(&db, &["ingest", "outcomes"], &first));
    assert!(
        text.contains("2 loaded (0 new, 2 already stored)"),
        "{text}"
    );

    let second = dir.path().join("more.csv");
    std::fs::write(
        &second,
        "idempotency_key,kind,jobseeker_id,course_id,occurred_at\nk9,completed,J-1,C-1,2027-04-01T09:00:00Z\nk1,referred,J-1,C-2,2027-03-01T09:00:00Z\n",
    )
    .unwrap();
    let err = failed(&skillpath(
        &db,
        &["ingest", "outcomes", "--strict"],
        &second,
    ));
    assert!(
        err.contains("more.csv line 3, field idempotency_key")
            && err.contains("--strict loads nothing"),
        "{err}"
    );
    let text = ok(&skillpath(&db, &["ingest", "outcomes"], &second));
    assert!(
        text.contains("1 loaded (1 new, 0 already stored), 1 rejected")
            && text.contains("holds 3 outcome events"),
        "the strict run stored nothing: {text}"
    );
}
