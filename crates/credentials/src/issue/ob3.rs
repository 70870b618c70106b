//! The Open Badges 3.0 form. Elements OB 3.0 has a property for use it: title (`name`),
//! awarding body (`achievement.creator`), issuer country and region (`issuer.address`), date
//! of issue (`validFrom`, `awardedDate`), learner (`credentialSubject.identifier`), ESCO
//! skills (`alignment`, target type `ext:ESCOSkill`), ECTS (`creditsAvailable`). The rest
//! (learning outcomes with their skills, EQF level, assessment, participation, quality
//! assurance) are extension terms defined by our inline context ([`contexts::eu_elements`]).

use serde_json::{Map, Value, json};
use skillpath_domain::course::Course;

use super::{HashedLearner, IssueRequest, course_uri, eqf_uri, mode_label, pace_label, timestamp};
use crate::contexts;

/// The OB 3.0 JSON Schema validators check against.
const SCHEMA: &str =
    "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json";

pub fn credential(request: &IssueRequest<'_>, learner: &HashedLearner<'_>, id: &str) -> Value {
    let course = request.course;
    let mut issuer = json!({
        "id": request.issuer.id,
        "type": ["Profile"],
        "name": request.issuer.name,
    });
    if let Some(url) = &request.issuer.url {
        issuer["url"] = json!(url);
    }
    let mut doc = json!({
        "@context": [contexts::VC_V2, contexts::OB_V3, contexts::eu_elements()],
        "id": id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": course.title,
        "issuer": issuer,
        "validFrom": timestamp(request.issued),
        "awardedDate": timestamp(request.issued),
        "credentialSubject": subject(request, learner),
        "credentialSchema": [{"id": SCHEMA, "type": "1EdTechJsonSchemaValidator2019"}],
    });
    if let Some(until) = request.valid_until {
        doc["validUntil"] = json!(timestamp(until));
    }
    if let Some(status) = &request.status {
        doc["credentialStatus"] = status.to_json();
    }
    doc
}

/// No subject `id`: the learner is known by the hashed identifier only, so that the public
/// document names nobody (see [`crate::identity`]).
fn subject(request: &IssueRequest<'_>, learner: &HashedLearner<'_>) -> Value {
    let mut identifiers = vec![json!({
        "type": "IdentityObject",
        "identityType": "identifier",
        "hashed": true,
        "identityHash": learner.identity_hash,
    })];
    if let Some(name) = learner.name {
        identifiers.push(json!({"type": "IdentityObject", "identityType": "name", "identityHash": name, "hashed": false}));
    }
    json!({
        "type": ["AchievementSubject"],
        "identifier": identifiers,
        "achievement": achievement(request),
    })
}

fn achievement(request: &IssueRequest<'_>) -> Value {
    let course = request.course;
    let mut a = Map::new();
    a.insert("id".into(), course_uri(course).into());
    a.insert("type".into(), json!(["Achievement"]));
    a.insert("achievementType".into(), "MicroCredential".into());
    a.insert("name".into(), course.title.clone().into());
    a.insert("description".into(), description(course).into());
    a.insert("criteria".into(), json!({"narrative": criteria(course)}));
    a.insert("creator".into(), awarding_body(course));
    a.insert("alignment".into(), alignments(request));
    a.insert(
        "euLearningOutcome".into(),
        course
            .learning_outcomes
            .iter()
            .map(|lo| json!({"title": lo.text, "relatedESCOSkill": lo.skill_uris}))
            .collect(),
    );
    if let Some(ects) = course.ects {
        a.insert("creditsAvailable".into(), json!(ects));
        a.insert("ectsCredits".into(), json!(ects));
    }
    if let Some(hours) = course.hours {
        a.insert("workloadHours".into(), json!(hours));
    }
    if let Some(level) = course.eqf_level {
        a.insert("eqfLevel".into(), eqf_uri(level).into());
    }
    if let Some(assessment) = &course.assessment {
        a.insert("assessmentType".into(), assessment.clone().into());
    }
    a.insert("participationMode".into(), mode_label(course).into());
    a.insert("participationPace".into(), pace_label(course).into());
    if let Some(qa) = &course.quality_assurance {
        a.insert("qualityAssurance".into(), qa.clone().into());
    }
    if let Some(language) = course.languages.first() {
        a.insert("inLanguage".into(), language.clone().into());
    }
    if let Some(larger) = &course.stacks_into {
        a.insert("stacksInto".into(), larger.clone().into());
    }
    Value::Object(a)
}

fn description(course: &Course) -> String {
    let mut d = format!("Micro-credential awarded by {}", course.awarding_body);
    if let Some(ects) = course.ects {
        d.push_str(&format!(", {ects} ECTS"));
    }
    if let Some(level) = course.eqf_level {
        d.push_str(&format!(", EQF level {level}"));
    }
    d.push('.');
    d
}

fn criteria(course: &Course) -> String {
    let mut narrative = String::from("Learning outcomes:\n");
    for lo in &course.learning_outcomes {
        narrative.push_str(&format!("- {}\n", lo.text));
    }
    if let Some(assessment) = &course.assessment {
        narrative.push_str(&format!("\nAssessment: {assessment}.\n"));
    }
    narrative
}

fn awarding_body(course: &Course) -> Value {
    let mut address = Map::new();
    address.insert("type".into(), json!(["Address"]));
    if let Some(country) = &course.issuer_country {
        address.insert("addressCountryCode".into(), country.clone().into());
    }
    if let Some(region) = &course.issuer_region {
        address.insert("addressRegion".into(), region.clone().into());
    }
    let slug: String = course
        .awarding_body
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    json!({
        "id": format!("urn:skillpath:awarding-body:{slug}"),
        "type": ["Profile"],
        "name": course.awarding_body,
        "address": address,
    })
}

fn alignments(request: &IssueRequest<'_>) -> Value {
    let mut seen = std::collections::BTreeSet::new();
    let mut out = Vec::new();
    for lo in &request.course.learning_outcomes {
        for uri in &lo.skill_uris {
            if !seen.insert(uri.as_str()) {
                continue;
            }
            let label = request.skill_labels.get(uri).unwrap_or(&lo.text);
            out.push(json!({
                "type": ["Alignment"],
                "targetType": "ext:ESCOSkill",
                "targetFramework": "ESCO",
                "targetName": label,
                "targetCode": uri.rsplit('/').next().unwrap_or(uri),
                "targetUrl": uri,
            }));
        }
    }
    Value::Array(out)
}
