//! `POST /api/v1/jobseekers/{id}/credentials`: a person (or their caseworker) brings a
//! credential, ours or anyone's, Open Badges 3.0 or European Learning Model. Its learning
//! outcomes' ESCO skills join the profile: as `credential` (evidenced) when its proof
//! verifies against a key this service trusts and it is neither expired nor revoked, else
//! as `declared`, since the person's word is then all there is. A document that is not a
//! credential at all is refused naming what is wrong, and nothing is stored.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, post, web};
use chrono::{DateTime, Utc};
use serde::Serialize;
use skillpath_credentials::error::ImportError;
use skillpath_credentials::import::Format;
use skillpath_credentials::{Imported, Reason, import as read};
use skillpath_domain::jobseeker::{HeldSkill, SkillSource};
use skillpath_matcher::Matcher;

use super::document;
use crate::auth::Allowed;
use crate::credentials::trust;
use crate::people::{self, blocking};
use crate::policy::PERSON_RECORDS;
use crate::routes::profile_body::check_skills;
use crate::{ApiError, AppState, audit};

#[derive(Debug, Serialize)]
#[serde(rename_all = "snake_case")]
enum Change {
    Added,
    /// Held before as declared or read from a CV; now evidenced.
    Upgraded,
    Unchanged,
    /// Not an ESCO skill the loaded taxonomy has: nothing could match it.
    Skipped,
}

#[derive(Debug, Serialize)]
struct SkillChange {
    uri: String,
    label: Option<String>,
    change: Change,
    /// The source the profile holds it under afterwards (absent when skipped).
    source: Option<SkillSource>,
    why: String,
}

#[derive(Debug, Serialize)]
struct ImportAnswer {
    jobseeker_id: String,
    format: Format,
    title: String,
    issuer: String,
    issued: Option<DateTime<Utc>>,
    verified: bool,
    reason: Reason,
    detail: String,
    /// What the credential's skills count as: `credential` when it verified, else `declared`.
    counted_as: SkillSource,
    skills: Vec<SkillChange>,
}

#[utoipa::path(
    tag = "credentials",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "the jobseeker id")),
    request_body(content = Value, content_type = "application/json", description = "an Open Badges 3.0 or European Learning Model credential, at most 1 MiB"),
    responses(
        (status = 200, body = Value, description = "`{jobseeker_id, format, title, issuer, issued, verified, reason, detail, counted_as, skills: [{uri, label, change, source, why}]}`"),
        (status = 400, body = ApiError, content_type = "application/problem+json", description = "not JSON"),
        (status = 401, body = ApiError, content_type = "application/problem+json"),
        (status = 403, body = ApiError, content_type = "application/problem+json"),
        (status = 404, body = ApiError, content_type = "application/problem+json"),
        (status = 413, body = ApiError, content_type = "application/problem+json"),
        (status = 415, body = ApiError, content_type = "application/problem+json"),
        (status = 422, body = ApiError, content_type = "application/problem+json", description = "an unknown @context or a missing required element, named in `field`"),
    )
)]
#[post("/jobseekers/{id}/credentials")]
pub(super) async fn import(
    who: Allowed<PERSON_RECORDS>,
    state: web::Data<AppState>,
    id: web::Path<String>,
    req: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let (mut profile, purpose) = people::owned(&state, &who, &id).await?;
    let bytes = document(&req, payload).await?;
    let issuer = state.credentials.clone();
    let store = state.store.clone();
    let imported = blocking(move || {
        let trust = trust(issuer.as_deref(), &store, Utc::now())?;
        Ok(read(&bytes, &trust))
    })
    .await?
    .map_err(refusal)?;
    refuse_unreadable(&imported)?;

    let snapshot = state.engine.current();
    let skills = merge(&mut profile.skills, &imported, &snapshot.matcher);
    let changed = skills
        .iter()
        .any(|s| matches!(s.change, Change::Added | Change::Upgraded));
    if changed {
        check_skills(&profile.skills, &snapshot.matcher)?;
        profile = people::save(&state, profile).await?;
    }
    audit::record(
        &state,
        &who,
        "import_credential",
        Some(profile.id.clone()),
        purpose,
    )
    .await?;
    Ok(HttpResponse::Ok().json(ImportAnswer {
        jobseeker_id: profile.id,
        counted_as: counted_as(&imported),
        format: imported.format,
        title: imported.title,
        issuer: imported.issuer,
        issued: imported.issued,
        verified: imported.verified,
        reason: imported.reason,
        detail: imported.detail,
        skills,
    }))
}

fn counted_as(imported: &Imported) -> SkillSource {
    if imported.verified {
        SkillSource::Credential
    } else {
        SkillSource::Declared
    }
}

/// Adds the credential's skills to `held`, saying for each what happened and why.
fn merge(held: &mut Vec<HeldSkill>, imported: &Imported, matcher: &Matcher) -> Vec<SkillChange> {
    let source = counted_as(imported);
    let basis = if imported.verified {
        format!("the credential verified ({})", imported.detail)
    } else {
        format!(
            "the credential did not verify ({}: {}), so the skill counts as declared",
            imported.reason.code(),
            imported.detail
        )
    };
    let taxonomy = &matcher.taxonomy;
    let mut out = Vec::new();
    for skill in &imported.skills {
        let Some(sid) = taxonomy.skill_id(&skill.uri) else {
            out.push(SkillChange {
                uri: skill.uri.clone(),
                label: skill.label.clone(),
                change: Change::Skipped,
                source: None,
                why: "not an ESCO skill in the taxonomy this service has loaded".into(),
            });
            continue;
        };
        let label = Some(taxonomy.skill(sid).label.clone());
        let (change, now, why) = match held.iter_mut().find(|h| h.uri == skill.uri) {
            None => {
                held.push(HeldSkill {
                    uri: skill.uri.clone(),
                    source,
                });
                (Change::Added, source, basis.clone())
            }
            Some(h)
                if source == SkillSource::Credential
                    && matches!(
                        h.source,
                        SkillSource::Declared | SkillSource::ExtractedFromCv
                    ) =>
            {
                h.source = source;
                (Change::Upgraded, source, basis.clone())
            }
            Some(h) => (
                Change::Unchanged,
                h.source,
                "already held with as strong a source".into(),
            ),
        };
        out.push(SkillChange {
            uri: skill.uri.clone(),
            label,
            change,
            source: Some(now),
            why,
        });
    }
    out
}

fn refusal(e: ImportError) -> ApiError {
    match e {
        ImportError::Oversized { limit, .. } => ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            format!("a credential is at most {limit} bytes"),
        ),
        ImportError::Malformed(detail) => {
            ApiError::bad_request("malformed_json", format!("not JSON: {detail}"))
        }
        ImportError::NotACredential(detail) => {
            let field = element_named(&detail).unwrap_or_else(|| "credentialSubject".into());
            ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "not_a_credential", detail)
                .with_field(field)
        }
    }
}

/// A credential whose shape is wrong is refused, not imported as declared: what it claims
/// cannot be read with confidence.
fn refuse_unreadable(imported: &Imported) -> Result<(), ApiError> {
    let (code, field) = match imported.reason {
        Reason::UnknownContext => ("unknown_context", Some("@context".to_owned())),
        Reason::MissingElement => ("missing_element", element_named(&imported.detail)),
        Reason::Malformed => ("malformed_credential", element_named(&imported.detail)),
        _ => return Ok(()),
    };
    let problem = ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, code, &imported.detail);
    Err(match field {
        Some(f) => problem.with_field(f),
        None => problem,
    })
}

/// The element a verdict's detail names: "no credentialSubject.achievement.name",
/// "no issuer id", "validFrom 2026-13 is not a date-time".
fn element_named(detail: &str) -> Option<String> {
    let word = detail
        .strip_prefix("no ")
        .unwrap_or(detail)
        .split(' ')
        .next()?;
    let field = match word {
        "date" => "validFrom",
        "the" | "" => return None,
        w if w
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._@".contains(c)) =>
        {
            w
        }
        _ => return None,
    };
    Some(field.to_owned())
}
