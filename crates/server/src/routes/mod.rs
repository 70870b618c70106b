mod health;
mod taxonomy;

use actix_web::web;

pub fn configure(cfg: &mut web::ServiceConfig) {
    health::configure(cfg);
    cfg.service(web::scope("/api/v1").configure(taxonomy::configure));
}
