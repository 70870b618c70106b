//! `skillpath generate`: synthetic data at the scale tiers, for benchmarks and load tests.

use std::path::Path;

use anyhow::Context;
use chrono::NaiveDate;
use skillpath_domain::esco::EscoDataset;
use skillpath_generate::{GenerateSummary, Tier, generate_as_of};
use skillpath_ingest::esco::read_esco_dir;

use crate::progress::Progress;
use crate::settings::Settings;

pub struct Args<'a> {
    pub tier: Tier,
    pub out: &'a Path,
    pub seed: u64,
    pub as_of: Option<NaiveDate>,
    /// Read the taxonomy from an ESCO download instead of the configured database.
    pub esco: Option<&'a Path>,
}

pub fn run(settings: &Settings, args: Args<'_>) -> anyhow::Result<()> {
    let esco = taxonomy(settings, args.esco)?;
    let as_of = args.as_of.unwrap_or_else(skillpath_generate::default_as_of);
    let mut progress = Progress::rows();
    let summary = generate_as_of(
        &esco,
        args.tier,
        args.seed,
        as_of,
        args.out,
        &mut |f, d, t| progress.update(f, d, t),
    )
    .with_context(|| format!("generating tier {} into {}", args.tier, args.out.display()))?;
    progress.finish();
    print_summary(&summary);
    Ok(())
}

fn taxonomy(settings: &Settings, dir: Option<&Path>) -> anyhow::Result<EscoDataset> {
    let esco = match dir {
        Some(dir) => {
            read_esco_dir(dir, &mut |_| {})
                .with_context(|| format!("reading ESCO from {}", dir.display()))?
                .dataset
        }
        None => super::open_store(settings)?
            .taxonomy()
            .context("reading the taxonomy from the database")?,
    };
    anyhow::ensure!(
        !esco.occupations.is_empty(),
        "no ESCO occupations to generate from; run `skillpath ingest esco DIR` first or pass --esco DIR"
    );
    Ok(esco)
}

fn print_summary(s: &GenerateSummary) {
    println!(
        "tier {} (seed {}, as of {}) over {} occupations and {} skills",
        s.tier, s.seed, s.as_of, s.occupations, s.skills
    );
    for (what, f) in [
        ("vacancies", &s.vacancies),
        ("courses", &s.courses),
        ("jobseekers", &s.jobseekers),
        ("outcomes", &s.outcomes),
    ] {
        println!(
            "  {what:<10} {:>9} rows {:>8.1} MB  {}",
            f.rows,
            f.bytes as f64 / 1e6,
            f.path.display()
        );
    }
    println!(
        "  sessions   {:>9}\n  (outcomes: rows are events, about {} people)",
        s.sessions, s.outcomes.sub_records
    );
    println!("done in {:.1} s", s.seconds);
}
