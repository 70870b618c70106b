use std::sync::Arc;
use std::time::Duration;

use skillpath_engine::{Engine, EngineError, EngineOptions};
use skillpath_ingest::labels::{LabelIndexError, OccupationIndex, SkillIndex};
use skillpath_store::{Store, StoreError};

use crate::credentials::CredentialIssuer;
use crate::metrics::Metrics;
use crate::pseudonym::PseudonymKey;

/// What every worker shares: the database pool, the label indexes and the matcher.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub occupations: Arc<OccupationIndex>,
    pub skills: Arc<SkillIndex>,
    pub engine: Arc<Engine>,
    /// Where rankings run (`compute`).
    pub compute: Arc<rayon::ThreadPool>,
    pub metrics: Arc<Metrics>,
    /// Keys the jobseeker pseudonyms of exports; `None` until configured, and then exports
    /// are refused rather than written with a weaker pseudonym.
    pub pseudonym_key: Option<Arc<PseudonymKey>>,
    /// Signs micro-credentials; `None` until configured, and then issuing is refused
    /// while imports and verification still run (trusting no key).
    pub credentials: Option<Arc<CredentialIssuer>>,
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
    #[error("building the matcher: {0}")]
    Engine(#[from] EngineError),
    #[error("starting the ranking threads: {0}")]
    Threads(#[from] std::io::Error),
}

impl AppState {
    /// Builds the indexes from what the database holds now.
    pub fn load(store: Store, options: EngineOptions) -> Result<Self, StateError> {
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
        let engine = Engine::load(store.clone(), options)?;
        metrics.set_gauge(
            "skillpath_courses_indexed",
            engine.current().matcher.catalogue.len() as f64,
        );
        Ok(Self {
            occupations: Arc::new(OccupationIndex::build(&occupations)?),
            skills: Arc::new(SkillIndex::build(&skills)?),
            engine: Arc::new(engine),
            compute: crate::compute::pool()?,
            store,
            metrics,
            pseudonym_key: None,
            credentials: None,
        })
    }

    pub fn with_pseudonym_key(mut self, key: PseudonymKey) -> Self {
        self.pseudonym_key = Some(Arc::new(key));
        self
    }

    pub fn with_credentials(mut self, issuer: CredentialIssuer) -> Self {
        self.credentials = Some(Arc::new(issuer));
        self
    }

    /// Reads what the analyst's dashboard scans (every outcome event, once) and its default
    /// view, blocking: `skillpath serve` does it before it binds, so that its first
    /// dashboard page does not wait for the read. Without it the refresher's thread does
    /// the same read soon after the start.
    pub fn prepare_dashboard(&self) {
        crate::ui::analyst::prepare_dashboard(self);
    }

    /// Keeps the matcher in step with the database: every `every`, rebuild it if courses,
    /// vacancies or outcomes changed (written by this instance or any other). Runs on its
    /// own thread so that a rebuild never holds up a request. The analyst's dashboard is
    /// kept computed alongside, on a thread of its own (`ui::analyst::warm`).
    pub fn spawn_refresher(&self, every: Duration) -> std::io::Result<()> {
        crate::ui::analyst::spawn_warmer(self.clone())?;
        let engine = Arc::clone(&self.engine);
        let metrics = Arc::clone(&self.metrics);
        std::thread::Builder::new()
            .name("matcher-refresh".into())
            .spawn(move || {
                loop {
                    std::thread::sleep(every);
                    match engine.refresh() {
                        Ok(true) => metrics.set_gauge(
                            "skillpath_courses_indexed",
                            engine.current().matcher.catalogue.len() as f64,
                        ),
                        Ok(false) => {}
                        Err(e) => tracing::warn!(error = %e, "refreshing the matcher failed"),
                    }
                }
            })
            .map(drop)
    }
}
