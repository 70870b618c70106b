//! W3C Data Integrity proofs with the `eddsa-jcs-2022` cryptosuite (VC Data Integrity EdDSA
//! Cryptosuites v1.0, §3.3): the signature is Ed25519 over
//! `SHA-256(JCS(proof options + document @context)) || SHA-256(JCS(document without proof))`,
//! and `proofValue` is its multibase base58btc form.

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use crate::keys::{KeySet, Signer};

pub const PROOF_TYPE: &str = "DataIntegrityProof";
pub const CRYPTOSUITE: &str = "eddsa-jcs-2022";

/// Why a document's proof does not hold. Each maps to one verdict reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProofFailure {
    Unsigned,
    /// A proof we cannot check: another type or cryptosuite, or a JWS wrapping.
    Unsupported(String),
    Malformed(String),
    UnknownKey(String),
    /// The signature does not match the document: it was changed after signing, or signed
    /// by another key under this id.
    Mismatch,
}

/// Adds a proof signed by `signer` to `document`, replacing any proof it had.
pub fn sign(
    document: &mut Map<String, Value>,
    signer: &Signer,
    created: DateTime<Utc>,
) -> Result<(), String> {
    document.remove("proof");
    let mut options = Map::new();
    options.insert("type".into(), PROOF_TYPE.into());
    options.insert("cryptosuite".into(), CRYPTOSUITE.into());
    options.insert(
        "created".into(),
        created.to_rfc3339_opts(SecondsFormat::Secs, true).into(),
    );
    options.insert("verificationMethod".into(), signer.key_id().into());
    options.insert("proofPurpose".into(), "assertionMethod".into());
    let data = hash_data(document, &options)?;
    let signature = signer.sign(&data);
    options.insert(
        "proofValue".into(),
        format!("z{}", bs58::encode(signature).into_string()).into(),
    );
    document.insert("proof".into(), Value::Object(options));
    Ok(())
}

/// The id of the key that signed `document`, once its proof is checked against `keys`.
pub fn check(document: &Map<String, Value>, keys: &KeySet) -> Result<String, ProofFailure> {
    let proof = match document.get("proof") {
        None | Some(Value::Null) => return Err(ProofFailure::Unsigned),
        Some(Value::Array(proofs)) if proofs.is_empty() => return Err(ProofFailure::Unsigned),
        // A proof set: ours is checked; any other proof in it is not ours to judge.
        Some(Value::Array(proofs)) => proofs
            .iter()
            .find(|p| p.get("cryptosuite").and_then(Value::as_str) == Some(CRYPTOSUITE))
            .unwrap_or(&proofs[0]),
        Some(p) => p,
    };
    let Value::Object(proof) = proof else {
        return Err(ProofFailure::Malformed("proof is not an object".into()));
    };
    let field = |name: &str| proof.get(name).and_then(Value::as_str);
    if field("type") != Some(PROOF_TYPE) || field("cryptosuite") != Some(CRYPTOSUITE) {
        return Err(ProofFailure::Unsupported(format!(
            "proof type {:?} cryptosuite {:?}; only {PROOF_TYPE} {CRYPTOSUITE} is checked",
            field("type").unwrap_or("none"),
            field("cryptosuite").unwrap_or("none"),
        )));
    }
    let key_id = field("verificationMethod")
        .ok_or_else(|| ProofFailure::Malformed("proof has no verificationMethod".into()))?;
    if field("proofPurpose") != Some("assertionMethod") {
        return Err(ProofFailure::Malformed(
            "proofPurpose must be assertionMethod".into(),
        ));
    }
    let signature = field("proofValue")
        .and_then(|v| v.strip_prefix('z'))
        .and_then(|v| bs58::decode(v).into_vec().ok())
        .and_then(|v| <[u8; 64]>::try_from(v).ok())
        .ok_or_else(|| {
            ProofFailure::Malformed("proofValue is not a base58btc Ed25519 signature".into())
        })?;
    if keys.get(key_id).is_none() {
        return Err(ProofFailure::UnknownKey(key_id.to_owned()));
    }
    let mut unsecured = document.clone();
    unsecured.remove("proof");
    let mut options = proof.clone();
    options.remove("proofValue");
    // A proof that names its own contexts must agree with the document's (§3.3.2 step 4).
    if let Some(ctx) = options.remove("@context")
        && Some(&ctx) != document.get("@context")
    {
        return Err(ProofFailure::Mismatch);
    }
    let data = hash_data(&unsecured, &options).map_err(ProofFailure::Malformed)?;
    match keys.check(key_id, &data, &signature) {
        Some(true) => Ok(key_id.to_owned()),
        Some(false) => Err(ProofFailure::Mismatch),
        None => Err(ProofFailure::UnknownKey(key_id.to_owned())),
    }
}

fn hash_data(
    unsecured: &Map<String, Value>,
    options: &Map<String, Value>,
) -> Result<Vec<u8>, String> {
    let mut config = options.clone();
    if let Some(ctx) = unsecured.get("@context") {
        config.insert("@context".into(), ctx.clone());
    }
    let canonical = |v: &Map<String, Value>| {
        serde_jcs::to_vec(v).map_err(|e| format!("cannot canonicalise the document: {e}"))
    };
    let mut data = Sha256::digest(canonical(&config)?).to_vec();
    data.extend_from_slice(&Sha256::digest(canonical(unsecured)?));
    Ok(data)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn signer() -> Signer {
        Signer::from_bytes("did:web:pes.example#k1", [7; 32]).unwrap()
    }

    fn signed() -> (Map<String, Value>, KeySet) {
        let mut doc =
            json!({"@context": ["https://www.w3.org/ns/credentials/v2"], "b": 1.5, "a": "é"})
                .as_object()
                .unwrap()
                .clone();
        sign(&mut doc, &signer(), "2026-01-01T00:00:00Z".parse().unwrap()).unwrap();
        let mut keys = KeySet::new();
        keys.add(signer().trusted_key("did:web:pes.example"))
            .unwrap();
        (doc, keys)
    }

    #[test]
    fn key_order_and_whitespace_do_not_matter_but_values_do() {
        let (doc, keys) = signed();
        let reordered: Map<String, Value> =
            serde_json::from_str(&serde_json::to_string_pretty(&doc).unwrap()).unwrap();
        assert_eq!(
            check(&reordered, &keys),
            Ok("did:web:pes.example#k1".into())
        );
        let mut changed = doc.clone();
        changed.insert("b".into(), json!(1.25));
        assert_eq!(check(&changed, &keys), Err(ProofFailure::Mismatch));
        let mut moved = doc.clone();
        moved["proof"]["created"] = json!("2027-01-01T00:00:00Z");
        assert_eq!(check(&moved, &keys), Err(ProofFailure::Mismatch));
    }

    /// The W3C Data Integrity EdDSA specification's `eddsa-jcs-2022` example, as Digital
    /// Bazaar's implementation signed it: our checker must accept another implementation's
    /// proof, and reject it once a value changes.
    #[test]
    fn the_specifications_signed_example_verifies() {
        let key = "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2";
        let contexts = json!([
            "https://www.w3.org/ns/credentials/v2",
            "https://www.w3.org/ns/credentials/examples/v2"
        ]);
        let doc = json!({
            "@context": contexts,
            "id": "urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33",
            "type": ["VerifiableCredential", "AlumniCredential"],
            "name": "Alumni Credential",
            "description": "A minimum viable example of an Alumni Credential.",
            "issuer": "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2",
            "validFrom": "2023-01-01T00:00:00Z",
            "credentialSubject": {"id": "did:example:abcdefgh", "alumniOf": "The School of Examples"},
            "proof": {
                "type": "DataIntegrityProof",
                "created": "2023-02-24T23:36:38Z",
                "verificationMethod": key,
                "cryptosuite": "eddsa-jcs-2022",
                "proofPurpose": "assertionMethod",
                "@context": contexts,
                "proofValue": "z5EhYRJkfPLkoT92FPXN8KK6M9rsBhq3xs19GBSsA6VdNYH4QMKSyNuA2Gfznz9QthVD7Rz3HTAfqxxay23htUpTg"
            }
        });
        let mut keys = KeySet::new();
        keys.add(crate::keys::TrustedKey {
            id: key.into(),
            kind: "Multikey".into(),
            controller: "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2".into(),
            public_key_multibase: "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2".into(),
            retired: false,
        })
        .unwrap();
        let doc = doc.as_object().unwrap().clone();
        assert_eq!(check(&doc, &keys), Ok(key.to_owned()));
        let mut changed = doc.clone();
        changed["credentialSubject"]["alumniOf"] = json!("The School of Counterexamples");
        assert_eq!(check(&changed, &keys), Err(ProofFailure::Mismatch));
    }

    #[test]
    fn unsigned_foreign_and_unknown_key_proofs_are_told_apart() {
        let (mut doc, keys) = signed();
        assert_eq!(
            check(&doc, &KeySet::new()),
            Err(ProofFailure::UnknownKey("did:web:pes.example#k1".into()))
        );
        doc["proof"]["cryptosuite"] = json!("eddsa-rdfc-2022");
        assert!(matches!(
            check(&doc, &keys),
            Err(ProofFailure::Unsupported(_))
        ));
        doc.remove("proof");
        assert_eq!(check(&doc, &keys), Err(ProofFailure::Unsigned));
    }
}
