use serde_json::{Value, json};
use skillpath_credentials::{MAX_DOCUMENT_BYTES, Reason, verify};

use crate::support::*;

fn verdict_for(edit: impl FnOnce(&mut Value)) -> Reason {
    let signer = signer(KEY_2026);
    let mut doc = issued(&signer).open_badge;
    edit(&mut doc);
    let verdict = verify(&bytes(&doc), &trust(&[&signer], "2026-07-01T00:00:00Z"));
    assert!(!verdict.is_valid() || verdict.reason == Reason::Valid);
    verdict.reason
}

#[test]
fn an_unchanged_credential_is_valid_so_each_rejection_below_is_the_edits_doing() {
    assert_eq!(verdict_for(|_| {}), Reason::Valid);
}

#[test]
fn a_key_unknown_to_the_verifier_is_told_apart_from_an_unknown_issuer() {
    let signer = signer(KEY_2026);
    let doc = bytes(&issued(&signer).open_badge);
    let other = crate::support::signer(KEY_2027);
    let verdict = verify(&doc, &trust(&[&other], "2026-07-01T00:00:00Z"));
    assert_eq!(verdict.reason, Reason::UnknownKey, "{verdict:?}");
    assert!(verdict.detail.contains(KEY_2026));
    let verdict = verify(&doc, &trust(&[], "2026-07-01T00:00:00Z"));
    assert_eq!(verdict.reason, Reason::UnknownIssuer, "{verdict:?}");

    // The right key, but published by another organisation: it may not sign for this one.
    let mut keys = skillpath_credentials::KeySet::new();
    keys.add(signer.trusted_key("did:web:other.example"))
        .unwrap();
    let verdict = verify(
        &doc,
        &skillpath_credentials::Trust::new(keys, at("2026-07-01T00:00:00Z")),
    );
    assert_eq!(verdict.reason, Reason::UnknownIssuer, "{verdict:?}");
}

#[test]
fn a_credential_claiming_another_issuer_is_tampered_or_unknown_never_valid() {
    let reason = verdict_for(|d| d["issuer"]["name"] = json!("Another Ministry"));
    assert_eq!(reason, Reason::Tampered);
}

#[test]
fn broken_documents_get_their_own_reason() {
    assert_eq!(
        verdict_for(|d| {
            d.as_object_mut().unwrap().remove("proof");
        }),
        Reason::Unsigned
    );
    assert_eq!(
        verdict_for(|d| d["proof"]["cryptosuite"] = json!("eddsa-rdfc-2022")),
        Reason::UnsupportedProof
    );
    assert_eq!(
        verdict_for(|d| d["proof"]["proofValue"] = json!("not-a-signature")),
        Reason::Malformed
    );
    assert_eq!(
        verdict_for(|d| d["@context"][1] = json!("https://example.org/my-context.json")),
        Reason::UnknownContext
    );
    assert_eq!(
        verdict_for(|d| {
            d.as_object_mut().unwrap().remove("@context");
        }),
        Reason::UnknownContext
    );
    assert_eq!(
        verdict_for(|d| {
            d["credentialSubject"]
                .as_object_mut()
                .unwrap()
                .remove("achievement");
        }),
        Reason::MissingElement
    );
    assert_eq!(
        verdict_for(|d| {
            d.as_object_mut().unwrap().remove("issuer");
        }),
        Reason::MissingElement
    );
    assert_eq!(
        verdict_for(|d| d["validUntil"] = json!("soon")),
        Reason::Tampered
    );

    let trust = trust(&[], "2026-07-01T00:00:00Z");
    assert_eq!(
        verify(b"{\"@context\": [", &trust).reason,
        Reason::Malformed
    );
    assert_eq!(verify(b"[1, 2]", &trust).reason, Reason::Malformed);
    let mut huge = bytes(&issued(&signer(KEY_2026)).open_badge);
    huge.truncate(huge.len() - 1);
    huge.extend(std::iter::repeat_n(b' ', MAX_DOCUMENT_BYTES));
    huge.push(b'}');
    let verdict = verify(&huge, &trust);
    assert_eq!(verdict.reason, Reason::Oversized, "{verdict:?}");
}
