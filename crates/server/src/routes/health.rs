//! Liveness says the process answers; readiness says it can reach its database, so a load
//! balancer stops sending traffic to an instance that lost it. Both, and the metrics, are
//! public: probes and scrapers carry no token, and none of them shows anything about people.

use actix_web::{HttpResponse, get, web};
use serde_json::json;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::{ApiError, AppState};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(healthz).service(readyz).service(metrics);
}

#[utoipa::path(tag = "operations", security(()), responses((status = 200, description = "the process answers")))]
#[get("/healthz")]
async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(json!({ "status": "ok" }))
}

#[utoipa::path(
    tag = "operations",
    security(()),
    responses(
        (status = 200, description = "the database is reachable"),
        (status = 503, description = "the database is not reachable", body = ApiError, content_type = "application/problem+json"),
    )
)]
#[get("/readyz")]
async fn readyz(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let store = state.store.clone();
    match web::block(move || store.ping()).await {
        Ok(Ok(())) => Ok(HttpResponse::Ok().json(json!({ "status": "ready" }))),
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "database not reachable");
            Err(ApiError::unavailable("the database is not reachable"))
        }
        Err(e) => Err(ApiError::internal(e)),
    }
}

#[utoipa::path(tag = "operations", security(()), responses((status = 200, description = "Prometheus text exposition (text/plain)")))]
#[get("/metrics")]
async fn metrics(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(state.metrics.render())
}
