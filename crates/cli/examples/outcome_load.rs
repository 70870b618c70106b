//! Load for `POST /api/v1/outcomes`, where every request needs its own Idempotency-Key
//! (a fixed-request tool such as oha would send one key, and so measure only repeats).
//!
//! `cargo run --release --example outcome_load -- PORT TOKEN JOBSEEKER SECONDS CONNECTIONS`
//! prints `created N in S s: R req/s, p50 X ms, p99 Y ms`.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [port, token, jobseeker, seconds, connections] = args.as_slice() else {
        eprintln!("usage: outcome_load PORT TOKEN JOBSEEKER SECONDS CONNECTIONS");
        std::process::exit(2);
    };
    let port: u16 = port.parse().expect("PORT is a number");
    let seconds: u64 = seconds.parse().expect("SECONDS is a number");
    let connections: usize = connections.parse().expect("CONNECTIONS is a number");
    let run = format!("{:x}", std::process::id());
    let started = Instant::now();
    let stop = started + Duration::from_secs(seconds);
    let workers: Vec<_> = (0..connections)
        .map(|w| {
            let (token, jobseeker, run) = (token.clone(), jobseeker.clone(), run.clone());
            std::thread::spawn(move || {
                worker(port, &token, &jobseeker, &format!("{run}-{w}"), stop)
            })
        })
        .collect();
    let mut latencies: Vec<Duration> = workers
        .into_iter()
        .flat_map(|w| w.join().unwrap())
        .collect();
    let elapsed = started.elapsed().as_secs_f64();
    latencies.sort();
    let pct = |p: f64| {
        latencies
            .get(((latencies.len() as f64 * p) as usize).min(latencies.len().saturating_sub(1)))
    };
    let ms = |d: Option<&Duration>| d.map_or(0.0, |d| d.as_secs_f64() * 1000.0);
    println!(
        "created {} in {elapsed:.1} s: {:.0} req/s, p50 {:.2} ms, p99 {:.2} ms",
        latencies.len(),
        latencies.len() as f64 / elapsed,
        ms(pct(0.50)),
        ms(pct(0.99)),
    );
}

/// One keep-alive connection posting events with fresh keys until `stop`; the latencies of
/// the ones stored (201).
fn worker(port: u16, token: &str, jobseeker: &str, prefix: &str, stop: Instant) -> Vec<Duration> {
    let stream = TcpStream::connect(("127.0.0.1", port)).expect("server reachable");
    stream.set_nodelay(true).ok();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut writer = stream;
    let mut done = Vec::new();
    let mut n = 0u64;
    while Instant::now() < stop {
        n += 1;
        let body = format!(
            r#"{{"kind":"viewed","jobseeker_id":"{jobseeker}","occurred_at":"2026-12-01T10:00:00Z"}}"#
        );
        let req = format!(
            "POST /api/v1/outcomes HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n\
             Idempotency-Key: load-{prefix}-{n}\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\n\r\n{body}",
            body.len()
        );
        let sent = Instant::now();
        writer.write_all(req.as_bytes()).expect("request sent");
        let mut status = String::new();
        reader.read_line(&mut status).expect("answer read");
        let mut length = 0usize;
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).expect("header read");
            if line == "\r\n" {
                break;
            }
            if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                length = v.trim().parse().unwrap_or(0);
            }
        }
        let mut answer = vec![0; length];
        reader.read_exact(&mut answer).expect("body read");
        if status.split(' ').nth(1) == Some("201") {
            done.push(sent.elapsed());
        } else {
            eprintln!("{}: {}", status.trim(), String::from_utf8_lossy(&answer));
            break;
        }
    }
    done
}
