use std::collections::BTreeMap;
use std::path::Path;

use anyhow::Context;
use skillpath_ingest::esco::{EscoRead, read_esco_dir};
use skillpath_store::Store;

use crate::progress::Progress;
use crate::settings::Settings;

pub fn run(settings: &Settings, dir: &Path, report: Option<&Path>) -> anyhow::Result<()> {
    let store = super::open_store(settings)?;
    load(&store, dir, report)
}

/// Reads an ESCO download and writes it in one transaction: a malformed file stops before
/// anything is written, so the database is never left half-updated.
pub fn load(store: &Store, dir: &Path, report: Option<&Path>) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    let mut progress = Progress::new();
    let read = read_esco_dir(dir, &mut |p| {
        progress.update(&p.file, p.bytes_done, p.bytes_total)
    })
    .with_context(|| format!("reading ESCO from {}", dir.display()))?;
    progress.stage("writing to the database");
    let release = release_label(&read, dir);
    let summary = store
        .load_esco(&read.dataset, &release)
        .context("writing ESCO to the database")?;
    progress.finish();

    println!("ESCO {release} from {}", dir.display());
    for f in &read.report.files {
        println!(
            "  {:<40} {:>7} rows read, {:>7} kept",
            f.file, f.rows_read, f.rows_kept
        );
    }
    for absent in &read.report.absent {
        println!("  {absent:<40} absent (optional)");
    }
    print_skipped(&read);
    if let Some(path) = report {
        write_report(&read, path)?;
        println!("  every skipped row is listed in {}", path.display());
    }
    println!("{summary}");
    println!("done in {:.1} s", started.elapsed().as_secs_f64());
    Ok(())
}

fn release_label(read: &EscoRead, dir: &Path) -> String {
    read.report.release_hint.clone().unwrap_or_else(|| {
        dir.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "unknown".into())
    })
}

/// One line per file and reason: ESCO v1.1.1 alone has 67 rows for one missing occupation,
/// which would drown the summary if printed one by one (`--report` lists them all).
fn print_skipped(read: &EscoRead) {
    let mut groups: BTreeMap<(&str, &str, &str), (usize, u64, &str)> = BTreeMap::new();
    for d in &read.report.dangling {
        tracing::debug!(file = %d.file, line = d.line, field = %d.field, uri = %d.uri, reason = %d.reason, "row skipped");
        let g = groups
            .entry((&d.file, &d.field, &d.reason))
            .or_insert((0, d.line, &d.uri));
        g.0 += 1;
    }
    if groups.is_empty() {
        println!("  no row pointed to an unknown concept");
    }
    for ((file, field, reason), (n, line, uri)) in groups {
        println!(
            "  skipped {n} rows of {file}, field {field}: {reason} (first on line {line}: {uri})"
        );
    }
}

fn write_report(read: &EscoRead, path: &Path) -> anyhow::Result<()> {
    let mut w =
        csv::Writer::from_path(path).with_context(|| format!("writing {}", path.display()))?;
    for d in &read.report.dangling {
        w.serialize(d)?;
    }
    w.flush()?;
    Ok(())
}
