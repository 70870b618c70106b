use std::path::Path;

use anyhow::Context;
use skillpath_ingest::rejects::Rejected;
use skillpath_ingest::vacancies::{ColumnMap, read_vacancies};

use crate::settings::Settings;

/// Rejections printed before pointing at `--report` for the rest.
const SHOWN: usize = 20;

pub struct Options<'a> {
    pub map: &'a [String],
    pub strict: bool,
    pub report: Option<&'a Path>,
}

/// Loads a vacancy file: valid rows in one transaction, every broken one reported. With
/// `--strict` one broken row refuses the whole file and the database stays as it was.
pub fn run(settings: &Settings, file: &Path, opts: &Options<'_>) -> anyhow::Result<()> {
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
    let store = super::open_store(settings)?;
    let source = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let summary = store
        .upsert_vacancies(&read.records, &source)
        .context("storing vacancies")?;
    let (all, open) = store.vacancy_counts(chrono::Utc::now().date_naive())?;
    println!("{}: {} rows read", file.display(), read.rows);
    println!(
        "  {} loaded ({} new, {} updated), {} rejected",
        read.records.len(),
        summary.inserted,
        summary.updated,
        read.rejected_rows()
    );
    println!("  the database holds {all} vacancies, {open} of them open today");
    println!("done in {:.1} s", started.elapsed().as_secs_f64());
    Ok(())
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
