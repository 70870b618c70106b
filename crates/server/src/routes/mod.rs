mod audit;
mod catalogue;
mod credentials;
mod exports;
mod groups;
mod health;
mod jobseekers;
mod matching;
mod me;
mod openapi;
pub(crate) mod outcomes;
pub(crate) mod profile_body;
mod profile_parts;
pub(crate) mod referrals;
mod reports;
mod taxonomy;
mod users;

use utoipa_actix_web::scope;
use utoipa_actix_web::service_config::ServiceConfig;

/// Every route is registered here as a `#[utoipa::path]` handler through `service`, which
/// adds it to the OpenAPI document in the same call: the document cannot miss a route.
pub fn configure(cfg: &mut ServiceConfig) {
    health::configure(cfg);
    credentials::configure_public(cfg);
    cfg.service(
        scope::scope("/api/v1")
            .configure(openapi::configure)
            .configure(me::configure)
            .configure(users::configure)
            .configure(audit::configure)
            .configure(taxonomy::configure)
            .configure(reports::configure)
            .configure(catalogue::configure)
            .configure(outcomes::configure)
            .configure(credentials::configure_api)
            .configure(jobseekers::configure)
            .configure(profile_parts::configure)
            .configure(matching::configure)
            .configure(groups::configure)
            .configure(referrals::configure)
            .configure(exports::configure),
    );
}
