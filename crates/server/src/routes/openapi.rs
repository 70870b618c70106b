//! The API's own description, public so that clients can be generated without a token.

use actix_web::{HttpResponse, get};
use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(openapi_json);
}

#[utoipa::path(tag = "operations", security(()), responses((status = 200, description = "this OpenAPI 3 document")))]
#[get("/openapi.json")]
async fn openapi_json() -> HttpResponse {
    HttpResponse::Ok().json(crate::openapi::document())
}
