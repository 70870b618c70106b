//! How a credential names its learner without making the learner's id public: an Open
//! Badges 3.0 `IdentityObject` with `hashed: true` and `identityHash` =
//! `sha256$` + hex(SHA-256(id + salt)), a fresh random salt per credential.
//!
//! The salt is not written into the document. OB 3.0 lets a document carry it, but a PES id
//! is short and patterned (`J-3000`): with the salt beside the hash, anyone could hash every
//! possible id and read it back. Kept apart, the salt goes to the learner (and stays in the
//! issuer's record), and whoever is shown the id and the salt can check the hash.

use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use crate::json::many;

/// The `identityHash` of `id` under `salt`.
pub fn identity_hash(id: &str, salt: &str) -> String {
    let digest = Sha256::digest(format!("{id}{salt}").as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256${hex}")
}

/// 128 bits from the operating system's generator, as 32 hex digits.
pub fn random_salt() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes)?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Who a verifier expects the credential to belong to: the id the issuer knows the learner
/// by and, for a hashed identity, the salt the learner was given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpectedLearner {
    pub id: String,
    pub salt: Option<String>,
}

/// Whether `subject` (a `credentialSubject`) names the expected learner: by a hashed OB 3.0
/// identity, a plain one, an ELM identifier's notation, or the subject's own id.
pub(crate) fn check(
    subject: &Map<String, Value>,
    expected: &ExpectedLearner,
) -> Result<(), String> {
    if subject.get("id").and_then(Value::as_str) == Some(expected.id.as_str()) {
        return Ok(());
    }
    let mut hashed_seen = false;
    for identity in many(subject.get("identifier")) {
        let (value, hashed) = match identity {
            Value::String(s) => (s.as_str(), false),
            Value::Object(o) => {
                let Some(value) = ["identityHash", "notation"]
                    .into_iter()
                    .find_map(|k| o.get(k).and_then(Value::as_str))
                else {
                    continue;
                };
                let hashed = o.get("hashed").and_then(Value::as_bool) == Some(true)
                    || value.starts_with("sha256$");
                (value, hashed)
            }
            _ => continue,
        };
        if !hashed {
            if value == expected.id {
                return Ok(());
            }
            continue;
        }
        hashed_seen = true;
        if let Some(salt) = &expected.salt
            && identity_hash(&expected.id, salt).eq_ignore_ascii_case(value)
        {
            return Ok(());
        }
    }
    Err(match (hashed_seen, &expected.salt) {
        (true, None) => {
            "the credential names its learner by a salted hash: the salt is needed to check the id"
                .into()
        }
        (true, Some(_)) => {
            "the learner id and salt do not give the credential's identity hash".into()
        }
        (false, _) => "the credential names another learner".into(),
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn the_hash_is_ob3s_sha256_dollar_hex_of_id_then_salt() {
        // printf 'J-3000abc' | sha256sum
        assert_eq!(
            identity_hash("J-3000", "abc"),
            "sha256$3ed1e26bee832a9773b90b831c5bcd8f89a67359a5df859ebd505072e00203ed"
        );
        assert_ne!(
            identity_hash("J-3000", "abc"),
            identity_hash("J-3000", "abd")
        );
        let (a, b) = (random_salt().unwrap(), random_salt().unwrap());
        assert_eq!(a.len(), 32);
        assert_ne!(a, b);
    }

    #[test]
    fn a_hashed_identity_matches_only_the_right_id_and_salt() {
        let subject = json!({"identifier": [{"type": "IdentityObject", "identityType": "identifier",
            "hashed": true, "identityHash": identity_hash("J-3000", "s1")}]});
        let subject = subject.as_object().unwrap();
        let expect = |id: &str, salt: Option<&str>| {
            check(
                subject,
                &ExpectedLearner {
                    id: id.into(),
                    salt: salt.map(Into::into),
                },
            )
        };
        assert_eq!(expect("J-3000", Some("s1")), Ok(()));
        assert!(expect("J-3001", Some("s1")).is_err());
        assert!(expect("J-3000", Some("s2")).is_err());
        assert!(expect("J-3000", None).unwrap_err().contains("salt"));
    }

    #[test]
    fn plain_identities_and_elm_notations_are_compared_as_they_are() {
        let ob3 = json!({"identifier": [{"identityHash": "ana@example.org", "hashed": false}]});
        let elm = json!({"identifier": {"type": "Identifier", "notation": "12345"}});
        let did = json!({"id": "did:example:ana"});
        let ok = |s: &Value, id: &str| {
            check(
                s.as_object().unwrap(),
                &ExpectedLearner {
                    id: id.into(),
                    salt: None,
                },
            )
            .is_ok()
        };
        assert!(ok(&ob3, "ana@example.org") && !ok(&ob3, "bob@example.org"));
        assert!(ok(&elm, "12345") && !ok(&elm, "1234"));
        assert!(ok(&did, "did:example:ana") && !ok(&did, "did:example:bob"));
    }
}
