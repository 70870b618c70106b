//! Issuing: one course completed by one learner becomes one credential in two formats, each
//! signed (see the crate docs for the proof format). A course that lacks any of the EU
//! standard elements is refused: a micro-credential is defined by them, and an element we
//! do not know is never invented.

mod elm;
mod ob3;

use std::collections::BTreeMap;

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::Value;
use skillpath_domain::course::Course;

use crate::error::IssueError;
use crate::identity;
use crate::keys::Signer;
use crate::proof;
use crate::status::StatusEntry;

/// The organisation issuing the credential (the PES or the provider), as the `issuer`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuerProfile {
    /// A URI that controls the signing keys (a `did:web`, or an https URL).
    pub id: String,
    pub name: String,
    pub url: Option<String>,
}

/// Learner identification, the first EU element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Learner {
    /// The identifier the issuer knows the learner by (a URI such as a DID, or a local id).
    /// The documents carry only its salted hash (see [`crate::identity`]).
    pub id: String,
    /// Printed as given, when the issuer chooses to name the learner; left out when the
    /// issuer knows the learner by id only.
    pub name: Option<String>,
}

#[derive(Debug, Clone)]
pub struct IssueRequest<'a> {
    pub course: &'a Course,
    pub learner: Learner,
    pub issuer: IssuerProfile,
    pub issued: DateTime<Utc>,
    pub valid_until: Option<DateTime<Utc>>,
    /// Preferred labels of the learning outcomes' ESCO skills; a skill without one is named
    /// by its learning outcome's text.
    pub skill_labels: BTreeMap<String, String>,
    /// Where the credential's revocation bit lives, when the issuer publishes a status list.
    pub status: Option<StatusEntry>,
}

/// The same credential as Open Badges 3.0 and as European Learning Model, both signed.
#[derive(Debug, Clone, PartialEq)]
pub struct Issued {
    pub id: String,
    /// What turns the documents' identity hash back into the learner's id: for the learner
    /// and the issuer's record, never for publication.
    pub learner_salt: String,
    pub open_badge: Value,
    pub elm: Value,
}

/// The learner as the documents name them: by a salted hash of their id.
pub(crate) struct HashedLearner<'a> {
    pub identity_hash: String,
    pub name: Option<&'a str>,
}

pub fn issue(request: &IssueRequest<'_>, signer: &Signer) -> Result<Issued, IssueError> {
    check(request)?;
    let id = format!("urn:uuid:{}", uuid::Uuid::new_v4());
    let learner_salt = identity::random_salt()
        .map_err(|e| IssueError::Signing(format!("no randomness for the learner's salt: {e}")))?;
    let learner = HashedLearner {
        identity_hash: identity::identity_hash(&request.learner.id, &learner_salt),
        name: request.learner.name.as_deref(),
    };
    let mut open_badge = ob3::credential(request, &learner, &id);
    let mut elm = elm::credential(request, &learner, &id);
    for doc in [&mut open_badge, &mut elm] {
        let Value::Object(map) = doc else {
            unreachable!("credentials are built as objects")
        };
        proof::sign(map, signer, request.issued).map_err(IssueError::Signing)?;
    }
    Ok(Issued {
        id,
        learner_salt,
        open_badge,
        elm,
    })
}

fn check(request: &IssueRequest<'_>) -> Result<(), IssueError> {
    let course = request.course;
    let refuse = |reason: String| IssueError::Course {
        id: course.id.clone(),
        reason,
    };
    course
        .validate()
        .map_err(|e| refuse(format!("invalid record: {e}")))?;
    let mut missing = course.missing_elements();
    // The catalogue's date of issue is the specification's; the credential has its own.
    missing.retain(|m| *m != "date_of_issue");
    if course
        .learning_outcomes
        .iter()
        .any(|lo| lo.skill_uris.is_empty())
    {
        missing.push("learning_outcomes[].skill_uris");
    }
    if !missing.is_empty() {
        return Err(refuse(format!(
            "missing standard elements: {}",
            missing.join(", ")
        )));
    }
    if !is_uri(&request.issuer.id) {
        return Err(IssueError::Issuer(format!(
            "id {:?} must be a URI",
            request.issuer.id
        )));
    }
    if request.issuer.name.trim().is_empty() {
        return Err(IssueError::Issuer("name is empty".into()));
    }
    if request.learner.id.trim().is_empty() {
        return Err(IssueError::Learner("the id is empty".into()));
    }
    if request
        .learner
        .name
        .as_ref()
        .is_some_and(|n| n.trim().is_empty())
    {
        return Err(IssueError::Learner("the name is empty".into()));
    }
    if request
        .valid_until
        .is_some_and(|until| until <= request.issued)
    {
        return Err(IssueError::Course {
            id: course.id.clone(),
            reason: "valid_until must be after the date of issue".into(),
        });
    }
    Ok(())
}

pub(crate) fn is_uri(s: &str) -> bool {
    s.split_once(':').is_some_and(|(scheme, rest)| {
        scheme.len() > 1
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
            && !rest.is_empty()
    }) && !s.chars().any(char::is_whitespace)
}

pub(crate) fn timestamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The course's id as a URI: its own when it is one, else under our URN namespace.
pub(crate) fn course_uri(course: &Course) -> String {
    if is_uri(&course.id) {
        course.id.clone()
    } else {
        let safe: String = course
            .id
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || "-._~".contains(c) {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        format!("urn:skillpath:course:{safe}")
    }
}

fn mode_label(course: &Course) -> &'static str {
    use skillpath_domain::course::Mode;
    match course.participation.mode {
        Mode::Online => "Online",
        Mode::OnSite => "On-site",
        Mode::Blended => "Blended",
    }
}

fn pace_label(course: &Course) -> &'static str {
    use skillpath_domain::course::Pace;
    match course.participation.pace {
        Pace::FullTime => "Full-time",
        Pace::PartTime => "Part-time",
    }
}

fn eqf_uri(level: u8) -> String {
    format!("http://data.europa.eu/snb/eqf/{level}")
}
