//! The analyst's dashboard: the outcome funnel as a chart and by region as a table, with a
//! CSV download — all from the engine's report assembly, so every figure shown or downloaded has been
//! through the same disclosure control as the CLI's reports.

use actix_web::{HttpRequest, HttpResponse, web};
use maud::html;
use skillpath_engine::reports::{self, Output, Query, ReportName};
use skillpath_report::sdc::{self, Cell};
use skillpath_report::uptake::{Dimension, Report, Request};

use super::layout::{html_response, page};
use super::session::{self, PageError};
use super::svg;
use crate::AppState;
use crate::policy::AGGREGATES;

/// The funnel of (jobseeker, course) pairs by region, with a total row last: the same
/// assembly and disclosure control as `GET /api/v1/reports/uptake?by=region`.
async fn by_region(state: &AppState) -> Result<Report, PageError> {
    let store = state.store.clone();
    let query = Query {
        name: ReportName::Uptake,
        request: Request {
            by: vec![Dimension::Region],
            ..Default::default()
        },
    };
    let output = web::block(move || reports::run(&store, &query, &sdc::Policy::default()))
        .await
        .map_err(|_| PageError::Internal)?
        .map_err(|_| PageError::Internal)?;
    match output {
        Output::Uptake(report) => Ok(report),
        Output::Fairness { .. } => Err(PageError::Internal),
    }
}

fn stage_label(stage: &str) -> String {
    let s = stage.replace('_', " ");
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

pub async fn dashboard(req: HttpRequest) -> Result<HttpResponse, PageError> {
    let visitor = session::visitor(&req, AGGREGATES).await?;
    let state = session::state(&req)?;
    let report = by_region(&state).await?;
    let labels: Vec<String> = report.stages.iter().map(|s| stage_label(s)).collect();
    let total = report.rows.last();
    let stages: Vec<(&str, Option<u64>)> = labels
        .iter()
        .enumerate()
        .map(|(i, l)| (l.as_str(), total.and_then(|r| r.counts[i].count())))
        .collect();
    let body = html! {
        p { "Counts are of jobseeker–course pairs, rounded to the nearest " (sdc::Policy::default().round_to)
            "; a figure that could identify someone is shown as " em { "suppressed" } "." }
        section aria-labelledby="funnel-h" {
            h2 #funnel-h { "Outcome funnel" }
            @if total.is_none() { p { "No outcome events are recorded yet." } }
            @else { (svg::funnel("Jobseeker–course pairs reaching each stage", &stages)) }
        }
        section aria-labelledby="region-h" {
            h2 #region-h { "By region" }
            p { a href="/ui/analyst/uptake.csv" download="uptake-by-region.csv" { "Download this table as CSV" } }
            div.scroll tabindex="0" role="region" aria-labelledby="region-h" {
                table {
                    caption { "Pairs reaching each stage, by the jobseeker's region" }
                    thead { tr {
                        th scope="col" { "Region" }
                        @for l in &labels { th scope="col" { (l) } }
                    } }
                    tbody {
                        @for row in &report.rows {
                            tr {
                                th scope="row" { (row.keys.join(" / ")) }
                                @for cell in &row.counts {
                                    @match cell {
                                        Cell::Count(c) => td { (c) },
                                        Cell::Suppressed => td.suppressed { "suppressed" },
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    Ok(html_response(page(
        "Uptake and outcomes",
        Some(&visitor),
        body,
    )))
}

pub async fn csv(req: HttpRequest) -> Result<HttpResponse, PageError> {
    session::visitor(&req, AGGREGATES).await?;
    let state = session::state(&req)?;
    let report = by_region(&state).await?;
    let mut out = Vec::new();
    report
        .write_csv(&mut out)
        .map_err(|_| PageError::Internal)?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            "content-disposition",
            "attachment; filename=\"uptake-by-region.csv\"",
        ))
        .insert_header(("cache-control", "no-store"))
        .body(out))
}
