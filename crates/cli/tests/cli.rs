//! The binary as other tools and people use it: the stable lookup commands' output format,
//! the demo, and the errors a user sees.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

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
        .env("SKILLPATH__LOG__LEVEL", "warn")
        .env_remove("RUST_LOG");
    cmd
}

fn run_with_stdin(mut cmd: Command, input: &str) -> Output {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn loaded_sample() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let out = skillpath(&db)
        .args(["demo", "--load-only"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (dir, db)
}

#[test]
fn occupations_match_answers_each_line_in_order_as_json() {
    let (_dir, db) = loaded_sample();
    let mut cmd = skillpath(&db);
    cmd.args(["occupations", "match", "--top", "3"]);
    let input = "software developer\n\n\"weird: [query]\"\nwarehouse worker\n";
    let out = run_with_stdin(cmd, input);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0]["query"], "software developer");
    assert_eq!(lines[1]["query"], "");
    assert_eq!(lines[1]["matches"].as_array().unwrap().len(), 0);
    assert_eq!(lines[2]["query"], "\"weird: [query]\"");
    assert_eq!(lines[3]["query"], "warehouse worker");
    for line in &lines {
        let matches = line["matches"].as_array().unwrap();
        assert!(matches.len() <= 3);
        for pair in matches.windows(2) {
            assert!(
                pair[0]["score"].as_f64() >= pair[1]["score"].as_f64(),
                "best first"
            );
        }
        for m in matches {
            assert!(
                m["uri"]
                    .as_str()
                    .unwrap()
                    .starts_with("http://data.europa.eu/esco/occupation/")
            );
            assert!(m["label"].is_string());
        }
    }
    assert!(
        lines[0]["matches"][0]["label"]
            .as_str()
            .unwrap()
            .contains("developer"),
        "{}",
        lines[0]
    );
}

#[test]
fn skills_extract_answers_each_line_in_order_as_json() {
    let (_dir, db) = loaded_sample();
    let mut cmd = skillpath(&db);
    cmd.args(["skills", "extract", "--top", "5"]);
    let out = run_with_stdin(cmd, "we need someone to install solar panels\nnothing\n");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["text"], "we need someone to install solar panels");
    let skills = lines[0]["skills"].as_array().unwrap();
    assert!(!skills.is_empty() && skills.len() <= 5);
    assert!(
        skills[0]["uri"]
            .as_str()
            .unwrap()
            .starts_with("http://data.europa.eu/esco/skill/")
    );
}

#[test]
fn lookups_on_an_empty_database_say_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = skillpath(&dir.path().join("empty.db"));
    cmd.args(["occupations", "match"]);
    let out = run_with_stdin(cmd, "nurse\n");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("skillpath ingest esco"));
}

#[test]
fn a_second_demo_load_changes_nothing() {
    let (_dir, db) = loaded_sample();
    let out = skillpath(&db)
        .args(["demo", "--load-only"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("no changes"), "{text}");
}

#[test]
fn a_malformed_esco_file_names_file_line_and_field_and_writes_nothing() {
    let (_dir, db) = loaded_sample();
    let copy = tempfile::tempdir().unwrap();
    let sample = root().join("data/sample/esco");
    for entry in std::fs::read_dir(&sample).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), copy.path().join(entry.file_name())).unwrap();
    }
    let skills = copy.path().join("skills_en.csv");
    let text = std::fs::read_to_string(&skills).unwrap();
    std::fs::write(
        &skills,
        text.replacen("http://data.europa.eu/esco/skill/", "htp://broken/", 1),
    )
    .unwrap();
    let out = skillpath(&db)
        .args(["ingest", "esco"])
        .arg(copy.path())
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("skills_en.csv") && err.contains("line") && err.contains("conceptUri"),
        "{err}"
    );
    // Nothing changed: a repeat load of the good sample still reports no changes.
    let out = skillpath(&db)
        .args(["demo", "--load-only"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("no changes"));
}

#[test]
fn an_unknown_configuration_key_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let out = skillpath(&dir.path().join("x.db"))
        .env("SKILLPATH__SERVER__BINDD", "x")
        .args(["occupations", "match"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("bindd"));
}

#[test]
fn the_demo_serves_the_sample_and_prints_its_address() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = skillpath(&dir.path().join("demo.db"))
        .env("SKILLPATH__SERVER__BIND", "127.0.0.1:0")
        .env("SKILLPATH__SERVER__WORKERS", "1")
        .arg("demo")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let addr = loop {
        let line = lines.next().expect("demo printed its address").unwrap();
        if let Some(rest) = line.split("at http://").nth(1) {
            break rest.trim().to_owned();
        }
    };
    let printed: Vec<String> = lines
        .map(Result::unwrap)
        .take_while(|l| !l.starts_with("press Ctrl-C"))
        .collect();
    let token = |role: &str| -> String {
        let line = printed
            .iter()
            .find(|l| l.trim_start().starts_with(&format!("{role} token")))
            .unwrap_or_else(|| panic!("no {role} token in {printed:?}"));
        line.rsplit(": ").next().unwrap().trim().to_owned()
    };
    let me = |token: &str| -> String {
        let mut me = std::net::TcpStream::connect(&addr).unwrap();
        write!(
            me,
            "GET /api/v1/me HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut who = String::new();
        me.read_to_string(&mut who).unwrap();
        assert!(who.starts_with("HTTP/1.1 200"), "{who}");
        who
    };
    // One working token per role; the scoped ones name the office and the person.
    assert!(me(&token("analyst")).contains("analyst"));
    assert!(me(&token("admin")).contains("admin"));
    let caseworker = me(&token("caseworker"));
    assert!(caseworker.contains("office-"), "{caseworker}");
    let jobseeker = me(&token("jobseeker"));
    assert!(jobseeker.contains("J-3"), "{jobseeker}");
    let recommendations: Vec<&String> = printed
        .iter()
        .filter(|l| l.contains("curl") && l.contains("/recommendations"))
        .collect();
    assert_eq!(recommendations.len(), 2, "{printed:?}");
    for l in recommendations {
        assert!(
            l.contains(&format!("http://{addr}/api/v1/jobseekers/J-3")),
            "{l}"
        );
        assert!(l.contains("Authorization: Bearer "), "{l}");
    }
    let mut stream = std::net::TcpStream::connect(&addr).unwrap();
    write!(
        stream,
        "GET /healthz HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    child.kill().ok();
    child.wait().ok();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.contains("\"ok\""));
}

#[test]
fn skipped_rows_are_summarised_and_listed_in_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("skipped.csv");
    let out = skillpath(&dir.path().join("x.db"))
        .args(["ingest", "esco", "data/sample/esco", "--report"])
        .arg(&report)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("skipped 2 rows of occupationSkillRelations.csv, field occupationUri"),
        "{text}"
    );
    let listed = std::fs::read_to_string(&report).unwrap();
    assert_eq!(listed.lines().count(), 3, "{listed}");
    assert!(listed.starts_with("file,line,field,uri,reason\n"));
}

#[test]
fn strict_vacancy_loading_refuses_a_file_with_a_broken_row_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("v.db");
    let file = dir.path().join("jobs.csv");
    std::fs::write(&file, "id;title;closing\n1;Cook;2026-12-01\n2;;soon\n").unwrap();
    let out = skillpath(&db)
        .args(["ingest", "vacancies", "--strict"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("jobs.csv line 3, field closing") && err.contains("--strict loads nothing"),
        "{err}"
    );
    let out = skillpath(&db)
        .args(["ingest", "vacancies"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("1 loaded (1 new, 0 updated), 1 rejected")
            && text.contains("holds 1 vacancies"),
        "{text}"
    );
}

#[test]
fn generate_writes_the_tier_counts_from_the_loaded_taxonomy_and_names_a_bad_tier() {
    let (dir, db) = loaded_sample();
    let out_dir = dir.path().join("tier-s");
    let out = skillpath(&db)
        .args(["generate", "--tier", "S", "--seed", "7", "--out"])
        .arg(&out_dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines = |name: &str| {
        let file = std::fs::File::open(out_dir.join(name)).unwrap();
        BufReader::new(file).lines().count()
    };
    // The CSV has a header row; the JSON Lines files do not.
    assert_eq!(lines("vacancies.csv"), 100_001);
    assert_eq!(lines("courses.jsonl"), 10_000);
    assert_eq!(lines("jobseekers.jsonl"), 100_000);

    let bad = skillpath(&db)
        .args(["generate", "--tier", "XL", "--out"])
        .arg(dir.path().join("x"))
        .output()
        .unwrap();
    assert!(!bad.status.success());
    let stderr = String::from_utf8_lossy(&bad.stderr);
    assert!(
        stderr.contains("XL") && stderr.contains("S, M or L"),
        "{stderr}"
    );
}

/// The credentials commands need no database; the signing key is made up for the run.
fn credentials_cmd(dir: &Path, seed: Option<&str>) -> Command {
    let mut cmd = skillpath(&dir.join("unused.db"));
    cmd.env("SKILLPATH__CREDENTIALS__ISSUER_ID", "did:web:pes.example")
        .env(
            "SKILLPATH__CREDENTIALS__ISSUER_NAME",
            "Public Employment Service",
        )
        .env(
            "SKILLPATH__CREDENTIALS__KEY_ID",
            "did:web:pes.example#key-1",
        )
        .env_remove("SKILLPATH__CREDENTIALS__SIGNING_KEY");
    if let Some(seed) = seed {
        cmd.env("SKILLPATH__CREDENTIALS__SIGNING_KEY", seed);
    }
    cmd
}

#[test]
fn credentials_issue_then_verify_exits_0_for_valid_1_for_tampered_2_for_unreadable() {
    let dir = tempfile::tempdir().unwrap();
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let seed = format!("{nanos:032x}{:032x}", std::process::id());

    let out = credentials_cmd(dir.path(), None)
        .args([
            "credentials",
            "issue",
            "--course-file",
            "data/sample/courses.jsonl",
        ])
        .args(["--course-id", "C-2000", "--learner", "js-0042", "--out"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("SKILLPATH__CREDENTIALS__SIGNING_KEY"),
        "{stderr}"
    );

    let out = credentials_cmd(dir.path(), Some(&seed))
        .args([
            "credentials",
            "issue",
            "--course-file",
            "data/sample/courses.jsonl",
        ])
        .args(["--course-id", "C-2000", "--learner", "js-0042"])
        .args(["--issued", "2026-06-01T09:00:00Z", "--out"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let written: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let ob3 = PathBuf::from(written["open_badge"].as_str().unwrap());
    let elm = PathBuf::from(written["elm"].as_str().unwrap());

    let out = credentials_cmd(dir.path(), Some(&seed))
        .args(["credentials", "public-key"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let key: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let keys = dir.path().join("keys.json");
    std::fs::write(&keys, serde_json::json!({"keys": [key]}).to_string()).unwrap();

    let verify = |file: &Path| {
        credentials_cmd(dir.path(), None)
            .args(["credentials", "verify", "--json", "--keys"])
            .arg(&keys)
            .arg(file)
            .output()
            .unwrap()
    };
    for file in [&ob3, &elm] {
        let out = verify(file);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stdout)
        );
        let verdict: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(verdict["reason"], "valid");
    }

    // The documents name the learner by a salted hash; with the salt printed at issue, the
    // learner's id is checked, and another id is not theirs.
    let salt = written["learner_salt"].as_str().unwrap();
    assert!(!std::fs::read_to_string(&ob3).unwrap().contains("js-0042"));
    for (learner, code, reason) in [("js-0042", 0, "valid"), ("js-0043", 1, "learner_mismatch")] {
        let out = credentials_cmd(dir.path(), None)
            .args([
                "credentials",
                "verify",
                "--json",
                "--learner",
                learner,
                "--salt",
                salt,
            ])
            .arg("--keys")
            .arg(&keys)
            .arg(&elm)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(code), "{learner}");
        let verdict: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(verdict["reason"], reason, "{verdict}");
    }

    let mut doc: serde_json::Value = serde_json::from_slice(&std::fs::read(&ob3).unwrap()).unwrap();
    doc["credentialSubject"]["achievement"]["creditsAvailable"] = serde_json::json!(40);
    let tampered = dir.path().join("tampered.json");
    std::fs::write(&tampered, doc.to_string()).unwrap();
    let out = verify(&tampered);
    assert_eq!(out.status.code(), Some(1));
    let verdict: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(verdict["reason"], "tampered", "{verdict}");

    let out = credentials_cmd(dir.path(), None)
        .args(["credentials", "verify", "--keys"])
        .arg(&keys)
        .arg(&tampered)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("tampered"));

    let out = verify(&dir.path().join("absent.json"));
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn demand_lists_the_skills_open_vacancies_ask_for_by_region() {
    let (_dir, db) = loaded_sample();
    let run = |args: &[&str]| {
        let out = skillpath(&db).args(args).output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let all = run(&["demand", "--as-of", "2026-12-01", "--top", "5"]);
    let header = all.lines().next().unwrap();
    let open_all: u32 = header
        .split(": ")
        .nth(1)
        .unwrap()
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(open_all > 0, "{all}");
    assert_eq!(all.lines().count(), 2 + 5, "{all}");
    let leipzig = run(&["demand", "--region", "DED5", "--as-of", "2026-12-01"]);
    let open_leipzig: u32 = leipzig
        .lines()
        .next()
        .unwrap()
        .split(": ")
        .nth(1)
        .unwrap()
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(open_leipzig > 0 && open_leipzig < open_all, "{leipzig}");
    let nowhere = run(&["demand", "--region", "XX99", "--as-of", "2026-12-01"]);
    assert!(
        nowhere.starts_with("demand in XX99 on 2026-12-01: 0 open vacancies"),
        "{nowhere}"
    );
}

#[test]
fn demand_json_carries_shares_and_a_twelve_month_trend_per_skill() {
    let (_dir, db) = loaded_sample();
    let out = skillpath(&db)
        .args(["demand", "--as-of", "2026-12-01", "--top", "3", "--json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["as_of"], "2026-12-01");
    assert!(doc["region"].is_null());
    assert!(doc["open_total"].as_u64().unwrap() > 0, "{doc}");
    let skills = doc["skills"].as_array().unwrap();
    assert_eq!(skills.len(), 3, "{doc}");
    for s in skills {
        let trend = s["trend"].as_array().unwrap();
        assert_eq!(trend.len(), 12, "{s}");
        // A skill open vacancies ask for was posted for in some month of the window.
        assert!(trend.iter().any(|m| m.as_u64().unwrap() > 0), "{s}");
        assert!(s["share"].as_f64().unwrap() > 0.0, "{s}");
    }
}
