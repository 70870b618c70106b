//! Running the real `skillpath serve` binary in tests, and a tiny HTTP/1.1 client for it
//! (one request per connection, so a killed server shows up as an error on that request).

#![allow(dead_code, reason = "each test binary uses a different part")]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

pub fn skillpath(db_url: &str) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_skillpath"));
    cmd.current_dir(root())
        .env("SKILLPATH__DATABASE__URL", db_url)
        .env("SKILLPATH__MATCHER__AS_OF", "2026-12-01")
        .env("SKILLPATH__LOG__LEVEL", "warn")
        .env_remove("RUST_LOG");
    cmd
}

/// Loads the shipped sample and returns a token for a caseworker of `office`.
pub fn sample_with_caseworker(db_url: &str, office: &str) -> String {
    let out = skillpath(db_url)
        .args(["demo", "--load-only"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = skillpath(db_url)
        .args([
            "users",
            "create",
            "--role",
            "caseworker",
            "--office",
            office,
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Starts the server and waits until it answers `/readyz`.
pub fn start(db_url: &str, port: u16, envs: &[(&str, &str)]) -> Child {
    let mut cmd = skillpath(db_url);
    cmd.arg("serve")
        .env("SKILLPATH__SERVER__BIND", format!("127.0.0.1:{port}"))
        .env("SKILLPATH__SERVER__WORKERS", "2")
        .envs(envs.iter().copied())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let mut child = cmd.spawn().unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if matches!(request(port, "GET", "/readyz", &[], None), Ok((200, _))) {
            return child;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    // Do not leave a half-started server behind the failing test.
    child.kill().ok();
    child.wait().ok();
    panic!("the server on port {port} did not become ready");
}

/// One request; `Err` when the connection failed or the answer was cut off.
pub fn request(
    port: u16,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
) -> std::io::Result<(u16, String)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    let body = body.unwrap_or("");
    if !body.is_empty() {
        head.push_str("Content-Type: application/json\r\n");
    }
    head.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    stream.write_all(head.as_bytes())?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer)?;
    let broken = || std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "cut-off answer");
    let status = answer
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(broken)?;
    let (_, body) = answer.split_once("\r\n\r\n").ok_or_else(broken)?;
    Ok((status, body.to_owned()))
}

/// A small seeded generator (xorshift), so a failing run can be replayed.
pub struct Seeded(pub u64);

impl Seeded {
    pub fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}
