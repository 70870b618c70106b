//! Batches stored on a thread of their own, so the database writes one batch while the next
//! is read and its skills extracted; on SQLite, writing a batch and its skills takes about
//! as long as extracting them.

use std::sync::mpsc;

use anyhow::Context;
use skillpath_domain::vacancy::{Inferred, Vacancy};
use skillpath_store::{Store, VacancyLoadSummary};

/// Runs `body` with a `store` function that hands a batch to the writer; it returns false
/// once the writer has failed, and `body` should then stop. The writer's error comes first:
/// it is why `body` stopped.
pub fn storing<T>(
    store: &Store,
    source: &str,
    body: impl FnOnce(&mut dyn FnMut(Vec<Vacancy>, Vec<Inferred>) -> bool) -> anyhow::Result<T>,
) -> anyhow::Result<(T, VacancyLoadSummary)> {
    std::thread::scope(|scope| {
        // One batch waiting while another is written: memory stays at a few batches.
        let (tx, rx) = mpsc::sync_channel::<(Vec<Vacancy>, Vec<Inferred>)>(1);
        let writer = scope.spawn(move || {
            let mut summary = VacancyLoadSummary::default();
            for (batch, inferred) in rx {
                let stored = summary.inserted + summary.updated;
                let done = store
                    .upsert_inferred_vacancies(&batch, &inferred, source)
                    .with_context(|| {
                        format!("storing vacancies (the first {stored} rows are stored)")
                    })?;
                summary.inserted += done.inserted;
                summary.updated += done.updated;
            }
            anyhow::Ok(summary)
        });
        let result = body(&mut |batch, inferred| tx.send((batch, inferred)).is_ok());
        drop(tx);
        let summary = writer
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
        Ok((result?, summary))
    })
}
