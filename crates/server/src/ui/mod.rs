//! The web interface: server-rendered pages for caseworkers, jobseekers and analysts, under
//! `/ui` and outside the JSON API (no OpenAPI entries). Pages sign in with the same role
//! tokens as the API and apply the same role and ownership rules (see `session`, `person`).

pub(crate) mod analyst;
mod caseworker;
mod courses;
mod jobseeker;
pub(crate) mod layout;
mod person;
mod referrals;
mod session;
mod signin;
mod svg;

use actix_web::{HttpResponse, web};

use session::PageError;

const CSS: &str = include_str!("../../static/site.css");

/// Form posts are a few short fields.
const MAX_FORM_BYTES: usize = 16 * 1024;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/", web::get().to(to_ui)).service(
        web::scope("/ui")
            .app_data(
                web::FormConfig::default()
                    .limit(MAX_FORM_BYTES)
                    .error_handler(|e, _| PageError::BadRequest(e.to_string()).into()),
            )
            .app_data(
                web::QueryConfig::default()
                    .error_handler(|e, _| PageError::BadRequest(e.to_string()).into()),
            )
            .app_data(
                web::PathConfig::default()
                    .error_handler(|e, _| PageError::BadRequest(e.to_string()).into()),
            )
            .route("", web::get().to(signin::home))
            .route("/", web::get().to(signin::home))
            .route("/static/site.css", web::get().to(css))
            .route("/signin", web::get().to(signin::form))
            .route("/signin", web::post().to(signin::submit))
            .route("/signout", web::post().to(signin::signout))
            .route("/caseworker", web::get().to(caseworker::find))
            .route(
                "/caseworker/jobseekers/{id}",
                web::get().to(caseworker::jobseeker),
            )
            .route(
                "/caseworker/jobseekers/{id}/referrals",
                web::post().to(referrals::refer),
            )
            .route("/me", web::get().to(jobseeker::mine))
            .route("/me/interest", web::post().to(jobseeker::express))
            .route("/analyst", web::get().to(analyst::dashboard))
            .route("/analyst/uptake.csv", web::get().to(analyst::csv))
            .default_service(web::to(not_found)),
    );
}

/// The session cookie is scoped to /ui, so the root only points there.
async fn to_ui() -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header(("location", "/ui"))
        .finish()
}

async fn css() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/css; charset=utf-8")
        .insert_header(("cache-control", "public, max-age=3600"))
        .body(CSS)
}

async fn not_found() -> Result<HttpResponse, PageError> {
    Err(PageError::NotFound("there is no such page"))
}
