use std::path::Path;

use anyhow::Context;
use skillpath_domain::outcome::OutcomeEvent;
use skillpath_ingest::outcomes::read_outcomes;
use skillpath_ingest::rejects::Rejected;
use skillpath_store::OnConflict;

use super::rejections;
use crate::settings::Settings;

/// Appends a file of outcome events in one transaction. An event already stored under its
/// key counts as a repeat; a key the store holds for a different event is a rejected row.
/// With `--strict` either kind of problem refuses the whole file.
pub fn run(
    settings: &Settings,
    file: &Path,
    strict: bool,
    report: Option<&Path>,
) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    let read = read_outcomes(file)?;
    if strict && !read.rejected.is_empty() {
        rejections::show(&read.rejected, report)?;
        rejections::refuse_if_strict(strict, file, &read.rejected, read.rows)?;
    }

    let store = super::open_store(settings)?;
    let events: Vec<OutcomeEvent> = read.records.iter().map(|r| r.event.clone()).collect();
    let policy = if strict {
        OnConflict::Abort
    } else {
        OnConflict::Skip
    };
    let summary = store
        .append_outcomes(&events, policy)
        .context("storing outcome events")?;
    let mut rejected = read.rejected.clone();
    rejected.extend(summary.conflicts.iter().map(|&i| Rejected {
        file: rejections::source_name(file),
        line: read.records[i].line,
        field: "idempotency_key".into(),
        reason: format!(
            "{:?} is already stored for a different event",
            read.records[i].event.idempotency_key
        ),
    }));
    rejected.sort_by_key(|r| r.line);
    rejections::show(&rejected, report)?;
    rejections::refuse_if_strict(strict, file, &rejected, read.rows)?;
    println!("{}: {} rows read", file.display(), read.rows);
    println!(
        "  {} loaded ({} new, {} already stored), {} rejected",
        summary.created + summary.repeated,
        summary.created,
        summary.repeated,
        rejections::rows(&rejected)
    );
    println!(
        "  the database holds {} outcome events",
        store.outcome_count()?
    );
    println!("done in {:.1} s", started.elapsed().as_secs_f64());
    Ok(())
}
