//! The dashboard's figures, each from the engine's report assembly — the one that serves
//! `GET /api/v1/reports/{name}` and `skillpath report` — so every figure shown or
//! downloaded has been through the same disclosure control.

use actix_web::web;
use std::sync::Arc;

use skillpath_engine::reports::{Output, Query, ReportName};
use skillpath_engine::{Engine, EngineError, Snapshot};
use skillpath_report::fairness::Line;
use skillpath_report::sdc;
use skillpath_report::uptake::{Dimension, Report, Request};

use super::super::session::PageError;
use super::filters::Filters;
use super::{cache, facts};
use crate::AppState;

async fn run(
    state: &AppState,
    name: ReportName,
    by: Vec<Dimension>,
    f: &Filters,
) -> Result<Output, PageError> {
    let key = cache::Key {
        name,
        by,
        from: f.from,
        to: f.to,
    };
    let mut outputs = run_all(state, std::slice::from_ref(&key)).await?;
    outputs.pop().ok_or(PageError::Internal)
}

/// The reports `keys` name, each a scan of the report facts of `snapshot` (read first if
/// they are not held).
pub fn compute(
    engine: &Arc<Engine>,
    snapshot: &Arc<Snapshot>,
    keys: &[cache::Key],
) -> Result<Vec<Output>, EngineError> {
    let queries: Vec<Query> = keys
        .iter()
        .map(|key| Query {
            name: key.name,
            request: Request {
                by: key.by.clone(),
                from: key.from,
                to: key.to,
            },
        })
        .collect();
    facts::get(engine, snapshot)?.run_many(&queries, &sdc::Policy::default())
}

/// The reports of `keys` from the cache, the missing ones computed together and cached.
async fn run_all(state: &AppState, keys: &[cache::Key]) -> Result<Vec<Output>, PageError> {
    let snapshot = state.engine.current();
    let mut found: Vec<Option<Output>> = keys.iter().map(|k| cache::get(k, &snapshot)).collect();
    if found.iter().any(Option::is_none) {
        // What is missing may be what the warming pass is computing right now.
        web::block(super::warm::wait)
            .await
            .map_err(|_| PageError::Internal)?;
        for (key, slot) in keys.iter().zip(&mut found) {
            if slot.is_none() {
                *slot = cache::get(key, &snapshot);
            }
        }
    }
    let missing: Vec<cache::Key> = keys
        .iter()
        .zip(&found)
        .filter(|(_, o)| o.is_none())
        .map(|(k, _)| k.clone())
        .collect();
    if !missing.is_empty() {
        let engine = state.engine.clone();
        let asked = missing.clone();
        let at = snapshot.clone();
        let computed = web::block(move || compute(&engine, &at, &asked))
            .await
            .map_err(|_| PageError::Internal)?
            .map_err(|e| {
                tracing::error!(error = %e, "an analyst report failed");
                PageError::Internal
            })?;
        let mut computed = missing.into_iter().zip(computed);
        for (key, slot) in keys.iter().zip(&mut found) {
            if slot.is_none() {
                let (k, output) = computed.next().ok_or(PageError::Internal)?;
                debug_assert!(&k == key);
                cache::put(k, &snapshot, output.clone());
                *slot = Some(output);
            }
        }
    }
    found
        .into_iter()
        .map(|o| o.ok_or(PageError::Internal))
        .collect()
}

/// The reports the page shows for `f`, in the order `dashboard` reads them.
pub fn keys(f: &Filters) -> [cache::Key; 4] {
    let key = |name, by| cache::Key {
        name,
        by,
        from: f.from,
        to: f.to,
    };
    [
        key(ReportName::Uptake, Vec::new()),
        key(ReportName::Uptake, vec![f.by]),
        key(ReportName::Uptake, vec![Dimension::Period]),
        key(ReportName::Fairness, Vec::new()),
    ]
}

/// The funnel of (jobseeker, course) pairs by `by` (none: one total row), in the period.
pub async fn uptake(
    state: &AppState,
    by: Vec<Dimension>,
    f: &Filters,
) -> Result<Report, PageError> {
    match run(state, ReportName::Uptake, by, f).await? {
        Output::Uptake(report) => Ok(report),
        Output::Fairness { .. } => Err(PageError::Internal),
    }
}

/// Each targeted group against the rest at every stage, in the period.
pub async fn fairness(state: &AppState, f: &Filters) -> Result<Vec<Line>, PageError> {
    match run(state, ReportName::Fairness, Vec::new(), f).await? {
        Output::Fairness { lines } => Ok(lines),
        Output::Uptake(_) => Err(PageError::Internal),
    }
}

/// The four tables of the page; those not cached are scans of the report facts.
pub struct Dashboard {
    pub funnel: Report,
    pub breakdown: Report,
    pub over_time: Report,
    pub fairness: Vec<Line>,
}

pub async fn dashboard(state: &AppState, f: &Filters) -> Result<Dashboard, PageError> {
    super::warm::viewed();
    let outputs = run_all(state, &keys(f)).await?;
    let Ok([funnel, breakdown, over_time, fairness]) = <[Output; 4]>::try_from(outputs) else {
        return Err(PageError::Internal);
    };
    let uptake = |o| match o {
        Output::Uptake(report) => Ok(report),
        Output::Fairness { .. } => Err(PageError::Internal),
    };
    Ok(Dashboard {
        funnel: uptake(funnel)?,
        breakdown: uptake(breakdown)?,
        over_time: uptake(over_time)?,
        fairness: match fairness {
            Output::Fairness { lines } => lines,
            Output::Uptake(_) => return Err(PageError::Internal),
        },
    })
}
