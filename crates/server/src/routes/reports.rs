//! Analysts' reports: the outcome funnel and the fairness monitor, through the same
//! assembly and disclosure control as `skillpath report`. Only aggregates leave here, so
//! no per-person access is logged; the role check keeps them to analysts.
//!
//! A report by course over a national register has tens of millions of rows, so the body
//! is streamed: the report is counted and protected first (a failure there is still a
//! problem body), then its rows are made and sent as the client takes them.

mod body;

use std::io::Write;

use actix_web::{HttpResponse, get, web};
use serde::Deserialize;
use skillpath_engine::reports::{self, Query};
use skillpath_report::sdc::Policy;
use utoipa::IntoParams;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Allowed;
use crate::policy::AGGREGATES;
use crate::{ApiError, AppState};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(report);
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
struct ReportParams {
    /// Comma list of course, provider, occupation, region, group, period (uptake only).
    by: Option<String>,
    /// First day (YYYY-MM-DD) of the period, by each pair's first event.
    from: Option<String>,
    /// Last day (YYYY-MM-DD), included.
    to: Option<String>,
    /// csv or json (default json).
    format: Option<String>,
}

#[utoipa::path(
    tag = "reports",
    security(("bearer" = [])),
    params(("name" = String, Path, description = "uptake or fairness"), ReportParams),
    responses(
        (status = 200, description = "The report as JSON or CSV; counts under 10, and cells that would reveal them, read \"suppressed\"; other counts are rounded to 5"),
        (status = 401, body = ApiError, content_type = "application/problem+json"),
        (status = 403, body = ApiError, content_type = "application/problem+json"),
        (status = 404, body = ApiError, content_type = "application/problem+json"),
        (status = 422, body = ApiError, content_type = "application/problem+json"),
    )
)]
#[get("/reports/{name}")]
async fn report(
    _who: Allowed<AGGREGATES>,
    state: web::Data<AppState>,
    name: web::Path<String>,
    params: web::Query<ReportParams>,
) -> Result<HttpResponse, ApiError> {
    let params = params.into_inner();
    let csv = match params.format.as_deref().unwrap_or("json") {
        "json" => false,
        "csv" => true,
        other => {
            return Err(ApiError::invalid(
                "format",
                format!("format must be csv or json, not {other:?}"),
            ));
        }
    };
    let query = Query::parse(
        &name,
        params.by.as_deref(),
        params.from.as_deref(),
        params.to.as_deref(),
    )
    .map_err(|e| {
        if e.field == "name" {
            ApiError::not_found(e.reason)
        } else {
            ApiError::invalid(e.field, e.reason)
        }
    })?;
    let store = state.store.clone();
    let (ready_tx, ready) = tokio::sync::oneshot::channel();
    let (mut out, body) = body::channel();
    actix_web::rt::task::spawn_blocking(move || {
        let built = match reports::build(&store, &query, &Policy::default()) {
            Ok(built) => built,
            Err(e) => {
                let _ = ready_tx.send(Err(e));
                return;
            }
        };
        if ready_tx.send(Ok(())).is_err() {
            return; // the request was dropped while the report was counted
        }
        let written = if csv {
            built.write_csv(&mut out)
        } else {
            serde_json::to_writer(&mut out, &built).map_err(std::io::Error::from)
        }
        .and_then(|()| out.flush());
        if let Err(e) = written {
            if e.kind() != std::io::ErrorKind::BrokenPipe {
                tracing::error!(error = %e, "a report failed while streaming");
            }
            out.fail(e);
        }
    });
    match ready.await {
        Ok(Ok(())) => {}
        Ok(Err(e)) => return Err(ApiError::internal(e)),
        Err(_) => {
            return Err(ApiError::internal(
                "the report task ended without an answer",
            ));
        }
    }
    let content_type = if csv {
        "text/csv; charset=utf-8; header=present"
    } else {
        "application/json"
    };
    Ok(HttpResponse::Ok().content_type(content_type).body(body))
}
