//! The report facts the dashboard's views are scans of (`ReportFacts`): read from the
//! events once per engine snapshot, so that changing the period or the breakdown costs a
//! scan, not another pass over a million events. Held under the same rule as the cached
//! reports (`cache`): for the snapshot they were read under and at most `cache::TTL`.

use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

use skillpath_engine::report_facts::ReportFacts;
use skillpath_engine::{EngineError, Snapshot};
use skillpath_store::Store;

use super::cache::TTL;

struct Held {
    snapshot: Weak<Snapshot>,
    at: Instant,
    facts: Arc<ReportFacts>,
}

static HELD: Mutex<Option<Held>> = Mutex::new(None);
/// Held while facts are read, so that two views missing them read the events once.
static READING: Mutex<()> = Mutex::new(());

fn fresh(held: &Held, snapshot: &Arc<Snapshot>, ahead: Duration) -> bool {
    held.at.elapsed() + ahead < TTL && Weak::ptr_eq(&held.snapshot, &Arc::downgrade(snapshot))
}

fn held(snapshot: &Arc<Snapshot>, ahead: Duration) -> Option<Arc<ReportFacts>> {
    let held = HELD.lock().unwrap_or_else(|e| e.into_inner());
    held.as_ref()
        .filter(|h| fresh(h, snapshot, ahead))
        .map(|h| h.facts.clone())
}

/// Whether facts for `snapshot` are held and stay fresh for `ahead` more.
pub fn lasts(snapshot: &Arc<Snapshot>, ahead: Duration) -> bool {
    held(snapshot, ahead).is_some()
}

/// The facts of `snapshot`, read now unless held. Blocks: call it off the async workers.
pub fn get(store: &Store, snapshot: &Arc<Snapshot>) -> Result<Arc<ReportFacts>, EngineError> {
    if let Some(facts) = held(snapshot, Duration::ZERO) {
        return Ok(facts);
    }
    let _reading = READING.lock().unwrap_or_else(|e| e.into_inner());
    // Another view may have read them while this one waited.
    if let Some(facts) = held(snapshot, Duration::ZERO) {
        return Ok(facts);
    }
    read_now(store, snapshot)
}

/// Reads the facts of `snapshot` afresh and holds them; a view missing them meanwhile
/// waits for this read rather than making its own.
pub fn read(store: &Store, snapshot: &Arc<Snapshot>) -> Result<Arc<ReportFacts>, EngineError> {
    let _reading = READING.lock().unwrap_or_else(|e| e.into_inner());
    read_now(store, snapshot)
}

fn read_now(store: &Store, snapshot: &Arc<Snapshot>) -> Result<Arc<ReportFacts>, EngineError> {
    let started = Instant::now();
    let facts = Arc::new(ReportFacts::read(store)?);
    let (people, pairs) = facts.len();
    tracing::debug!(
        people,
        pairs,
        seconds = started.elapsed().as_secs_f64(),
        "report facts read"
    );
    *HELD.lock().unwrap_or_else(|e| e.into_inner()) = Some(Held {
        snapshot: Arc::downgrade(snapshot),
        at: Instant::now(),
        facts: facts.clone(),
    });
    Ok(facts)
}
