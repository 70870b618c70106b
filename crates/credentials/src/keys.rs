//! Signing keys from configuration and the key set a verifier trusts.
//!
//! A key is named by its id (the proof's `verificationMethod`), so rotating means adding a
//! new current key and keeping the old one, marked retired, in the set: credentials signed
//! with it still verify, and the issuer stops signing with it. Public keys are written as
//! Multikey (`publicKeyMultibase`, base58btc of the multicodec `ed25519-pub` key), the form
//! DID documents and VC verifiers read.

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
use ed25519_dalek::{Signature, Signer as _, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};

use crate::error::KeyError;

/// Multicodec prefix of an Ed25519 public key (`0xed` as an unsigned varint).
const ED25519_PUB: [u8; 2] = [0xed, 0x01];

/// The issuer's private key with its id. Never printed: `Debug` shows the id only.
pub struct Signer {
    key_id: String,
    key: SigningKey,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Signer")
            .field("key_id", &self.key_id)
            .finish_non_exhaustive()
    }
}

impl Signer {
    /// `seed` is the 32-byte Ed25519 seed as 64 hex digits or base64 (standard or URL-safe,
    /// padded or not), as an operator pastes it into an environment variable.
    pub fn from_seed(key_id: &str, seed: &str) -> Result<Self, KeyError> {
        check_key_id(key_id)?;
        let bytes = decode_seed(seed.trim())?;
        Ok(Self {
            key_id: key_id.to_owned(),
            key: SigningKey::from_bytes(&bytes),
        })
    }

    pub fn from_bytes(key_id: &str, seed: [u8; 32]) -> Result<Self, KeyError> {
        check_key_id(key_id)?;
        Ok(Self {
            key_id: key_id.to_owned(),
            key: SigningKey::from_bytes(&seed),
        })
    }

    pub fn key_id(&self) -> &str {
        &self.key_id
    }

    pub fn sign(&self, message: &[u8]) -> [u8; 64] {
        self.key.sign(message).to_bytes()
    }

    /// The entry a verifier adds to its key set for this key.
    pub fn trusted_key(&self, controller: &str) -> TrustedKey {
        TrustedKey {
            id: self.key_id.clone(),
            kind: MULTIKEY.to_owned(),
            controller: controller.to_owned(),
            public_key_multibase: encode_public_key(&self.key.verifying_key()),
            retired: false,
        }
    }
}

fn check_key_id(key_id: &str) -> Result<(), KeyError> {
    let is_uri = key_id.split_once(':').is_some_and(|(scheme, rest)| {
        !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
            && !rest.is_empty()
    }) && !key_id.chars().any(char::is_whitespace);
    if is_uri {
        Ok(())
    } else {
        Err(KeyError::KeyId(key_id.to_owned()))
    }
}

fn decode_seed(seed: &str) -> Result<[u8; 32], KeyError> {
    let bytes = if seed.len() == 64 && seed.chars().all(|c| c.is_ascii_hexdigit()) {
        (0..32)
            .map(|i| u8::from_str_radix(&seed[2 * i..2 * i + 2], 16))
            .collect::<Result<Vec<u8>, _>>()
            .map_err(|e| KeyError::Seed(e.to_string()))?
    } else {
        [STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD]
            .iter()
            .find_map(|engine| engine.decode(seed).ok())
            .ok_or_else(|| KeyError::Seed("it is neither hex nor base64".into()))?
    };
    let len = bytes.len();
    bytes
        .try_into()
        .map_err(|_| KeyError::Seed(format!("it decodes to {len} bytes")))
}

const MULTIKEY: &str = "Multikey";

/// A public key the verifier trusts, as published by the issuer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TrustedKey {
    pub id: String,
    #[serde(rename = "type", default = "multikey")]
    pub kind: String,
    /// The issuer (credential `issuer.id`) allowed to sign with this key.
    pub controller: String,
    pub public_key_multibase: String,
    /// No longer used for signing; still verifies what it signed.
    #[serde(default)]
    pub retired: bool,
}

fn multikey() -> String {
    MULTIKEY.to_owned()
}

/// The keys a verifier trusts: `{"keys": [TrustedKey, ..]}`.
#[derive(Debug, Clone, Default)]
pub struct KeySet {
    keys: Vec<(TrustedKey, VerifyingKey)>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KeySetFile {
    keys: Vec<TrustedKey>,
}

impl KeySet {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn from_json(bytes: &[u8]) -> Result<Self, KeyError> {
        let file: KeySetFile =
            serde_json::from_slice(bytes).map_err(|e| KeyError::KeySet(e.to_string()))?;
        let mut set = Self::new();
        for key in file.keys {
            set.add(key)?;
        }
        Ok(set)
    }

    pub fn to_json(&self) -> serde_json::Value {
        let keys: Vec<&TrustedKey> = self.keys.iter().map(|(k, _)| k).collect();
        serde_json::json!({ "keys": keys })
    }

    /// Adds a key, replacing one with the same id.
    pub fn add(&mut self, key: TrustedKey) -> Result<(), KeyError> {
        check_key_id(&key.id)?;
        let public =
            decode_public_key(&key.public_key_multibase).map_err(|reason| KeyError::PublicKey {
                id: key.id.clone(),
                reason,
            })?;
        self.keys.retain(|(k, _)| k.id != key.id);
        self.keys.push((key, public));
        Ok(())
    }

    pub fn get(&self, id: &str) -> Option<&TrustedKey> {
        self.keys.iter().find(|(k, _)| k.id == id).map(|(k, _)| k)
    }

    /// Whether `id` names a trusted key whose public key checks `signature` over `message`.
    /// `None` when no key has that id.
    pub fn check(&self, id: &str, message: &[u8], signature: &[u8; 64]) -> Option<bool> {
        let (_, public) = self.keys.iter().find(|(k, _)| k.id == id)?;
        Some(
            public
                .verify_strict(message, &Signature::from_bytes(signature))
                .is_ok(),
        )
    }

    /// The issuers the set holds keys for.
    pub fn controllers(&self) -> impl Iterator<Item = &str> {
        self.keys.iter().map(|(k, _)| k.controller.as_str())
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

fn encode_public_key(key: &VerifyingKey) -> String {
    let mut bytes = ED25519_PUB.to_vec();
    bytes.extend_from_slice(key.as_bytes());
    format!("z{}", bs58::encode(bytes).into_string())
}

fn decode_public_key(multibase: &str) -> Result<VerifyingKey, String> {
    let encoded = multibase
        .strip_prefix('z')
        .ok_or("publicKeyMultibase must be base58btc (start with z)")?;
    let bytes = bs58::decode(encoded)
        .into_vec()
        .map_err(|e| format!("publicKeyMultibase is not base58btc: {e}"))?;
    let raw = bytes
        .strip_prefix(&ED25519_PUB)
        .ok_or("publicKeyMultibase is not an Ed25519 key (multicodec 0xed01)")?;
    let raw: [u8; 32] = raw
        .try_into()
        .map_err(|_| format!("an Ed25519 key has 32 bytes, not {}", raw.len()))?;
    VerifyingKey::from_bytes(&raw).map_err(|e| format!("not a valid Ed25519 point: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED_HEX: &str = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";

    #[test]
    fn a_seed_in_hex_or_base64_gives_the_same_key() {
        let hex = Signer::from_seed("did:web:pes.example#k1", SEED_HEX).unwrap();
        let bytes: Vec<u8> = (0..32)
            .map(|i| u8::from_str_radix(&SEED_HEX[2 * i..2 * i + 2], 16).unwrap())
            .collect();
        let b64 = Signer::from_seed("did:web:pes.example#k1", &STANDARD.encode(&bytes)).unwrap();
        let url =
            Signer::from_seed("did:web:pes.example#k1", &URL_SAFE_NO_PAD.encode(&bytes)).unwrap();
        assert_eq!(hex.sign(b"m"), b64.sign(b"m"));
        assert_eq!(hex.sign(b"m"), url.sign(b"m"));
        // RFC 8032 test 1: this seed's public key.
        let public = hex.key.verifying_key();
        assert_eq!(
            public.as_bytes()[..4],
            [0xd7, 0x5a, 0x98, 0x01],
            "RFC 8032 test vector"
        );
    }

    #[test]
    fn a_short_seed_or_a_bare_key_id_is_refused() {
        assert!(matches!(
            Signer::from_seed("did:web:x#1", "abcd"),
            Err(KeyError::Seed(_))
        ));
        assert!(matches!(
            Signer::from_seed("key 1", SEED_HEX),
            Err(KeyError::KeyId(_))
        ));
    }

    #[test]
    fn the_key_set_round_trips_and_checks_signatures_by_id() {
        let signer = Signer::from_seed("https://pes.example/keys#2026", SEED_HEX).unwrap();
        let mut set = KeySet::new();
        set.add(signer.trusted_key("https://pes.example")).unwrap();
        let reread = KeySet::from_json(set.to_json().to_string().as_bytes()).unwrap();
        let sig = signer.sign(b"hello");
        assert_eq!(
            reread.check("https://pes.example/keys#2026", b"hello", &sig),
            Some(true)
        );
        assert_eq!(
            reread.check("https://pes.example/keys#2026", b"hellO", &sig),
            Some(false)
        );
        assert_eq!(
            reread.check("https://pes.example/keys#other", b"hello", &sig),
            None
        );
        assert!(
            reread
                .get("https://pes.example/keys#2026")
                .unwrap()
                .public_key_multibase
                .starts_with("z6Mk")
        );
    }

    #[test]
    fn a_key_that_is_not_ed25519_multikey_is_refused_naming_it() {
        let bad = br#"{"keys":[{"id":"did:web:x#1","controller":"did:web:x","publicKeyMultibase":"z123"}]}"#;
        let err = KeySet::from_json(bad).unwrap_err();
        assert!(err.to_string().contains("did:web:x#1"), "{err}");
    }
}
