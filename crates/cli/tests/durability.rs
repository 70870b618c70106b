//! Acknowledged outcome events survive the server being killed (SIGKILL) at random points,
//! and a client that retries what was not acknowledged, with the same key, stores each event
//! exactly once. On SQLite and on PostgreSQL.

mod serve_support;

use std::collections::BTreeSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use serde_json::Value;
use serve_support::{Seeded, free_port, request, sample_with_caseworker, start};
use skillpath_store::testing::TestDb;

const EVENTS: usize = 240;
const KILLS: usize = 4;

fn event(key: &str, i: usize) -> String {
    serde_json::json!({
        "kind": "viewed", "jobseeker_id": "J-3000",
        "occurred_at": format!("2026-12-01T10:{:02}:{:02}Z", i / 60 % 60, i % 60),
        "idempotency_key": key,
    })
    .to_string()
}

fn run(db_url: &str, seed: u64) {
    let token = sample_with_caseworker(db_url, "office-ded5");
    let auth = format!("Bearer {token}");
    let mut rng = Seeded(seed);
    let port = free_port();
    let mut acknowledged = BTreeSet::new();
    let mut pending: Vec<usize> = Vec::new();
    let mut next = 0;
    for round in 0..=KILLS {
        let mut server = start(db_url, port, &[]);
        // The kill comes from another thread after a random delay, so it lands wherever the
        // server is: parsing, between the insert and the answer, in the commit.
        let killed = Arc::new(AtomicBool::new(false));
        let killer = (round < KILLS).then(|| {
            let delay = Duration::from_millis(50 + rng.below(400));
            let flag = Arc::clone(&killed);
            let pid = server.id();
            std::thread::spawn(move || {
                std::thread::sleep(delay);
                flag.store(true, Ordering::SeqCst);
                // SIGKILL: no shutdown hook runs, as in a crash.
                let _ = std::process::Command::new("kill")
                    .args(["-9", &pid.to_string()])
                    .status();
            })
        });
        // Retry first what the last server did not acknowledge, with the same key.
        let mut queue: Vec<usize> = std::mem::take(&mut pending);
        loop {
            let i = match queue.pop() {
                Some(i) => i,
                None if next < EVENTS => {
                    next += 1;
                    next - 1
                }
                None => break,
            };
            let key = format!("dur-{i}");
            let headers = [
                ("Authorization", auth.as_str()),
                ("Idempotency-Key", key.as_str()),
            ];
            match request(
                port,
                "POST",
                "/api/v1/outcomes",
                &headers,
                Some(&event(&key, i)),
            ) {
                Ok((201 | 200, _)) => {
                    acknowledged.insert(i);
                }
                Ok((status, body)) if !killed.load(Ordering::SeqCst) => {
                    panic!("event {i}: {status} {body}")
                }
                _ => {
                    pending.push(i);
                    pending.append(&mut queue);
                    break;
                }
            }
        }
        if let Some(k) = killer {
            k.join().unwrap();
        }
        let _ = server.kill();
        let _ = server.wait();
        if round == KILLS {
            assert!(pending.is_empty(), "the last server is never killed");
        }
    }
    assert_eq!(
        acknowledged.len(),
        EVENTS,
        "every event was acknowledged in the end"
    );

    let server = start(db_url, port, &[]);
    let (status, body) = request(
        port,
        "GET",
        "/api/v1/jobseekers/J-3000/outcomes",
        &[("Authorization", auth.as_str())],
        None,
    )
    .unwrap();
    let mut server = server;
    let _ = server.kill();
    let _ = server.wait();
    assert_eq!(status, 200, "{body}");
    let body: Value = serde_json::from_str(&body).unwrap();
    let keys: Vec<&str> = body["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["idempotency_key"].as_str())
        .filter(|k| k.starts_with("dur-"))
        .collect();
    let distinct: BTreeSet<&str> = keys.iter().copied().collect();
    assert_eq!(keys.len(), distinct.len(), "an event was stored twice");
    for i in &acknowledged {
        assert!(
            distinct.contains(format!("dur-{i}").as_str()),
            "acknowledged event {i} was lost"
        );
    }
    assert_eq!(keys.len(), EVENTS, "an event nobody sent was stored");
}

#[test]
fn acknowledged_events_survive_kills_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("durable.db").display());
    run(&url, 0x5eed_0001);
}

#[test]
fn acknowledged_events_survive_kills_on_postgres() {
    let Some(db) = TestDb::postgres() else {
        eprintln!("skipped: PostgreSQL is not available");
        return;
    };
    run(db.url(), 0x5eed_0002);
}
