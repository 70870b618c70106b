//! Read-only access to the ESCO taxonomy. ESCO is public reference data, so these routes
//! need no role; everything about people lives behind authenticated routes.

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};
use skillpath_domain::esco::{ESCO_NAMESPACE, Occupation, OccupationSkill, RelationType, Skill};
use skillpath_ingest::labels::Match;

use crate::{ApiError, AppState};

const MAX_TOP: usize = 100;
const MAX_TEXT: usize = 20_000;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/occupations/match", web::get().to(match_occupations))
        .route("/occupations/{id}", web::get().to(occupation))
        .route("/skills/extract", web::post().to(extract_skills))
        .route("/skills/{id}", web::get().to(skill));
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MatchQuery {
    q: String,
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

async fn match_occupations(
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

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExtractBody {
    text: String,
    top: Option<usize>,
}

#[derive(Debug, Serialize)]
struct ExtractAnswer<'a> {
    text: &'a str,
    skills: Vec<Match>,
}

async fn extract_skills(
    state: web::Data<AppState>,
    body: web::Json<ExtractBody>,
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

async fn occupation(
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

async fn skill(
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
