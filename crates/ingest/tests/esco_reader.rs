//! The ESCO reader on the official v1.1.1 download (when present) and on the shipped sample,
//! with each quirk of the real files pinned. Corruptions are made on copies of the sample, so
//! they run everywhere.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

use skillpath_domain::esco::{Collection, ConceptType, EscoDataset};
use skillpath_ingest::esco::{EscoError, EscoRead, read_esco_dir};
use skillpath_suite::{copy_dir, sample_dir, shared_path};
use tempfile::TempDir;

const OFFICIAL: &str = "data/esco-v1.1.1";

fn sample() -> PathBuf {
    sample_dir().join("esco")
}

fn read(dir: &Path) -> Result<EscoRead, EscoError> {
    read_esco_dir(dir, &mut |_| {})
}

/// A copy of the sample with `file` rewritten by `edit`.
fn sample_with(file: &str, edit: impl Fn(&str) -> String) -> TempDir {
    let copy = copy_dir(&sample()).unwrap();
    let path = copy.path().join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, edit(&text)).unwrap();
    copy
}

fn error_with(file: &str, edit: impl Fn(&str) -> String) -> String {
    read(sample_with(file, edit).path())
        .expect_err("the corrupted copy must be refused")
        .to_string()
}

/// The physical line the next appended record will start on.
fn next_line(text: &str) -> u64 {
    text.matches('\n').count() as u64 + 1
}

fn summary(read: &EscoRead, file: &str) -> (u64, u64) {
    let f = read
        .report
        .files
        .iter()
        .find(|f| f.file == file)
        .unwrap_or_else(|| panic!("{file} not in {:?}", read.report.files));
    (f.rows_read, f.rows_kept)
}

fn dangling_in<'a>(read: &'a EscoRead, file: &str) -> Vec<&'a skillpath_ingest::esco::Dangling> {
    read.report
        .dangling
        .iter()
        .filter(|d| d.file == file)
        .collect()
}

// --- the official download -------------------------------------------------------------

#[test]
fn the_official_v1_1_1_download_reads_with_the_published_counts() {
    let Some(dir) = shared_path(OFFICIAL) else {
        return;
    };
    let mut last: HashMap<String, (u64, u64)> = HashMap::new();
    let read = read_esco_dir(&dir, &mut |p| {
        let before = last.get(&p.file).map_or(0, |l| l.0);
        assert!(p.bytes_done >= before, "progress never goes back: {p:?}");
        last.insert(p.file.clone(), (p.bytes_done, p.bytes_total));
    })
    .unwrap();
    let d = &read.dataset;
    assert_eq!(d.skills.len(), 13_896);
    assert_eq!(d.occupations.len(), 3_007);
    assert_eq!(d.isco_groups.len(), 619);
    assert_eq!(d.skill_groups.len(), 640);
    assert_eq!(d.hierarchy.len(), 647);
    assert_eq!(d.skill_relations.len(), 5_899);
    let in_collection = |c| d.collections.iter().filter(|m| m.collection == c).count();
    assert_eq!(in_collection(Collection::Green), 570);
    assert_eq!(in_collection(Collection::Digital), 1_201);
    assert_eq!(in_collection(Collection::Transversal), 96);
    assert!(read.report.absent.is_empty(), "{:?}", read.report.absent);
    assert_eq!(read.report.release_hint.as_deref(), Some("v1.1.1"));

    // 67 relations name one occupation absent from occupations_en.csv: reported, not loaded,
    // and the occupation is not invented.
    assert_eq!(
        summary(&read, "occupationSkillRelations.csv"),
        (123_855, 123_788)
    );
    let dangling = dangling_in(&read, "occupationSkillRelations.csv");
    assert_eq!(dangling.len(), 67);
    assert!(
        dangling
            .iter()
            .all(|x| x.field == "occupationUri" && x.uri == dangling[0].uri && x.line > 1)
    );
    assert!(!d.occupations.iter().any(|o| o.uri == dangling[0].uri));
    assert_eq!(d.occupation_skills.len(), 123_788, "no duplicate pairs");

    // 20,656 broader rows in the skill pillar; seven join skill groups that only the
    // hierarchy file lists. The occupation pillar's one dangling row is the same missing
    // occupation as above.
    assert_eq!(
        summary(&read, "broaderRelationsSkillPillar.csv"),
        (20_656, 20_649)
    );
    let skill_pillar = dangling_in(&read, "broaderRelationsSkillPillar.csv");
    assert!(
        skill_pillar
            .iter()
            .all(|x| x.reason.contains("only the skills hierarchy lists it")),
        "{skill_pillar:?}"
    );
    assert_eq!(
        summary(&read, "broaderRelationsOccPillar.csv"),
        (3_617, 3_616)
    );
    assert_eq!(
        dangling_in(&read, "broaderRelationsOccPillar.csv")[0].uri,
        dangling[0].uri
    );
    assert_eq!(read.report.dangling.len(), 67 + 7 + 1);

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
    assert_eq!(
        d.skills.iter().filter(|s| s.reuse_level.is_none()).count(),
        5
    );

    // Every file read was reported to the progress bar, and finished.
    for f in &read.report.files {
        let (done, total) = last[&f.file];
        assert_eq!(done, total, "{} ends at its size", f.file);
    }
    assert_eq!(read.report.files.len(), 16);
}

#[test]
fn the_official_ragged_hierarchy_reads_every_node_with_its_parent() {
    let Some(dir) = shared_path(OFFICIAL) else {
        return;
    };
    let text = std::fs::read_to_string(dir.join("skillsHierarchy_en.csv")).unwrap();
    let mut rows = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let ragged = rows
        .records()
        .filter(|r| r.as_ref().unwrap().len() < 14)
        .count();
    assert_eq!(ragged, 189, "the quirk this test is about");

    let read = read(&dir).unwrap();
    let h = &read.dataset.hierarchy;
    let per_level = |l| h.iter().filter(|n| n.level == l).count();
    assert_eq!(
        [per_level(0), per_level(1), per_level(2), per_level(3)],
        [4, 28, 157, 458]
    );
    let uris: HashSet<_> = h.iter().map(|n| n.uri.as_str()).collect();
    for n in h {
        assert_eq!(n.parent_uri.is_none(), n.level == 0);
        if let Some(p) = &n.parent_uri {
            assert!(uris.contains(p.as_str()), "{} has no parent node", n.uri);
        }
    }
    assert!(dangling_in(&read, "skillsHierarchy_en.csv").is_empty());
}

/// Run with `cargo test --release -p skillpath-ingest --test esco_reader -- --ignored --nocapture`.
#[test]
#[ignore = "timing; meaningful in release builds only"]
fn the_official_download_reads_in_well_under_two_seconds() {
    let Some(dir) = shared_path(OFFICIAL) else {
        return;
    };
    let mut best = f64::MAX;
    for _ in 0..3 {
        let started = Instant::now();
        let read = read(&dir).unwrap();
        best = best.min(started.elapsed().as_secs_f64());
        assert_eq!(read.dataset.skills.len(), 13_896);
    }
    println!("read the full ESCO v1.1.1 download in {best:.3} s (best of 3)");
    if !cfg!(debug_assertions) {
        assert!(best < 2.0, "{best:.3} s");
    }
}

// --- the sample ------------------------------------------------------------------------

/// Every relation kept points to a concept of the right kind that the dataset holds.
fn assert_coherent(d: &EscoDataset) {
    let skills: HashSet<&str> = d.skills.iter().map(|c| c.uri.as_str()).collect();
    let occupations: HashSet<&str> = d.occupations.iter().map(|c| c.uri.as_str()).collect();
    let groups: HashSet<&str> = d.skill_groups.iter().map(|c| c.uri.as_str()).collect();
    let iscos: HashSet<&str> = d.isco_groups.iter().map(|c| c.uri.as_str()).collect();
    let of = |kind| match kind {
        ConceptType::Skill => &skills,
        ConceptType::SkillGroup => &groups,
        ConceptType::Occupation => &occupations,
        ConceptType::IscoGroup => &iscos,
    };
    for r in &d.occupation_skills {
        assert!(occupations.contains(r.occupation_uri.as_str()), "{r:?}");
        assert!(skills.contains(r.skill_uri.as_str()), "{r:?}");
    }
    for b in &d.broader {
        assert!(of(b.concept_type).contains(b.concept_uri.as_str()), "{b:?}");
        assert!(of(b.broader_type).contains(b.broader_uri.as_str()), "{b:?}");
    }
    for r in &d.skill_relations {
        assert!(
            skills.contains(r.original_uri.as_str()) && skills.contains(r.related_uri.as_str())
        );
    }
    for m in &d.collections {
        let kind = match m.collection {
            Collection::ResearchOccupations => ConceptType::Occupation,
            _ => ConceptType::Skill,
        };
        assert!(of(kind).contains(m.concept_uri.as_str()), "{m:?}");
    }
    let nodes: HashSet<_> = d.hierarchy.iter().map(|n| n.uri.as_str()).collect();
    for n in &d.hierarchy {
        assert!(
            n.parent_uri.as_deref().is_none_or(|p| nodes.contains(p)),
            "{n:?}"
        );
        assert!(
            groups.contains(n.uri.as_str()),
            "hierarchy node {} is a skill group",
            n.uri
        );
    }
}

#[test]
fn the_sample_is_coherent_and_reports_only_its_two_deliberate_dangling_rows() {
    let read = read(&sample()).unwrap();
    let d = &read.dataset;
    assert_coherent(d);
    assert!(read.report.absent.is_empty(), "{:?}", read.report.absent);
    assert_eq!(read.report.files.len(), 16);

    let dangling = &read.report.dangling;
    assert_eq!(dangling.len(), 2, "{dangling:?}");
    for x in dangling {
        assert_eq!(
            (x.file.as_str(), x.field.as_str()),
            ("occupationSkillRelations.csv", "occupationUri")
        );
        assert_eq!(x.uri, dangling[0].uri);
        assert!(x.reason.contains("no such occupation"), "{}", x.reason);
    }
    assert!(!d.occupations.iter().any(|o| o.uri == dangling[0].uri));
    let (rows, kept) = summary(&read, "occupationSkillRelations.csv");
    assert_eq!(rows, kept + 2);
    assert_eq!(kept as usize, d.occupation_skills.len());

    assert!(
        (20..=30).contains(&d.occupations.len()),
        "{}",
        d.occupations.len()
    );
    assert!((300..=500).contains(&d.skills.len()), "{}", d.skills.len());
    for c in [
        Collection::Green,
        Collection::Digital,
        Collection::Transversal,
    ] {
        assert!(d.collections.iter().any(|m| m.collection == c), "{c:?}");
    }
    assert!(!d.skill_relations.is_empty() && !d.isco_groups.is_empty());
}

#[test]
fn the_sample_shows_hierarchy_aware_coverage_paths() {
    let d = read(&sample()).unwrap().dataset;
    let skill_to_skill = d
        .broader
        .iter()
        .filter(|b| b.concept_type == ConceptType::Skill && b.broader_type == ConceptType::Skill)
        .count();
    assert!(skill_to_skill >= 20, "{skill_to_skill}");
    // From a showcase skill, broader relations climb to a top node of the skills hierarchy.
    let up: HashMap<&str, Vec<&str>> = d.broader.iter().fold(HashMap::new(), |mut m, b| {
        m.entry(b.concept_uri.as_str())
            .or_default()
            .push(b.broader_uri.as_str());
        m
    });
    let tops: HashSet<&str> = d
        .hierarchy
        .iter()
        .filter(|n| n.level == 0)
        .map(|n| n.uri.as_str())
        .collect();
    let mount = d
        .skills
        .iter()
        .find(|s| s.labels.preferred == "mount photovoltaic panels")
        .unwrap();
    let (mut frontier, mut seen) = (vec![mount.uri.as_str()], HashSet::new());
    while let Some(u) = frontier.pop() {
        if seen.insert(u) {
            frontier.extend(up.get(u).into_iter().flatten());
        }
    }
    assert!(seen.iter().any(|u| tops.contains(u)), "{seen:?}");
}

#[test]
fn the_sample_stays_small() {
    let bytes: u64 = std::fs::read_dir(sample())
        .unwrap()
        .map(|e| e.unwrap().metadata().unwrap().len())
        .sum();
    assert!(bytes < 300_000, "{bytes} bytes");
}

#[test]
fn multi_line_label_fields_split_into_labels() {
    let d = read(&sample()).unwrap().dataset;
    let mount = d
        .skills
        .iter()
        .find(|s| s.labels.preferred == "mount photovoltaic panels")
        .unwrap();
    assert_eq!(
        mount.labels.alternative,
        ["fit solar panels", "put up PV modules"]
    );
    assert_eq!(mount.labels.hidden, ["mount photovoltaik panels"]);
    let installer = d
        .occupations
        .iter()
        .find(|o| o.labels.preferred == "solar energy technician")
        .unwrap();
    assert_eq!(
        installer.labels.alternative,
        ["solar panel installer", "PV installer"]
    );
}

#[test]
fn collection_rows_with_piped_fields_read_as_members() {
    // The digital collection's row for "computer programming" has "coding | programming" in
    // altLabels and several " | "-joined URIs in broaderConceptUri: neither is a URI field
    // of the reader, so the row is read as a plain membership.
    let text = std::fs::read_to_string(sample().join("digitalSkillsCollection_en.csv")).unwrap();
    assert!(
        text.contains("coding | programming"),
        "the quirk this test is about"
    );
    let d = read(&sample()).unwrap().dataset;
    let programming = d
        .skills
        .iter()
        .find(|s| s.labels.preferred == "computer programming")
        .unwrap();
    assert!(
        d.collections
            .iter()
            .any(|m| m.collection == Collection::Digital && m.concept_uri == programming.uri)
    );
}

#[test]
fn ragged_hierarchy_rows_of_the_sample_read_as_empty_trailing_fields() {
    let text = std::fs::read_to_string(sample().join("skillsHierarchy_en.csv")).unwrap();
    let mut rows = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let lens: Vec<usize> = rows.records().map(|r| r.unwrap().len()).collect();
    assert!(lens.iter().any(|&l| l < 14), "the quirk this test is about");
    let h = read(&sample()).unwrap().dataset.hierarchy;
    assert_eq!(h.len(), lens.len());
    let top = h.iter().find(|n| n.level == 0).unwrap();
    assert!(top.parent_uri.is_none() && top.scope_note.is_empty());
}

#[test]
fn v1_2_file_names_with_the_en_suffix_are_accepted() {
    let copy = copy_dir(&sample()).unwrap();
    for stem in [
        "occupationSkillRelations",
        "broaderRelationsSkillPillar",
        "broaderRelationsOccPillar",
        "skillSkillRelations",
    ] {
        std::fs::rename(
            copy.path().join(format!("{stem}.csv")),
            copy.path().join(format!("{stem}_en.csv")),
        )
        .unwrap();
    }
    let renamed = read(copy.path()).unwrap();
    let original = read(&sample()).unwrap();
    assert_eq!(renamed.dataset, original.dataset);
    assert_eq!(
        renamed.report.dangling[0].file,
        "occupationSkillRelations_en.csv"
    );
}

#[test]
fn both_spellings_of_a_file_in_one_folder_are_refused() {
    let copy = copy_dir(&sample()).unwrap();
    std::fs::copy(
        copy.path().join("skillSkillRelations.csv"),
        copy.path().join("skillSkillRelations_en.csv"),
    )
    .unwrap();
    let err = read(copy.path()).unwrap_err();
    assert!(matches!(err, EscoError::Ambiguous { .. }), "{err}");
    assert!(err.to_string().contains("skillSkillRelations_en.csv"));
}

#[test]
fn columns_are_found_by_name_in_any_order() {
    // Swap the first two columns of the relations file, header and rows alike.
    let copy = sample_with("occupationSkillRelations.csv", |t| {
        t.lines()
            .map(|l| {
                let (a, rest) = l.split_once(',').unwrap();
                let (b, rest) = rest.split_once(',').unwrap();
                format!("{b},{a},{rest}\n")
            })
            .collect()
    });
    assert_eq!(
        read(copy.path()).unwrap().dataset,
        read(&sample()).unwrap().dataset
    );
}

#[test]
fn optional_files_may_be_absent_and_rows_pointing_into_them_are_reported() {
    let copy = copy_dir(&sample()).unwrap();
    std::fs::remove_file(copy.path().join("skillGroups_en.csv")).unwrap();
    std::fs::remove_file(copy.path().join("greenSkillsCollection_en.csv")).unwrap();
    let read = read(copy.path()).unwrap();
    assert_eq!(
        read.report.absent,
        ["skillGroups_en.csv", "greenSkillsCollection_en.csv"]
    );
    assert!(read.dataset.skill_groups.is_empty());
    let to_groups = dangling_in(&read, "broaderRelationsSkillPillar.csv");
    assert!(!to_groups.is_empty());
    assert!(
        to_groups
            .iter()
            .all(|x| x.reason.contains("file is absent"))
    );
}

#[test]
fn a_folder_without_the_skills_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    match read(dir.path()) {
        Err(EscoError::MissingFile { file, .. }) => assert_eq!(file, "skills_en.csv"),
        other => panic!("{other:?}"),
    }
    let copy = copy_dir(&sample()).unwrap();
    std::fs::remove_file(copy.path().join("occupationSkillRelations.csv")).unwrap();
    let err = read(copy.path()).unwrap_err().to_string();
    assert!(err.contains("no occupationSkillRelations_en.csv"), "{err}");
}

// --- malformed rows stop the read, naming file, line, field and reason --------------------

#[test]
fn a_truncated_row_names_file_line_and_the_first_missing_field() {
    let err = error_with("occupationSkillRelations.csv", |t| {
        let mut lines: Vec<&str> = t.lines().collect();
        lines[3] = lines[3].rsplit_once(',').unwrap().0;
        lines.join("\n") + "\n"
    });
    assert_eq!(
        err,
        "occupationSkillRelations.csv line 4, field skillUri: \
         the row has 3 fields where the header has 4 (truncated row)"
    );
}

#[test]
fn a_row_with_more_fields_than_the_header_is_refused() {
    let err = error_with("skillSkillRelations.csv", |t| {
        t.replacen(",optional,", ",optional,extra,", 1)
    });
    assert!(
        err.starts_with("skillSkillRelations.csv line 2, field row: the row has 6 fields"),
        "{err}"
    );
}

#[test]
fn line_numbers_count_the_lines_of_multi_line_fields() {
    // Line 2 of occupations_en.csv is a record whose altLabels span two lines, so the third
    // record starts on line 4.
    let err = error_with("occupations_en.csv", |t| {
        let second = t.lines().nth(3).unwrap();
        let broken = second.replacen("http://data.europa.eu/esco/", "htp://x/", 1);
        t.replacen(second, &broken, 1)
    });
    assert!(
        err.starts_with("occupations_en.csv line 4, field conceptUri: "),
        "{err}"
    );
}

#[test]
fn an_invalid_uri_names_file_line_field_and_reason() {
    let err = error_with("skills_en.csv", |t| {
        let first = t.lines().nth(1).unwrap();
        let uri = first.split(',').nth(1).unwrap();
        t.replacen(uri, "htp://x", 1)
    });
    assert!(
        err.starts_with("skills_en.csv line 2, field conceptUri: \"htp://x\" is not an ESCO URI"),
        "{err}"
    );
}

#[test]
fn a_missing_required_column_is_named() {
    let err = error_with("occupations_en.csv", |t| {
        t.replacen("preferredLabel", "prefLabel", 1)
    });
    assert_eq!(
        err,
        "occupations_en.csv: required column preferredLabel is missing from the header"
    );
    let err = error_with("broaderRelationsSkillPillar.csv", |t| {
        t.replacen("broaderUri", "broader", 1)
    });
    assert_eq!(
        err,
        "broaderRelationsSkillPillar.csv: required column broaderUri is missing from the header"
    );
}

#[test]
fn unknown_enum_values_are_refused() {
    let err = error_with("occupationSkillRelations.csv", |t| {
        t.replacen(",essential,", ",mandatory,", 1)
    });
    assert!(
        err.starts_with("occupationSkillRelations.csv line 2, field relationType: \"mandatory\""),
        "{err}"
    );
    let err = error_with("skills_en.csv", |t| {
        t.replacen(",knowledge,", ",know-how,", 1)
    });
    assert!(
        err.contains("field skillType: \"know-how\" is not one of"),
        "{err}"
    );
    let err = error_with("broaderRelationsOccPillar.csv", |t| {
        t.replacen("ISCOGroup,", "IscoGroup,", 2)
    });
    assert!(
        err.starts_with("broaderRelationsOccPillar.csv line 2, field conceptType:"),
        "{err}"
    );
}

#[test]
fn empty_skill_type_and_reuse_level_are_none_not_errors() {
    let copy = sample_with("skills_en.csv", |t| {
        t.replacen(",knowledge,cross-sector,", ",,,", 1)
    });
    let d = read(copy.path()).unwrap().dataset;
    assert_eq!(
        d.skills.iter().filter(|s| s.skill_type.is_none()).count(),
        1
    );
    assert_eq!(
        d.skills.iter().filter(|s| s.reuse_level.is_none()).count(),
        1
    );
}

#[test]
fn an_empty_preferred_label_is_refused() {
    let d = read(&sample()).unwrap().dataset;
    let plain = d
        .skills
        .iter()
        .find(|s| !s.labels.preferred.contains(',') && s.labels.alternative.is_empty())
        .unwrap();
    let label = format!(",{},", plain.labels.preferred);
    let err = error_with("skills_en.csv", |t| t.replacen(&label, ",,", 1));
    assert!(
        err.contains(", field preferredLabel: must not be empty"),
        "{err}"
    );
}

#[test]
fn invalid_utf8_names_the_field() {
    let copy = copy_dir(&sample()).unwrap();
    let path = copy.path().join("skillGroups_en.csv");
    let mut bytes = std::fs::read(&path).unwrap();
    let at = bytes.windows(8).position(|w| w == b"released").unwrap();
    bytes[at] = 0xff;
    std::fs::write(&path, bytes).unwrap();
    let err = read(copy.path()).unwrap_err().to_string();
    assert!(
        err.starts_with("skillGroups_en.csv line 2, field status: not valid UTF-8"),
        "{err}"
    );
}

// --- well-formed rows that cannot be kept are reported, not loaded -----------------------

#[test]
fn a_repeated_relation_keeps_the_first_row_and_reports_the_second() {
    let copy = sample_with("occupationSkillRelations.csv", |t| {
        // Line 2's pair again, with the other relation type: the first statement stands.
        let row = t.lines().nth(1).unwrap();
        let flipped = row.replacen(",essential,", ",optional,", 1);
        format!("{t}{flipped}\n")
    });
    let text = std::fs::read_to_string(copy.path().join("occupationSkillRelations.csv")).unwrap();
    let got = read(copy.path()).unwrap();
    assert_eq!(got.dataset, read(&sample()).unwrap().dataset);
    let reported = dangling_in(&got, "occupationSkillRelations.csv");
    assert_eq!(reported.len(), 3, "the two deliberate rows and the repeat");
    let repeat = reported.last().unwrap();
    assert_eq!(repeat.line, text.lines().count() as u64);
    assert_eq!(repeat.field, "skillUri");
    assert_eq!(repeat.reason, "repeats the row on line 2");
}

#[test]
fn a_repeated_concept_keeps_the_first_row_and_reports_the_second() {
    let copy = sample_with("skillGroups_en.csv", |t| {
        let row = t
            .lines()
            .nth(1)
            .unwrap()
            .replacen(",released,", ",obsolete,", 1);
        format!("{t}{row}\n")
    });
    let got = read(copy.path()).unwrap();
    let original = read(&sample()).unwrap();
    assert_eq!(got.dataset.skill_groups, original.dataset.skill_groups);
    let repeated = dangling_in(&got, "skillGroups_en.csv");
    assert_eq!(repeated.len(), 1);
    assert_eq!(repeated[0].field, "conceptUri");
    assert_eq!(repeated[0].reason, "repeats the row on line 2");
}

#[test]
fn rows_pointing_to_unknown_concepts_are_reported_and_dropped_in_every_file() {
    const GHOST: &str = "http://data.europa.eu/esco/skill/00000000-0000-4000-8000-000000000000";
    let original = read(&sample()).unwrap();
    let d = &original.dataset;
    let skill = &d.skills[0].uri;
    let group = &d.skill_groups[0].uri;
    let copy = copy_dir(&sample()).unwrap();
    let mut expect = Vec::new();
    let mut append = |file: &str, row: String, field: &str| {
        let path = copy.path().join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        expect.push((file.to_owned(), next_line(&text), field.to_owned()));
        std::fs::write(&path, format!("{text}{row}\n")).unwrap();
    };
    append(
        "broaderRelationsSkillPillar.csv",
        format!("KnowledgeSkillCompetence,{GHOST},SkillGroup,{group}"),
        "conceptUri",
    );
    // A real skill given as a skill group: each end is checked against its own kind.
    append(
        "broaderRelationsSkillPillar.csv",
        format!(
            "KnowledgeSkillCompetence,{skill},SkillGroup,{}",
            d.skills[1].uri
        ),
        "broaderUri",
    );
    append(
        "skillSkillRelations.csv",
        format!("{skill},knowledge,optional,knowledge,{GHOST}"),
        "relatedSkillUri",
    );
    append(
        "greenSkillsCollection_en.csv",
        format!("KnowledgeSkillCompetence,{GHOST},x,released,knowledge,cross-sector,,,,"),
        "conceptUri",
    );
    append(
        "occupationSkillRelations.csv",
        format!("{},essential,knowledge,{GHOST}", d.occupations[0].uri),
        "skillUri",
    );
    let read = read(copy.path()).unwrap();
    assert_eq!(read.dataset, original.dataset, "nothing of them is loaded");
    let got: Vec<(String, u64, String)> = read
        .report
        .dangling
        .iter()
        .filter(|x| !original.report.dangling.contains(x))
        .map(|x| (x.file.clone(), x.line, x.field.clone()))
        .collect();
    let mut want = expect;
    want.sort();
    let mut got = got;
    got.sort();
    assert_eq!(got, want);
}

fn descends<'a>(parent_of: &HashMap<&'a str, &'a str>, mut uri: &'a str, ancestor: &str) -> bool {
    while let Some(&p) = parent_of.get(uri) {
        if p == ancestor {
            return true;
        }
        uri = p;
    }
    false
}

/// The URI a hierarchy row describes: the one at its deepest filled level.
fn deepest_uri(row: &csv::StringRecord) -> &str {
    (0..4)
        .rev()
        .filter_map(|l| row.get(2 * l))
        .find(|u| !u.is_empty())
        .unwrap_or_default()
}

#[test]
fn a_hierarchy_node_whose_parent_is_missing_is_reported_with_its_descendants() {
    let original = read(&sample()).unwrap().dataset.hierarchy;
    let parent_of: HashMap<&str, &str> = original
        .iter()
        .filter_map(|n| Some((n.uri.as_str(), n.parent_uri.as_deref()?)))
        .collect();
    let descends_from = |uri: &str, ancestor: &str| descends(&parent_of, uri, ancestor);
    // Drop the row of a level-1 node that has children: they, and theirs, lose their parent.
    let lost = original
        .iter()
        .find(|n| n.level == 1 && original.iter().any(|c| descends_from(&c.uri, &n.uri)))
        .unwrap();
    let under = original
        .iter()
        .filter(|c| descends_from(&c.uri, &lost.uri))
        .count();
    let copy = sample_with("skillsHierarchy_en.csv", |t| {
        let mut rows = csv::ReaderBuilder::new()
            .flexible(true)
            .has_headers(false)
            .from_reader(t.as_bytes());
        let mut out = csv::WriterBuilder::new()
            .flexible(true)
            .from_writer(Vec::new());
        for r in rows.records().map(Result::unwrap) {
            if deepest_uri(&r) != lost.uri {
                out.write_record(&r).unwrap();
            }
        }
        String::from_utf8(out.into_inner().unwrap()).unwrap()
    });
    let got = read(copy.path()).unwrap();
    assert_eq!(got.dataset.hierarchy.len(), original.len() - 1 - under);
    let reported = dangling_in(&got, "skillsHierarchy_en.csv");
    assert_eq!(reported.len(), under);
    assert!(
        reported
            .iter()
            .all(|x| x.reason == "the parent is not a node of the hierarchy")
    );
}

#[test]
fn progress_reports_each_file_from_zero_to_its_size() {
    let mut seen: Vec<(String, u64, u64)> = Vec::new();
    let read = read_esco_dir(&sample(), &mut |p| {
        seen.push((p.file, p.bytes_done, p.bytes_total))
    })
    .unwrap();
    for f in &read.report.files {
        let mine: Vec<_> = seen.iter().filter(|s| s.0 == f.file).collect();
        assert_eq!(mine.first().unwrap().1, 0, "{}", f.file);
        let last = mine.last().unwrap();
        assert_eq!(last.1, last.2, "{}", f.file);
        assert!(mine.windows(2).all(|w| w[0].1 <= w[1].1));
    }
}
