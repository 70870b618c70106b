//! Revocation through the W3C Bitstring Status List v1.0: a credential's `credentialStatus`
//! names a list the issuer publishes (itself a signed credential) and an index into it; the
//! bit at that index, counted from the most significant bit of the first byte, is set when
//! the credential is revoked. The list travels GZIP-compressed, as multibase base64url.

use std::io::{Read, Write};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use flate2::Compression;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use serde_json::{Value, json};

use crate::error::StatusError;
use crate::json::first;

/// The specification's minimum, 16 KiB of bits, so that a list does not reveal by its size
/// how few credentials an issuer has.
pub const MIN_ENTRIES: usize = 131_072;
/// A list that inflates beyond this is refused rather than read (a compressed bomb).
const MAX_BYTES: usize = 16 * 1024 * 1024;
pub const ENTRY_TYPE: &str = "BitstringStatusListEntry";
pub const LIST_TYPE: &str = "BitstringStatusList";
pub const PURPOSE: &str = "revocation";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusList {
    bits: Vec<u8>,
}

impl Default for StatusList {
    fn default() -> Self {
        Self::new(MIN_ENTRIES)
    }
}

impl StatusList {
    pub fn new(entries: usize) -> Self {
        Self {
            bits: vec![0; entries.max(MIN_ENTRIES).div_ceil(8)],
        }
    }

    pub fn len(&self) -> usize {
        self.bits.len() * 8
    }

    pub fn is_empty(&self) -> bool {
        self.bits.is_empty()
    }

    pub fn set_revoked(&mut self, index: usize, revoked: bool) -> Result<(), StatusError> {
        let (byte, mask) = self.locate(index)?;
        if revoked {
            self.bits[byte] |= mask;
        } else {
            self.bits[byte] &= !mask;
        }
        Ok(())
    }

    pub fn is_revoked(&self, index: usize) -> Result<bool, StatusError> {
        let (byte, mask) = self.locate(index)?;
        Ok(self.bits[byte] & mask != 0)
    }

    fn locate(&self, index: usize) -> Result<(usize, u8), StatusError> {
        if index >= self.len() {
            return Err(StatusError::OutOfRange {
                index,
                len: self.len(),
            });
        }
        Ok((index / 8, 0x80 >> (index % 8)))
    }

    /// The `encodedList` value: `u` + base64url (no padding) of the GZIP-compressed bits.
    pub fn encode(&self) -> String {
        let mut gz = GzEncoder::new(Vec::new(), Compression::best());
        // Writing to a Vec cannot fail.
        gz.write_all(&self.bits).expect("writing to memory");
        let compressed = gz.finish().expect("writing to memory");
        format!("u{}", URL_SAFE_NO_PAD.encode(compressed))
    }

    pub fn decode(encoded: &str) -> Result<Self, StatusError> {
        let b64 = encoded.strip_prefix('u').ok_or_else(|| {
            StatusError::Encoding("must be multibase base64url (start with u)".into())
        })?;
        let compressed = URL_SAFE_NO_PAD
            .decode(b64.trim_end_matches('='))
            .map_err(|e| StatusError::Encoding(format!("not base64url: {e}")))?;
        let mut bits = Vec::new();
        GzDecoder::new(compressed.as_slice())
            .take(MAX_BYTES as u64 + 1)
            .read_to_end(&mut bits)
            .map_err(|e| StatusError::Encoding(format!("not GZIP: {e}")))?;
        if bits.len() > MAX_BYTES {
            return Err(StatusError::Encoding(format!(
                "inflates beyond {MAX_BYTES} bytes"
            )));
        }
        if bits.len() * 8 < MIN_ENTRIES {
            return Err(StatusError::Encoding(format!(
                "{} entries, fewer than the {MIN_ENTRIES} the specification requires",
                bits.len() * 8
            )));
        }
        Ok(Self { bits })
    }

    /// The list as an unsigned `BitstringStatusListCredential` published at `url`; sign it
    /// with [`crate::proof::sign`] before publishing.
    pub fn to_credential(&self, url: &str, issuer: &str, valid_from: &str) -> Value {
        json!({
            "@context": [crate::contexts::VC_V2],
            "id": url,
            "type": ["VerifiableCredential", "BitstringStatusListCredential"],
            "issuer": issuer,
            "validFrom": valid_from,
            "credentialSubject": {
                "id": format!("{url}#list"),
                "type": LIST_TYPE,
                "statusPurpose": PURPOSE,
                "encodedList": self.encode(),
            }
        })
    }

    /// The list inside a status list credential (whose proof the caller has checked).
    pub fn from_credential(credential: &Value) -> Result<(String, Self), StatusError> {
        let url = credential
            .get("id")
            .and_then(Value::as_str)
            .ok_or_else(|| StatusError::Credential("has no id".into()))?;
        let subject = first(credential.get("credentialSubject"))
            .ok_or_else(|| StatusError::Credential("has no credentialSubject".into()))?;
        if subject.get("statusPurpose").and_then(Value::as_str) != Some(PURPOSE) {
            return Err(StatusError::Credential(format!(
                "statusPurpose is not {PURPOSE:?}"
            )));
        }
        let encoded = subject
            .get("encodedList")
            .and_then(Value::as_str)
            .ok_or_else(|| StatusError::Credential("has no encodedList".into()))?;
        Ok((url.to_owned(), Self::decode(encoded)?))
    }
}

/// Where a credential's revocation bit lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusEntry {
    pub list_url: String,
    pub index: usize,
}

impl StatusEntry {
    pub fn to_json(&self) -> Value {
        json!({
            "id": format!("{}#{}", self.list_url, self.index),
            "type": ENTRY_TYPE,
            "statusPurpose": PURPOSE,
            // The specification writes the index as a string of digits.
            "statusListIndex": self.index.to_string(),
            "statusListCredential": self.list_url,
        })
    }

    /// The revocation entry of a `credentialStatus` value; `Ok(None)` when it has none.
    pub fn from_credential_status(status: Option<&Value>) -> Result<Option<Self>, String> {
        let entries = crate::json::many(status);
        let is_ours = |e: &Value| e.get("type").and_then(Value::as_str) == Some(ENTRY_TYPE);
        let Some(entry) = entries
            .iter()
            .copied()
            .filter(|e| is_ours(e))
            .find(|e| e.get("statusPurpose").and_then(Value::as_str) == Some(PURPOSE))
        else {
            return match entries.iter().find(|e| !is_ours(e)) {
                Some(other) => Err(format!(
                    "credentialStatus type {} is not {ENTRY_TYPE}",
                    other.get("type").unwrap_or(&Value::Null)
                )),
                None => Ok(None),
            };
        };
        let list_url = entry
            .get("statusListCredential")
            .and_then(Value::as_str)
            .ok_or("credentialStatus has no statusListCredential")?;
        let index = match entry.get("statusListIndex") {
            Some(Value::String(s)) => s.parse().ok(),
            Some(Value::Number(n)) => n.as_u64().and_then(|n| usize::try_from(n).ok()),
            _ => None,
        }
        .ok_or("credentialStatus statusListIndex is not a whole number")?;
        Ok(Some(Self {
            list_url: list_url.to_owned(),
            index,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bits_count_from_the_left_and_survive_encoding() {
        let mut list = StatusList::default();
        list.set_revoked(0, true).unwrap();
        list.set_revoked(94_567, true).unwrap();
        assert_eq!(list.bits[0], 0x80, "index 0 is the most significant bit");
        let back = StatusList::decode(&list.encode()).unwrap();
        assert!(back.is_revoked(94_567).unwrap());
        assert!(!back.is_revoked(94_566).unwrap());
        assert!(matches!(
            back.is_revoked(MIN_ENTRIES),
            Err(StatusError::OutOfRange { .. })
        ));
    }

    #[test]
    fn the_specifications_empty_list_decodes() {
        // The empty 16 KiB list from the Bitstring Status List v1.0 example.
        let spec = "uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA";
        let list = StatusList::decode(spec).unwrap();
        assert_eq!(list.len(), MIN_ENTRIES);
        assert!(!list.is_revoked(12).unwrap());
    }

    #[test]
    fn a_short_list_or_plain_base64_is_refused() {
        let small = StatusList { bits: vec![0; 10] };
        assert!(StatusList::decode(&small.encode()).is_err());
        assert!(StatusList::decode("H4sIAAAA").is_err());
    }
}
