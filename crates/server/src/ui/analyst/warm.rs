//! Keeps the dashboard's report facts up to date ahead of the analyst. Reading them at
//! first means a pass over every outcome event — about a second on tier S, far over what a
//! page may take — and later updates cost milliseconds; any view is then a scan of them.
//! So a thread reads them at start, brings them up to date (and computes the default view:
//! no period, by region) whenever the engine takes a new snapshot, and checks them again
//! before they expire while analysts are using the dashboard.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use skillpath_engine::Snapshot;

use super::filters::{Filters, Params};
use super::{cache, data, facts};
use crate::AppState;

/// How often the thread looks for a new snapshot or entries about to expire.
const TICK: Duration = Duration::from_secs(2);
/// Entries younger than `cache::TTL` by less than this are recomputed, so that a view
/// never finds them gone.
const AHEAD: Duration = Duration::from_secs(15);
/// Views within this long keep the default view warm.
const IN_USE: Duration = Duration::from_secs(15 * 60);

static VIEWED: Mutex<Option<Instant>> = Mutex::new(None);
/// Held while the default view is computed, so that a view asking for it meanwhile waits
/// for that pass instead of making a second one beside it.
static WARMING: Mutex<()> = Mutex::new(());

/// Returns once no warming pass is running. Blocks: call it off the async workers.
pub fn wait() {
    drop(WARMING.lock().unwrap_or_else(|e| e.into_inner()));
}

/// Notes that an analyst looked at the dashboard.
pub fn viewed() {
    *VIEWED.lock().unwrap_or_else(|e| e.into_inner()) = Some(Instant::now());
}

fn in_use() -> bool {
    VIEWED
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .is_some_and(|at| at.elapsed() < IN_USE)
}

/// Reads the facts and computes the default view now, on this thread: what a server does
/// before it accepts connections, so that no page waits for that first read of every
/// event. A failure is logged, not returned: the other pages do not need the events, and
/// the dashboard reports its own error when it is opened.
pub fn prepare(state: &AppState) {
    let started = Instant::now();
    match warm(state, &state.engine.current()) {
        Ok(()) => tracing::info!(
            seconds = started.elapsed().as_secs_f64(),
            "the dashboard's report facts are read"
        ),
        Err(e) => tracing::warn!(error = %e, "reading the dashboard's report facts failed"),
    }
}

/// Starts the thread; it computes the default view at once.
pub fn spawn(state: AppState) -> std::io::Result<()> {
    std::thread::Builder::new()
        .name("dashboard-warm".into())
        .spawn(move || {
            let mut warmed: Option<Arc<Snapshot>> = None;
            loop {
                let snapshot = state.engine.current();
                let changed = !warmed.as_ref().is_some_and(|w| Arc::ptr_eq(w, &snapshot));
                if changed || in_use() {
                    // A new snapshot may already be warm: `prepare` or a view did it.
                    // A failed pass is not retried until the data changes or a view asks:
                    // a broken database should not be read every tick.
                    if !warm_for(&snapshot, AHEAD)
                        && let Err(e) = warm(&state, &snapshot)
                    {
                        tracing::warn!(error = %e, "warming the dashboard failed");
                    }
                    warmed = Some(snapshot);
                }
                std::thread::sleep(TICK);
            }
        })
        .map(drop)
}

fn default_filters() -> Filters {
    Filters::parse(&Params::default()).expect("no parameters are valid parameters")
}

/// Whether the facts and every report of the default view are held for `snapshot` for
/// `ahead` more.
fn warm_for(snapshot: &Arc<Snapshot>, ahead: Duration) -> bool {
    facts::lasts(snapshot, ahead)
        && data::keys(&default_filters())
            .iter()
            .all(|key| cache::lasts(key, snapshot, ahead))
}

fn warm(state: &AppState, snapshot: &Arc<Snapshot>) -> Result<(), skillpath_engine::EngineError> {
    let _warming = WARMING.lock().unwrap_or_else(|e| e.into_inner());
    let started = Instant::now();
    facts::ahead_of(&state.engine, snapshot, AHEAD)?;
    let keys = data::keys(&default_filters());
    let outputs = data::compute(&state.engine, snapshot, &keys)?;
    for (key, output) in keys.into_iter().zip(outputs) {
        cache::put(key, snapshot, output);
    }
    tracing::debug!(
        seconds = started.elapsed().as_secs_f64(),
        "dashboard warmed"
    );
    Ok(())
}
