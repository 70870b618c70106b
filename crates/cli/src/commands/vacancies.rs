mod reject_log;
mod writer;

use std::path::Path;

use anyhow::Context;
use skillpath_ingest::rejects::Rejected;
use skillpath_ingest::vacancies::{ColumnMap, Inference, VacancyReader};

use skillpath_store::Store;

use crate::settings::Settings;
use reject_log::RejectLog;

/// Rows read, inferred and stored per step and per transaction: large enough that commits
/// cost little and every core has work, small enough that a step's vacancies and
/// inferences stay a few MB whatever the size of the file.
const BATCH: usize = 5_000;

pub struct Options<'a> {
    pub map: &'a [String],
    pub strict: bool,
    pub report: Option<&'a Path>,
}

/// Loads a vacancy file a batch at a time: every broken row reported, valid rows stored in
/// transactions of [`BATCH`] after skill extraction and title normalisation, the next batch
/// read and extracted while one is written. Under
/// `--strict` a first pass reads the whole file and writes nothing, so one broken row
/// refuses the file with the database as it was; without it, a database failure part-way
/// leaves the batches before it stored, and the error says how many rows that was.
pub fn run(settings: &Settings, file: &Path, opts: &Options<'_>) -> anyhow::Result<()> {
    load(&super::open_store(settings)?, file, opts)
}

pub fn load(store: &Store, file: &Path, opts: &Options<'_>) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    let map = ColumnMap::parse(opts.map).map_err(|e| anyhow::anyhow!("--map {e}"))?;
    let mut log = RejectLog::new(opts.report)?;
    if opts.strict {
        let mut reader = VacancyReader::open(file, &map)?;
        let mut rows = 0;
        while let Some(chunk) = reader.next_chunk(BATCH)? {
            rows += chunk.rows;
            log.add(&chunk.rejected)?;
        }
        log.finish()?;
        if log.rows() > 0 {
            anyhow::bail!(
                "{}: {} of {rows} rows rejected; --strict loads nothing",
                file.display(),
                log.rows()
            );
        }
    }
    let mut reader = VacancyReader::open(file, &map)?;
    let source = super::rejections::source_name(file);
    let inference = inference(store)?;
    let ((rows, loaded, extracted, normalised), summary) =
        writer::storing(store, &source, |store| {
            let (mut rows, mut loaded, mut extracted, mut normalised) = (0, 0, 0, 0);
            while let Some(chunk) = reader.next_chunk(BATCH)? {
                rows += chunk.rows;
                if opts.strict {
                    anyhow::ensure!(
                        chunk.rejected.is_empty(),
                        "{} changed while it was loaded: {} (the rows before it are stored)",
                        file.display(),
                        chunk.rejected[0],
                    );
                } else {
                    log.add(&chunk.rejected)?;
                }
                let inferred = match &inference {
                    Some(inference) => inference.infer_all(&chunk.records)?,
                    None => Vec::new(),
                };
                extracted += inferred.iter().filter(|i| !i.skills.is_empty()).count();
                normalised += inferred.iter().filter(|i| i.occupation.is_some()).count();
                loaded += chunk.records.len();
                if !store(chunk.records, inferred) {
                    break;
                }
            }
            Ok((rows, loaded, extracted, normalised))
        })?;
    if !opts.strict {
        log.finish()?;
    }
    let (all, open) = store.vacancy_counts(chrono::Utc::now().date_naive())?;
    println!("{}: {rows} rows read", file.display());
    println!(
        "  {loaded} loaded ({} new, {} updated), {} rejected",
        summary.inserted,
        summary.updated,
        log.rows()
    );
    if let Some(inference) = &inference {
        let work = inference.extraction_work();
        println!(
            "  from their text: skills extracted for {extracted}, titles normalised for {normalised}"
        );
        println!(
            "  extraction read {:.1} MB of text at {:.1} MB/s per core",
            work.bytes as f64 / 1e6,
            work.bytes as f64 / 1e6 / work.seconds.max(1e-9)
        );
    }
    println!("  the database holds {all} vacancies, {open} of them open today");
    println!("done in {:.1} s", started.elapsed().as_secs_f64());
    Ok(())
}

/// The extractor and title index over the stored taxonomy; `None`, with a warning, before
/// ESCO is loaded, since vacancies are still worth keeping for when it is.
fn inference(store: &Store) -> anyhow::Result<Option<Inference>> {
    let skills = store.skills(false).context("reading ESCO skills")?;
    let occupations = store
        .occupations(false)
        .context("reading ESCO occupations")?;
    if skills.is_empty() || occupations.is_empty() {
        eprintln!(
            "warning: no ESCO taxonomy in the database; vacancies are stored without extracted \
             skills or normalised titles (run `skillpath ingest esco DIR` first)"
        );
        return Ok(None);
    }
    let inference =
        Inference::build(&skills, &occupations).context("building the skill extractor")?;
    Ok(Some(inference))
}

pub fn write_report(rejected: &[Rejected], path: &Path) -> anyhow::Result<()> {
    let mut w =
        csv::Writer::from_path(path).with_context(|| format!("writing {}", path.display()))?;
    for r in rejected {
        w.serialize(r)?;
    }
    w.flush()?;
    Ok(())
}
