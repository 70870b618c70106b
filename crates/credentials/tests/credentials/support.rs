//! A course from the shipped sample catalogue, keys made up for each run (never stored),
//! and the trust a verifier would hold.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde_json::Value;
use skillpath_credentials::{
    IssueRequest, Issued, IssuerProfile, KeySet, Learner, Signer, StatusEntry, Trust, issue,
};
use skillpath_domain::course::Course;

pub const ISSUER: &str = "did:web:pes.example";
pub const KEY_2026: &str = "did:web:pes.example#key-2026";
pub const KEY_2027: &str = "did:web:pes.example#key-2027";
pub const STATUS_URL: &str = "https://pes.example/status/1";

pub fn course() -> Course {
    let text =
        std::fs::read_to_string(skillpath_suite::sample_dir().join("courses.jsonl")).unwrap();
    serde_json::from_str(text.lines().next().unwrap()).unwrap()
}

pub fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

/// A fresh key for each test run: tests never rely on a stored secret.
pub fn signer(key_id: &str) -> Signer {
    let mut seed = [0u8; 32];
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos()
        .to_le_bytes();
    seed[..16].copy_from_slice(&nanos);
    seed[16..16 + key_id.len().min(16)].copy_from_slice(&key_id.as_bytes()[..key_id.len().min(16)]);
    seed[31] = key_id.len() as u8;
    Signer::from_bytes(key_id, seed).unwrap()
}

pub fn request(course: &Course) -> IssueRequest<'_> {
    IssueRequest {
        course,
        learner: Learner {
            id: "urn:pes:jobseeker:js-0042".into(),
            name: Some("Ana Andromeda".into()),
        },
        issuer: IssuerProfile {
            id: ISSUER.into(),
            name: "Public Employment Service".into(),
            url: Some("https://pes.example".into()),
        },
        issued: at("2026-06-01T09:00:00Z"),
        valid_until: Some(at("2029-06-01T09:00:00Z")),
        skill_labels: BTreeMap::from([(
            "http://data.europa.eu/esco/skill/52d6eb67-56c0-4ad7-b5c2-71e7c2362ece".into(),
            "install electricity sockets".into(),
        )]),
        status: None,
    }
}

pub fn issued(signer: &Signer) -> Issued {
    let course = course();
    issue(&request(&course), signer).unwrap()
}

pub fn trust(keys: &[&Signer], now: &str) -> Trust {
    let mut set = KeySet::new();
    for k in keys {
        set.add(k.trusted_key(ISSUER)).unwrap();
    }
    Trust::new(set, at(now))
}

pub fn bytes(v: &Value) -> Vec<u8> {
    serde_json::to_vec_pretty(v).unwrap()
}

pub fn status_entry(index: usize) -> StatusEntry {
    StatusEntry {
        list_url: STATUS_URL.into(),
        index,
    }
}
