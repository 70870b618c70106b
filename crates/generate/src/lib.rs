//! Synthetic vacancies, courses, jobseekers and their outcome events over the full ESCO
//! taxonomy, at the scale tiers of the design notes, in the file formats of `data/sample/`:
//! for benchmarks of the matcher and the reports and for load tests, never for people.
//!
//! The shapes are what the matcher's speed and ranking depend on: demand concentrated on a
//! few occupations and tilted by region, vacancies asking for subsets of their occupation's
//! skills, courses biased toward skills in demand with a long tail, jobseekers whose skills
//! come from their work history. Output is deterministic for a seed (and an as-of date):
//! the same bytes on any machine and any number of threads.
//!
//! Error policy: one `thiserror` enum; I/O errors carry the path they concern.

mod courses;
mod jobseekers;
mod outcome_rates;
mod outcomes;
mod pick;
mod providers;
mod regions;
mod text;
mod tier;
mod vacancies;
mod world;
mod write;

use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::NaiveDate;
use skillpath_domain::esco::EscoDataset;

pub use tier::{Counts, Tier, UnknownTier, tier_from_str};
pub use vacancies::HEADER as VACANCY_COLUMNS;
pub use write::FileSummary;

/// The file names written into the output folder.
pub const FILES: [&str; 4] = [
    vacancies::FILE,
    courses::FILE,
    jobseekers::FILE,
    outcomes::FILE,
];

/// Random stream tags of the files; outcomes regenerate people from the jobseekers' one.
const JOBSEEKER_STREAM: u64 = 3;
const OUTCOME_STREAM: u64 = 4;

/// The day the generated world is seen from, unless told otherwise: vacancies were posted
/// in the twelve months before it, sessions start in the year after. Fixed, so that a seed
/// names one data set for good and benchmark figures stay comparable.
pub fn default_as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 1).expect("a valid date")
}

#[derive(Debug, thiserror::Error)]
pub enum GenerateError {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the taxonomy has no occupation with an essential skill: nothing to generate from")]
    EmptyTaxonomy,
    #[error("encoding a {what} row: {reason}")]
    Encode { what: &'static str, reason: String },
}

#[derive(Debug, Clone, PartialEq)]
pub struct GenerateSummary {
    pub tier: Tier,
    pub seed: u64,
    pub as_of: NaiveDate,
    pub vacancies: FileSummary,
    pub courses: FileSummary,
    pub jobseekers: FileSummary,
    /// `rows` counts events here; `sub_records` the people they are about.
    pub outcomes: FileSummary,
    /// Course sessions (the L tier is sized in sessions).
    pub sessions: u64,
    /// Occupations that can be drawn (those with essential skills), and all skills.
    pub occupations: usize,
    pub skills: usize,
    pub seconds: f64,
}

/// Writes `vacancies.csv`, `courses.jsonl`, `jobseekers.jsonl` and `outcomes.jsonl` for `tier` into `out_dir`
/// (created if needed), as of `default_as_of()`. `progress` hears (file name, rows done, rows
/// in the file) as each batch lands.
pub fn generate(
    esco: &EscoDataset,
    tier: Tier,
    seed: u64,
    out_dir: &Path,
    progress: &mut dyn FnMut(&str, u64, u64),
) -> Result<GenerateSummary, GenerateError> {
    generate_as_of(esco, tier, seed, default_as_of(), out_dir, progress)
}

/// `generate`, seen from another day (for data that looks current when a benchmark runs).
pub fn generate_as_of(
    esco: &EscoDataset,
    tier: Tier,
    seed: u64,
    as_of: NaiveDate,
    out_dir: &Path,
    progress: &mut dyn FnMut(&str, u64, u64),
) -> Result<GenerateSummary, GenerateError> {
    let started = Instant::now();
    std::fs::create_dir_all(out_dir).map_err(|source| GenerateError::Io {
        path: out_dir.to_path_buf(),
        source,
    })?;
    let world = world::World::new(esco, seed, as_of)?;
    let counts = tier.counts();
    tracing::info!(%tier, seed, %as_of, occupations = world.occs.len(), "generating");

    let vacancies = write::write_file(
        out_dir,
        vacancies::FILE,
        &vacancies::header(),
        counts.vacancies,
        seed,
        1,
        &vacancies::Vacancies { world: &world },
        progress,
    )?;
    let courses = write::write_file(
        out_dir,
        courses::FILE,
        b"",
        counts.courses,
        seed,
        2,
        &courses::Courses { world: &world },
        progress,
    )?;
    let jobseekers = write::write_file(
        out_dir,
        jobseekers::FILE,
        b"",
        counts.jobseekers,
        seed,
        JOBSEEKER_STREAM,
        &jobseekers::Jobseekers { world: &world },
        progress,
    )?;
    let history = outcomes::Outcomes::new(
        &world,
        seed,
        JOBSEEKER_STREAM,
        counts.courses,
        counts.jobseekers,
        counts.outcome_events,
    );
    // Chunked by person, like the jobseekers file, so each chunk regenerates its people.
    let by_person = write::write_file(
        out_dir,
        outcomes::FILE,
        b"",
        counts.jobseekers,
        seed,
        OUTCOME_STREAM,
        &history,
        progress,
    )?;
    let outcomes = FileSummary {
        rows: by_person.sub_records,
        sub_records: by_person.rows,
        ..by_person
    };
    let summary = GenerateSummary {
        tier,
        seed,
        as_of,
        sessions: courses.sub_records,
        vacancies,
        courses,
        jobseekers,
        outcomes,
        occupations: world.occs.len(),
        skills: world.skill_uris.len(),
        seconds: started.elapsed().as_secs_f64(),
    };
    tracing::info!(
        seconds = summary.seconds,
        sessions = summary.sessions,
        "generated"
    );
    Ok(summary)
}
