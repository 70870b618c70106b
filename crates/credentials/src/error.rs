//! Error policy: each fallible step returns its own `thiserror` enum naming what was wrong in
//! words a person can act on. A credential that fails verification is not an error but a
//! [`Verdict`](crate::Verdict) with a stable [`Reason`](crate::Reason) code: callers branch on
//! the code, people read the detail.

use thiserror::Error;

#[derive(Debug, Error)]
pub enum KeyError {
    #[error("the signing key seed must be 32 bytes as 64 hex digits or base64; {0}")]
    Seed(String),
    #[error(
        "key id {0:?} must be a URI such as did:web:pes.example#key-2026 or https://pes.example/keys#1"
    )]
    KeyId(String),
    #[error("key {id:?}: {reason}")]
    PublicKey { id: String, reason: String },
    #[error("key set is not valid JSON of the form {{\"keys\": [..]}}: {0}")]
    KeySet(String),
}

#[derive(Debug, Error)]
pub enum StatusError {
    #[error("status list index {index} is beyond the list's {len} entries")]
    OutOfRange { index: usize, len: usize },
    #[error("encoded status list: {0}")]
    Encoding(String),
    #[error("status list credential: {0}")]
    Credential(String),
}

#[derive(Debug, Error)]
pub enum IssueError {
    #[error("course {id:?} cannot be issued: {reason}")]
    Course { id: String, reason: String },
    #[error("issuer: {0}")]
    Issuer(String),
    #[error("learner: {0}")]
    Learner(String),
    #[error("signing: {0}")]
    Signing(String),
}

#[derive(Debug, Error)]
pub enum ImportError {
    #[error("document is {size} bytes, above the {limit}-byte limit")]
    Oversized { size: usize, limit: usize },
    #[error("not JSON: {0}")]
    Malformed(String),
    #[error("not an Open Badges 3.0 or European Learning Model credential: {0}")]
    NotACredential(String),
}
