//! The European Learning Model (ELM 3, European Digital Credentials) form, shaped like the
//! EDC micro-credential sample: the achievement is `credentialSubject.hasClaim`, its
//! `specifiedBy` holds the learning outcomes (`relatedESCOSkill`), ECTS `creditPoint`,
//! `eqfLevel`, `mode` and `volumeOfLearning`; `provenBy` the assessment; `awardedBy` the
//! awarding body and its country; an `accreditation` the quality assurance.

use serde_json::{Value, json};
use skillpath_domain::course::Course;

use super::{HashedLearner, IssueRequest, course_uri, eqf_uri, mode_label, pace_label, timestamp};
use crate::contexts;

/// The ELM concept for the European Credit Transfer System.
const ECTS_FRAMEWORK: &str = "http://data.europa.eu/snb/education-credit/6fcec5c5af";
/// The EDC "Generic" credential profile the samples use.
const GENERIC_PROFILE: &str = "http://data.europa.eu/snb/credential/e34929035b";
const COUNTRY: &str = "http://publications.europa.eu/resource/authority/country/";
const LANGUAGE: &str = "http://publications.europa.eu/resource/authority/language/";
const IDENTITY_SCHEME: &str =
    "sha256$ + hex(SHA-256(issuer's learner id + salt held by the learner))";

pub fn credential(request: &IssueRequest<'_>, learner: &HashedLearner<'_>, id: &str) -> Value {
    let course = request.course;
    // ELM has no hashed identity of its own: the notation is the same salted hash as the
    // Open Badge's, and the scheme says how it is made.
    let mut subject = json!({
        "type": "Person",
        "identifier": {"type": "Identifier", "notation": learner.identity_hash,
            "schemeName": IDENTITY_SCHEME},
        "hasClaim": claim(request, id),
    });
    if let Some(name) = learner.name {
        subject["fullName"] = json!({"en": name});
    }
    let mut issuer = json!({
        "id": request.issuer.id,
        "type": "Organisation",
        "legalName": {"en": request.issuer.name},
    });
    if let Some(url) = &request.issuer.url {
        issuer["homepage"] = json!({"type": "WebResource", "contentURL": url});
    }
    let mut doc = json!({
        "@context": [contexts::VC_V1, contexts::ELM, contexts::DATA_INTEGRITY],
        "id": id,
        "type": ["VerifiableCredential", "EuropeanDigitalCredential"],
        "credentialProfiles": {"id": GENERIC_PROFILE, "type": "Concept", "prefLabel": {"en": "Generic"}},
        "issuer": issuer,
        "issuanceDate": timestamp(request.issued),
        "issued": timestamp(request.issued),
        "validFrom": timestamp(request.issued),
        "credentialSubject": subject,
        "displayParameter": {"type": "DisplayParameter", "title": {"en": course.title}},
    });
    if let Some(until) = request.valid_until {
        doc["validUntil"] = json!(timestamp(until));
        doc["expirationDate"] = json!(timestamp(until));
    }
    if let Some(status) = &request.status {
        doc["credentialStatus"] = status.to_json();
    }
    doc
}

fn claim(request: &IssueRequest<'_>, id: &str) -> Value {
    let course = request.course;
    let mut claim = json!({
        "id": format!("{id}#achievement"),
        "type": "LearningAchievement",
        "title": {"en": course.title},
        "awardedBy": {
            "type": "AwardingProcess",
            "awardingDate": timestamp(request.issued),
            "awardingBody": organisation(course),
        },
        "specifiedBy": specification(request),
    });
    if let Some(assessment) = &course.assessment {
        claim["provenBy"] = json!({
            "type": "LearningAssessment",
            "title": {"en": assessment},
            "specifiedBy": {
                "type": "LearningAssessmentSpecification",
                "title": {"en": assessment},
                "dcType": {"type": "Concept", "prefLabel": {"en": assessment}},
            },
        });
    }
    claim
}

fn organisation(course: &Course) -> Value {
    let mut org = json!({"type": "Organisation", "legalName": {"en": course.awarding_body}});
    if let Some(country) = &course.issuer_country {
        // ELM names countries by the EU authority table's three-letter codes; the alpha-2
        // code is kept as the notation so no table is needed to read it back.
        let mut location = json!({"type": "Location", "address": {"type": "Address",
            "countryCode": {"type": "Concept", "notation": country, "prefLabel": {"en": country}}}});
        if let Some(a3) = alpha3(country) {
            location["address"]["countryCode"]["id"] = json!(format!("{COUNTRY}{a3}"));
        }
        if let Some(region) = &course.issuer_region {
            location["spatialCode"] = json!({"type": "Concept", "notation": region});
        }
        org["location"] = location;
    }
    org
}

fn specification(request: &IssueRequest<'_>) -> Value {
    let course = request.course;
    let outcomes: Vec<Value> = course
        .learning_outcomes
        .iter()
        .map(|lo| {
            let skills: Vec<Value> = lo
                .skill_uris
                .iter()
                .map(|uri| {
                    let mut concept = json!({"id": uri, "type": "Concept"});
                    if let Some(label) = request.skill_labels.get(uri) {
                        concept["prefLabel"] = json!({"en": label});
                    }
                    concept
                })
                .collect();
            json!({"type": "LearningOutcome", "title": {"en": lo.text}, "relatedESCOSkill": skills})
        })
        .collect();
    let mut spec = json!({
        "id": course_uri(course),
        "type": "Qualification",
        "title": {"en": course.title},
        "learningOutcome": outcomes,
        "mode": {"type": "Concept", "prefLabel": {"en": mode_label(course)}},
        "learningSchedule": {"type": "Concept", "prefLabel": {"en": pace_label(course)}},
    });
    if let Some(ects) = course.ects {
        spec["creditPoint"] = json!({"type": "CreditPoint",
            "framework": {"id": ECTS_FRAMEWORK, "type": "Concept", "prefLabel": {"en": "European Credit Transfer System"}},
            "point": ects.to_string()});
    }
    if let Some(level) = course.eqf_level {
        spec["eqfLevel"] = json!({"id": eqf_uri(level), "type": "Concept", "prefLabel": {"en": format!("Level {level}")}});
    }
    if let Some(hours) = course.hours {
        spec["volumeOfLearning"] = json!(format!("PT{hours}H"));
    }
    if let Some(qa) = &course.quality_assurance {
        spec["accreditation"] = json!({"type": "Accreditation", "title": {"en": qa}});
    }
    let languages: Vec<Value> = course
        .languages
        .iter()
        .filter_map(|l| alpha3_language(l))
        .map(|code| json!({"id": format!("{LANGUAGE}{code}"), "type": "Concept"}))
        .collect();
    if !languages.is_empty() {
        spec["language"] = Value::Array(languages);
    }
    if !course.prerequisites.is_empty() {
        spec["entryRequirement"] =
            json!({"type": "Note", "noteLiteral": {"en": course.prerequisites.join("; ")}});
    }
    spec
}

/// EU countries and the EEA, where PES issue; others keep only their alpha-2 notation.
fn alpha3(alpha2: &str) -> Option<&'static str> {
    const TABLE: &[(&str, &str)] = &[
        ("AT", "AUT"),
        ("BE", "BEL"),
        ("BG", "BGR"),
        ("HR", "HRV"),
        ("CY", "CYP"),
        ("CZ", "CZE"),
        ("DK", "DNK"),
        ("EE", "EST"),
        ("FI", "FIN"),
        ("FR", "FRA"),
        ("DE", "DEU"),
        ("GR", "GRC"),
        ("HU", "HUN"),
        ("IE", "IRL"),
        ("IT", "ITA"),
        ("LV", "LVA"),
        ("LT", "LTU"),
        ("LU", "LUX"),
        ("MT", "MLT"),
        ("NL", "NLD"),
        ("PL", "POL"),
        ("PT", "PRT"),
        ("RO", "ROU"),
        ("SK", "SVK"),
        ("SI", "SVN"),
        ("ES", "ESP"),
        ("SE", "SWE"),
        ("IS", "ISL"),
        ("LI", "LIE"),
        ("NO", "NOR"),
        ("CH", "CHE"),
    ];
    TABLE
        .iter()
        .find(|(a2, _)| *a2 == alpha2)
        .map(|(_, a3)| *a3)
}

/// The EU languages, as the EU authority table codes them.
fn alpha3_language(iso639_1: &str) -> Option<&'static str> {
    const TABLE: &[(&str, &str)] = &[
        ("bg", "BUL"),
        ("hr", "HRV"),
        ("cs", "CES"),
        ("da", "DAN"),
        ("nl", "NLD"),
        ("en", "ENG"),
        ("et", "EST"),
        ("fi", "FIN"),
        ("fr", "FRA"),
        ("de", "DEU"),
        ("el", "ELL"),
        ("hu", "HUN"),
        ("ga", "GLE"),
        ("it", "ITA"),
        ("lv", "LAV"),
        ("lt", "LIT"),
        ("mt", "MLT"),
        ("pl", "POL"),
        ("pt", "POR"),
        ("ro", "RON"),
        ("sk", "SLK"),
        ("sl", "SLV"),
        ("es", "SPA"),
        ("sv", "SWE"),
    ];
    TABLE
        .iter()
        .find(|(a2, _)| *a2 == iso639_1)
        .map(|(_, a3)| *a3)
}
