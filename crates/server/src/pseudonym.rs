//! Keyed pseudonyms for exports. A plain hash of a jobseeker id could be reversed by hashing
//! every id in the register; HMAC-SHA256 under a secret key cannot, without the key. The key
//! comes only from the configuration (`[exports] pseudonym_key`, normally from the
//! environment), never from the repository or the database, so a copy of an export and of
//! the database together still do not re-identify anyone.

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

/// Shorter keys are refused: with fewer bytes the key could be guessed.
pub const MIN_KEY_BYTES: usize = 32;

#[derive(Clone)]
pub struct PseudonymKey(Vec<u8>);

impl PseudonymKey {
    pub fn new(key: &str) -> Result<Self, String> {
        if key.len() < MIN_KEY_BYTES {
            return Err(format!(
                "the export pseudonym key must be at least {MIN_KEY_BYTES} bytes, not {}",
                key.len()
            ));
        }
        Ok(Self(key.as_bytes().to_vec()))
    }

    /// 64 hex digits, the same for the same id under the same key.
    pub fn pseudonym(&self, id: &str) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC takes any key length");
        mac.update(id.as_bytes());
        mac.finalize()
            .into_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

impl std::fmt::Debug for PseudonymKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PseudonymKey(***)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_hmac_sha256_in_hex_and_depends_on_the_key() {
        // Reference: Python's hmac.new(key, b"J-3000", hashlib.sha256).hexdigest().
        let key = PseudonymKey::new("0123456789abcdef0123456789abcdef").unwrap();
        assert_eq!(
            key.pseudonym("J-3000"),
            "73bd1d3e288f488ec9e50557cde82393fa548574e11056d9bc4a5e67ae1257b4"
        );
        let a = PseudonymKey::new(&"a".repeat(32)).unwrap();
        let b = PseudonymKey::new(&"b".repeat(32)).unwrap();
        assert_eq!(a.pseudonym("J-3000"), a.pseudonym("J-3000"));
        assert_ne!(a.pseudonym("J-3000"), a.pseudonym("J-3001"));
        assert_ne!(a.pseudonym("J-3000"), b.pseudonym("J-3000"));
        assert_eq!(a.pseudonym("J-3000").len(), 64);
        assert!(PseudonymKey::new("short").is_err());
        assert!(!format!("{a:?}").contains("aaaa"));
    }
}
