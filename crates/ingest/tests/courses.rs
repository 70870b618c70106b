//! The course reader on the shipped sample (always runs), on small files made here, and on
//! the real edX catalogue and EDC credential samples (when the shared data is present).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use skillpath_domain::course::{Mode, Pace};
use skillpath_ingest::courses::{
    ColumnMap, CourseFileError, CourseOptions, CourseRecord, NO_CURRENCY, read_courses,
};
use skillpath_ingest::rejects::ReadOutcome;
use skillpath_suite::shared_path;

const ESCO_SKILL: &str = "http://data.europa.eu/esco/skill/";

fn read(path: &Path) -> ReadOutcome<CourseRecord> {
    read_courses(path, &CourseOptions::default()).unwrap()
}

fn write(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn sample_jsonl() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/sample/courses.jsonl")
}

#[test]
fn sample_courses_read_without_a_reject() {
    let out = read(&sample_jsonl());
    assert_eq!(out.rows, 60);
    assert!(out.rejected.is_empty(), "{:?}", out.rejected);
    assert_eq!(out.records.len(), 60);
    assert_eq!(out.records[0].line, 1);
    assert_eq!(out.records[59].line, 60);
    for r in &out.records {
        // Our own form states pace and price, so nothing beyond the standard elements is
        // reported as assumed.
        assert_eq!(r.missing, r.course.missing_elements(), "{}", r.course.id);
        assert!(!r.course.skill_uris().is_empty(), "{}", r.course.id);
    }
    assert!(out.records.iter().any(|r| r.missing.is_empty()));
}

#[test]
fn csv_courses_report_a_broken_row_with_line_and_field_and_the_rest_load() {
    let dir = tempfile::tempdir().unwrap();
    let csv = "\
id;title;issuer_country;awarding_body;provider;date_of_issue;learning_outcomes;skill_uris;ects;eqf_level;assessment;mode;pace;hours;session_starts;municipality;postcode;latitude;longitude;price;currency;funding;languages;accessibility
PV-1;Solar PV installation;DE;Handwerkskammer Leipzig;BZ Leipzig;2026-03-01;Mount PV panels|Connect inverters;\"http://data.europa.eu/esco/skill/a;http://data.europa.eu/esco/skill/b\";3;4;practical test;on-site;part-time;75;\"2026-09-01;2027-01-12\";Leipzig;04109;51.34;12.37;450.00;EUR;\"pes-voucher;esf-plus\";\"de;en\";step-free-access
PV-2;Heat pumps;DE;Handwerkskammer Leipzig;BZ Leipzig;2026-03-01;Install heat pumps;http://data.europa.eu/esco/skill/c;2;nine;;online;;40;;;;;;;;;English;
PV-3;Green building basics;;TU Dresden;TU Dresden;;;;;;;online;full-time;;;;;;;;;;en;
";
    let path = write(&dir, "courses.csv", csv.as_bytes());
    let out = read(&path);
    assert_eq!(out.rows, 3);
    let broken: Vec<(usize, &str)> = out
        .rejected
        .iter()
        .map(|r| (r.line, r.field.as_str()))
        .collect();
    assert_eq!(broken, [(3, "eqf_level"), (3, "languages")]);
    assert!(out.rejected.iter().all(|r| r.file == "courses.csv"));
    assert!(out.rejected[1].reason.contains("\"English\""));

    let ids: Vec<&str> = out.records.iter().map(|r| r.course.id.as_str()).collect();
    assert_eq!(ids, ["PV-1", "PV-3"]);
    let pv = &out.records[0];
    assert_eq!(pv.line, 2);
    assert_eq!(pv.missing, ["quality_assurance"]);
    let c = &pv.course;
    assert_eq!(c.learning_outcomes.len(), 2);
    assert_eq!(
        c.learning_outcomes[1].skill_uris,
        ["http://data.europa.eu/esco/skill/b"]
    );
    assert_eq!(
        (c.ects, c.eqf_level, c.hours),
        (Some(3.0), Some(4), Some(75.0))
    );
    assert_eq!(c.participation.mode, Mode::OnSite);
    assert_eq!(c.sessions.len(), 2);
    let place = c.sessions[1].location.as_ref().unwrap();
    assert_eq!(place.municipality.as_deref(), Some("Leipzig"));
    assert_eq!(c.cost.amount_minor, 45_000);
    assert_eq!(c.cost.eligible_funding, ["pes-voucher", "esf-plus"]);
    assert_eq!(c.languages, ["de", "en"]);

    // A row that states little is loaded with every gap reported, price and all.
    let sparse = &out.records[1];
    assert_eq!(
        sparse.missing,
        [
            "issuer_country",
            "date_of_issue",
            "learning_outcomes",
            "ects",
            "eqf_level",
            "assessment",
            "quality_assurance",
            "cost"
        ]
    );
    assert_eq!(sparse.course.participation.pace, Pace::FullTime);
    assert_eq!(sparse.course.cost.currency, NO_CURRENCY);
}

#[test]
fn csv_courses_with_a_foreign_header_need_a_column_map_and_errors_name_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        &dir,
        "kurse.csv",
        "Kursnummer,Kurstitel,Träger,Lernform\nK-7,Schweißen,BZ Halle,Präsenz\n".as_bytes(),
    );
    let err = read_courses(&path, &CourseOptions::default()).unwrap_err();
    assert!(matches!(err, CourseFileError::Header { .. }));
    let message = err.to_string();
    assert!(
        message.starts_with("kurse.csv: no column for id; name one with --map id=COLUMN"),
        "{message}"
    );

    let map = ColumnMap::parse(&[
        "id=Kursnummer".into(),
        "title=Kurstitel".into(),
        "provider=Träger".into(),
        "awarding_body=Träger".into(),
        "mode=Lernform".into(),
    ])
    .unwrap();
    let out = read_courses(&path, &CourseOptions { map, format: None }).unwrap();
    // "Präsenz" is German for on-site; it is refused rather than guessed.
    assert!(out.records.is_empty());
    assert_eq!(out.rejected[0].field, "mode");
    assert_eq!(out.rejected[0].line, 2);
}

#[test]
fn courses_files_not_utf8_or_not_json_are_refused_naming_them() {
    let dir = tempfile::tempdir().unwrap();
    let latin1 = write(&dir, "katalog.csv", b"id;title\nK-1;Caf\xE9 management\n");
    let err = read_courses(&latin1, &CourseOptions::default()).unwrap_err();
    assert!(matches!(err, CourseFileError::Text(_)));
    assert_eq!(
        err.to_string(),
        "katalog.csv: not UTF-8 (invalid byte 0xE9 on line 2); save it as UTF-8 or UTF-16 with a byte order mark"
    );

    let broken = write(
        &dir,
        "credential.jsonld",
        b"{\"id\": \"urn:credential:1\",\n",
    );
    let err = read_courses(&broken, &CourseOptions::default()).unwrap_err();
    assert!(matches!(err, CourseFileError::Json { .. }));
    assert!(
        err.to_string().starts_with("credential.jsonld line "),
        "{err}"
    );
}

#[test]
fn json_courses_report_broken_items_by_position() {
    let first_line = std::fs::read_to_string(sample_jsonl()).unwrap();
    let good = first_line.lines().next().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        &dir,
        "courses.json",
        format!("[{good}, {{\"id\": \"C-x\"}}, 7]").as_bytes(),
    );
    let out = read(&path);
    assert_eq!((out.rows, out.records.len()), (3, 1));
    let broken: Vec<(usize, &str)> = out
        .rejected
        .iter()
        .map(|r| (r.line, r.field.as_str()))
        .collect();
    assert_eq!(broken, [(2, "title"), (3, "row")]);
}

#[test]
fn edx_courses_read_with_nothing_invented() {
    let Some(path) = shared_path("data/courses/edx-courses.csv") else {
        return;
    };
    let out = read(&path);
    assert_eq!(out.rows, 975);
    // The scrape lists "Introduction to Probability" twice, identical rows on lines 202 and
    // 317; a second course with the same id would replace the first downstream.
    assert_eq!(out.records.len(), 974);
    assert_eq!(out.rejected.len(), 1, "{:?}", out.rejected);
    let dup = &out.rejected[0];
    assert_eq!((dup.line, dup.field.as_str()), (317, "id"));
    assert!(dup.reason.contains("line 202"), "{}", dup.reason);

    let never_stated = [
        "issuer_country",
        "date_of_issue",
        "ects",
        "eqf_level",
        "assessment",
        "quality_assurance",
    ];
    for r in &out.records {
        let c = &r.course;
        assert_eq!(
            c.eqf_level, None,
            "Introductory/Advanced is not an EQF level"
        );
        assert_eq!((c.ects, c.date_of_issue), (None, None));
        assert!(c.issuer_country.is_none() && c.assessment.is_none());
        assert!(c.skill_uris().is_empty(), "skills are extracted later");
        assert!(never_stated.iter().all(|m| r.missing.contains(m)), "{r:?}");
        assert_eq!(c.participation.mode, Mode::Online);
        assert_eq!(c.participation.pace, Pace::PartTime);
        assert_eq!(c.cost.currency, "USD");
        assert!(c.id.starts_with("edx:") && c.hours.is_some());
    }
    // 53 summaries are "NA" and 35 only say "This course is part of a MicroMasters® Program"
    // (or similar): neither is a learning outcome, so it is reported missing.
    let without_outcome = out
        .records
        .iter()
        .filter(|r| r.missing.contains(&"learning_outcomes"))
        .count();
    assert_eq!(without_outcome, 88);

    let mut languages = BTreeMap::new();
    for r in &out.records {
        *languages.entry(r.course.languages.join(",")).or_insert(0) += 1;
    }
    let expected = [
        ("ar", 1),
        ("de", 1),
        ("en", 776),
        ("es", 176),
        ("fr", 7),
        ("it", 4),
        ("ja", 1),
        ("pt", 4),
        ("zh", 4),
    ];
    assert_eq!(languages, expected.map(|(l, n)| (l.to_owned(), n)).into());

    let happiness = out
        .records
        .iter()
        .find(|r| r.course.id == "edx:the-foundations-of-happiness-at-work")
        .unwrap();
    let c = &happiness.course;
    // "2–3 hours per week" over "4 Weeks"; the verified certificate costs $199.
    assert_eq!(c.hours, Some(10.0));
    assert_eq!(c.cost.amount_minor, 19_900);
    assert_eq!(c.awarding_body, "University of California, Berkeley");
    assert_eq!(c.provider, c.awarding_body);
    assert_eq!(c.learning_outcomes.len(), 1);
}

fn elm(name: &str) -> Option<ReadOutcome<CourseRecord>> {
    shared_path(&format!("data/credentials/elm/{name}")).map(|p| read(&p))
}

fn only(out: &ReadOutcome<CourseRecord>) -> &CourseRecord {
    assert!(out.rejected.is_empty(), "{:?}", out.rejected);
    assert_eq!(out.records.len(), 1);
    &out.records[0]
}

#[test]
fn elm_courses_from_the_micro_credential_carry_esco_skills_in_every_wrapping() {
    let names = [
        "Sample-MC-Annex1-unsigned.jsonld",
        "Sample-MC-Annex1-unsigned-uploadable.json",
        "Sample-MC-Annex1-signed.jsonld",
    ];
    let mut dates = Vec::new();
    for name in names {
        let Some(out) = elm(name) else { return };
        let r = only(&out);
        let c = &r.course;
        assert_eq!(c.title, "Digital micro-credential creation", "{name}");
        assert_eq!(c.awarding_body, "University of Zed");
        assert_eq!(c.issuer_country.as_deref(), Some("IE"));
        let skills = c.skill_uris();
        assert_eq!(skills.len(), 4, "{name}: relatedESCOSkill of both outcomes");
        assert!(skills.iter().all(|s| s.starts_with(ESCO_SKILL)));
        assert!(
            skills
                .contains(&"http://data.europa.eu/esco/skill/5fd5c985-eaaa-47aa-8314-62359c54505a")
        );
        assert_eq!(c.learning_outcomes.len(), 2);
        assert_eq!(
            (c.ects, c.eqf_level, c.hours),
            (Some(2.0), Some(6), Some(60.0))
        );
        assert_eq!(c.assessment.as_deref(), Some("artefact assessment"));
        assert_eq!(c.participation.mode, Mode::Blended);
        assert_eq!(c.languages, ["en"]);
        assert_eq!(
            c.provider,
            "European Digital Credentials for Learning Support Team"
        );
        assert_eq!(
            r.missing,
            ["quality_assurance", "participation.pace", "cost"]
        );
        dates.push(c.date_of_issue.unwrap());
    }
    // Unsigned credentials carry only validFrom; the sealed one its issuanceDate.
    let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    assert_eq!(
        dates,
        [day(2022, 12, 31), day(2022, 12, 31), day(2023, 9, 27)]
    );
}

#[test]
fn elm_courses_from_the_certificate_of_participation_report_what_they_lack() {
    for name in [
        "Sample-CertOfPart-unsigned.jsonld",
        "Sample-CertOfPart-unsigned-uploadable.json",
        "Sample-CertOfPart-signed.jsonld",
    ] {
        let Some(out) = elm(name) else { return };
        let r = only(&out);
        let c = &r.course;
        assert_eq!(c.id, "urn:credential:43662fb0-c31c-4afb-b501-e85aea91c0a8");
        assert_eq!(c.title, "EDC Updates Webinar");
        assert_eq!(c.issuer_country.as_deref(), Some("BE"));
        assert_eq!(c.participation.mode, Mode::Online);
        // Its volumeOfLearning is "P2M", months without a fixed length in hours; the
        // claim's actual workload "PT2H" gives the hours.
        assert_eq!(c.hours, Some(2.0));
        assert_eq!(
            r.missing,
            [
                "learning_outcomes",
                "ects",
                "eqf_level",
                "assessment",
                "quality_assurance",
                "participation.pace",
                "cost"
            ]
        );
    }
}

#[test]
fn elm_courses_without_a_mode_of_learning_are_rejected_with_the_reason() {
    let Some(out) = elm("credential-sample.jsonld") else {
        return;
    };
    assert!(out.records.is_empty());
    assert_eq!(out.rejected.len(), 1);
    let r = &out.rejected[0];
    assert_eq!((r.line, r.field.as_str()), (1, "mode"));
    assert_eq!(r.file, "credential-sample.jsonld");
}
