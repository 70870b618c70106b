//! The real samples in the shared data folder: the European Commission's EDC
//! micro-credential and 1EdTech's Open Badges 3.0 examples. None is signed by a key this
//! service trusts, so their skills count as declared.

use std::io::Write;

use actix_web::http::StatusCode;
use chrono::Utc;
use skillpath_credentials::{KeySet, Trust};
use skillpath_engine::EngineOptions;
use skillpath_server::AppState;
use skillpath_store::testing::TestDb;

use super::*;
use crate::support::{load_sample, sample_day};

/// The shipped sample taxonomy, plus the ESCO skills the EDC sample names (the sample
/// subset lacks them), so that they can join a profile.
fn state_knowing(skills: &[(String, String)]) -> (TestDb, AppState) {
    let db = TestDb::sqlite();
    load_sample(db.store());
    let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/sample/esco");
    let dir = skillpath_suite::copy_dir(&sample).unwrap();
    let mut csv = std::fs::OpenOptions::new()
        .append(true)
        .open(dir.path().join("skills_en.csv"))
        .unwrap();
    for (uri, label) in skills {
        let label = label.replace('"', "\"\"");
        writeln!(csv, "KnowledgeSkillCompetence,{uri},skill/competence,cross-sector,\"{label}\",,,released,,,,,").unwrap();
    }
    drop(csv);
    let read = skillpath_ingest::esco::read_esco_dir(dir.path(), &mut |_| {}).unwrap();
    db.store().load_esco(&read.dataset, "sample+edc").unwrap();
    let options = EngineOptions {
        as_of: Some(sample_day()),
        ..Default::default()
    };
    let state = AppState::load(db.store().clone(), options).unwrap();
    (db, state.with_credentials(issuer()))
}

#[actix_web::test]
async fn the_edc_micro_credential_sample_adds_its_esco_skills_as_declared() {
    let Some(path) =
        skillpath_suite::shared_path("data/credentials/elm/Sample-MC-Annex1-unsigned.jsonld")
    else {
        return;
    };
    let doc = std::fs::read(&path).unwrap();
    let read = skillpath_credentials::import(&doc, &Trust::new(KeySet::new(), Utc::now())).unwrap();
    let named: Vec<(String, String)> = read
        .skills
        .iter()
        .map(|s| {
            (
                s.uri.clone(),
                s.label.clone().unwrap_or_else(|| "unnamed".into()),
            )
        })
        .collect();
    assert!(!named.is_empty(), "the sample names ESCO skills");
    let (_db, state) = state_knowing(&named);
    let me = jobseeker(&state);
    let a = post_document(
        &state,
        &me,
        &format!("/api/v1/jobseekers/{PERSON}/credentials"),
        doc,
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert_eq!(a.body["format"], "elm");
    assert_eq!(a.body["verified"], false);
    assert_eq!(a.body["reason"], "unsigned");
    assert_eq!(a.body["counted_as"], "declared");
    let held = skills(&state, &me).await;
    for (uri, _) in &named {
        assert!(
            held.iter().any(|(u, s)| u == uri && s != "credential"),
            "{uri} not in {held:?}"
        );
    }
    assert!(
        a.body["skills"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["change"] != "skipped")
    );
}

#[actix_web::test]
async fn real_samples_import_as_declared_and_unknown_skills_are_skipped_with_a_reason() {
    let files = [
        "elm/Sample-MC-Annex1-signed.jsonld",
        "elm/Sample-CertOfPart-unsigned.jsonld",
        "openbadges3/basicOpenBadgeCredential.json",
        "openbadges3/fullOpenBadge.json",
    ];
    let (_db, state) = issuing_state();
    let me = jobseeker(&state);
    let held = skills(&state, &me).await;
    for file in files {
        let Some(path) = skillpath_suite::shared_path(&format!("data/credentials/{file}")) else {
            return;
        };
        let a = post_document(
            &state,
            &me,
            &format!("/api/v1/jobseekers/{PERSON}/credentials"),
            std::fs::read(&path).unwrap(),
        )
        .await;
        assert_eq!(a.status, StatusCode::OK, "{file}: {}", a.body);
        assert_eq!(a.body["verified"], false, "{file}");
        assert_eq!(a.body["counted_as"], "declared", "{file}");
        assert!(
            !a.body["title"].as_str().unwrap_or("").is_empty() || file.contains("full"),
            "{file}"
        );
        // The shipped sample taxonomy lacks the EDC sample's skills: each is reported, none added.
        for s in a.body["skills"].as_array().unwrap() {
            assert_eq!(s["change"], "skipped", "{file}: {s}");
            assert!(s["why"].as_str().unwrap().contains("taxonomy"), "{s}");
        }
    }
    assert_eq!(skills(&state, &me).await, held);
}
