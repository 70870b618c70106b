//! Course search over the matcher's catalogue (the same tantivy index that ranks
//! recommendations, so search shows what the matcher sees), detail from the database (every
//! micro-credential element, and which ones the source left out), and catalogue management
//! for administrators.

use std::collections::HashSet;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, delete, get, put, web};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use skillpath_domain::course::{Cost, Course, Mode, Participation};
use skillpath_store::{CourseInput, StoredCourse};
use utoipa::IntoParams;
use utoipa_actix_web::service_config::ServiceConfig;

use super::{Page, Paging, checked_id, checked_text, checked_uri};
use crate::auth::Allowed;
use crate::json::Json;
use crate::policy::{ADMINISTRATION, ANY_ROLE, Purpose};
use crate::{ApiError, AppState, audit};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(search_courses)
        .service(course_detail)
        .service(put_course)
        .service(delete_course);
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
struct CourseSearch {
    /// Words in the title or learning outcomes; results are then ranked by relevance.
    q: Option<String>,
    /// An ESCO skill URI the course teaches (or a narrower skill of it).
    skill: Option<String>,
    /// online, on-site or blended.
    mode: Option<String>,
    /// Highest price in minor units (cents) of the course's currency.
    max_price: Option<u64>,
    /// EQF level, 1 to 8.
    eqf: Option<u8>,
    /// From 1 (default 1).
    page: Option<usize>,
    /// 1 to 100 (default 20).
    per_page: Option<usize>,
}

#[derive(Debug, Serialize)]
struct CourseSummary<'a> {
    id: &'a str,
    title: &'a str,
    provider: &'a str,
    participation: &'a Participation,
    eqf_level: Option<u8>,
    ects: Option<f64>,
    hours: Option<f64>,
    languages: &'a [String],
    cost: &'a Cost,
    /// Text relevance, present when `q` was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    score: Option<f32>,
}

fn parse_mode(mode: &str) -> Result<Mode, ApiError> {
    serde_json::from_value(Value::String(mode.to_owned()))
        .map_err(|_| ApiError::invalid("mode", "mode is online, on-site or blended"))
}

#[utoipa::path(
    tag = "catalogue",
    security(("bearer" = [])),
    params(CourseSearch),
    responses(
        (status = 200, body = Value, description = "`{page, per_page, total, items: [course summary]}`, best match first when `q` is given, else in id order"),
        (status = 400, body = ApiError, content_type = "application/problem+json"),
        (status = 401, body = ApiError, content_type = "application/problem+json"),
        (status = 422, body = ApiError, content_type = "application/problem+json"),
    )
)]
#[get("/courses")]
async fn search_courses(
    _who: Allowed<ANY_ROLE>,
    state: web::Data<AppState>,
    query: web::Query<CourseSearch>,
) -> Result<HttpResponse, ApiError> {
    let paging = Paging::checked(query.page, query.per_page)?;
    let text = checked_text("q", query.q.as_deref())?;
    let skill = checked_uri("skill", query.skill.as_deref())?;
    let mode = query.mode.as_deref().map(parse_mode).transpose()?;
    if let Some(eqf) = query.eqf.filter(|l| !(1..=8).contains(l)) {
        return Err(ApiError::invalid(
            "eqf",
            format!("eqf is 1 to 8, not {eqf}"),
        ));
    }
    let snapshot = state.engine.current();
    let catalogue = &snapshot.matcher.catalogue;
    let hits: Vec<(u32, Option<f32>)> = match &text {
        Some(t) => catalogue
            .search_text(t)
            .map_err(ApiError::internal)?
            .into_iter()
            .map(|(n, s)| (n, Some(s)))
            .collect(),
        None => (0..catalogue.len() as u32).map(|n| (n, None)).collect(),
    };
    // A skill the taxonomy does not know is taught by no course.
    let teaching: Option<HashSet<u32>> = skill.map(|uri| {
        snapshot
            .matcher
            .taxonomy
            .skill_id(&uri)
            .map(|id| catalogue.teaching(id).iter().copied().collect())
            .unwrap_or_default()
    });
    let matching: Vec<(&Course, Option<f32>)> = hits
        .into_iter()
        .filter(|(n, _)| teaching.as_ref().is_none_or(|t| t.contains(n)))
        .map(|(n, score)| (catalogue.course(n), score))
        .filter(|(c, _)| mode.is_none_or(|m| c.participation.mode == m))
        .filter(|(c, _)| query.max_price.is_none_or(|p| c.cost.amount_minor <= p))
        .filter(|(c, _)| query.eqf.is_none_or(|l| c.eqf_level == Some(l)))
        .collect();
    let items = matching
        .iter()
        .skip(paging.offset())
        .take(paging.per_page)
        .map(|&(c, score)| CourseSummary {
            id: &c.id,
            title: &c.title,
            provider: &c.provider,
            participation: &c.participation,
            eqf_level: c.eqf_level,
            ects: c.ects,
            hours: c.hours,
            languages: &c.languages,
            cost: &c.cost,
            score,
        })
        .collect();
    Ok(HttpResponse::Ok().json(Page {
        page: paging.page,
        per_page: paging.per_page,
        total: matching.len(),
        items,
    }))
}

/// A course with every element the Council Recommendation lists, and those missing.
#[derive(Debug, Serialize)]
struct CourseDetail {
    #[serde(flatten)]
    course: Course,
    /// Standard elements the source did not state; empty for a complete record.
    incomplete: Vec<String>,
    source: String,
    loaded_at: chrono::DateTime<chrono::Utc>,
}

impl From<StoredCourse> for CourseDetail {
    fn from(s: StoredCourse) -> Self {
        Self {
            course: s.course,
            incomplete: s.incomplete,
            source: s.source,
            loaded_at: s.loaded_at,
        }
    }
}

async fn stored(state: &AppState, id: String) -> Result<Option<StoredCourse>, ApiError> {
    let store = state.store.clone();
    web::block(move || store.course(&id))
        .await
        .map_err(ApiError::internal)?
        .map_err(ApiError::internal)
}

#[utoipa::path(
    tag = "catalogue",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "the course id")),
    responses(
        (status = 200, body = Value, description = "every micro-credential element, sessions, cost and funding, and `incomplete`: the elements not stated"),
        (status = 401, body = ApiError, content_type = "application/problem+json"),
        (status = 404, body = ApiError, content_type = "application/problem+json"),
    )
)]
#[get("/courses/{id}")]
async fn course_detail(
    _who: Allowed<ANY_ROLE>,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = checked_id(&id)?.to_owned();
    let found = stored(&state, id.clone()).await?;
    let course = found.ok_or_else(|| ApiError::not_found(format!("no course {id}")))?;
    Ok(HttpResponse::Ok().json(CourseDetail::from(course)))
}

/// The body is a whole course; a field the course does not have is refused by name rather
/// than dropped, so that a misspelt element is not silently lost.
fn course_from(body: &Value, id: &str) -> Result<Course, ApiError> {
    let bytes = serde_json::to_vec(body).map_err(ApiError::internal)?;
    let course: Course = crate::json::parse(&bytes)?;
    let known = serde_json::to_value(&course).map_err(ApiError::internal)?;
    if let (Some(given), Some(known)) = (body.as_object(), known.as_object())
        && let Some(unknown) = given.keys().find(|k| !known.contains_key(*k))
    {
        return Err(ApiError::invalid(
            unknown,
            format!("unknown field `{unknown}`"),
        ));
    }
    if course.id != id {
        return Err(ApiError::invalid(
            "id",
            "the body's id must be the one in the path",
        ));
    }
    if let Err(e) = course.validate() {
        let field = e.violations.first().map_or("course", |v| v.field.as_str());
        return Err(ApiError::invalid(field, e.to_string()));
    }
    Ok(course)
}

#[utoipa::path(
    tag = "catalogue",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "the course id")),
    request_body(content = Value, description = "a whole course, as GET /courses/{id} shows it (without `incomplete`, `source`, `loaded_at`)"),
    responses(
        (status = 201, body = Value, description = "created; the stored course"),
        (status = 200, body = Value, description = "replaced; the stored course"),
        (status = 401, body = ApiError, content_type = "application/problem+json"),
        (status = 403, body = ApiError, content_type = "application/problem+json"),
        (status = 422, body = ApiError, content_type = "application/problem+json",
            description = "a field is unknown, of the wrong type, or breaks a rule; `field` names it"),
    )
)]
#[put("/courses/{id}")]
async fn put_course(
    who: Allowed<ADMINISTRATION>,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: Json<Value>,
) -> Result<HttpResponse, ApiError> {
    let id = checked_id(&id)?.to_owned();
    let course = course_from(&body, &id)?;
    let store = state.store.clone();
    let saved = web::block(move || {
        let missing = course.missing_elements();
        let input = CourseInput {
            course: &course,
            incomplete: &missing,
        };
        let summary = store.upsert_courses(&[input], "api")?;
        Ok::<_, skillpath_store::StoreError>((summary.inserted > 0, store.course(&course.id)?))
    })
    .await
    .map_err(ApiError::internal)?
    .map_err(ApiError::internal)?;
    let (created, Some(stored)) = saved else {
        return Err(ApiError::internal("a stored course could not be read back"));
    };
    audit::record(
        &state,
        &who,
        "put_course",
        Some(id),
        Purpose::Administration,
    )
    .await?;
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok(HttpResponse::build(status).json(CourseDetail::from(stored)))
}

#[utoipa::path(
    tag = "catalogue",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "the course id")),
    responses(
        (status = 204, description = "removed, with its sessions and outcomes; outcome events naming it stay"),
        (status = 401, body = ApiError, content_type = "application/problem+json"),
        (status = 403, body = ApiError, content_type = "application/problem+json"),
        (status = 404, body = ApiError, content_type = "application/problem+json"),
    )
)]
#[delete("/courses/{id}")]
async fn delete_course(
    who: Allowed<ADMINISTRATION>,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = checked_id(&id)?.to_owned();
    let store = state.store.clone();
    let key = id.clone();
    let gone = web::block(move || store.delete_course(&key))
        .await
        .map_err(ApiError::internal)?
        .map_err(ApiError::internal)?;
    if !gone {
        return Err(ApiError::not_found(format!("no course {id}")));
    }
    audit::record(
        &state,
        &who,
        "delete_course",
        Some(id),
        Purpose::Administration,
    )
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
