//! Logs are read by more people than the data is meant for: no token and no jobseeker id may
//! reach them at info level.

use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

use actix_web::http::StatusCode;
use actix_web::test;
use serde_json::json;
use skillpath_store::Role;

use crate::support::{bearer, sample_state, send, token};

#[derive(Clone)]
struct Sink(Arc<Mutex<Vec<u8>>>);

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Global, so that events from actix's blocking threads are caught too; every test in the
/// binary then writes here, which only widens what this test checks.
fn captured() -> Arc<Mutex<Vec<u8>>> {
    static LOGS: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    LOGS.get_or_init(|| {
        let buf = Arc::new(Mutex::new(Vec::new()));
        let sink = Sink(buf.clone());
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::INFO)
            .with_ansi(false)
            .with_writer(move || sink.clone())
            .finish();
        tracing::subscriber::set_global_default(subscriber).expect("no other subscriber");
        buf
    })
    .clone()
}

#[actix_web::test]
async fn tokens_and_jobseeker_ids_never_reach_the_log() {
    let logs = captured();
    let (_db, state) = sample_state();
    let admin = token(&state, Role::Admin);
    let req = bearer(test::TestRequest::post().uri("/api/v1/users"), &admin)
        .set_json(json!({"role": "jobseeker", "jobseeker_id": "js-private-77"}));
    let a = send(&state, req).await;
    assert_eq!(a.status, StatusCode::CREATED);
    let new_token = a.body["token"].as_str().unwrap().to_owned();
    send(
        &state,
        bearer(test::TestRequest::get().uri("/api/v1/me"), &new_token),
    )
    .await;
    let last = if new_token.ends_with('0') { '1' } else { '0' };
    let wrong = format!("{}{last}", &new_token[..new_token.len() - 1]);
    send(
        &state,
        bearer(test::TestRequest::get().uri("/api/v1/me"), &wrong),
    )
    .await;

    let text = String::from_utf8_lossy(&logs.lock().unwrap()).into_owned();
    assert!(
        text.contains("account created"),
        "the capture works: {text}"
    );
    for secret in [admin.as_str(), &new_token, &wrong, "js-private-77"] {
        assert!(!text.contains(secret), "{secret} logged:\n{text}");
    }
}
