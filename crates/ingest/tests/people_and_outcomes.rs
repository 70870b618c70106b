//! The jobseeker and outcome readers: the shipped sample, and small files made here with a
//! broken row each, reported with file, line, field and reason while the rest load.

use std::path::PathBuf;

use skillpath_domain::jobseeker::SkillSource;
use skillpath_domain::outcome::EventKind;
use skillpath_ingest::jobseekers::{JobseekerFileError, read_jobseekers};
use skillpath_ingest::outcomes::read_outcomes;
use skillpath_suite::sample_dir;

fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn where_(r: &skillpath_ingest::rejects::Rejected) -> (usize, &str) {
    (r.line, r.field.as_str())
}

#[test]
fn sample_jobseekers_read_without_a_reject_and_keep_their_groups_apart() {
    let out = read_jobseekers(&sample_dir().join("jobseekers.jsonl")).unwrap();
    assert!(out.rejected.is_empty(), "{:?}", out.rejected);
    assert_eq!(out.rows, 16);
    assert_eq!(out.records.len(), 16);
    let first = &out.records[0];
    assert_eq!(first.profile.id, "J-3000");
    assert_eq!(first.profile.skills[0].source, SkillSource::ExtractedFromCv);
    assert!(first.groups.as_ref().unwrap().young);
    assert!(out.records.iter().all(|r| r.groups.is_some()));
}

#[test]
fn jobseeker_json_lines_name_the_bad_member() {
    let dir = tempfile::tempdir().unwrap();
    let good = r#"{"id": "J-1", "office": "o1", "skills": [], "work_history": [], "target_occupations": [], "location": {"municipality": null, "region": null, "postcode": null, "latitude": null, "longitude": null}, "travel_radius_km": 10, "available_from": null, "preferred_modes": [], "languages": ["de"], "accessibility_needs": [], "budget_minor": null, "funding_eligibility": [], "highest_eqf": 3}"#;
    let text = [
        format!(r#"{{"profile": {good}}}"#),
        format!(r#"{{"profile": {}}}"#, good.replace("J-1", "J-2").replace("\"o1\"", "\"\"")),
        format!(
            r#"{{"profile": {}, "groups": {{"young": true, "long_term_unemployed": false, "minimum_income": false, "disability": false, "low_qualified": false, "older_worker": false, "lawful_basis": ""}}}}"#,
            good.replace("J-1", "J-3")
        ),
        good.replace("J-1", "J-4").replace("\"o1\"", "\"o2\""),
        format!(r#"{{"profile": {good}}}"#),
        "{broken".to_owned(),
    ]
    .join("\n");
    let out = read_jobseekers(&write(&dir, "people.jsonl", &text)).unwrap();
    let ids: Vec<&str> = out.records.iter().map(|r| r.profile.id.as_str()).collect();
    assert_eq!(ids, ["J-1", "J-4"], "a bare profile works too");
    assert!(out.records[0].groups.is_none());
    let bad: Vec<_> = out.rejected.iter().map(where_).collect();
    assert_eq!(
        bad,
        [
            (2, "profile.office"),
            (3, "groups.lawful_basis"),
            (5, "id"),
            (6, "row")
        ]
    );
    assert!(out.rejected[2].reason.contains("already read on line 1"));
    assert_eq!(out.rejected[0].file, "people.jsonl");
    assert_eq!(out.rejected_rows(), 4);
}

#[test]
fn jobseeker_csv_uses_our_columns_with_semicolon_lists() {
    let dir = tempfile::tempdir().unwrap();
    let text = "\
id,office,skills,target_occupations,municipality,latitude,longitude,travel_radius_km,available_from,preferred_modes,languages,budget,highest_eqf,young,disability,lawful_basis
J-1,north,\"http://data.europa.eu/esco/skill/a|caseworker-confirmed;http://data.europa.eu/esco/skill/b\",http://data.europa.eu/esco/occupation/x,Leipzig,51.3,12.4,25,2027-03-01,on-site;online,de;en,\"450,50\",4,yes,no,SGB III
J-2,north,,,,,,10,,,de,,,,,
J-3,south,http://data.europa.eu/esco/skill/a|gossip,,,51.3,,,soon,by bus,de,cheap,9,maybe,,
";
    let out = read_jobseekers(&write(&dir, "people.csv", text)).unwrap();
    assert_eq!(out.rows, 3);
    let j1 = &out.records[0];
    assert_eq!(j1.profile.skills.len(), 2);
    assert_eq!(
        j1.profile.skills[0].source,
        SkillSource::CaseworkerConfirmed
    );
    assert_eq!(j1.profile.skills[1].source, SkillSource::Declared);
    assert_eq!(j1.profile.budget_minor, Some(45_050));
    assert_eq!(j1.profile.languages, ["de", "en"]);
    assert_eq!(j1.profile.travel_radius_km, 25.0);
    let g = j1.groups.as_ref().unwrap();
    assert!(g.young && !g.disability);
    assert_eq!(g.lawful_basis, "SGB III");
    assert!(
        out.records[1].groups.is_none(),
        "empty group cells record nothing"
    );

    let fields: Vec<_> = out.rejected.iter().map(where_).collect();
    assert_eq!(
        fields,
        [
            (4, "travel_radius_km"),
            (4, "skills[0]"),
            (4, "available_from"),
            (4, "preferred_modes[0]"),
            (4, "budget"),
            (4, "location.latitude"),
            (4, "highest_eqf"),
            // "maybe" is refused, not taken as membership, so no lawful basis is asked for.
            (4, "young"),
        ]
    );
}

#[test]
fn a_misspelt_jobseeker_column_refuses_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(&dir, "people.csv", "id,ofice\nJ-1,x\n");
    let err = read_jobseekers(&path).unwrap_err();
    assert!(matches!(err, JobseekerFileError::Header { .. }));
    assert!(
        err.to_string().contains("unknown column \"ofice\""),
        "{err}"
    );
}

#[test]
fn outcome_csv_and_json_lines_read_alike_and_report_bad_rows() {
    let dir = tempfile::tempdir().unwrap();
    let csv = "\
idempotency_key,kind,jobseeker_id,course_id,occurred_at,occupation_uri,contract_type,employment_start
k1,referred,J-1,C-1,2027-03-01T10:00:00+01:00,,,
k2,Employed,J-1,,2027-05-01T09:00:00Z,http://data.europa.eu/esco/occupation/x,permanent,2027-05-02
k1,referred,J-1,C-1,2027-03-01T09:00:00Z,,,
k1,referred,J-1,C-2,2027-03-01T09:00:00Z,,,
k3,enrolled,J-1,,2027-03-02 09:00:00,,,
k4,hired,J-1,,2027-03-02T09:00:00Z,,,
";
    let out = read_outcomes(&write(&dir, "events.csv", csv)).unwrap();
    assert_eq!(out.rows, 6);
    let keys: Vec<&str> = out
        .records
        .iter()
        .map(|r| r.event.idempotency_key.as_str())
        .collect();
    assert_eq!(
        keys,
        ["k1", "k2", "k1"],
        "the same event twice is the store's to count"
    );
    assert_eq!(out.records[1].event.kind, EventKind::Employed);
    assert_eq!(
        out.records[0].event.occurred_at.to_rfc3339(),
        "2027-03-01T09:00:00+00:00"
    );
    let bad: Vec<_> = out.rejected.iter().map(where_).collect();
    assert_eq!(
        bad,
        [(5, "idempotency_key"), (6, "occurred_at"), (7, "kind")]
    );
    assert!(
        out.rejected[0].reason.contains("line 2"),
        "{:?}",
        out.rejected[0]
    );

    let jsonl = r#"{"idempotency_key": "k1", "kind": "referred", "jobseeker_id": "J-1", "course_id": "C-1", "occurred_at": "2027-03-01T09:00:00Z"}
{"idempotency_key": "k2", "kind": "enrolled", "jobseeker_id": "J-1", "occurred_at": "2027-03-01T09:00:00Z"}
{"idempotency_key": "k3", "kind": "left", "jobseeker_id": "J-1", "occurred_at": "2027-03-01T09:00:00Z"}
"#;
    let out = read_outcomes(&write(&dir, "events.jsonl", jsonl)).unwrap();
    assert_eq!(out.records.len(), 1);
    let bad: Vec<_> = out.rejected.iter().map(where_).collect();
    assert_eq!(bad, [(2, "course_id"), (3, "kind")]);
}
