//! Rejections of a streamed load, handled as they come: the first few printed, all of them
//! written to `--report`, and counted, so a file with a million broken rows costs no memory.

use std::fs::File;
use std::path::Path;

use anyhow::Context;
use skillpath_ingest::rejects::Rejected;

/// Rejections printed before pointing at `--report` for the rest.
const SHOWN: usize = 20;

#[derive(Debug)]
pub struct RejectLog {
    report: Option<csv::Writer<File>>,
    reasons: usize,
    rows: usize,
}

impl RejectLog {
    /// Creates the report file (empty until a row is rejected) before anything is read, so an
    /// unwritable path fails first.
    pub fn new(report: Option<&Path>) -> anyhow::Result<Self> {
        let report = report
            .map(|path| {
                csv::Writer::from_path(path).with_context(|| format!("writing {}", path.display()))
            })
            .transpose()?;
        Ok(Self {
            report,
            reasons: 0,
            rows: 0,
        })
    }

    /// Logs one chunk's rejections; a row's reasons always arrive in one chunk, together.
    pub fn add(&mut self, rejected: &[Rejected]) -> anyhow::Result<()> {
        let mut last_line = None;
        for r in rejected {
            if self.reasons < SHOWN {
                eprintln!("rejected: {r}");
            }
            self.reasons += 1;
            if last_line != Some(r.line) {
                self.rows += 1;
                last_line = Some(r.line);
            }
            if let Some(w) = &mut self.report {
                w.serialize(r)?;
            }
        }
        Ok(())
    }

    /// Rows with at least one rejection.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Says how many were not shown, and flushes the report.
    pub fn finish(&mut self) -> anyhow::Result<()> {
        if self.reasons > SHOWN {
            eprintln!(
                "… and {} more (--report FILE lists them all)",
                self.reasons - SHOWN
            );
        }
        if let Some(w) = &mut self.report {
            w.flush()?;
        }
        Ok(())
    }
}
