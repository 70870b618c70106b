//! Two server instances over one PostgreSQL database: the same answers to the same reads,
//! and a course written through one is served and searched by the other within 5 s (each
//! instance rebuilds its own in-memory course index when the database changed).

mod serve_support;

use std::time::{Duration, Instant};

use serde_json::Value;
use serve_support::{free_port, request, skillpath, start};
use skillpath_store::testing::TestDb;

fn get(port: u16, auth: &str, path: &str) -> (u16, Value) {
    let (status, body) = request(port, "GET", path, &[("Authorization", auth)], None).unwrap();
    (status, serde_json::from_str(&body).unwrap_or(Value::Null))
}

#[test]
fn a_course_put_through_one_instance_is_found_by_the_other() {
    let Some(db) = TestDb::postgres() else {
        eprintln!("skipped: PostgreSQL is not available");
        return;
    };
    let url = db.url();
    let out = skillpath(url)
        .args(["demo", "--load-only"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = skillpath(url)
        .args(["users", "create", "--role", "admin"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let auth = format!("Bearer {}", String::from_utf8(out.stdout).unwrap().trim());

    let refresh = [("SKILLPATH__MATCHER__REFRESH_SECONDS", "1")];
    let (a, b) = (free_port(), free_port());
    let mut servers = [start(url, a, &refresh), start(url, b, &refresh)];

    for path in [
        "/api/v1/courses?q=electricity&per_page=50",
        "/api/v1/courses/C-2000",
        "/api/v1/vacancies?open=true&per_page=50",
    ] {
        assert_eq!(get(a, &auth, path), get(b, &auth, path), "{path}");
    }

    let sample =
        std::fs::read_to_string(serve_support::root().join("data/sample/courses.jsonl")).unwrap();
    let mut course: Value = serde_json::from_str(sample.lines().next().unwrap()).unwrap();
    course["id"] = "C-SCALE".into();
    course["title"] = "Heliostat calibration".into();
    let (status, body) = request(
        a,
        "PUT",
        "/api/v1/courses/C-SCALE",
        &[("Authorization", auth.as_str())],
        Some(&course.to_string()),
    )
    .unwrap();
    assert_eq!(status, 201, "{body}");
    let written = Instant::now();

    // The detail comes from the database: at once.
    let (status, detail) = get(b, &auth, "/api/v1/courses/C-SCALE");
    assert_eq!(status, 200);
    assert_eq!(detail["title"], "Heliostat calibration");

    // Search runs on B's own course index, which must follow within 5 s.
    let found = loop {
        let (_, hits) = get(b, &auth, "/api/v1/courses?q=heliostat");
        if hits["items"][0]["id"] == "C-SCALE" {
            break true;
        }
        if written.elapsed() > Duration::from_secs(5) {
            break false;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let lag = written.elapsed();
    for s in &mut servers {
        let _ = s.kill();
        let _ = s.wait();
    }
    assert!(found, "instance B did not index the course within 5 s");
    eprintln!("instance B searched the new course after {lag:?}");
}
