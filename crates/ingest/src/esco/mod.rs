//! The official ESCO CSV download (English), v1.1.x or v1.2.x, read into an `EscoDataset`.
//!
//! Skills, occupations and their relations are required: without them there is nothing to
//! match. The other files (groups, hierarchy, relations, collections) enrich the taxonomy and
//! are read when present; the report lists the ones that were absent.

mod concepts;
mod error;
mod relations;
mod table;

use std::path::{Path, PathBuf};

use skillpath_domain::esco::{Collection, EscoDataset};

pub use error::EscoError;
use relations::Known;
use table::Table;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EscoProgress {
    pub file: String,
    pub bytes_done: u64,
    pub bytes_total: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileSummary {
    pub file: String,
    pub rows_read: u64,
    pub rows_kept: u64,
}

/// A well-formed row left out because it points to a concept that is not there (or repeats
/// an earlier row).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Dangling {
    pub file: String,
    pub line: u64,
    pub field: String,
    pub uri: String,
    pub reason: String,
}

#[derive(Debug, Clone, Default)]
pub struct EscoReport {
    pub files: Vec<FileSummary>,
    /// Optional files that were not in the folder.
    pub absent: Vec<String>,
    pub dangling: Vec<Dangling>,
    pub release_hint: Option<String>,
}

#[derive(Debug, Clone)]
pub struct EscoRead {
    pub dataset: EscoDataset,
    pub report: EscoReport,
}

const COLLECTIONS: [(&str, Collection); 7] = [
    ("greenSkillsCollection", Collection::Green),
    ("digitalSkillsCollection", Collection::Digital),
    ("digCompSkillsCollection", Collection::DigComp),
    ("transversalSkillsCollection", Collection::Transversal),
    ("languageSkillsCollection", Collection::Language),
    ("researchSkillsCollection", Collection::ResearchSkills),
    (
        "researchOccupationsCollection",
        Collection::ResearchOccupations,
    ),
];

/// v1.1.x names some files without `_en`, v1.2.x with it.
fn find(dir: &Path, stem: &str) -> Option<PathBuf> {
    [format!("{stem}_en.csv"), format!("{stem}.csv")]
        .into_iter()
        .map(|name| dir.join(name))
        .find(|p| p.is_file())
}

fn required(dir: &Path, stem: &str) -> Result<PathBuf, EscoError> {
    find(dir, stem).ok_or_else(|| EscoError::MissingFile {
        dir: dir.display().to_string(),
        file: format!("{stem}_en.csv"),
    })
}

pub fn read_esco_dir(
    dir: &Path,
    progress: &mut dyn FnMut(EscoProgress),
) -> Result<EscoRead, EscoError> {
    let skills_path = required(dir, "skills")?;
    let occupations_path = required(dir, "occupations")?;
    let relations_path = required(dir, "occupationSkillRelations")?;
    let mut data = EscoDataset::default();
    let mut report = EscoReport {
        release_hint: release_hint(dir),
        ..EscoReport::default()
    };

    data.skills = read(
        &skills_path,
        false,
        progress,
        &mut report,
        concepts::skills,
        |v| v.len(),
    )?;
    data.occupations = read(
        &occupations_path,
        false,
        progress,
        &mut report,
        concepts::occupations,
        |v| v.len(),
    )?;
    if let Some(p) = optional(dir, "skillGroups", &mut report) {
        data.skill_groups = read(
            &p,
            false,
            progress,
            &mut report,
            concepts::skill_groups,
            |v| v.len(),
        )?;
    }
    if let Some(p) = optional(dir, "ISCOGroups", &mut report) {
        data.isco_groups = read(
            &p,
            false,
            progress,
            &mut report,
            concepts::isco_groups,
            |v| v.len(),
        )?;
    }

    // Relations borrow the concept URIs; they are collected apart and moved in afterwards.
    let mut dangling = Vec::new();
    let (occupation_skills, broader, skill_relations, collections) = {
        let known = Known {
            skills: data.skills.iter().map(|s| s.uri.as_str()).collect(),
            skill_groups: data.skill_groups.iter().map(|s| s.uri.as_str()).collect(),
            occupations: data.occupations.iter().map(|s| s.uri.as_str()).collect(),
            isco_groups: data.isco_groups.iter().map(|s| s.uri.as_str()).collect(),
        };
        let occupation_skills = read(
            &relations_path,
            false,
            progress,
            &mut report,
            |t| relations::occupation_skills(t, &known, &mut dangling),
            |v| v.len(),
        )?;
        let mut broader = Vec::new();
        for stem in ["broaderRelationsSkillPillar", "broaderRelationsOccPillar"] {
            if let Some(p) = optional(dir, stem, &mut report) {
                broader.extend(read(
                    &p,
                    false,
                    progress,
                    &mut report,
                    |t| relations::broader(t, &known, &mut dangling),
                    |v| v.len(),
                )?);
            }
        }
        let mut skill_relations = Vec::new();
        if let Some(p) = optional(dir, "skillSkillRelations", &mut report) {
            skill_relations = read(
                &p,
                false,
                progress,
                &mut report,
                |t| relations::skill_relations(t, &known, &mut dangling),
                |v| v.len(),
            )?;
        }
        let mut collections = Vec::new();
        for (stem, collection) in COLLECTIONS {
            if let Some(p) = optional(dir, stem, &mut report) {
                collections.extend(read(
                    &p,
                    false,
                    progress,
                    &mut report,
                    |t| relations::collection(t, collection, &known, &mut dangling),
                    |v| v.len(),
                )?);
            }
        }
        (occupation_skills, broader, skill_relations, collections)
    };
    data.occupation_skills = occupation_skills;
    data.broader = broader;
    data.skill_relations = skill_relations;
    data.collections = collections;
    if let Some(p) = optional(dir, "skillsHierarchy", &mut report) {
        data.hierarchy = read(&p, true, progress, &mut report, relations::hierarchy, |v| {
            v.len()
        })?;
    }
    report.dangling = dangling;
    Ok(EscoRead {
        dataset: data,
        report,
    })
}

fn optional(dir: &Path, stem: &str, report: &mut EscoReport) -> Option<PathBuf> {
    let found = find(dir, stem);
    if found.is_none() {
        report.absent.push(format!("{stem}_en.csv"));
    }
    found
}

fn read<T>(
    path: &Path,
    ragged_ok: bool,
    progress: &mut dyn FnMut(EscoProgress),
    report: &mut EscoReport,
    parse: impl FnOnce(&mut Table<'_>) -> Result<T, EscoError>,
    kept: impl Fn(&T) -> usize,
) -> Result<T, EscoError> {
    let mut table = Table::open(path, ragged_ok, progress)?;
    let value = parse(&mut table)?;
    report.files.push(FileSummary {
        file: table.file.clone(),
        rows_read: table.rows_read(),
        rows_kept: kept(&value) as u64,
    });
    Ok(value)
}

/// The official download folders are named after the release (`esco-v1.1.1`, `ESCO dataset - v1.2.0 - classification - en - csv`).
fn release_hint(dir: &Path) -> Option<String> {
    let name = dir
        .canonicalize()
        .ok()?
        .file_name()?
        .to_string_lossy()
        .into_owned();
    let start = name.find(['v', 'V'])?;
    let version: String = name[start + 1..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    (version.contains('.')).then(|| format!("v{}", version.trim_end_matches('.')))
}
