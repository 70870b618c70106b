//! Which files make up an ESCO download, and where each one is in a folder.
//!
//! Required: skills, occupations and the occupation–skill relations. skillpath matches people
//! to occupations through skills, so a folder without one of these three has nothing to match
//! and is almost certainly the wrong folder; refusing it early beats loading an empty taxonomy.
//! Everything else (groups, hierarchy, skill–skill and broader relations, collections) enriches
//! the taxonomy, and ESCO offers partial downloads without some of them, so an absent one is
//! listed in the report and reading goes on. Rows that point into an absent concept file are
//! reported as dangling, with the absent file as the reason.

use std::path::{Path, PathBuf};

use skillpath_domain::esco::Collection;

use super::error::EscoError;

/// The collection files and the collection each one fills.
pub const COLLECTIONS: [(&str, Collection); 7] = [
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

/// Every file the reader knows, located in one folder.
#[derive(Debug)]
pub struct Files {
    pub skills: PathBuf,
    pub occupations: PathBuf,
    pub occupation_skills: PathBuf,
    pub skill_groups: Option<PathBuf>,
    pub isco_groups: Option<PathBuf>,
    pub hierarchy: Option<PathBuf>,
    pub broader: Vec<PathBuf>,
    pub skill_relations: Option<PathBuf>,
    pub collections: Vec<(PathBuf, Collection)>,
    /// Optional files not found, by their v1.2 name.
    pub absent: Vec<String>,
}

impl Files {
    pub fn locate(dir: &Path) -> Result<Files, EscoError> {
        if !dir.is_dir() {
            return Err(EscoError::Io {
                file: dir.display().to_string(),
                source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such folder"),
            });
        }
        let skills = required(dir, "skills")?;
        let occupations = required(dir, "occupations")?;
        let occupation_skills = required(dir, "occupationSkillRelations")?;
        let mut absent = Vec::new();
        let mut optional = |stem: &str| -> Result<Option<PathBuf>, EscoError> {
            let found = find(dir, stem)?;
            if found.is_none() {
                absent.push(format!("{stem}_en.csv"));
            }
            Ok(found)
        };
        let skill_groups = optional("skillGroups")?;
        let isco_groups = optional("ISCOGroups")?;
        let hierarchy = optional("skillsHierarchy")?;
        let mut broader = Vec::new();
        for stem in ["broaderRelationsSkillPillar", "broaderRelationsOccPillar"] {
            broader.extend(optional(stem)?);
        }
        let skill_relations = optional("skillSkillRelations")?;
        let mut collections = Vec::new();
        for (stem, collection) in COLLECTIONS {
            collections.extend(optional(stem)?.map(|p| (p, collection)));
        }
        Ok(Files {
            skills,
            occupations,
            occupation_skills,
            skill_groups,
            isco_groups,
            hierarchy,
            broader,
            skill_relations,
            collections,
            absent,
        })
    }
}

/// v1.1.x names the relation files without `_en`, v1.2.x with it; both are accepted. A folder
/// holding both spellings mixes two releases, and picking one silently could load the wrong one.
fn find(dir: &Path, stem: &str) -> Result<Option<PathBuf>, EscoError> {
    let with = dir.join(format!("{stem}_en.csv"));
    let without = dir.join(format!("{stem}.csv"));
    match (with.is_file(), without.is_file()) {
        (true, true) => Err(EscoError::Ambiguous {
            dir: dir.display().to_string(),
            first: format!("{stem}_en.csv"),
            second: format!("{stem}.csv"),
        }),
        (true, false) => Ok(Some(with)),
        (false, true) => Ok(Some(without)),
        (false, false) => Ok(None),
    }
}

fn required(dir: &Path, stem: &str) -> Result<PathBuf, EscoError> {
    find(dir, stem)?.ok_or_else(|| EscoError::MissingFile {
        dir: dir.display().to_string(),
        file: format!("{stem}_en.csv"),
    })
}

/// The file name for messages: the report and errors name files, not whole paths.
pub fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}
