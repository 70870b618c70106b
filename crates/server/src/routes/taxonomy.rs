//! Read-only access to the ESCO taxonomy. ESCO is public reference data, so every role may
//! read it; a token is still required, so that use of the service is accounted for.

use actix_web::{HttpResponse, get, post, web};
use serde::{Deserialize, Serialize};
use skillpath_domain::esco::{ESCO_NAMESPACE, Occupation, OccupationSkill, RelationType, Skill};
use skillpath_ingest::labels::Match;
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Allowed;
use crate::json::Json;
use crate::policy::ANY_ROLE;
use crate::{ApiError, AppState};

const MAX_TOP: usize = 100;
const MAX_TEXT: usize = 20_000;

/// `match` before `{id}`: routes are tried in the order they are registered.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(match_occupations)
        .service(occupation)
        .service(extract_skills)
        .service(skill);
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
struct MatchQuery {
    /// A job title.
    q: String,
    /// How many matches, 1 to 100 (default 10).
    top: Option<usize>,
}

#[derive(Debug, Serialize)]
struct MatchAnswer<'a> {
    query: &'a str,
    matches: Vec<Match>,
}

fn checked_top(top: Option<usize>) -> Result<usize, ApiError> {
    match top.unwrap_or(10) {
        n @ 1..=MAX_TOP => Ok(n),
        n => Err(ApiError::invalid(
            "top",
            format!("top must be 1 to {MAX_TOP}, not {n}"),
        )),
    }
}

#[utoipa::path(
    tag = "taxonomy",
    security(("bearer" = [])),
    params(MatchQuery),
    responses(
        (status = 200, body = Value, description = "`{query, matches: [{uri, label, score}]}`, best first"),
        (status = 400, body = ApiError, content_type = "application/problem+json"),
        (status = 401, body = ApiError, content_type = "application/problem+json"),
        (status = 422, body = ApiError, content_type = "application/problem+json"),
    )
)]
#[get("/occupations/match")]
async fn match_occupations(
    _who: Allowed<ANY_ROLE>,
    state: web::Data<AppState>,
    query: web::Query<MatchQuery>,
) -> Result<HttpResponse, ApiError> {
    let top = checked_top(query.top)?;
    if query.q.len() > MAX_TEXT {
        return Err(ApiError::invalid(
            "q",
            format!("q is longer than {MAX_TEXT} bytes"),
        ));
    }
    let matches = state
        .occupations
        .match_title(&query.q, top)
        .map_err(ApiError::internal)?;
    Ok(HttpResponse::Ok().json(MatchAnswer {
        query: &query.q,
        matches,
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct ExtractBody {
    /// Free text, at most 20,000 bytes.
    text: String,
    /// How many skills, 1 to 100 (default 10).
    top: Option<usize>,
}

#[derive(Debug, Serialize)]
struct ExtractAnswer<'a> {
    text: &'a str,
    skills: Vec<Match>,
}

#[utoipa::path(
    tag = "taxonomy",
    security(("bearer" = [])),
    request_body = ExtractBody,
    responses(
        (status = 200, body = Value, description = "`{text, skills: [{uri, label, score}]}`, best first"),
        (status = 400, body = ApiError, content_type = "application/problem+json"),
        (status = 401, body = ApiError, content_type = "application/problem+json"),
        (status = 413, body = ApiError, content_type = "application/problem+json"),
        (status = 422, body = ApiError, content_type = "application/problem+json"),
    )
)]
#[post("/skills/extract")]
async fn extract_skills(
    _who: Allowed<ANY_ROLE>,
    state: web::Data<AppState>,
    body: Json<ExtractBody>,
) -> Result<HttpResponse, ApiError> {
    let top = checked_top(body.top)?;
    if body.text.len() > MAX_TEXT {
        return Err(ApiError::invalid(
            "text",
            format!("text is longer than {MAX_TEXT} bytes"),
        ));
    }
    let skills = state
        .skills
        .extract(&body.text, top)
        .map_err(ApiError::internal)?;
    Ok(HttpResponse::Ok().json(ExtractAnswer {
        text: &body.text,
        skills,
    }))
}

#[derive(Debug, Serialize)]
struct OccupationDetail {
    #[serde(flatten)]
    occupation: Occupation,
    essential_skills: Vec<String>,
    optional_skills: Vec<String>,
}

#[utoipa::path(
    tag = "taxonomy",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "the UUID at the end of the ESCO concept URI")),
    responses(
        (status = 200, body = Value, description = "the occupation with its essential and optional skill URIs"),
        (status = 401, body = ApiError, content_type = "application/problem+json"),
        (status = 404, body = ApiError, content_type = "application/problem+json"),
        (status = 422, body = ApiError, content_type = "application/problem+json"),
    )
)]
#[get("/occupations/{id}")]
async fn occupation(
    _who: Allowed<ANY_ROLE>,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let uri = concept_uri("occupation", &id)?;
    let store = state.store.clone();
    let found = web::block(move || -> Result<_, skillpath_store::StoreError> {
        let Some(occ) = store.occupation(&uri)? else {
            return Ok(None);
        };
        let rels = store.occupation_skill_list(&uri)?;
        Ok(Some((occ, rels)))
    })
    .await
    .map_err(ApiError::internal)?
    .map_err(ApiError::internal)?;
    let (occupation, rels) =
        found.ok_or_else(|| ApiError::not_found(format!("no occupation {id}")))?;
    let pick = |kind: RelationType, rels: &[OccupationSkill]| {
        rels.iter()
            .filter(|r| r.relation == kind)
            .map(|r| r.skill_uri.clone())
            .collect()
    };
    Ok(HttpResponse::Ok().json(OccupationDetail {
        essential_skills: pick(RelationType::Essential, &rels),
        optional_skills: pick(RelationType::Optional, &rels),
        occupation,
    }))
}

#[utoipa::path(
    tag = "taxonomy",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "the UUID at the end of the ESCO concept URI")),
    responses(
        (status = 200, body = Value, description = "the skill"),
        (status = 401, body = ApiError, content_type = "application/problem+json"),
        (status = 404, body = ApiError, content_type = "application/problem+json"),
        (status = 422, body = ApiError, content_type = "application/problem+json"),
    )
)]
#[get("/skills/{id}")]
async fn skill(
    _who: Allowed<ANY_ROLE>,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let uri = concept_uri("skill", &id)?;
    let store = state.store.clone();
    let found: Option<Skill> = web::block(move || store.skill(&uri))
        .await
        .map_err(ApiError::internal)?
        .map_err(ApiError::internal)?;
    let skill = found.ok_or_else(|| ApiError::not_found(format!("no skill {id}")))?;
    Ok(HttpResponse::Ok().json(skill))
}

/// Paths carry the last segment of the ESCO URI (a UUID), which is all a URL needs.
fn concept_uri(kind: &str, id: &str) -> Result<String, ApiError> {
    if id.is_empty() || id.len() > 64 || !id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    {
        return Err(ApiError::invalid(
            "id",
            "an ESCO id is the UUID at the end of the concept URI",
        ));
    }
    Ok(format!("{ESCO_NAMESPACE}{kind}/{id}"))
}
