//! The skillpath HTTP service. `app` is the one app factory: `skillpath serve` and the tests
//! build the same application from it, so the tests exercise what runs in production.

// A problem document is built once per failed request, on the cold path; boxing it would
// only add an allocation to every handler's error path.
#![allow(clippy::result_large_err)]

mod audit;
pub mod auth;
mod compute;
pub mod credentials;
mod error;
pub mod json;
mod metrics;
mod openapi;
mod people;
pub mod policy;
mod pseudonym;
mod routes;
mod state;
mod ui;

use std::net::SocketAddr;

use actix_web::body::MessageBody;
use actix_web::dev::{Server, ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::{App, HttpServer, web};
use utoipa_actix_web::AppExt;

pub use credentials::CredentialIssuer;
pub use error::ApiError;
pub use metrics::Metrics;
pub use openapi::document as openapi;
pub use pseudonym::{MIN_KEY_BYTES, PseudonymKey};
pub use state::{AppState, StateError};

/// Requests larger than this are refused with 413 before a handler sees them.
pub const MAX_JSON_BYTES: usize = 256 * 1024;

#[derive(Debug, Clone)]
pub struct ServerOptions {
    pub bind: String,
    /// 0 means one worker per core.
    pub workers: usize,
}

pub fn app(
    state: AppState,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    let (app, _) = App::new()
        .into_utoipa_app()
        .configure(routes::configure)
        .split_for_parts();
    // The web pages sit beside the API, not in its OpenAPI document.
    app.configure(ui::configure)
        .app_data(web::Data::new(state))
        .app_data(web::PayloadConfig::new(MAX_JSON_BYTES))
        .app_data(error::json_config(MAX_JSON_BYTES))
        .app_data(error::query_config())
        .app_data(error::path_config())
        .wrap(actix_web::middleware::from_fn(metrics::record))
        .default_service(web::to(error::not_found))
}

/// Binds the listening socket; the caller runs the returned server.
pub fn bind(
    state: AppState,
    options: &ServerOptions,
) -> std::io::Result<(Server, Vec<SocketAddr>)> {
    let mut server = HttpServer::new(move || app(state.clone()));
    if options.workers > 0 {
        server = server.workers(options.workers);
    }
    let server = server.bind(&options.bind)?;
    let addrs = server.addrs();
    Ok((server.run(), addrs))
}
