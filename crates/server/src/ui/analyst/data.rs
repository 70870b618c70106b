//! The dashboard's figures, each from the engine's report assembly — the one that serves
//! `GET /api/v1/reports/{name}` and `skillpath report` — so every figure shown or
//! downloaded has been through the same disclosure control.

use actix_web::web;
use skillpath_engine::reports::{self, Output, Query, ReportName};
use skillpath_report::fairness::Line;
use skillpath_report::sdc;
use skillpath_report::uptake::{Dimension, Report, Request};

use super::super::session::PageError;
use super::cache;
use super::filters::Filters;
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
    let snapshot = state.engine.current();
    if let Some(output) = cache::get(&key, &snapshot) {
        return Ok(output);
    }
    let store = state.store.clone();
    let query = Query {
        name,
        request: Request {
            by: key.by.clone(),
            from: f.from,
            to: f.to,
        },
    };
    let output = web::block(move || reports::run(&store, &query, &sdc::Policy::default()))
        .await
        .map_err(|_| PageError::Internal)?
        .map_err(|e| {
            tracing::error!(error = %e, "an analyst report failed");
            PageError::Internal
        })?;
    cache::put(key, &snapshot, output.clone());
    Ok(output)
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

/// The four tables of the page, assembled side by side: each reads the events once, and
/// the blocking pool runs them on separate threads.
pub struct Dashboard {
    pub funnel: Report,
    pub breakdown: Report,
    pub over_time: Report,
    pub fairness: Vec<Line>,
}

pub async fn dashboard(state: &AppState, f: &Filters) -> Result<Dashboard, PageError> {
    let (funnel, breakdown, over_time, fairness) = tokio::try_join!(
        uptake(state, Vec::new(), f),
        uptake(state, vec![f.by], f),
        uptake(state, vec![Dimension::Period], f),
        fairness(state, f),
    )?;
    Ok(Dashboard {
        funnel,
        breakdown,
        over_time,
        fairness,
    })
}
