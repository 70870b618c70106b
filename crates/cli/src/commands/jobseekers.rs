use std::path::Path;

use anyhow::Context;
use skillpath_ingest::jobseekers::read_jobseekers;
use skillpath_store::{JobseekerInput, Store};

use super::rejections;
use crate::settings::Settings;

/// Loads jobseeker profiles and their group flags in one transaction, every broken row
/// reported. With `--strict` one broken row refuses the whole file.
pub fn run(
    settings: &Settings,
    file: &Path,
    strict: bool,
    report: Option<&Path>,
) -> anyhow::Result<()> {
    load(&super::open_store(settings)?, file, strict, report)
}

pub fn load(store: &Store, file: &Path, strict: bool, report: Option<&Path>) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    let read = read_jobseekers(file)?;
    rejections::show(&read.rejected, report)?;
    rejections::refuse_if_strict(strict, file, &read.rejected, read.rows)?;

    let inputs: Vec<JobseekerInput<'_>> = read
        .records
        .iter()
        .map(|r| JobseekerInput {
            profile: &r.profile,
            groups: r.groups.as_ref(),
        })
        .collect();
    let summary = store
        .upsert_jobseekers(&inputs, &rejections::source_name(file))
        .context("storing jobseekers")?;
    println!("{}: {} rows read", file.display(), read.rows);
    println!(
        "  {} loaded ({} new, {} updated; group flags recorded for {}), {} rejected",
        read.records.len(),
        summary.inserted,
        summary.updated,
        summary.groups_recorded,
        rejections::rows(&read.rejected)
    );
    println!(
        "  the database holds {} jobseekers",
        store.jobseeker_count()?
    );
    println!("done in {:.1} s", started.elapsed().as_secs_f64());
    Ok(())
}
