//! The ESCO reader on the official v1.1.1 download (when present) and on the shipped sample,
//! with each quirk of the real files pinned.

use std::path::Path;

use skillpath_domain::esco::Collection;
use skillpath_ingest::esco::{EscoError, read_esco_dir};
use skillpath_suite::{copy_dir, sample_dir, shared_path};

#[test]
fn the_official_v1_1_1_download_reads_with_the_published_counts() {
    let Some(dir) = shared_path("data/esco-v1.1.1") else {
        return;
    };
    let mut files_seen = Vec::new();
    let read = read_esco_dir(&dir, &mut |p| {
        if files_seen.last() != Some(&p.file) {
            files_seen.push(p.file.clone());
        }
    })
    .unwrap();
    let d = &read.dataset;
    assert_eq!(d.skills.len(), 13_896);
    assert_eq!(d.occupations.len(), 3_007);
    assert_eq!(d.isco_groups.len(), 619);
    assert_eq!(d.skill_groups.len(), 640);
    assert_eq!(d.hierarchy.len(), 647);
    assert_eq!(d.skill_relations.len(), 5_899);
    // Eight broader relations name skill groups or occupations that the concept files lack.
    let broader_dangling = read
        .report
        .dangling
        .iter()
        .filter(|x| x.file.starts_with("broaderRelations"))
        .count();
    assert_eq!(broader_dangling, 8);
    assert_eq!(d.broader.len() + broader_dangling, 20_656 + 3_617);
    let in_collection = |c| d.collections.iter().filter(|m| m.collection == c).count();
    assert_eq!(in_collection(Collection::Green), 570);
    assert_eq!(in_collection(Collection::Digital), 1_201);
    assert_eq!(in_collection(Collection::Transversal), 96);

    // 67 relations name an occupation absent from occupations_en.csv: reported, not loaded.
    let dangling: Vec<_> = read
        .report
        .dangling
        .iter()
        .filter(|x| x.file == "occupationSkillRelations.csv")
        .collect();
    assert_eq!(dangling.len(), 67);
    assert!(
        dangling
            .iter()
            .all(|x| x.field == "occupationUri" && x.line > 1)
    );
    assert_eq!(d.occupation_skills.len(), 123_855 - 67);
    assert!(
        !d.occupations.iter().any(|o| o.uri == dangling[0].uri),
        "no occupation is invented"
    );

    // Multi-line label fields split into labels; empty types are None, not errors.
    let manage = d
        .skills
        .iter()
        .find(|s| s.labels.preferred == "manage musical staff")
        .unwrap();
    assert!(
        manage
            .labels
            .alternative
            .contains(&"manage staff of music".to_owned())
    );
    assert_eq!(
        d.skills.iter().filter(|s| s.skill_type.is_none()).count(),
        6
    );
    assert!(
        files_seen.contains(&"skills_en.csv".to_owned()),
        "progress names the files"
    );
    assert_eq!(read.report.release_hint.as_deref(), Some("v1.1.1"));
}

#[test]
fn ragged_hierarchy_rows_read_with_their_parents() {
    let Some(dir) = shared_path("data/esco-v1.1.1") else {
        return;
    };
    let read = read_esco_dir(&dir, &mut |_| {}).unwrap();
    let h = &read.dataset.hierarchy;
    assert_eq!(
        h.iter().filter(|n| n.level == 0).count(),
        h.iter().filter(|n| n.parent_uri.is_none()).count()
    );
    let uris: std::collections::HashSet<_> = h.iter().map(|n| n.uri.as_str()).collect();
    assert!(
        h.iter()
            .filter_map(|n| n.parent_uri.as_deref())
            .all(|p| uris.contains(p))
    );
    assert!(h.iter().any(|n| n.level == 3));
}

#[test]
fn v1_2_file_names_with_the_en_suffix_are_accepted() {
    let copy = copy_dir(&sample_dir().join("esco")).unwrap();
    for stem in [
        "occupationSkillRelations",
        "broaderRelationsSkillPillar",
        "skillSkillRelations",
    ] {
        let from = copy.path().join(format!("{stem}.csv"));
        if from.exists() {
            std::fs::rename(&from, copy.path().join(format!("{stem}_en.csv"))).unwrap();
        }
    }
    let renamed = read_esco_dir(copy.path(), &mut |_| {}).unwrap();
    let original = read_esco_dir(&sample_dir().join("esco"), &mut |_| {}).unwrap();
    assert_eq!(renamed.dataset, original.dataset);
}

#[test]
fn the_sample_is_coherent_and_reports_only_its_deliberate_dangling_rows() {
    let read = read_esco_dir(&sample_dir().join("esco"), &mut |_| {}).unwrap();
    let d = &read.dataset;
    assert!(
        d.occupations.len() >= 15 && d.skills.len() >= 100,
        "{} occupations, {} skills",
        d.occupations.len(),
        d.skills.len()
    );
    assert!(
        read.report.absent.is_empty(),
        "sample lacks {:?}",
        read.report.absent
    );
    assert_eq!(read.report.dangling.len(), 2, "{:?}", read.report.dangling);
    assert!(
        d.collections
            .iter()
            .any(|m| m.collection == Collection::Green)
    );
    assert!(
        d.collections
            .iter()
            .any(|m| m.collection == Collection::Digital)
    );
    assert!(
        d.skills.iter().any(|s| s.labels.alternative.len() > 1),
        "a multi-line label field is kept"
    );
}

fn corrupt(file: &str, edit: impl Fn(&str) -> String) -> String {
    let copy = copy_dir(&sample_dir().join("esco")).unwrap();
    let path = copy.path().join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, edit(&text)).unwrap();
    read_esco_dir(copy.path(), &mut |_| {})
        .unwrap_err()
        .to_string()
}

#[test]
fn a_truncated_row_names_file_line_and_the_first_missing_field() {
    let err = corrupt("occupationSkillRelations.csv", |t| {
        let mut lines: Vec<&str> = t.lines().collect();
        let cut = lines[3].rsplit_once(',').unwrap().0;
        lines[3] = cut;
        lines.join("\n") + "\n"
    });
    assert!(
        err.starts_with("occupationSkillRelations.csv line 4, field skillUri:"),
        "{err}"
    );
    assert!(err.contains("truncated"), "{err}");
}

#[test]
fn an_invalid_uri_names_file_line_and_field() {
    let err = corrupt("skills_en.csv", |t| {
        t.replacen(
            ",http://data.europa.eu/esco/skill/",
            ",htp://data.europa.eu/esco/skill/",
            1,
        )
    });
    assert!(
        err.starts_with("skills_en.csv line 2, field conceptUri:"),
        "{err}"
    );
}

#[test]
fn a_missing_required_column_is_named() {
    let err = corrupt("occupations_en.csv", |t| {
        t.replacen("preferredLabel", "prefLabel", 1)
    });
    assert_eq!(
        err,
        "occupations_en.csv: required column preferredLabel is missing from the header"
    );
}

#[test]
fn an_unknown_relation_type_is_refused() {
    let err = corrupt("occupationSkillRelations.csv", |t| {
        t.replacen(",essential,", ",mandatory,", 1)
    });
    assert!(
        err.contains("field relationType") && err.contains("\"mandatory\""),
        "{err}"
    );
}

#[test]
fn a_folder_without_the_skills_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    match read_esco_dir(dir.path(), &mut |_| {}) {
        Err(EscoError::MissingFile { file, .. }) => assert_eq!(file, "skills_en.csv"),
        other => panic!("{other:?}"),
    }
    assert!(!Path::new(&dir.path().join("skills_en.csv")).exists());
}
