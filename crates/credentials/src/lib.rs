//! Portable micro-credentials: what a learner takes away from a course, in the two formats
//! European employers, universities and employment services read.
//!
//! - [`issue`] turns a [`Course`](skillpath_domain::course::Course) and a learner into an
//!   Open Badges 3.0 `OpenBadgeCredential` (W3C VC data model 2.0) and its European Learning
//!   Model (European Digital Credentials) form, both carrying the eleven elements of the EU
//!   Council Recommendation on micro-credentials.
//! - [`verify`] checks a credential against a [`Trust`]: the issuer's keys (current and
//!   retired), the status lists it publishes, and the time of checking.
//! - [`import`] reads an Open Badges 3.0 or ELM credential, ours or anyone's, into a neutral
//!   [`Imported`] record whose ESCO skills the caller may count as evidenced (verified) or
//!   only declared.
//!
//! # Proof format
//! Credentials are signed with a W3C Data Integrity proof, cryptosuite `eddsa-jcs-2022`
//! (Ed25519 over SHA-256 of the RFC 8785 JSON canonical form): the proof travels inside the
//! JSON document, so the same file is the credential a learner stores, shows and uploads,
//! and the signature covers exactly the JSON bytes' meaning without a JSON-LD processor or
//! network fetches of contexts (which `eddsa-rdfc-2022` needs). It is a cryptosuite of the
//! W3C Recommendation "Data Integrity EdDSA Cryptosuites v1.0", implemented by general VC
//! verifiers (Digital Bazaar's `eddsa-jcs-2022-cryptosuite`, among those in the W3C test
//! suite); OB 3.0's own list names VC-JWT and `eddsa-rdfc-2022`, so a strict OB 3.0
//! conformance validator may not accept it yet.
//! The verification method is a key id looked up in a [`KeySet`], never a key carried in the
//! document, so a rotated key keeps old credentials valid while it stays in the set.

pub mod contexts;
pub mod error;
pub mod identity;
pub mod import;
pub mod issue;
mod json;
pub mod keys;
pub mod proof;
pub mod status;
pub mod verify;

pub use error::{IssueError, KeyError, StatusError};
pub use identity::ExpectedLearner;
pub use import::{Imported, ImportedSkill, import};
pub use issue::{IssueRequest, Issued, IssuerProfile, Learner, issue};
pub use keys::{KeySet, Signer, TrustedKey};
pub use status::{StatusEntry, StatusList};
pub use verify::{MAX_DOCUMENT_BYTES, Reason, Trust, Verdict, verify};
