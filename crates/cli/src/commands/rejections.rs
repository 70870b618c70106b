//! What every `ingest` command does with rejected rows: show the first few, list them all
//! in `--report`, and under `--strict` refuse the file before anything is written.

use std::path::Path;

use skillpath_ingest::rejects::Rejected;

/// Rejections printed before pointing at `--report` for the rest.
const SHOWN: usize = 20;

pub fn show(rejected: &[Rejected], report: Option<&Path>) -> anyhow::Result<()> {
    if let Some(path) = report {
        super::vacancies::write_report(rejected, path)?;
    }
    for r in rejected.iter().take(SHOWN) {
        eprintln!("rejected: {r}");
    }
    if rejected.len() > SHOWN {
        eprintln!(
            "… and {} more (--report FILE lists them all)",
            rejected.len() - SHOWN
        );
    }
    Ok(())
}

/// Rows with at least one rejection.
pub fn rows(rejected: &[Rejected]) -> usize {
    let mut lines: Vec<usize> = rejected.iter().map(|r| r.line).collect();
    lines.sort_unstable();
    lines.dedup();
    lines.len()
}

pub fn refuse_if_strict(
    strict: bool,
    file: &Path,
    rejected: &[Rejected],
    seen: usize,
) -> anyhow::Result<()> {
    if strict && !rejected.is_empty() {
        anyhow::bail!(
            "{}: {} of {} rows rejected; --strict loads nothing",
            file.display(),
            rows(rejected),
            seen
        );
    }
    Ok(())
}

pub fn source_name(file: &Path) -> String {
    file.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}
