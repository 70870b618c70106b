use skillpath_credentials::{Reason, import, import::Format};

use crate::support::*;

const CREATIVITY: &str = "http://data.europa.eu/esco/skill/ccdf3597-5c80-410f-896d-e1bdfa223de9";
const DIGITAL_CONTENT: &str =
    "http://data.europa.eu/esco/skill/5fd5c985-eaaa-47aa-8314-62359c54505a";

#[test]
fn our_own_credential_imports_verified_with_its_course_skills() {
    let signer = signer(KEY_2026);
    let issued = issued(&signer);
    let trust = trust(&[&signer], "2026-07-01T00:00:00Z");
    let course = course();
    let expected: Vec<&str> = course.skill_uris();
    for (doc, format) in [
        (&issued.open_badge, Format::OpenBadges),
        (&issued.elm, Format::Elm),
    ] {
        let imported = import(&bytes(doc), &trust).unwrap();
        assert_eq!(imported.format, format);
        assert!(imported.verified, "{imported:?}");
        assert_eq!(
            imported.title,
            "Install electricity sockets - micro-credential"
        );
        assert_eq!(imported.issuer, "Public Employment Service");
        assert_eq!(imported.issued, Some(at("2026-06-01T09:00:00Z")));
        let mut got: Vec<&str> = imported.skills.iter().map(|s| s.uri.as_str()).collect();
        got.sort_unstable();
        assert_eq!(got, expected);
        let socket = imported
            .skills
            .iter()
            .find(|s| s.uri.ends_with("52d6eb67-56c0-4ad7-b5c2-71e7c2362ece"))
            .unwrap();
        assert_eq!(socket.label.as_deref(), Some("install electricity sockets"));
    }
    // Without the issuer's key the same skills are there, declared rather than evidenced.
    let imported = import(
        &bytes(&issued.open_badge),
        &crate::support::trust(&[], "2026-07-01T00:00:00Z"),
    )
    .unwrap();
    assert!(!imported.verified);
    assert_eq!(imported.reason, Reason::UnknownIssuer);
    assert_eq!(imported.skills.len(), 4);
}

#[test]
fn the_edc_micro_credential_sample_imports_its_esco_skills_in_every_wrapping() {
    let trust = trust(&[], "2026-07-01T00:00:00Z");
    for (file, reason) in [
        ("Sample-MC-Annex1-unsigned.jsonld", Reason::Unsigned),
        (
            "Sample-MC-Annex1-unsigned-uploadable.json",
            Reason::Unsigned,
        ),
        ("Sample-MC-Annex1-signed.jsonld", Reason::UnsupportedProof),
    ] {
        let Some(path) = skillpath_suite::shared_path(&format!("data/credentials/elm/{file}"))
        else {
            return;
        };
        let imported = import(&std::fs::read(&path).unwrap(), &trust).unwrap();
        assert_eq!(imported.format, Format::Elm, "{file}");
        assert!(!imported.verified, "{file}");
        assert_eq!(imported.reason, reason, "{file}: {}", imported.detail);
        assert!(!imported.title.is_empty(), "{file}");
        assert!(!imported.issuer.is_empty(), "{file}");
        assert!(imported.issued.is_some(), "{file}");
        let uris: Vec<&str> = imported.skills.iter().map(|s| s.uri.as_str()).collect();
        assert!(
            uris.contains(&CREATIVITY) && uris.contains(&DIGITAL_CONTENT),
            "{file}: {uris:?}"
        );
        assert!(
            uris.iter()
                .all(|u| u.starts_with("http://data.europa.eu/esco/skill/"))
        );
        let creativity = imported
            .skills
            .iter()
            .find(|s| s.uri == CREATIVITY)
            .unwrap();
        assert_eq!(
            creativity.label.as_deref(),
            Some("stimulate creativity in the team")
        );
    }
}

#[test]
fn the_certificate_of_participation_sample_has_no_esco_skills_to_import() {
    let Some(path) =
        skillpath_suite::shared_path("data/credentials/elm/Sample-CertOfPart-unsigned.jsonld")
    else {
        return;
    };
    let imported = import(
        &std::fs::read(&path).unwrap(),
        &trust(&[], "2026-07-01T00:00:00Z"),
    )
    .unwrap();
    assert_eq!(imported.format, Format::Elm);
    assert!(imported.skills.is_empty(), "{:?}", imported.skills);
}

#[test]
fn open_badges_samples_import_and_only_esco_alignments_become_skills() {
    let trust = trust(&[], "2026-07-01T00:00:00Z");
    let files = [
        ("basicOpenBadgeCredential.json", "Teamwork"),
        ("achievementAlignmentCase.json", "Text analysis"),
        ("achievementAlignmentCe.json", "Text analysis"),
        ("skillAssertionCase.json", "Robot Programming"),
        ("skillAssertionCtdl.json", ""),
        ("fullOpenBadge.json", ""),
    ];
    for (file, title) in files {
        let Some(path) =
            skillpath_suite::shared_path(&format!("data/credentials/openbadges3/{file}"))
        else {
            return;
        };
        let bytes = std::fs::read(&path).unwrap();
        let imported = import(&bytes, &trust).unwrap();
        assert_eq!(imported.format, Format::OpenBadges, "{file}");
        if !title.is_empty() {
            assert_eq!(imported.title, title, "{file}");
        }
        assert!(!imported.issuer.is_empty(), "{file}");
        assert_eq!(
            imported.reason,
            Reason::Unsigned,
            "{file}: {}",
            imported.detail
        );
        // Their alignments point at CASE and CTDL frameworks, none at ESCO.
        assert!(imported.skills.is_empty(), "{file}: {:?}", imported.skills);

        // The same badge aligned to an ESCO skill yields it, whichever field names it.
        let mut value: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        value["credentialSubject"]["achievement"]["alignment"] = serde_json::json!([
            {"type": ["Alignment"], "targetName": "develop digital content", "targetUrl": "https://data.europa.eu/esco/skill/5fd5c985-eaaa-47aa-8314-62359c54505a"},
            {"type": ["Alignment"], "targetName": "creativity", "targetUrl": "https://example.org/x", "targetCode": CREATIVITY}
        ]);
        let imported = import(&serde_json::to_vec(&value).unwrap(), &trust).unwrap();
        let uris: Vec<&str> = imported.skills.iter().map(|s| s.uri.as_str()).collect();
        assert_eq!(uris, [DIGITAL_CONTENT, CREATIVITY], "{file}");
    }
}
