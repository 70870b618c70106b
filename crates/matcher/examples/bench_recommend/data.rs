//! The benchmark's inputs: full ESCO, and generated vacancies, courses and jobseekers at a
//! tier's course and vacancy counts. Only as many jobseekers as the run measures are
//! generated: the generator seeds each chunk of rows on its own, so these are the first
//! jobseekers of the full tier, and the run does not write or parse a million profiles.

use std::path::{Path, PathBuf};
use std::time::Instant;

use skillpath_domain::course::Course;
use skillpath_domain::esco::EscoDataset;
use skillpath_domain::jobseeker::Profile;
use skillpath_domain::vacancy::Vacancy;
use skillpath_generate::Tier;

pub const SEED: u64 = 1;

/// The generated files, read one at a time so that vacancies are gone (counted into demand)
/// before courses are read: the process's peak is the matcher's, not the inputs' sum.
pub struct Generated {
    dir: PathBuf,
    pub profiles: Vec<Profile>,
}

impl Generated {
    pub fn vacancies(&self) -> Result<Vec<Vacancy>, Box<dyn std::error::Error>> {
        let t = Instant::now();
        let v = skillpath_ingest::vacancies::read_vacancies(
            &file(&self.dir, "vacancies.csv"),
            &Default::default(),
        )?
        .records;
        println!("read vacancies.csv: {:.1} s", t.elapsed().as_secs_f64());
        Ok(v)
    }

    pub fn courses(&self) -> Result<Vec<Course>, Box<dyn std::error::Error>> {
        Ok(skillpath_ingest::courses::read_courses(
            &file(&self.dir, "courses.jsonl"),
            &Default::default(),
        )?
        .records
        .into_iter()
        .map(|r| r.course)
        .collect())
    }
}

#[derive(serde::Deserialize)]
struct Line {
    profile: Profile,
}

/// Generates the tier (once: files are kept in `dir` and reused when complete) and reads it.
pub fn load(
    esco: &EscoDataset,
    tier: Tier,
    jobseekers: u64,
    dir: &Path,
) -> Result<Generated, Box<dyn std::error::Error>> {
    let counts = tier.counts();
    let custom = Tier::Custom {
        courses: counts.courses,
        vacancies: counts.vacancies,
        jobseekers,
    };
    let stamp = dir.join("complete");
    let wanted = format!("{custom:?} seed {SEED}");
    if std::fs::read_to_string(&stamp).ok().as_deref() != Some(wanted.as_str()) {
        let t = Instant::now();
        skillpath_generate::generate(esco, custom, SEED, dir, &mut |_, _, _| {})?;
        std::fs::write(&stamp, &wanted)?;
        println!(
            "generated {} courses, {} vacancies, {jobseekers} jobseekers into {}: {:.1} s",
            counts.courses,
            counts.vacancies,
            dir.display(),
            t.elapsed().as_secs_f64()
        );
    } else {
        println!("reusing generated data in {}", dir.display());
    }
    let t = Instant::now();
    let profiles = std::fs::read_to_string(file(dir, "jobseekers.jsonl"))?
        .lines()
        .map(|l| serde_json::from_str::<Line>(l).map(|l| l.profile))
        .collect::<Result<_, _>>()?;
    println!("read jobseekers.jsonl: {:.1} s", t.elapsed().as_secs_f64());
    Ok(Generated {
        dir: dir.to_owned(),
        profiles,
    })
}

fn file(dir: &Path, name: &str) -> PathBuf {
    dir.join(name)
}
