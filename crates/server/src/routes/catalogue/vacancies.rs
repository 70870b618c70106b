//! Vacancy search, read from the database so that a newly loaded advert is found at once.

use actix_web::{HttpResponse, get, web};
use serde::Deserialize;
use skillpath_domain::vacancy::Vacancy;
use skillpath_store::VacancyQuery;
use utoipa::IntoParams;
use utoipa_actix_web::service_config::ServiceConfig;

use super::{Page, Paging, checked_id, checked_text, checked_uri};
use crate::auth::Allowed;
use crate::policy::ANY_ROLE;
use crate::{ApiError, AppState};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(search_vacancies).service(vacancy);
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
struct VacancySearch {
    /// Words in the title or description (case-insensitive).
    q: Option<String>,
    /// A NUTS region code, e.g. DED5.
    region: Option<String>,
    /// An ESCO occupation URI.
    occupation: Option<String>,
    /// An ESCO skill URI the vacancy asks for.
    skill: Option<String>,
    /// Only vacancies open on the matcher's reference day.
    open: Option<bool>,
    /// From 1 (default 1).
    page: Option<usize>,
    /// 1 to 100 (default 20).
    per_page: Option<usize>,
}

#[utoipa::path(
    tag = "catalogue",
    security(("bearer" = [])),
    params(VacancySearch),
    responses(
        (status = 200, body = Value, description = "`{page, per_page, total, items: [vacancy]}` in id order"),
        (status = 400, body = ApiError, content_type = "application/problem+json"),
        (status = 401, body = ApiError, content_type = "application/problem+json"),
        (status = 422, body = ApiError, content_type = "application/problem+json"),
    )
)]
#[get("/vacancies")]
async fn search_vacancies(
    _who: Allowed<ANY_ROLE>,
    state: web::Data<AppState>,
    query: web::Query<VacancySearch>,
) -> Result<HttpResponse, ApiError> {
    let paging = Paging::checked(query.page, query.per_page)?;
    let search = VacancyQuery {
        text: checked_text("q", query.q.as_deref())?,
        region: checked_text("region", query.region.as_deref())?,
        occupation_uri: checked_uri("occupation", query.occupation.as_deref())?,
        skill_uri: checked_uri("skill", query.skill.as_deref())?,
        open_on: query
            .open
            .unwrap_or(false)
            .then(|| state.engine.current().as_of()),
        offset: paging.offset(),
        limit: paging.per_page,
    };
    let store = state.store.clone();
    let (items, total) = web::block(move || store.search_vacancies(&search))
        .await
        .map_err(ApiError::internal)?
        .map_err(ApiError::internal)?;
    Ok(HttpResponse::Ok().json(Page::<Vacancy> {
        page: paging.page,
        per_page: paging.per_page,
        total,
        items,
    }))
}

#[utoipa::path(
    tag = "catalogue",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "the vacancy id from its source")),
    responses(
        (status = 200, body = Value, description = "the vacancy with the skills it asks for"),
        (status = 401, body = ApiError, content_type = "application/problem+json"),
        (status = 404, body = ApiError, content_type = "application/problem+json"),
    )
)]
#[get("/vacancies/{id}")]
async fn vacancy(
    _who: Allowed<ANY_ROLE>,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = checked_id(&id)?.to_owned();
    let store = state.store.clone();
    let key = id.clone();
    let found = web::block(move || store.vacancy(&key))
        .await
        .map_err(ApiError::internal)?
        .map_err(ApiError::internal)?;
    let vacancy = found.ok_or_else(|| ApiError::not_found(format!("no vacancy {id}")))?;
    Ok(HttpResponse::Ok().json(vacancy))
}
