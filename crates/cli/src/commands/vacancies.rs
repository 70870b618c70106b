use std::path::Path;

use anyhow::Context;
use skillpath_ingest::rejects::Rejected;
use skillpath_ingest::vacancies::{ColumnMap, Inference, read_vacancies};

use skillpath_store::Store;

use crate::settings::Settings;

/// Rejections printed before pointing at `--report` for the rest.
const SHOWN: usize = 20;
/// Vacancies inferred and stored per transaction: large enough that commits cost little,
/// small enough that one batch's inferences stay a few MB.
const BATCH: usize = 5_000;

pub struct Options<'a> {
    pub map: &'a [String],
    pub strict: bool,
    pub report: Option<&'a Path>,
}

/// Loads a vacancy file: every broken row reported, valid rows stored in transactions of
/// [`BATCH`] after skill extraction and title normalisation. The whole file is read and
/// checked before the first write, so `--strict` still refuses the whole file on one broken
/// row with the database as it was; without it, a database failure part-way leaves the
/// batches before it stored, and the error says how many rows that was.
pub fn run(settings: &Settings, file: &Path, opts: &Options<'_>) -> anyhow::Result<()> {
    load(&super::open_store(settings)?, file, opts)
}

pub fn load(store: &Store, file: &Path, opts: &Options<'_>) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    let map = ColumnMap::parse(opts.map).map_err(|e| anyhow::anyhow!("--map {e}"))?;
    let read = read_vacancies(file, &map)?;
    if let Some(path) = opts.report {
        write_report(&read.rejected, path)?;
    }
    for r in read.rejected.iter().take(SHOWN) {
        eprintln!("rejected: {r}");
    }
    if read.rejected.len() > SHOWN {
        eprintln!(
            "… and {} more (--report FILE lists them all)",
            read.rejected.len() - SHOWN
        );
    }
    if opts.strict && !read.rejected.is_empty() {
        anyhow::bail!(
            "{}: {} of {} rows rejected; --strict loads nothing",
            file.display(),
            read.rejected_rows(),
            read.rows
        );
    }
    let source = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let inference = inference(store)?;
    let mut summary = skillpath_store::VacancyLoadSummary::default();
    let (mut extracted, mut normalised) = (0usize, 0usize);
    for batch in read.records.chunks(BATCH) {
        let stored = summary.inserted + summary.updated;
        let inferred = match &inference {
            Some(inference) => inference.infer_all(batch)?,
            None => Vec::new(),
        };
        extracted += inferred.iter().filter(|i| !i.skills.is_empty()).count();
        normalised += inferred.iter().filter(|i| i.occupation.is_some()).count();
        let done = store
            .upsert_inferred_vacancies(batch, &inferred, &source)
            .with_context(|| format!("storing vacancies (the first {stored} rows are stored)"))?;
        summary.inserted += done.inserted;
        summary.updated += done.updated;
    }
    let (all, open) = store.vacancy_counts(chrono::Utc::now().date_naive())?;
    println!("{}: {} rows read", file.display(), read.rows);
    println!(
        "  {} loaded ({} new, {} updated), {} rejected",
        read.records.len(),
        summary.inserted,
        summary.updated,
        read.rejected_rows()
    );
    if inference.is_some() {
        println!(
            "  from their text: skills extracted for {extracted}, titles normalised for {normalised}"
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
