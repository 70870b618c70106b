//! The analyst's dashboard: the outcome funnel, a breakdown by the dimension the analyst
//! picks, the funnel over time and the fairness monitor — charts with their figures in
//! tables, and a CSV of each table. Every figure comes from the engine's report assembly,
//! so page, CSV, CLI and API publish one computation under one disclosure control.

mod cache;
mod data;
mod facts;
mod fairness;
mod filters;
mod uptake;
mod warm;

pub use warm::{prepare as prepare_dashboard, spawn as spawn_warmer};

use actix_web::{HttpRequest, HttpResponse, web};
use maud::html;
use skillpath_engine::reports::Output;
use skillpath_report::sdc;
use skillpath_report::uptake::Dimension;

use super::layout::{html_response, page};
use super::session::{self, PageError};
use crate::policy::AGGREGATES;
use filters::{Filters, Params};

pub async fn dashboard(
    req: HttpRequest,
    params: web::Query<Params>,
) -> Result<HttpResponse, PageError> {
    let visitor = session::visitor(&req, AGGREGATES).await?;
    let filters = Filters::parse(&params)?;
    let state = session::state(&req)?;
    let d = data::dashboard(&state, &filters).await?;
    let body = html! {
        p { "Counts are of jobseeker–course pairs, rounded to the nearest " (sdc::Policy::default().round_to)
            "; a figure that could identify someone is shown as " em { "suppressed" } ". Rates are shown only over a base of at least "
            (sdc::Policy::default().min_rate_denominator) "." }
        (filters.form())
        (uptake::funnel(&d.funnel, &filters))
        (uptake::by_dimension(&d.breakdown, filters.by, &filters, "breakdown"))
        (uptake::by_dimension(&d.over_time, Dimension::Period, &filters, "time"))
        (fairness::section(&d.fairness, &filters))
    };
    Ok(html_response(page(
        "Uptake and outcomes",
        Some(&visitor),
        body,
    )))
}

/// One table of the dashboard as CSV, chosen by `table` (the breakdown when absent).
pub async fn csv(req: HttpRequest, params: web::Query<Params>) -> Result<HttpResponse, PageError> {
    session::visitor(&req, AGGREGATES).await?;
    let filters = Filters::parse(&params)?;
    let state = session::state(&req)?;
    let table = params.table.as_deref().unwrap_or("by");
    let (output, name) = match table {
        "funnel" => (
            Output::Uptake(data::uptake(&state, Vec::new(), &filters).await?),
            "uptake-funnel".to_owned(),
        ),
        "by" => (
            Output::Uptake(data::uptake(&state, vec![filters.by], &filters).await?),
            format!("uptake-by-{}", filters.by.name()),
        ),
        "period" => (
            Output::Uptake(data::uptake(&state, vec![Dimension::Period], &filters).await?),
            "uptake-by-period".to_owned(),
        ),
        "fairness" => (
            Output::Fairness {
                lines: data::fairness(&state, &filters).await?,
            },
            "fairness".to_owned(),
        ),
        other => {
            return Err(PageError::BadRequest(format!(
                "table: {other:?} is not a table of the dashboard; choose funnel, by, period or fairness"
            )));
        }
    };
    let mut out = Vec::new();
    output
        .write_csv(&mut out)
        .map_err(|_| PageError::Internal)?;
    let period: String = [filters.from, filters.to]
        .iter()
        .map(|d| d.map_or_else(|| "all".to_owned(), |d| d.to_string()))
        .collect::<Vec<_>>()
        .join("-to-");
    let file = if filters.from.is_none() && filters.to.is_none() {
        format!("{name}.csv")
    } else {
        format!("{name}-{period}.csv")
    };
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            "content-disposition",
            format!("attachment; filename=\"{file}\""),
        ))
        .insert_header(("cache-control", "no-store"))
        .body(out))
}
