//! Importing a credential a jobseeker brings: Open Badges 3.0 or European Learning Model,
//! ours or anyone's, into one neutral record. The record says whether the credential
//! verified and why; the caller decides whether its skills count as evidenced (verified)
//! or only as declared by the jobseeker.
//!
//! ESCO skills come from OB 3.0 alignments whose `targetUrl` or `targetCode` is an ESCO
//! skill URI, from our `euLearningOutcome` terms, and from ELM `relatedESCOSkill` anywhere
//! in the credential. Other frameworks' alignments (CASE, CTDL) are not ESCO and are left
//! out rather than guessed at.

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;

use crate::error::ImportError;
use crate::json::{first, id_of, many, text};
use crate::verify::{MAX_DOCUMENT_BYTES, Reason, Trust, parse_time, verify};

const ESCO_SKILL: &str = "http://data.europa.eu/esco/skill/";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    OpenBadges,
    Elm,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportedSkill {
    pub uri: String,
    /// As the credential names it, when it does.
    pub label: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Imported {
    pub format: Format,
    pub title: String,
    /// The issuer's name, else its id.
    pub issuer: String,
    pub issued: Option<DateTime<Utc>>,
    pub skills: Vec<ImportedSkill>,
    pub verified: bool,
    /// Why it verified or did not (the verdict's reason and detail).
    pub reason: Reason,
    pub detail: String,
}

pub fn import(document: &[u8], trust: &Trust) -> Result<Imported, ImportError> {
    if document.len() > MAX_DOCUMENT_BYTES {
        return Err(ImportError::Oversized {
            size: document.len(),
            limit: MAX_DOCUMENT_BYTES,
        });
    }
    let value: Value =
        serde_json::from_slice(document).map_err(|e| ImportError::Malformed(e.to_string()))?;
    let credential = unwrap(value)?;
    let verdict = verify(document, trust);
    let subject = first(credential.get("credentialSubject"))
        .ok_or_else(|| ImportError::NotACredential("no credentialSubject".into()))?;
    let (format, title, skills) = if let Some(achievement) = subject.get("achievement") {
        (
            Format::OpenBadges,
            ob3_title(&credential, achievement),
            ob3_skills(achievement),
        )
    } else if let Some(claim) = first(subject.get("hasClaim")) {
        (
            Format::Elm,
            elm_title(&credential, claim),
            elm_skills(&credential),
        )
    } else {
        return Err(ImportError::NotACredential(
            "credentialSubject has neither an achievement (OB 3.0) nor a claim (ELM)".into(),
        ));
    };
    Ok(Imported {
        format,
        title: title.unwrap_or_default(),
        issuer: issuer_name(&credential)
            .ok_or_else(|| ImportError::NotACredential("no issuer".into()))?,
        issued: ["issued", "awardedDate", "issuanceDate", "validFrom"]
            .into_iter()
            .find_map(|k| {
                credential
                    .get(k)
                    .and_then(Value::as_str)
                    .and_then(parse_time)
            }),
        skills,
        verified: verdict.is_valid(),
        reason: verdict.reason,
        detail: verdict.detail,
    })
}

/// The credential inside EDC's wrappings: uploadable `{"credential": ..}` and the JWS JSON
/// serialisation whose payload is the credential as a string.
fn unwrap(value: Value) -> Result<Value, ImportError> {
    match value {
        Value::Object(mut o) => {
            if let Some(Value::String(payload)) = o.get("payload") {
                let inner: Value = serde_json::from_str(payload).map_err(|e| {
                    ImportError::Malformed(format!("the signed payload is not JSON: {e}"))
                })?;
                return unwrap(inner);
            }
            if let Some(inner) = o.remove("credential") {
                return unwrap(inner);
            }
            Ok(Value::Object(o))
        }
        _ => Err(ImportError::NotACredential("not a JSON object".into())),
    }
}

fn ob3_title(credential: &Value, achievement: &Value) -> Option<String> {
    achievement
        .get("name")
        .and_then(text)
        .or_else(|| credential.get("name").and_then(text))
}

fn ob3_skills(achievement: &Value) -> Vec<ImportedSkill> {
    let mut skills = Vec::new();
    for alignment in many(achievement.get("alignment")) {
        let uri = ["targetUrl", "targetCode"]
            .into_iter()
            .filter_map(|k| alignment.get(k).and_then(Value::as_str))
            .find_map(esco_skill);
        if let Some(uri) = uri {
            let label = alignment.get("targetName").and_then(text);
            push(&mut skills, uri, label);
        }
    }
    for outcome in many(achievement.get("euLearningOutcome")) {
        for uri in many(outcome.get("relatedESCOSkill"))
            .into_iter()
            .filter_map(id_of)
        {
            if let Some(uri) = esco_skill(uri) {
                push(&mut skills, uri, None);
            }
        }
    }
    skills
}

fn elm_title(credential: &Value, claim: &Value) -> Option<String> {
    claim
        .get("title")
        .and_then(text)
        .or_else(|| {
            first(claim.get("specifiedBy"))
                .and_then(|s| s.get("title"))
                .and_then(text)
        })
        .or_else(|| {
            first(credential.get("displayParameter"))
                .and_then(|d| d.get("title"))
                .and_then(text)
        })
}

fn elm_skills(credential: &Value) -> Vec<ImportedSkill> {
    let mut skills = Vec::new();
    collect_related(credential, &mut skills);
    skills
}

fn collect_related(v: &Value, out: &mut Vec<ImportedSkill>) {
    match v {
        Value::Object(o) => {
            for concept in many(o.get("relatedESCOSkill")) {
                if let Some(uri) = id_of(concept).and_then(esco_skill) {
                    let label = concept.get("prefLabel").and_then(text);
                    push(out, uri, label);
                }
            }
            o.values().for_each(|x| collect_related(x, out));
        }
        Value::Array(items) => items.iter().for_each(|x| collect_related(x, out)),
        _ => {}
    }
}

/// An ESCO skill URI in its canonical `http` form.
fn esco_skill(raw: &str) -> Option<String> {
    let raw = raw.trim();
    let canonical = match raw.strip_prefix("https://") {
        Some(rest) => format!("http://{rest}"),
        None => raw.to_owned(),
    };
    (canonical.starts_with(ESCO_SKILL)
        && skillpath_domain::esco::check_esco_uri(&canonical).is_ok()
        && canonical.len() > ESCO_SKILL.len())
    .then_some(canonical)
}

/// Once per URI; a label found later fills one missing earlier.
fn push(out: &mut Vec<ImportedSkill>, uri: String, label: Option<String>) {
    match out.iter_mut().find(|s| s.uri == uri) {
        Some(seen) => {
            if seen.label.is_none() {
                seen.label = label;
            }
        }
        None => out.push(ImportedSkill { uri, label }),
    }
}

fn issuer_name(credential: &Value) -> Option<String> {
    let issuer = first(credential.get("issuer"))?;
    ["name", "legalName", "prefLabel"]
        .into_iter()
        .find_map(|k| issuer.get(k).and_then(text))
        .or_else(|| {
            issuer
                .get("groupMemberOf")
                .and_then(|g| first(Some(g)))
                .and_then(|g| g.get("prefLabel"))
                .and_then(text)
        })
        .or_else(|| id_of(issuer).map(str::to_owned))
}
