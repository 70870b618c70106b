//! Verification: one [`Verdict`] per document, with a stable [`Reason`] code. Checks run
//! from the cheapest and most basic to the most specific, so the reason names the first
//! thing wrong: size, JSON, contexts, required elements, proof, key, issuer, signature,
//! validity period, revocation, and last (when the verifier names one) the learner.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::contexts::{self, Model};
use crate::error::StatusError;
use crate::identity::{self, ExpectedLearner};
use crate::json::{first, id_of, many};
use crate::keys::KeySet;
use crate::proof::{self, ProofFailure};
use crate::status::{StatusEntry, StatusList};

/// Credentials are a few kilobytes (the EDC samples, with embedded logos, 150 kB); anything
/// much larger is refused before it is parsed.
pub const MAX_DOCUMENT_BYTES: usize = 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    Valid,
    /// The signature does not match: the document changed after signing.
    Tampered,
    /// No trusted key belongs to the issuer, or the key belongs to another issuer.
    UnknownIssuer,
    /// The issuer is trusted but the proof's key id is not in the key set.
    UnknownKey,
    Expired,
    NotYetValid,
    Revoked,
    /// Sound, but not the expected learner's (or their salt was not given).
    LearnerMismatch,
    /// The credential names a status list the verifier was not given, or one it cannot read.
    StatusUnavailable,
    Unsigned,
    /// Signed in a way not checked here (another cryptosuite, a JAdES/JWS seal).
    UnsupportedProof,
    Malformed,
    UnknownContext,
    MissingElement,
    Oversized,
}

impl Reason {
    /// The stable machine code, as serialised.
    pub fn code(self) -> &'static str {
        match self {
            Self::Valid => "valid",
            Self::Tampered => "tampered",
            Self::UnknownIssuer => "unknown_issuer",
            Self::UnknownKey => "unknown_key",
            Self::Expired => "expired",
            Self::NotYetValid => "not_yet_valid",
            Self::Revoked => "revoked",
            Self::LearnerMismatch => "learner_mismatch",
            Self::StatusUnavailable => "status_unavailable",
            Self::Unsigned => "unsigned",
            Self::UnsupportedProof => "unsupported_proof",
            Self::Malformed => "malformed",
            Self::UnknownContext => "unknown_context",
            Self::MissingElement => "missing_element",
            Self::Oversized => "oversized",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verdict {
    pub valid: bool,
    pub reason: Reason,
    /// What a person reads: which element, key or date.
    pub detail: String,
    pub credential_id: Option<String>,
    pub issuer: Option<String>,
    pub key_id: Option<String>,
}

impl Verdict {
    fn new(reason: Reason, detail: impl Into<String>) -> Self {
        Self {
            valid: reason == Reason::Valid,
            reason,
            detail: detail.into(),
            credential_id: None,
            issuer: None,
            key_id: None,
        }
    }

    pub fn is_valid(&self) -> bool {
        self.valid
    }
}

/// What a verifier trusts: issuers' keys, the status lists they publish, and the time.
#[derive(Debug, Clone)]
pub struct Trust {
    pub keys: KeySet,
    /// Revocation lists by their URL (the entries' `statusListCredential`).
    pub status_lists: HashMap<String, StatusList>,
    pub now: DateTime<Utc>,
    /// When set, the credential must name this learner.
    pub learner: Option<ExpectedLearner>,
}

impl Trust {
    pub fn new(keys: KeySet, now: DateTime<Utc>) -> Self {
        Self {
            keys,
            status_lists: HashMap::new(),
            now,
            learner: None,
        }
    }

    /// Adds a published status list credential once it verifies with the trusted keys;
    /// returns its URL.
    pub fn add_status_list(&mut self, credential: &[u8]) -> Result<String, StatusError> {
        // A status list names no learner, whoever the verifier expects.
        let verdict = match check(credential, self, None) {
            Ok(v) | Err(v) => v,
        };
        if !verdict.is_valid() {
            return Err(StatusError::Credential(format!(
                "does not verify ({}): {}",
                verdict.reason.code(),
                verdict.detail
            )));
        }
        let value: Value = serde_json::from_slice(credential)
            .map_err(|e| StatusError::Credential(e.to_string()))?;
        let (url, list) = StatusList::from_credential(&value)?;
        self.status_lists.insert(url.clone(), list);
        Ok(url)
    }
}

pub fn verify(document: &[u8], trust: &Trust) -> Verdict {
    match check(document, trust, trust.learner.as_ref()) {
        Ok(v) | Err(v) => v,
    }
}

fn check(
    document: &[u8],
    trust: &Trust,
    learner: Option<&ExpectedLearner>,
) -> Result<Verdict, Verdict> {
    if document.len() > MAX_DOCUMENT_BYTES {
        return Err(Verdict::new(
            Reason::Oversized,
            format!(
                "{} bytes, above the {MAX_DOCUMENT_BYTES}-byte limit",
                document.len()
            ),
        ));
    }
    let value: Value = serde_json::from_slice(document)
        .map_err(|e| Verdict::new(Reason::Malformed, format!("not JSON: {e}")))?;
    let doc = credential_object(&value)?;
    let model = contexts::check(doc.get("@context"))
        .map_err(|e| Verdict::new(Reason::UnknownContext, e))?;
    let issuer = required(doc, model)?;
    let annotate = |mut v: Verdict| {
        v.credential_id = doc.get("id").and_then(Value::as_str).map(str::to_owned);
        v.issuer = Some(issuer.to_owned());
        v
    };
    let key_id =
        proof::check(doc, &trust.keys).map_err(|f| annotate(proof_verdict(f, issuer, trust)))?;
    let with_key = |v: Verdict| {
        let mut v = annotate(v);
        v.key_id = Some(key_id.clone());
        v
    };
    let key = trust.keys.get(&key_id).expect("proof::check found the key");
    if key.controller != issuer {
        return Err(with_key(Verdict::new(
            Reason::UnknownIssuer,
            format!(
                "key {key_id} belongs to {}, not to the issuer {issuer}",
                key.controller
            ),
        )));
    }
    validity(doc, trust.now).map_err(with_key)?;
    revocation(doc, trust).map_err(with_key)?;
    if let Some(expected) = learner {
        let subject = first(doc.get("credentialSubject"))
            .and_then(Value::as_object)
            .ok_or_else(|| {
                with_key(Verdict::new(Reason::MissingElement, "no credentialSubject"))
            })?;
        identity::check(subject, expected)
            .map_err(|d| with_key(Verdict::new(Reason::LearnerMismatch, d)))?;
    }
    let detail = if key.retired {
        format!("signed by {issuer} with retired key {key_id}")
    } else {
        format!("signed by {issuer} with key {key_id}")
    };
    Ok(with_key(Verdict::new(Reason::Valid, detail)))
}

/// The credential inside the wrappings EDC uses, or why there is none to check.
fn credential_object(value: &Value) -> Result<&Map<String, Value>, Verdict> {
    let Value::Object(doc) = value else {
        return Err(Verdict::new(
            Reason::Malformed,
            "the document is not a JSON object",
        ));
    };
    if doc.contains_key("payload") && doc.contains_key("signatures") {
        return Err(Verdict::new(
            Reason::UnsupportedProof,
            "a JWS (JAdES) sealed credential: its X.509 eSeal is not checked here",
        ));
    }
    if let Some(inner) = doc.get("credential") {
        return credential_object(inner);
    }
    Ok(doc)
}

/// The issuer's id, once the elements every credential of `model` needs are present.
fn required(doc: &Map<String, Value>, model: Model) -> Result<&str, Verdict> {
    let missing = |what: &str| Verdict::new(Reason::MissingElement, format!("no {what}"));
    let types = many(doc.get("type"));
    if !types
        .iter()
        .any(|t| t.as_str() == Some("VerifiableCredential"))
    {
        return Err(missing("type VerifiableCredential"));
    }
    let issuer = doc
        .get("issuer")
        .and_then(id_of)
        .ok_or_else(|| missing("issuer id"))?;
    let subject =
        first(doc.get("credentialSubject")).ok_or_else(|| missing("credentialSubject"))?;
    let dates = ["validFrom", "issuanceDate", "issued"];
    if !dates.iter().any(|d| doc.contains_key(*d)) {
        return Err(missing("date of issue (validFrom or issuanceDate)"));
    }
    match model {
        Model::OpenBadges => {
            if !types.iter().any(|t| {
                matches!(
                    t.as_str(),
                    Some("OpenBadgeCredential" | "AchievementCredential")
                )
            }) {
                return Err(missing("type OpenBadgeCredential"));
            }
            let achievement = subject
                .get("achievement")
                .ok_or_else(|| missing("credentialSubject.achievement"))?;
            for field in ["id", "name", "criteria"] {
                if achievement.get(field).is_none() {
                    return Err(missing(&format!("credentialSubject.achievement.{field}")));
                }
            }
        }
        Model::Elm => {
            if subject.get("hasClaim").is_none() {
                return Err(missing("credentialSubject.hasClaim"));
            }
        }
        Model::Plain => {}
    }
    Ok(issuer)
}

fn proof_verdict(failure: ProofFailure, issuer: &str, trust: &Trust) -> Verdict {
    match failure {
        ProofFailure::Unsigned => Verdict::new(Reason::Unsigned, "the credential carries no proof"),
        ProofFailure::Unsupported(d) => Verdict::new(Reason::UnsupportedProof, d),
        ProofFailure::Malformed(d) => Verdict::new(Reason::Malformed, d),
        ProofFailure::Mismatch => Verdict::new(
            Reason::Tampered,
            "the signature does not match the document: it was changed after signing",
        ),
        ProofFailure::UnknownKey(id) => {
            let issuer_known = trust.keys.controllers().any(|c| c == issuer);
            if issuer_known {
                Verdict::new(
                    Reason::UnknownKey,
                    format!("key {id} of {issuer} is not in the key set"),
                )
            } else {
                Verdict::new(
                    Reason::UnknownIssuer,
                    format!("no key of the issuer {issuer} is trusted (proof key {id})"),
                )
            }
        }
    }
}

fn validity(doc: &Map<String, Value>, now: DateTime<Utc>) -> Result<(), Verdict> {
    let date = |keys: &[&str]| -> Result<Option<DateTime<Utc>>, Verdict> {
        let Some((key, raw)) = keys.iter().find_map(|k| doc.get(*k).map(|v| (*k, v))) else {
            return Ok(None);
        };
        raw.as_str().and_then(parse_time).map(Some).ok_or_else(|| {
            Verdict::new(Reason::Malformed, format!("{key} {raw} is not a date-time"))
        })
    };
    if let Some(from) = date(&["validFrom", "issuanceDate"])?
        && from > now
    {
        return Err(Verdict::new(
            Reason::NotYetValid,
            format!("valid from {from}, after {now}"),
        ));
    }
    if let Some(until) = date(&["validUntil", "expirationDate"])?
        && until <= now
    {
        return Err(Verdict::new(
            Reason::Expired,
            format!("valid until {until}, before {now}"),
        ));
    }
    Ok(())
}

/// RFC 3339, or without a zone as some ELM issuers write it (read as UTC).
pub(crate) fn parse_time(raw: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(raw)
        .map(|t| t.with_timezone(&Utc))
        .ok()
        .or_else(|| {
            NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M:%S")
                .ok()
                .map(|t| t.and_utc())
        })
}

fn revocation(doc: &Map<String, Value>, trust: &Trust) -> Result<(), Verdict> {
    let entry = StatusEntry::from_credential_status(doc.get("credentialStatus"))
        .map_err(|e| Verdict::new(Reason::StatusUnavailable, e))?;
    let Some(entry) = entry else {
        return Ok(());
    };
    let list = trust.status_lists.get(&entry.list_url).ok_or_else(|| {
        Verdict::new(
            Reason::StatusUnavailable,
            format!("status list {} was not supplied", entry.list_url),
        )
    })?;
    match list.is_revoked(entry.index) {
        Ok(false) => Ok(()),
        Ok(true) => Err(Verdict::new(
            Reason::Revoked,
            format!("revoked in {} at index {}", entry.list_url, entry.index),
        )),
        Err(e) => Err(Verdict::new(Reason::StatusUnavailable, e.to_string())),
    }
}
