//! The official ESCO CSV download (English), v1.1.x or v1.2.x, read into an `EscoDataset`.
//!
//! Which files are required and why is in `files`; what stops the read and what is only
//! reported is in `error`. Columns are found by header name, so releases may order them
//! differently.

mod concepts;
mod error;
mod files;
mod hierarchy;
mod known;
mod relations;
mod row;
mod table;

use std::path::Path;

use skillpath_domain::esco::EscoDataset;

pub use error::EscoError;
use files::{Files, file_name};
use known::{Index, Known};
use table::{Shape, Table};

/// Where reading is, for a progress bar: bytes of the file being read. Sent when a file is
/// opened, every few thousand rows, and when it is finished.
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
/// an earlier row; the reason says which).
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
    /// The files read, in reading order.
    pub files: Vec<FileSummary>,
    /// Optional files that were not in the folder, by their v1.2 name.
    pub absent: Vec<String>,
    pub dangling: Vec<Dangling>,
    /// The release, when the folder name gives it (`esco-v1.1.1` → `v1.1.1`).
    pub release_hint: Option<String>,
}

#[derive(Debug, Clone)]
pub struct EscoRead {
    pub dataset: EscoDataset,
    pub report: EscoReport,
}

/// Reads the ESCO CSV files in `dir`. Stops at the first malformed row with an error naming
/// file, line, field and reason; rows pointing to absent concepts, and repeated rows, are
/// left out and listed in the report.
pub fn read_esco_dir(
    dir: &Path,
    progress: &mut dyn FnMut(EscoProgress),
) -> Result<EscoRead, EscoError> {
    let files = Files::locate(dir)?;
    let mut run = Run {
        progress,
        report: EscoReport {
            absent: files.absent.clone(),
            release_hint: release_hint(dir),
            ..EscoReport::default()
        },
    };
    let mut data = EscoDataset {
        skills: run.file(&files.skills, Shape::Strict, concepts::skills)?,
        occupations: run.file(&files.occupations, Shape::Strict, concepts::occupations)?,
        ..EscoDataset::default()
    };
    if let Some(p) = &files.skill_groups {
        data.skill_groups = run.file(p, Shape::Strict, concepts::skill_groups)?;
    }
    if let Some(p) = &files.isco_groups {
        data.isco_groups = run.file(p, Shape::Strict, concepts::isco_groups)?;
    }
    // Before the relations, so that a broader row naming a group only the hierarchy lists
    // can say so in its report.
    if let Some(p) = &files.hierarchy {
        data.hierarchy = run.file(p, Shape::Ragged, hierarchy::hierarchy)?;
    }

    // Relations resolve against the concepts just read; they are collected apart and moved
    // in afterwards, since the index borrows the concepts' URIs.
    let (occupation_skills, broader, skill_relations, collections) = {
        let known = known(&data, &files);
        let occupation_skills = run.file(&files.occupation_skills, Shape::Strict, |t, r| {
            relations::occupation_skills(t, &known, r)
        })?;
        let mut broader = Vec::new();
        for p in &files.broader {
            broader.extend(run.file(p, Shape::Strict, |t, r| relations::broader(t, &known, r))?);
        }
        let mut skill_relations = Vec::new();
        if let Some(p) = &files.skill_relations {
            skill_relations = run.file(p, Shape::Strict, |t, r| {
                relations::skill_relations(t, &known, r)
            })?;
        }
        let mut collections = Vec::new();
        for (p, collection) in &files.collections {
            collections.extend(run.file(p, Shape::Strict, |t, r| {
                relations::collection(t, *collection, &known, r)
            })?);
        }
        (occupation_skills, broader, skill_relations, collections)
    };
    data.occupation_skills = occupation_skills;
    data.broader = broader;
    data.skill_relations = skill_relations;
    data.collections = collections;
    Ok(EscoRead {
        dataset: data,
        report: run.report,
    })
}

fn known<'a>(data: &'a EscoDataset, files: &Files) -> Known<'a> {
    let name = |p: &Option<std::path::PathBuf>| p.as_deref().map(file_name);
    Known {
        skills: Index::new(
            data.skills.iter().map(|c| c.uri.as_str()),
            Some(file_name(&files.skills)),
        ),
        occupations: Index::new(
            data.occupations.iter().map(|c| c.uri.as_str()),
            Some(file_name(&files.occupations)),
        ),
        skill_groups: Index::new(
            data.skill_groups.iter().map(|c| c.uri.as_str()),
            name(&files.skill_groups),
        ),
        isco_groups: Index::new(
            data.isco_groups.iter().map(|c| c.uri.as_str()),
            name(&files.isco_groups),
        ),
        hierarchy: data.hierarchy.iter().map(|n| n.uri.as_str()).collect(),
    }
}

/// What every file read shares: the progress callback and the report it adds to.
struct Run<'p> {
    progress: &'p mut dyn FnMut(EscoProgress),
    report: EscoReport,
}

impl Run<'_> {
    fn file<T>(
        &mut self,
        path: &Path,
        shape: Shape,
        parse: impl FnOnce(&mut Table<'_>, &mut Vec<Dangling>) -> Result<Vec<T>, EscoError>,
    ) -> Result<Vec<T>, EscoError> {
        let mut table = Table::open(path, shape, &mut *self.progress)?;
        let kept = parse(&mut table, &mut self.report.dangling)?;
        self.report.files.push(FileSummary {
            file: table.file.clone(),
            rows_read: table.rows_read(),
            rows_kept: kept.len() as u64,
        });
        Ok(kept)
    }
}

/// The official download folders are named after the release (`esco-v1.1.1`, `ESCO dataset -
/// v1.2.0 - classification - en - csv`); the files themselves do not say.
fn release_hint(dir: &Path) -> Option<String> {
    let name = dir
        .canonicalize()
        .ok()?
        .file_name()?
        .to_string_lossy()
        .into_owned();
    name.match_indices(['v', 'V']).find_map(|(at, _)| {
        let version: String = name[at + 1..]
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        let version = version.trim_end_matches('.');
        (version.contains('.') && version.starts_with(|c: char| c.is_ascii_digit()))
            .then(|| format!("v{version}"))
    })
}
