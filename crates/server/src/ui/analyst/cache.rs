//! Reports kept between page views. A report reads every outcome event — a million on
//! tier S — and the dashboard shows four, far over the time a page may take; but the
//! figures change only when the data does. An entry is used while the engine snapshot it
//! was computed under is still the current one (the engine builds a new snapshot when
//! outcome events, courses or vacancies change) and for at most `TTL`, which bounds how
//! stale a change the snapshot does not track (a person's region or group flags) can be.

use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use skillpath_engine::Snapshot;
use skillpath_engine::reports::{Output, ReportName};
use skillpath_report::uptake::Dimension;

pub const TTL: Duration = Duration::from_secs(60);
/// Analysts vary the dates freely; the oldest entries go first.
const ENTRIES: usize = 32;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key {
    pub name: ReportName,
    pub by: Vec<Dimension>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

struct Entry {
    key: Key,
    /// Weak, so a replaced snapshot is freed; holding it still keeps its address from
    /// being reused by another, so pointer equality means "the same snapshot".
    snapshot: Weak<Snapshot>,
    at: Instant,
    output: Output,
}

/// One cache for the process: entries of different servers (as in tests) never match,
/// because each has its own snapshots.
static CACHE: Mutex<Vec<Entry>> = Mutex::new(Vec::new());

fn fresh(e: &Entry, snapshot: &Arc<Snapshot>) -> bool {
    e.at.elapsed() < TTL && Weak::ptr_eq(&e.snapshot, &Arc::downgrade(snapshot))
}

pub fn get(key: &Key, snapshot: &Arc<Snapshot>) -> Option<Output> {
    let cache = CACHE.lock().unwrap_or_else(|e| e.into_inner());
    cache
        .iter()
        .find(|e| &e.key == key && fresh(e, snapshot))
        .map(|e| e.output.clone())
}

/// Whether `key` is cached for `snapshot` and stays fresh for `ahead` more.
pub fn lasts(key: &Key, snapshot: &Arc<Snapshot>, ahead: Duration) -> bool {
    let cache = CACHE.lock().unwrap_or_else(|e| e.into_inner());
    cache
        .iter()
        .any(|e| &e.key == key && fresh(e, snapshot) && e.at.elapsed() + ahead < TTL)
}

pub fn put(key: Key, snapshot: &Arc<Snapshot>, output: Output) {
    let mut cache = CACHE.lock().unwrap_or_else(|e| e.into_inner());
    // Entries of replaced snapshots and old ones are dead weight; the one being replaced too.
    let same = Arc::downgrade(snapshot);
    cache.retain(|e| {
        e.at.elapsed() < TTL
            && e.snapshot.strong_count() > 0
            && !(e.key == key && Weak::ptr_eq(&e.snapshot, &same))
    });
    if cache.len() >= ENTRIES {
        cache.remove(0);
    }
    cache.push(Entry {
        key,
        snapshot: Arc::downgrade(snapshot),
        at: Instant::now(),
        output,
    });
}
