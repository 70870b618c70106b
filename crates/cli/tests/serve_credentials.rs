//! `skillpath serve` as an issuer configured only through SKILLPATH__CREDENTIALS__* (the key
//! from the environment, as it must be): it starts, issues over HTTP for a completed course,
//! and publishes the page, status list and keys; a key without the rest stops the start
//! and names what is missing.

mod serve_support;

use std::process::Stdio;
use std::time::{Duration, Instant};

use serde_json::Value;
use serve_support::{free_port, request, sample_with_caseworker, skillpath, start};

/// Made up for the run: tests never rely on a stored secret.
fn seed() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!("{nanos:032x}{:032x}", std::process::id())
}

fn call(
    port: u16,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
) -> (u16, Value, String) {
    let (status, text) = request(port, method, path, headers, body).unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::Null),
        text,
    )
}

#[test]
fn serve_configured_from_the_environment_issues_and_publishes() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("issuer.db").display());
    let token = sample_with_caseworker(&url, "office-ded5");
    let auth = format!("Bearer {token}");
    let port = free_port();
    let seed = seed();
    let public = format!("http://127.0.0.1:{port}");
    let mut server = start(
        &url,
        port,
        &[
            ("SKILLPATH__CREDENTIALS__ISSUER_ID", "did:web:pes.example"),
            (
                "SKILLPATH__CREDENTIALS__ISSUER_NAME",
                "Public Employment Service",
            ),
            ("SKILLPATH__CREDENTIALS__PUBLIC_URL", &public),
            (
                "SKILLPATH__CREDENTIALS__KEY_ID",
                "did:web:pes.example#key-2026",
            ),
            ("SKILLPATH__CREDENTIALS__SIGNING_KEY", &seed),
        ],
    );
    let headers = [("Authorization", auth.as_str())];
    let completed = r#"{"kind": "completed", "jobseeker_id": "J-3000", "course_id": "C-2000",
        "occurred_at": "2026-11-20T16:00:00Z"}"#;
    let (status, _, text) = call(
        port,
        "POST",
        "/api/v1/outcomes",
        &[
            headers[0],
            ("Idempotency-Key", "serve-credentials-completed"),
        ],
        Some(completed),
    );
    assert_eq!(status, 201, "{text}");
    let (status, issued, text) = call(
        port,
        "POST",
        "/api/v1/credentials",
        &headers,
        Some(r#"{"jobseeker_id": "J-3000", "course_id": "C-2000"}"#),
    );
    assert_eq!(status, 201, "{text}");
    let id = issued["id"].as_str().unwrap().to_owned();
    assert_eq!(issued["urls"]["page"], format!("{public}/credentials/{id}"));
    assert_eq!(
        issued["open_badge"]["proof"]["verificationMethod"],
        "did:web:pes.example#key-2026"
    );

    let (status, _, page) = call(port, "GET", &format!("/credentials/{id}"), &[], None);
    let (list_status, _, _) = call(
        port,
        "GET",
        issued["urls"]["status_list"]
            .as_str()
            .unwrap()
            .strip_prefix(&public)
            .unwrap(),
        &[],
        None,
    );
    let (keys_status, keys, _) = call(port, "GET", "/credentials/keys", &[], None);
    server.kill().ok();
    server.wait().ok();
    assert_eq!(status, 200, "{page}");
    assert!(
        page.contains("Valid: signed by did:web:pes.example"),
        "{page}"
    );
    assert!(
        !page.contains("J-3000"),
        "the public page names the learner"
    );
    assert_eq!(list_status, 200);
    assert_eq!(keys_status, 200);
    assert_eq!(keys["keys"][0]["id"], "did:web:pes.example#key-2026");
    assert!(
        !keys.to_string().contains(&seed),
        "the key set holds no secret"
    );
}

#[test]
fn a_signing_key_without_the_rest_stops_the_start_naming_what_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("half.db").display());
    let seed = seed();
    let mut child = skillpath(&url)
        .arg("serve")
        .env(
            "SKILLPATH__SERVER__BIND",
            format!("127.0.0.1:{}", free_port()),
        )
        .env("SKILLPATH__CREDENTIALS__SIGNING_KEY", &seed)
        .env(
            "SKILLPATH__CREDENTIALS__ISSUER_NAME",
            "Public Employment Service",
        )
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // It must stop by itself; a server left running would be the bug.
    let deadline = Instant::now() + Duration::from_secs(120);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            child.kill().ok();
            child.wait().ok();
            panic!("serve started although the issuer is half configured");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    assert!(!status.success());
    for missing in ["issuer_id", "key_id", "public_url"] {
        assert!(stderr.contains(missing), "{missing} not named: {stderr}");
    }
    assert!(
        !stderr.contains("issuer_name"),
        "issuer_name was given: {stderr}"
    );
    assert!(!stderr.contains(&seed), "the key is never printed");
}
