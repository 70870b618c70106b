//! The report facts the dashboard's views are scans of (`ReportFacts`): read from the
//! events once, then brought up to date from what was added (`ReportFacts::update`), so
//! that neither changing the period or breakdown nor a new outcome costs another pass over
//! a million events. They are checked against the store whenever the engine takes a new
//! snapshot, and at least every `cache::TTL` for changes the snapshot does not track (a
//! person's region or group flags).

use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

use skillpath_engine::report_facts::{ReportFacts, Updated};
use skillpath_engine::{Engine, EngineError, Snapshot};

use super::cache::TTL;

struct Held {
    /// Whose facts these are: the held facts are process-wide, and a process may run
    /// several servers (the tests do), each over its own store. Facts are only brought up
    /// to the store of the engine they were read for.
    engine: Weak<Engine>,
    snapshot: Weak<Snapshot>,
    /// When the facts were last brought up to the store.
    checked: Instant,
    facts: Arc<ReportFacts>,
}

static HELD: Mutex<Option<Held>> = Mutex::new(None);
/// Held while facts are read or updated, so that two views missing them do it once.
static READING: Mutex<()> = Mutex::new(());

fn fresh(held: &Held, snapshot: &Arc<Snapshot>, ahead: Duration) -> bool {
    held.checked.elapsed() + ahead < TTL && Weak::ptr_eq(&held.snapshot, &Arc::downgrade(snapshot))
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

/// The facts of `snapshot`. Blocks: call it off the async workers.
pub fn get(
    engine: &Arc<Engine>,
    snapshot: &Arc<Snapshot>,
) -> Result<Arc<ReportFacts>, EngineError> {
    ahead_of(engine, snapshot, Duration::ZERO)
}

/// The facts of `snapshot`, brought up to the store now unless that was done for it less
/// than `cache::TTL - ahead` ago; a view asking meanwhile waits for this rather than doing
/// the same work beside it.
pub fn ahead_of(
    engine: &Arc<Engine>,
    snapshot: &Arc<Snapshot>,
    ahead: Duration,
) -> Result<Arc<ReportFacts>, EngineError> {
    if let Some(facts) = held(snapshot, ahead) {
        return Ok(facts);
    }
    let _reading = READING.lock().unwrap_or_else(|e| e.into_inner());
    // Another view may have brought them up while this one waited.
    if let Some(facts) = held(snapshot, ahead) {
        return Ok(facts);
    }
    let started = Instant::now();
    let store = engine.store();
    let previous = HELD
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .take()
        .filter(|h| Weak::ptr_eq(&h.engine, &Arc::downgrade(engine)));
    let (facts, how) = match previous {
        Some(held) => {
            let mut facts = held.facts;
            // A copy only if a view is still scanning the previous state.
            match Arc::make_mut(&mut facts).update(store, &snapshot.stamp) {
                Ok(how) => (facts, how),
                Err(e) => {
                    // Partly updated facts are still sound: people are derived whole and
                    // the mark moves only at the end, so the next update redoes the rest.
                    *HELD.lock().unwrap_or_else(|e| e.into_inner()) = Some(Held { facts, ..held });
                    return Err(e);
                }
            }
        }
        None => (
            Arc::new(ReportFacts::read(store, &snapshot.stamp)?),
            Updated::Reread,
        ),
    };
    let (people, pairs) = facts.len();
    tracing::debug!(
        people,
        pairs,
        update = ?how,
        seconds = started.elapsed().as_secs_f64(),
        "report facts brought up to date"
    );
    *HELD.lock().unwrap_or_else(|e| e.into_inner()) = Some(Held {
        engine: Arc::downgrade(engine),
        snapshot: Arc::downgrade(snapshot),
        checked: Instant::now(),
        facts: facts.clone(),
    });
    Ok(facts)
}
