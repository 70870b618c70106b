use std::collections::BTreeMap;
use std::path::Path;

use anyhow::Context;
use skillpath_ingest::courses::{ColumnMap, CourseOptions, read_courses};
use skillpath_ingest::vacancies::Format;
use skillpath_store::{CourseInput, Store};

use super::rejections;
use crate::settings::Settings;

pub struct Options<'a> {
    pub format: Option<&'a str>,
    pub map: &'a [String],
    pub strict: bool,
    pub report: Option<&'a Path>,
}

/// Loads a course catalogue in one transaction, every broken row reported. Courses that
/// leave standard elements out load and are counted as incomplete; nothing is filled in.
pub fn run(settings: &Settings, file: &Path, opts: &Options<'_>) -> anyhow::Result<()> {
    load(&super::open_store(settings)?, file, opts)
}

pub fn load(store: &Store, file: &Path, opts: &Options<'_>) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    let map = ColumnMap::parse(opts.map).map_err(|e| anyhow::anyhow!("--map {e}"))?;
    let format = opts.format.map(|f| match f {
        "jsonl" => Format::JsonLines,
        "json" => Format::Json,
        _ => Format::Csv,
    });
    let read = read_courses(file, &CourseOptions { map, format })?;
    rejections::show(&read.rejected, opts.report)?;
    rejections::refuse_if_strict(opts.strict, file, &read.rejected, read.rows)?;

    let inputs: Vec<CourseInput<'_>> = read
        .records
        .iter()
        .map(|r| CourseInput {
            course: &r.course,
            incomplete: &r.missing,
        })
        .collect();
    let summary = store
        .upsert_courses(&inputs, &rejections::source_name(file))
        .context("storing courses")?;
    let mut missing: BTreeMap<&str, usize> = BTreeMap::new();
    for r in &read.records {
        for element in &r.missing {
            *missing.entry(element).or_default() += 1;
        }
    }
    let incomplete = read
        .records
        .iter()
        .filter(|r| !r.missing.is_empty())
        .count();
    let counts = store.course_counts()?;
    println!("{}: {} rows read", file.display(), read.rows);
    println!(
        "  {} loaded ({} new, {} updated), {} rejected, {} incomplete",
        read.records.len(),
        summary.inserted,
        summary.updated,
        rejections::rows(&read.rejected),
        incomplete
    );
    if !missing.is_empty() {
        let listed: Vec<String> = missing.iter().map(|(e, n)| format!("{e} {n}")).collect();
        println!("  not stated by the source: {}", listed.join(", "));
    }
    println!(
        "  the database holds {} courses ({} incomplete), {} sessions",
        counts.courses, counts.incomplete, counts.sessions
    );
    println!("done in {:.1} s", started.elapsed().as_secs_f64());
    Ok(())
}
