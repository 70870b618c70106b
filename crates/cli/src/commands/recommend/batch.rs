//! `skillpath recommend --all --out FILE`: every jobseeker, streamed. Profiles are read a
//! page at a time on one thread while rayon ranks the previous page on every core, and each
//! page's results are encoded (on every core too) and written before the next is ranked, so
//! a million profiles never sit in memory with their results.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::sync::mpsc;

use anyhow::Context;
use rayon::prelude::*;
use serde::Serialize;
use skillpath_engine::Snapshot;
use skillpath_matcher::{RecommendOptions, Recommendations};
use skillpath_store::Store;

use crate::progress::Progress;

/// Profiles per page: enough to keep both cores busy between reads, few enough that a page
/// with its results stays small.
const PAGE: usize = 2_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    JsonLines,
}

impl Format {
    pub fn from_path(path: &Path) -> anyhow::Result<Self> {
        match path.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("csv") => Ok(Self::Csv),
            Some(e) if e.eq_ignore_ascii_case("jsonl") => Ok(Self::JsonLines),
            _ => anyhow::bail!(
                "--out {}: the file name must end in .csv or .jsonl",
                path.display()
            ),
        }
    }
}

/// One CSV row: a (jobseeker, rank) pair, or the jobseeker alone with the reason when no
/// course passed, so that every person appears in the file.
#[derive(Serialize)]
struct Row<'a> {
    jobseeker_id: &'a str,
    rank: Option<usize>,
    course_id: &'a str,
    title: &'a str,
    provider: &'a str,
    session_start: Option<chrono::NaiveDate>,
    distance_km: Option<f64>,
    score: Option<f64>,
    gap_closed: Option<f64>,
    net_price_minor: Option<u64>,
    currency: &'a str,
    explanation: &'a str,
    targets: &'a str,
    targets_suggested: bool,
}

/// People per encoding task: a page is encoded on every core in pieces this size, then
/// written in order, so the one writer thread only copies bytes.
const CHUNK: usize = 64;

/// `results` as lines of `format`; `header`: the CSV header row first (the file's first
/// piece only).
fn encode(format: Format, results: &[Recommendations], header: bool) -> anyhow::Result<Vec<u8>> {
    match format {
        Format::JsonLines => {
            let mut out = Vec::new();
            for r in results {
                serde_json::to_writer(&mut out, r)?;
                out.push(b'\n');
            }
            Ok(out)
        }
        Format::Csv => {
            let mut w = csv::WriterBuilder::new()
                .has_headers(header)
                .from_writer(Vec::new());
            for r in results {
                csv_rows(&mut w, r)?;
            }
            w.into_inner().map_err(|e| anyhow::anyhow!("{}", e.error()))
        }
    }
}

/// `results` encoded a `CHUNK` at a time on every core, in order.
fn encode_page(
    format: Format,
    results: &[Recommendations],
    first: bool,
) -> anyhow::Result<Vec<Vec<u8>>> {
    results
        .par_chunks(CHUNK)
        .enumerate()
        .map(|(i, chunk)| encode(format, chunk, first && i == 0))
        .collect()
}

fn csv_rows(w: &mut csv::Writer<Vec<u8>>, r: &Recommendations) -> csv::Result<()> {
    let targets = r.gap.targets.join(" ");
    let none = r.ranked.courses.is_empty().then(|| no_course(r));
    let mut row = Row {
        jobseeker_id: &r.profile_id,
        rank: None,
        course_id: "",
        title: "",
        provider: "",
        session_start: None,
        distance_km: None,
        score: None,
        gap_closed: None,
        net_price_minor: None,
        currency: "",
        explanation: none.as_deref().unwrap_or_default(),
        targets: &targets,
        targets_suggested: r.targets_suggested,
    };
    if none.is_some() {
        w.serialize(&row)?;
    }
    for (i, c) in r.ranked.courses.iter().enumerate() {
        row.rank = Some(i + 1);
        row.course_id = &c.course_id;
        row.title = &c.title;
        row.provider = &c.provider;
        row.session_start = Some(c.session_start);
        row.distance_km = c.distance_km;
        row.score = Some(c.score.relevance);
        row.gap_closed = Some(c.score.gap_closed);
        row.net_price_minor = Some(c.score.net_price_minor);
        row.currency = &c.score.currency;
        row.explanation = &c.explanation;
        w.serialize(&row)?;
    }
    Ok(())
}

pub fn run(
    store: &Store,
    snapshot: &Snapshot,
    options: &RecommendOptions,
    out: &Path,
    format: Format,
) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    let total = store.jobseeker_count()? as u64;
    let file = File::create(out).with_context(|| format!("writing {}", out.display()))?;
    let mut sink = BufWriter::new(file);
    let mut progress = Progress::people();
    let mut done = 0u64;
    let mut courses = 0usize;
    let mut unserved = 0u64;
    // One page read ahead: the reader waits while a page is queued, which bounds memory.
    let (tx, rx) = mpsc::sync_channel(1);
    std::thread::scope(|scope| -> anyhow::Result<()> {
        scope.spawn(move || {
            let mut after: Option<String> = None;
            loop {
                let page = store.jobseekers_page(None, after.as_deref(), PAGE);
                let last = match &page {
                    Ok(p) if p.len() == PAGE => p.last().map(|p| p.id.clone()),
                    _ => None,
                };
                if tx.send(page).is_err() || last.is_none() {
                    return;
                }
                after = last;
            }
        });
        for page in rx {
            let page = page.context("reading jobseekers")?;
            let results = page
                .iter()
                .zip(snapshot.matcher.recommend_all(&page, options))
                .map(|(profile, result)| {
                    result.with_context(|| format!("recommending for {}", profile.id))
                })
                .collect::<anyhow::Result<Vec<_>>>()?;
            for r in &results {
                courses += r.ranked.courses.len();
                unserved += u64::from(r.ranked.courses.is_empty());
            }
            let writing = || format!("writing {}", out.display());
            for piece in encode_page(format, &results, done == 0).with_context(writing)? {
                sink.write_all(&piece).with_context(writing)?;
            }
            done += page.len() as u64;
            progress.update("recommending", done, total);
        }
        Ok(())
    })?;
    sink.flush()
        .with_context(|| format!("writing {}", out.display()))?;
    progress.finish();
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "{}: {done} jobseekers, {courses} recommendations; {unserved} with no course that passes their filters",
        out.display()
    );
    println!(
        "done in {seconds:.1} s ({:.0} jobseekers/s, as of {})",
        done as f64 / seconds.max(1e-9),
        snapshot.as_of()
    );
    Ok(())
}

/// Why a person got no course, for the CSV row that stands in for their list.
fn no_course(r: &Recommendations) -> String {
    if r.ranked.candidates == 0 {
        "no course in a language you speak teaches a skill in your gap".to_owned()
    } else {
        format!("no course passes your filters ({})", exclusions(r))
    }
}

/// "too_far 3, mode 2": how many candidates each hard filter removed.
pub fn exclusions(r: &Recommendations) -> String {
    r.ranked
        .excluded
        .iter()
        .map(|(why, n)| {
            let name = serde_json::to_value(why)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_else(|| format!("{why:?}"));
            format!("{name} {n}")
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use skillpath_matcher::{AreaKind, Exclusion, Gap, Ranked, Recommendations};

    use super::{CHUNK, Format, encode, encode_page};

    fn people(n: usize) -> Vec<Recommendations> {
        (0..n)
            .map(|i| Recommendations {
                profile_id: format!("js-{i:04}"),
                as_of: chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
                area: AreaKind::National,
                open_vacancies_in_area: 0,
                targets_suggested: i % 2 == 0,
                pathways: Vec::new(),
                gap: Gap {
                    targets: vec![format!("occupation-{i}")],
                    skills: Vec::new(),
                },
                ranked: Ranked {
                    candidates: i,
                    examined: i,
                    excluded: [(Exclusion::TooFar, i as u32)].into_iter().collect(),
                    ..Ranked::default()
                },
            })
            .collect()
    }

    #[test]
    fn a_page_encoded_in_pieces_on_every_core_is_the_page_encoded_whole() {
        let page = people(CHUNK * 3 + 5);
        for format in [Format::Csv, Format::JsonLines] {
            for first in [true, false] {
                let pieces = encode_page(format, &page, first).unwrap();
                assert_eq!(pieces.len(), 4);
                let whole = encode(format, &page, first).unwrap();
                assert_eq!(pieces.concat(), whole, "{format:?}, first page {first}");
            }
        }
        // One header, at the top of the file's first page only.
        let first = encode_page(Format::Csv, &page, true).unwrap().concat();
        let text = String::from_utf8(first).unwrap();
        assert_eq!(text.matches("jobseeker_id").count(), 1);
        assert!(text.starts_with("jobseeker_id,"));
        assert_eq!(text.lines().count(), page.len() + 1);
        let later = encode_page(Format::Csv, &page, false).unwrap().concat();
        assert!(!String::from_utf8(later).unwrap().contains("jobseeker_id"));
    }
}
