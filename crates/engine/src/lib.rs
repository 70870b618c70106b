//! The matcher as the service and the batch see it: built from what the database holds
//! (taxonomy, open vacancies, courses, outcome evidence) and rebuilt when that changes.
//!
//! Several server instances may share one PostgreSQL database; each polls
//! [`Engine::refresh`], which compares a cheap [`DataStamp`] and rebuilds only when the
//! data moved, so a course added through one instance is ranked by all of them within one
//! polling period. Requests keep the snapshot they started with; a rebuild swaps in a new one.

mod evidence;
pub mod report_facts;
pub mod reports;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Instant;

use chrono::NaiveDate;
use skillpath_matcher::{Catalogue, DemandBuilder, MatchError, Matcher, Policy, Taxonomy};
use skillpath_store::{DataStamp, Store, StoreError};

pub use evidence::{EMPLOYMENT_WINDOW, add_outcome_evidence, outcome_evidence};

/// Vacancies or outcome events held at once while building.
const PAGE: usize = 20_000;

#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error("reading the database: {0}")]
    Store(#[from] StoreError),
    #[error("building the course index: {0}")]
    Index(#[from] MatchError),
    #[error("building the report: {0}")]
    Report(String),
}

#[derive(Debug, Clone, Default)]
pub struct EngineOptions {
    pub policy: Policy,
    /// The day demand and session windows are computed for. `None` means today, which
    /// moves at midnight; a fixed day suits fixed data such as the shipped sample.
    pub as_of: Option<NaiveDate>,
}

impl EngineOptions {
    pub fn day(&self) -> NaiveDate {
        self.as_of
            .unwrap_or_else(|| chrono::Utc::now().date_naive())
    }
}

/// One consistent view: the matcher and the data state it was built from.
#[derive(Debug)]
pub struct Snapshot {
    pub matcher: Matcher,
    pub stamp: DataStamp,
}

impl Snapshot {
    pub fn as_of(&self) -> NaiveDate {
        self.matcher.demand.as_of()
    }
}

#[derive(Debug)]
pub struct Engine {
    store: Store,
    options: EngineOptions,
    current: RwLock<Arc<Snapshot>>,
    /// Serialises rebuilds, so that two pollers never build the same snapshot twice.
    rebuilding: Mutex<()>,
}

impl Engine {
    pub fn load(store: Store, options: EngineOptions) -> Result<Self, EngineError> {
        let snapshot = build(&store, &options, None)?;
        Ok(Self {
            store,
            options,
            current: RwLock::new(Arc::new(snapshot)),
            rebuilding: Mutex::new(()),
        })
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn options(&self) -> &EngineOptions {
        &self.options
    }

    pub fn current(&self) -> Arc<Snapshot> {
        // A poisoned lock only means a reader panicked; the snapshot itself is immutable.
        self.current
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Rebuilds when the database or the day changed since the current snapshot. Returns
    /// whether it did.
    pub fn refresh(&self) -> Result<bool, EngineError> {
        let _one = self.rebuilding.lock().unwrap_or_else(|e| e.into_inner());
        let old = self.current();
        let stamp = self.store.data_stamp()?;
        if stamp == old.stamp && self.options.day() == old.as_of() {
            return Ok(false);
        }
        let snapshot = build(&self.store, &self.options, Some(&old))?;
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(snapshot);
        Ok(true)
    }
}

/// Builds a snapshot; the taxonomy is reused from `previous` unless ESCO was reloaded, since
/// reading it is the slowest part and it changes only with an ESCO release.
pub fn build(
    store: &Store,
    options: &EngineOptions,
    previous: Option<&Snapshot>,
) -> Result<Snapshot, EngineError> {
    let started = Instant::now();
    let stamp = store.data_stamp()?;
    let taxonomy = match previous {
        Some(p) if p.stamp.esco_releases == stamp.esco_releases => p.matcher.taxonomy.clone(),
        _ => Taxonomy::from_dataset(&store.taxonomy()?),
    };
    // Vacancies and events are read a page at a time: a tier-M database holds a million of
    // one and ten million of the other, which the matcher only needs as counts.
    let mut demand = DemandBuilder::new(&taxonomy, options.day());
    store.for_each_vacancy_page(PAGE, |page| {
        page.iter().for_each(|v| demand.add(v));
        Ok::<_, EngineError>(())
    })?;
    let demand = demand.finish();
    let mut evidence = HashMap::new();
    store.for_each_person_events(PAGE, |events| {
        add_outcome_evidence(&mut evidence, events);
        Ok::<_, EngineError>(())
    })?;
    let courses = store.courses()?.into_iter().map(|s| s.course).collect();
    let catalogue = Catalogue::build(&taxonomy, courses, &evidence).map_err(MatchError::from)?;
    tracing::info!(
        courses = catalogue.len(),
        elapsed_ms = started.elapsed().as_millis() as u64,
        "matcher built"
    );
    Ok(Snapshot {
        matcher: Matcher::new(taxonomy, demand, catalogue, options.policy.clone()),
        stamp,
    })
}
