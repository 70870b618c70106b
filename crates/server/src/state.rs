use std::sync::Arc;

use skillpath_ingest::labels::{LabelIndexError, OccupationIndex, SkillIndex};
use skillpath_store::{Store, StoreError};

use crate::metrics::Metrics;

/// What every worker shares: the database pool and the in-memory indexes built from it.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub occupations: Arc<OccupationIndex>,
    pub skills: Arc<SkillIndex>,
    pub metrics: Arc<Metrics>,
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState").finish_non_exhaustive()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StateError {
    #[error("reading the taxonomy: {0}")]
    Store(#[from] StoreError),
    #[error("building the label indexes: {0}")]
    Index(#[from] LabelIndexError),
}

impl AppState {
    /// Builds the indexes from what the database holds now.
    pub fn load(store: Store) -> Result<Self, StateError> {
        let occupations = store.occupations(false)?;
        let skills = store.skills(false)?;
        if occupations.is_empty() {
            tracing::warn!(
                "the database holds no ESCO occupations; run `skillpath ingest esco DIR`"
            );
        }
        let metrics = Arc::new(Metrics::default());
        metrics.set_gauge("skillpath_esco_occupations", occupations.len() as f64);
        metrics.set_gauge("skillpath_esco_skills", skills.len() as f64);
        Ok(Self {
            occupations: Arc::new(OccupationIndex::build(&occupations)?),
            skills: Arc::new(SkillIndex::build(&skills)?),
            store,
            metrics,
        })
    }
}
