//! European Learning Model (ELM 3, European Digital Credentials) credentials as courses.
//!
//! What the EDC samples (micro-credential "Sample-MC-Annex1", certificate of participation
//! "Sample-CertOfPart", each unsigned, uploadable and signed) showed:
//! - Three wrappings of one credential: the credential object itself; `{"credential": ..}`
//!   (uploadable); and a JWS JSON serialisation `{"payload": "<credential as a JSON
//!   string>", "signatures": [..]}` (signed). Signatures are not verified here.
//! - Any member may hold one value or an array (the signed issuer's `location` is an array
//!   where the unsigned one is an object), and texts are language maps `{"en": ..}`. So values
//!   are read through `first`/`many`/`text`, and nodes found by their `type`, not by path.
//! - The course is the claim `credentialSubject.hasClaim` (a `LearningAchievement` for the
//!   micro-credential, a `LearningActivity` for the certificate of participation) and its
//!   `specifiedBy` (a `Qualification` or `LearningActivitySpecification`), holding `title`,
//!   `learningOutcome[]` (`title` and `relatedESCOSkill`, one or several, each `id` an ESCO
//!   URI; `relatedSkill` holds DigComp concepts and is not ESCO), `creditPoint` (`framework`
//!   ECTS, `point` "2"), `eqfLevel.id` (`http://data.europa.eu/snb/eqf/6`),
//!   `volumeOfLearning` ("PT60H"), `mode.prefLabel` ("Blended"), `language.id`
//!   (`.../authority/language/ENG`) and `entryRequirement`.
//! - Awarding body: `claim.awardedBy.awardingBody` (`legalName`; country from
//!   `location.address.countryCode.id`, `.../authority/country/IRL`; region from
//!   `location.spatialCode`). The provider is whoever `directedBy` the learning activity.
//! - Assessment: the `LearningAssessmentSpecification` under `provenBy`, named by `dcType`.
//! - Date of issue: `issuanceDate` or `issued` (signed only), else `validFrom`.
//! - `specifiedBy.id` is a document-local `urn:epass:..` id, the same in every sample, so it
//!   cannot identify a course across files; the credential `id` does then.
//! - The samples state no quality assurance (an `Accreditation` would), no price and no pace:
//!   those stay missing or are reported as assumed.

use std::borrow::Cow;
use std::collections::VecDeque;

use serde_json::Value;
use skillpath_domain::course::{Cost, Course, LearningOutcome, Mode, Pace, Participation};

use super::canonical::note;
use super::codes;
use super::record::{Built, RowErrors, error, finish};
use super::values::{self, NO_CURRENCY};
use crate::vacancies::parse_date;

const CREDENTIAL_TYPES: &[&str] = &["EuropeanDigitalCredential", "VerifiableCredential"];
const CLAIM_TYPES: &[&str] = &[
    "LearningAchievement",
    "LearningActivity",
    "LearningAssessment",
    "LearningEntitlement",
];
/// The ELM concept for the European Credit Transfer System.
const ECTS_FRAMEWORK: &str = "http://data.europa.eu/snb/education-credit/6fcec5c5af";

pub fn is_credential(value: &Value) -> bool {
    value.get("credentialSubject").is_some()
        || value.get("credential").is_some()
        || (value.get("payload").is_some() && value.get("signatures").is_some())
}

/// One course per claim of the credential.
pub fn build(value: &Value) -> Vec<Built> {
    let credential = match unwrap(value) {
        Ok(c) => c,
        Err(e) => return vec![Err(e)],
    };
    let claims = claims(&credential);
    if claims.is_empty() {
        return vec![Err(error(
            "credentialSubject.hasClaim",
            "the credential claims no learning achievement or activity to read a course from",
        ))];
    }
    let several = claims.len() > 1;
    claims
        .iter()
        .enumerate()
        .map(|(i, claim)| course(&credential, claim, several.then_some(i + 1)))
        .collect()
}

fn unwrap(value: &Value) -> Result<Cow<'_, Value>, RowErrors> {
    if let Some(Value::String(payload)) = value.get("payload") {
        let inner: Value = serde_json::from_str(payload)
            .map_err(|e| error("payload", format!("the signed payload is not JSON: {e}")))?;
        return unwrap(&inner).map(|c| Cow::Owned(c.into_owned()));
    }
    if let Some(inner) = value.get("credential") {
        return unwrap(inner);
    }
    find_typed(value, CREDENTIAL_TYPES)
        .or_else(|| value.get("credentialSubject").map(|_| value))
        .map(Cow::Borrowed)
        .ok_or_else(|| error("type", "no EuropeanDigitalCredential in the object"))
}

fn claims(credential: &Value) -> Vec<&Value> {
    let Some(subject) = first(credential.get("credentialSubject")) else {
        return Vec::new();
    };
    let direct: Vec<&Value> = many(subject.get("hasClaim"))
        .into_iter()
        .filter(|c| c.is_object())
        .collect();
    if direct.is_empty() {
        find_typed(subject, CLAIM_TYPES).into_iter().collect()
    } else {
        direct
    }
}

fn course(credential: &Value, claim: &Value, nth: Option<usize>) -> Built {
    let mut errors = RowErrors::new();
    let spec = first(claim.get("specifiedBy"));
    let in_spec = |key: &str| spec.and_then(|s| s.get(key));
    let activity_spec = find_typed(claim, &["LearningActivitySpecification"]);
    let in_activity = |key: &str| activity_spec.and_then(|s| s.get(key));
    let body = awarding_body(claim);
    let awarding_body = body.and_then(org_name).unwrap_or_default();
    let (issuer_country, issuer_region) = body.map_or((None, None), |b| place(b, &mut errors));
    let mode = match in_spec("mode")
        .or_else(|| in_activity("mode"))
        .and_then(text)
    {
        Some(label) => note(&mut errors, "mode", values::mode(&label)),
        None => note(
            &mut errors,
            "mode",
            Err("the credential states no mode of learning (online, on-site or blended)".into()),
        ),
    };
    let eqf_level = first(in_spec("eqfLevel"))
        .and_then(concept_id)
        .and_then(|raw| note(&mut errors, "eqf_level", values::eqf_level(raw)));
    let course = Course {
        id: course_id(credential, spec, nth),
        title: in_spec("title")
            .or_else(|| claim.get("title"))
            .and_then(text)
            .unwrap_or_default(),
        issuer_country,
        issuer_region,
        provider: provider(claim).unwrap_or_else(|| awarding_body.clone()),
        awarding_body,
        date_of_issue: issue_date(credential, &mut errors),
        learning_outcomes: many(in_spec("learningOutcome"))
            .into_iter()
            .map(outcome)
            .collect(),
        ects: spec.and_then(|s| ects(s, &mut errors)),
        eqf_level,
        assessment: find_typed(claim, &["LearningAssessmentSpecification"]).and_then(named),
        participation: Participation {
            // A missing mode is already an error, so the placeholder never reaches a record.
            mode: mode.unwrap_or(Mode::Online),
            pace: Pace::PartTime,
        },
        quality_assurance: find_typed(credential, &["Accreditation"]).and_then(named),
        hours: [in_spec("volumeOfLearning"), claim.get("workload")]
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .find_map(values::duration_hours),
        sessions: Vec::new(),
        cost: Cost {
            amount_minor: 0,
            currency: NO_CURRENCY.into(),
            eligible_funding: Vec::new(),
        },
        languages: languages(
            in_spec("language").or_else(|| in_activity("language")),
            &mut errors,
        ),
        accessibility: Vec::new(),
        prerequisites: many(in_spec("entryRequirement"))
            .into_iter()
            .filter_map(text)
            .collect(),
        stacks_into: None,
        url: first(in_spec("homepage"))
            .and_then(|h| h.get("contentURL"))
            .and_then(Value::as_str)
            .map(str::to_owned),
    };
    // ELM has no full-/part-time element and credentials carry no price.
    finish(course, vec!["participation.pace", "cost"], errors)
}

/// The specification's id when it is global; the local `urn:epass:` ids repeat across
/// credentials, so the credential's id stands in for them.
fn course_id(credential: &Value, spec: Option<&Value>, nth: Option<usize>) -> String {
    if let Some(id) = spec.and_then(concept_id)
        && !id.starts_with("urn:epass:")
    {
        return id.to_owned();
    }
    let credential_id = credential
        .get("id")
        .and_then(Value::as_str)
        .unwrap_or_default();
    match nth {
        Some(n) => format!("{credential_id}#{n}"),
        None => credential_id.to_owned(),
    }
}

fn awarding_body(claim: &Value) -> Option<&Value> {
    first(claim.get("awardedBy"))
        .or_else(|| find_typed(claim, &["AwardingProcess"]))
        .and_then(|process| first(process.get("awardingBody")))
}

fn provider(claim: &Value) -> Option<String> {
    let activity = if has_type(claim, &["LearningActivity"]) {
        Some(claim)
    } else {
        many(claim.get("influencedBy"))
            .into_iter()
            .find(|a| a.get("directedBy").is_some())
    };
    activity
        .and_then(|a| first(a.get("directedBy")))
        .and_then(org_name)
}

fn org_name(org: &Value) -> Option<String> {
    org.get("legalName")
        .or_else(|| org.get("prefLabel"))
        .and_then(text)
}

/// Country and region of the first location that names a country.
fn place(org: &Value, errors: &mut RowErrors) -> (Option<String>, Option<String>) {
    for location in many(org.get("location")) {
        let Some(uri) = first(location.get("address"))
            .and_then(|a| first(a.get("countryCode")))
            .and_then(concept_id)
        else {
            continue;
        };
        let code = uri.rsplit('/').next().unwrap_or_default();
        let country = match code.len() {
            3 => codes::country_alpha2(code).map(str::to_owned),
            2 => Some(code.to_ascii_uppercase()),
            _ => None,
        };
        if country.is_none() {
            errors.push((
                "issuer_country".into(),
                format!("{uri:?} is not a country code we know"),
            ));
        }
        return (country, location.get("spatialCode").and_then(text));
    }
    (None, None)
}

fn issue_date(credential: &Value, errors: &mut RowErrors) -> Option<chrono::NaiveDate> {
    let raw = ["issuanceDate", "issued", "validFrom"]
        .into_iter()
        .find_map(|key| credential.get(key).and_then(Value::as_str))?;
    let date = parse_date(raw).ok_or_else(|| format!("{raw:?} is not a date"));
    note(errors, "date_of_issue", date)
}

fn outcome(lo: &Value) -> LearningOutcome {
    LearningOutcome {
        text: ["title", "prefLabel", "definition"]
            .into_iter()
            .find_map(|key| lo.get(key).and_then(text))
            .unwrap_or_default(),
        skill_uris: many(lo.get("relatedESCOSkill"))
            .into_iter()
            .filter_map(concept_id)
            .map(str::to_owned)
            .collect(),
    }
}

/// ECTS only: credit points in another framework are not ECTS and are not converted.
fn ects(spec: &Value, errors: &mut RowErrors) -> Option<f64> {
    let ects_points = many(spec.get("creditPoint")).into_iter().find(|cp| {
        first(cp.get("framework")).is_some_and(|f| {
            concept_id(f) == Some(ECTS_FRAMEWORK)
                || text(f).is_some_and(|l| l.contains("European Credit Transfer") || l == "ECTS")
        })
    });
    let raw = ects_points
        .and_then(|cp| cp.get("point"))
        .or_else(|| spec.get("ECTSCreditPoints"))
        .or_else(|| spec.get("ectsCreditPoints"))?;
    let raw = match raw {
        Value::Number(n) => n.to_string(),
        other => text(other)?,
    };
    note(errors, "ects", values::number(&raw))
}

fn languages(value: Option<&Value>, errors: &mut RowErrors) -> Vec<String> {
    let mut out = Vec::new();
    for uri in many(value).into_iter().filter_map(concept_id) {
        let code = uri.rsplit('/').next().unwrap_or_default();
        let iso = match code.len() {
            3 => codes::language_from_alpha3(code).map(str::to_owned),
            2 => Some(code.to_ascii_lowercase()),
            _ => None,
        };
        match iso {
            Some(iso) => out.push(iso),
            None => errors.push((
                "languages".into(),
                format!("{uri:?} is not a language code we know"),
            )),
        }
    }
    out
}

/// A node's kind as people name it: its `dcType` label, else its title.
fn named(node: &Value) -> Option<String> {
    node.get("dcType")
        .and_then(text)
        .or_else(|| node.get("title").and_then(text))
}

/// The first object under `root` (itself included), breadth first, whose type is one of
/// `wanted`.
fn find_typed<'a>(root: &'a Value, wanted: &[&str]) -> Option<&'a Value> {
    let mut queue = VecDeque::from([root]);
    while let Some(v) = queue.pop_front() {
        match v {
            Value::Object(o) => {
                if has_type(v, wanted) {
                    return Some(v);
                }
                queue.extend(o.values());
            }
            Value::Array(items) => queue.extend(items),
            _ => {}
        }
    }
    None
}

fn has_type(v: &Value, wanted: &[&str]) -> bool {
    many(v.get("type").or_else(|| v.get("@type")))
        .into_iter()
        .any(|t| t.as_str().is_some_and(|t| wanted.contains(&t)))
}

fn many(v: Option<&Value>) -> Vec<&Value> {
    match v {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items.iter().collect(),
        Some(other) => vec![other],
    }
}

fn first(v: Option<&Value>) -> Option<&Value> {
    many(v).into_iter().next()
}

/// A concept's URI: the string itself or its `id`.
fn concept_id(v: &Value) -> Option<&str> {
    match v {
        Value::String(s) => Some(s),
        _ => v.get("id").or_else(|| v.get("@id")).and_then(Value::as_str),
    }
}

/// Text in English when there is a choice: strings, language maps, notes, concept labels.
fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_owned()).filter(|s| !s.is_empty()),
        Value::Array(items) => items.iter().find_map(text),
        Value::Object(o) => ["noteLiteral", "prefLabel", "@value", "en"]
            .into_iter()
            .find_map(|key| o.get(key).and_then(text))
            .or_else(|| {
                // Any other language of a language map; `id` and `type` are not languages.
                o.iter()
                    .filter(|(k, _)| !matches!(k.as_str(), "id" | "type") && !k.starts_with('@'))
                    .filter(|(k, _)| {
                        k.len() <= 8 && k.chars().all(|c| c.is_ascii_lowercase() || c == '-')
                    })
                    .find_map(|(_, v)| v.as_str().map(str::trim).filter(|s| !s.is_empty()))
                    .map(str::to_owned)
            }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn micro_credential() -> Value {
        json!({
            "id": "urn:credential:1",
            "type": ["VerifiableCredential", "EuropeanDigitalCredential"],
            "validFrom": "2022-12-31T23:00:00Z",
            "credentialSubject": {"type": "Person", "hasClaim": {
                "type": "LearningAchievement",
                "awardedBy": {"type": "AwardingProcess", "awardingBody": {
                    "type": "Organisation", "legalName": {"en": "University of Zed"},
                    "location": [{"type": "Location", "address": {"type": "Address",
                        "countryCode": {"id": "http://publications.europa.eu/resource/authority/country/IRL"}}}]
                }},
                "provenBy": {"type": "LearningAssessment", "specifiedBy": {
                    "type": "LearningAssessmentSpecification", "dcType": {"prefLabel": {"en": "artefact assessment"}}}},
                "specifiedBy": {
                    "id": "urn:epass:qualification:1", "type": "Qualification",
                    "title": {"en": "Digital micro-credential creation"},
                    "eqfLevel": {"id": "http://data.europa.eu/snb/eqf/6"},
                    "creditPoint": {"framework": {"id": ECTS_FRAMEWORK}, "point": "2"},
                    "volumeOfLearning": "PT60H",
                    "mode": {"prefLabel": {"en": "Blended"}},
                    "language": {"id": "http://publications.europa.eu/resource/authority/language/ENG"},
                    "learningOutcome": [{"type": "LearningOutcome", "title": {"en": "Develop content", "es": "Contenido"},
                        "relatedESCOSkill": {"id": "http://data.europa.eu/esco/skill/5fd5"}}]
                }
            }}
        })
    }

    #[test]
    fn a_micro_credential_maps_every_element_it_states() {
        let d = build(&micro_credential()).pop().unwrap().unwrap();
        let c = &d.course;
        assert_eq!(c.id, "urn:credential:1");
        assert_eq!(c.issuer_country.as_deref(), Some("IE"));
        assert_eq!(
            (c.ects, c.eqf_level, c.hours),
            (Some(2.0), Some(6), Some(60.0))
        );
        assert_eq!(c.assessment.as_deref(), Some("artefact assessment"));
        assert_eq!(c.participation.mode, Mode::Blended);
        assert_eq!(c.learning_outcomes[0].text, "Develop content");
        assert_eq!(c.skill_uris(), ["http://data.europa.eu/esco/skill/5fd5"]);
        assert_eq!(c.languages, ["en"]);
        assert_eq!(c.missing_elements(), ["quality_assurance"]);
    }

    #[test]
    fn the_signed_and_uploadable_wrappings_unwrap_to_the_same_course() {
        let plain = micro_credential();
        let signed = json!({"payload": plain.to_string(), "signatures": []});
        let uploadable = json!({"credential": plain});
        for wrapped in [signed, uploadable] {
            assert!(is_credential(&wrapped));
            let d = build(&wrapped).pop().unwrap().unwrap();
            assert_eq!(d.course.title, "Digital micro-credential creation");
        }
        let broken = json!({"payload": "{not json", "signatures": []});
        assert_eq!(build(&broken).pop().unwrap().unwrap_err()[0].0, "payload");
    }

    #[test]
    fn a_credential_without_a_mode_is_rejected_not_guessed() {
        let mut v = micro_credential();
        v["credentialSubject"]["hasClaim"]["specifiedBy"]
            .as_object_mut()
            .unwrap()
            .remove("mode");
        let err = build(&v).pop().unwrap().unwrap_err();
        assert_eq!(err[0].0, "mode");
    }
}
