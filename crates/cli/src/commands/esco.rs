use std::path::Path;

use anyhow::Context;
use skillpath_ingest::esco::{EscoRead, read_esco_dir};
use skillpath_store::Store;

use crate::progress::Progress;
use crate::settings::Settings;

pub fn run(settings: &Settings, dir: &Path) -> anyhow::Result<()> {
    let store = super::open_store(settings)?;
    load(&store, dir)
}

/// Reads an ESCO download and writes it in one transaction: a malformed file stops before
/// anything is written, so the database is never left half-updated.
pub fn load(store: &Store, dir: &Path) -> anyhow::Result<()> {
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

    for d in &read.report.dangling {
        tracing::warn!(file = %d.file, line = d.line, field = %d.field, uri = %d.uri, reason = %d.reason, "row skipped");
    }
    println!("ESCO {release} from {}", dir.display());
    for f in &read.report.files {
        println!(
            "  {:<40} {:>7} rows read, {:>7} kept",
            f.file, f.rows_read, f.rows_kept
        );
    }
    println!(
        "  {} rows pointing to unknown concepts were reported and not loaded",
        read.report.dangling.len()
    );
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
