use serde_json::{Value, json};
use skillpath_credentials::{
    ExpectedLearner, KeySet, Reason, StatusList, TrustedKey, issue, proof, verify,
};

use crate::support::*;

#[test]
fn an_issued_credential_verifies_in_both_formats_and_a_changed_field_is_tampering() {
    let signer = signer(KEY_2026);
    let issued = issued(&signer);
    let trust = trust(&[&signer], "2026-07-01T00:00:00Z");
    for doc in [&issued.open_badge, &issued.elm] {
        let verdict = verify(&bytes(doc), &trust);
        assert_eq!(verdict.reason, Reason::Valid, "{verdict:?}");
        assert!(verdict.is_valid());
        assert_eq!(verdict.issuer.as_deref(), Some(ISSUER));
        assert_eq!(verdict.key_id.as_deref(), Some(KEY_2026));
        assert_eq!(verdict.credential_id.as_deref(), Some(issued.id.as_str()));
    }
    let mut forged = issued.open_badge.clone();
    forged["credentialSubject"]["achievement"]["eqfLevel"] =
        json!("http://data.europa.eu/snb/eqf/7");
    let verdict = verify(&bytes(&forged), &trust);
    assert_eq!(verdict.reason, Reason::Tampered, "{verdict:?}");
    assert!(!verdict.is_valid());
    let mut forged = issued.elm.clone();
    forged["credentialSubject"]["fullName"]["en"] = json!("Somebody Else");
    assert_eq!(verify(&bytes(&forged), &trust).reason, Reason::Tampered);
}

#[test]
fn the_open_badge_carries_the_eleven_eu_elements() {
    let issued = issued(&signer(KEY_2026));
    let ob = &issued.open_badge;
    let a = &ob["credentialSubject"]["achievement"];
    let elements: [(&str, &Value); 11] = [
        (
            "learner",
            &ob["credentialSubject"]["identifier"][0]["identityHash"],
        ),
        ("title", &a["name"]),
        ("country", &a["creator"]["address"]["addressCountryCode"]),
        ("awarding body", &a["creator"]["name"]),
        ("date of issue", &ob["validFrom"]),
        (
            "learning outcomes",
            &a["euLearningOutcome"][0]["relatedESCOSkill"][0],
        ),
        ("ECTS", &a["creditsAvailable"]),
        ("EQF level", &a["eqfLevel"]),
        ("assessment", &a["assessmentType"]),
        ("participation", &a["participationMode"]),
        ("quality assurance", &a["qualityAssurance"]),
    ];
    for (name, value) in elements {
        assert!(!value.is_null(), "{name} missing from {ob:#}");
    }
    assert_eq!(a["creator"]["address"]["addressCountryCode"], "NL");
    assert_eq!(a["eqfLevel"], "http://data.europa.eu/snb/eqf/4");
    assert_eq!(
        a["alignment"][0]["targetName"],
        "install electricity sockets"
    );
    assert_eq!(a["alignment"].as_array().unwrap().len(), 4);
    // The learner's id appears nowhere in either document, only its salted hash.
    assert!(ob["credentialSubject"].get("id").is_none(), "{ob:#}");
    for doc in [ob, &issued.elm] {
        assert!(!doc.to_string().contains("js-0042"), "{doc:#}");
        assert!(!doc.to_string().contains(&issued.learner_salt), "{doc:#}");
    }
    let identity = &ob["credentialSubject"]["identifier"][0];
    assert_eq!(identity["hashed"], true);
    assert_eq!(
        identity["identityHash"],
        skillpath_credentials::identity::identity_hash(
            "urn:pes:jobseeker:js-0042",
            &issued.learner_salt
        )
    );
    assert_eq!(
        issued.elm["credentialSubject"]["identifier"]["notation"],
        identity["identityHash"]
    );
    assert_eq!(
        ob["type"],
        json!(["VerifiableCredential", "OpenBadgeCredential"])
    );
    assert_eq!(ob["@context"][0], "https://www.w3.org/ns/credentials/v2");
    assert_eq!(ob["proof"]["cryptosuite"], "eddsa-jcs-2022");
    assert_eq!(ob["proof"]["verificationMethod"], KEY_2026);

    let spec = &issued.elm["credentialSubject"]["hasClaim"]["specifiedBy"];
    assert_eq!(spec["creditPoint"]["point"], "4.4");
    assert_eq!(spec["eqfLevel"]["id"], "http://data.europa.eu/snb/eqf/4");
    assert_eq!(spec["mode"]["prefLabel"]["en"], "Blended");
    assert_eq!(spec["accreditation"]["title"]["en"], "ISO 29993");
    assert_eq!(
        spec["learningOutcome"][0]["relatedESCOSkill"][0]["id"],
        "http://data.europa.eu/esco/skill/52d6eb67-56c0-4ad7-b5c2-71e7c2362ece"
    );
    let body = &issued.elm["credentialSubject"]["hasClaim"]["awardedBy"]["awardingBody"];
    assert_eq!(
        body["location"]["address"]["countryCode"]["id"],
        "http://publications.europa.eu/resource/authority/country/NLD"
    );
}

#[test]
fn a_course_missing_a_standard_element_is_not_issued() {
    let mut course = course();
    course.quality_assurance = None;
    course.eqf_level = None;
    let err = issue(&request(&course), &signer(KEY_2026))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("eqf_level") && err.contains("quality_assurance"),
        "{err}"
    );
}

#[test]
fn after_a_key_rotation_credentials_signed_with_the_retired_key_still_verify() {
    let old = signer(KEY_2026);
    let new = signer(KEY_2027);
    let before = issued(&old);
    let after = issued(&new);
    let mut keys = KeySet::new();
    keys.add(TrustedKey {
        retired: true,
        ..old.trusted_key(ISSUER)
    })
    .unwrap();
    keys.add(new.trusted_key(ISSUER)).unwrap();
    let trust = skillpath_credentials::Trust::new(keys, at("2027-02-01T00:00:00Z"));
    let verdict = verify(&bytes(&before.open_badge), &trust);
    assert_eq!(verdict.reason, Reason::Valid, "{verdict:?}");
    assert!(verdict.detail.contains("retired"), "{}", verdict.detail);
    assert_eq!(
        verify(&bytes(&after.open_badge), &trust).reason,
        Reason::Valid
    );
    // Re-signing the old credential's claims with the new key is another proof, not a change.
    assert_ne!(before.open_badge["proof"], after.open_badge["proof"]);
}

#[test]
fn validity_is_judged_at_the_trusts_time() {
    let signer = signer(KEY_2026);
    let issued = issued(&signer);
    let doc = bytes(&issued.open_badge);
    let cases = [
        ("2026-05-31T23:59:59Z", Reason::NotYetValid),
        ("2026-06-01T09:00:00Z", Reason::Valid),
        ("2029-06-01T08:59:59Z", Reason::Valid),
        ("2029-06-01T09:00:00Z", Reason::Expired),
    ];
    for (now, reason) in cases {
        let verdict = verify(&doc, &trust(&[&signer], now));
        assert_eq!(verdict.reason, reason, "at {now}: {verdict:?}");
    }
    assert_eq!(
        verify(
            &bytes(&issued.elm),
            &trust(&[&signer], "2030-01-01T00:00:00Z")
        )
        .reason,
        Reason::Expired
    );
}

#[test]
fn a_credential_revoked_in_the_issuers_status_list_is_rejected() {
    let signer = signer(KEY_2026);
    let course = course();
    let mut req = request(&course);
    req.status = Some(status_entry(94_567));
    let issued = issue(&req, &signer).unwrap();
    let doc = bytes(&issued.open_badge);
    let published = |revoked: &[usize]| {
        let mut list = StatusList::default();
        for &i in revoked {
            list.set_revoked(i, true).unwrap();
        }
        let mut credential = list.to_credential(STATUS_URL, ISSUER, "2026-06-01T00:00:00Z");
        let Value::Object(map) = &mut credential else {
            unreachable!()
        };
        proof::sign(map, &signer, at("2026-06-01T00:00:00Z")).unwrap();
        bytes(&credential)
    };

    let mut trust = trust(&[&signer], "2026-07-01T00:00:00Z");
    let verdict = verify(&doc, &trust);
    assert_eq!(verdict.reason, Reason::StatusUnavailable, "{verdict:?}");

    assert_eq!(
        trust
            .add_status_list(&published(&[94_566, 94_568]))
            .unwrap(),
        STATUS_URL
    );
    assert_eq!(verify(&doc, &trust).reason, Reason::Valid);
    trust.add_status_list(&published(&[94_567])).unwrap();
    let verdict = verify(&doc, &trust);
    assert_eq!(verdict.reason, Reason::Revoked, "{verdict:?}");
    assert_eq!(verify(&bytes(&issued.elm), &trust).reason, Reason::Revoked);

    // A list nobody trusted signed cannot un-revoke.
    let mut forged: Value = serde_json::from_slice(&published(&[])).unwrap();
    forged["credentialSubject"]["encodedList"] = json!(StatusList::default().encode());
    forged["validFrom"] = json!("2026-06-02T00:00:00Z");
    assert!(trust.add_status_list(&bytes(&forged)).is_err());
    assert_eq!(verify(&doc, &trust).reason, Reason::Revoked);
}

#[test]
fn ids_and_salts_are_random_and_the_learner_is_checked_by_id_and_salt() {
    let signer = signer(KEY_2026);
    let (a, b) = (issued(&signer), issued(&signer));
    // Same issuer, course, learner and second: nothing in one id predicts the other.
    assert_ne!(a.id, b.id);
    assert!(
        a.id.starts_with("urn:uuid:") && a.id.as_bytes()[23] == b'4',
        "v4: {}",
        a.id
    );
    assert_ne!(a.learner_salt, b.learner_salt);
    assert_ne!(
        a.open_badge["credentialSubject"]["identifier"][0]["identityHash"],
        b.open_badge["credentialSubject"]["identifier"][0]["identityHash"],
        "the same learner is not linkable across credentials"
    );

    let mut trust = trust(&[&signer], "2026-07-01T00:00:00Z");
    let expect = |id: &str, salt: Option<&str>| ExpectedLearner {
        id: id.into(),
        salt: salt.map(Into::into),
    };
    let cases = [
        (
            expect("urn:pes:jobseeker:js-0042", Some(a.learner_salt.as_str())),
            Reason::Valid,
        ),
        (
            expect("urn:pes:jobseeker:js-0043", Some(a.learner_salt.as_str())),
            Reason::LearnerMismatch,
        ),
        (
            expect("urn:pes:jobseeker:js-0042", Some(b.learner_salt.as_str())),
            Reason::LearnerMismatch,
        ),
        (
            expect("urn:pes:jobseeker:js-0042", None),
            Reason::LearnerMismatch,
        ),
    ];
    for (learner, reason) in cases {
        trust.learner = Some(learner.clone());
        for doc in [&a.open_badge, &a.elm] {
            let verdict = verify(&bytes(doc), &trust);
            assert_eq!(verdict.reason, reason, "{learner:?}: {verdict:?}");
        }
    }
    // A signature still comes first: a tampered credential is tampered, whoever it names.
    let mut forged = a.open_badge.clone();
    forged["name"] = json!("Something else");
    assert_eq!(verify(&bytes(&forged), &trust).reason, Reason::Tampered);
}
