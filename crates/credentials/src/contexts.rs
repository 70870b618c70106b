//! The JSON-LD contexts a credential may use here. Terms mean what their context says, and
//! no context is fetched at verification time, so a document naming any other context is
//! refused as one we cannot read, rather than read by guessing.

use serde_json::{Value, json};

pub const VC_V2: &str = "https://www.w3.org/ns/credentials/v2";
pub const VC_V1: &str = "https://www.w3.org/2018/credentials/v1";
pub const OB_V3: &str = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";
pub const OB_V3_EXTENSIONS: &str = "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json";
pub const ELM: &str = "http://data.europa.eu/snb/model/context/edc-ap";
/// Defines `DataIntegrityProof` for VC 1.1 documents (the ELM form); VC 2.0 includes it.
pub const DATA_INTEGRITY: &str = "https://w3id.org/security/data-integrity/v2";

/// Contexts after the base VC context that we read.
const KNOWN: &[&str] = &[
    OB_V3,
    "https://purl.imsglobal.org/spec/ob/v3p0/context.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.0.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json",
    OB_V3_EXTENSIONS,
    ELM,
    DATA_INTEGRITY,
];

/// IRI prefix of the terms we add for EU micro-credential elements OB 3.0 has no property
/// for. A URN, so that no one mistakes it for a document to fetch.
pub const EU_TERMS: &str = "urn:skillpath:eu-micro-credential:";

/// Our inline context defining the EU elements' extension terms on an OB 3.0 achievement.
pub fn eu_elements() -> Value {
    let term = |name: &str| Value::String(format!("{EU_TERMS}{name}"));
    json!({
        "euLearningOutcome": term("learningOutcome"),
        "relatedESCOSkill": {"@id": format!("{EU_TERMS}relatedESCOSkill"), "@type": "@id"},
        "ectsCredits": term("ectsCredits"),
        "workloadHours": term("workloadHours"),
        "eqfLevel": {"@id": format!("{EU_TERMS}eqfLevel"), "@type": "@id"},
        "assessmentType": term("assessmentType"),
        "participationMode": term("participationMode"),
        "participationPace": term("participationPace"),
        "qualityAssurance": term("qualityAssurance"),
        "stacksInto": term("stacksInto"),
    })
}

/// Which model a document's contexts say it follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Model {
    /// VC 2.0 with the Open Badges 3.0 context.
    OpenBadges,
    /// VC 1.1 with the European Learning Model context.
    Elm,
    /// Another VC (a status list credential, for one).
    Plain,
}

/// The model of a document with this `@context`, or what is wrong with it.
pub fn check(context: Option<&Value>) -> Result<Model, String> {
    let Some(Value::Array(items)) = context else {
        return Err(match context {
            None => "the document has no @context".into(),
            Some(v) => format!("@context must be a list beginning with a VC context, not {v}"),
        });
    };
    match items.first().and_then(Value::as_str) {
        Some(VC_V2 | VC_V1) => {}
        other => {
            return Err(format!(
                "the first @context must be {VC_V2} or {VC_V1}, not {}",
                other.unwrap_or("an object")
            ));
        }
    }
    let mut model = Model::Plain;
    for item in &items[1..] {
        match item {
            Value::String(url) if KNOWN.contains(&url.as_str()) => {
                if url.starts_with("https://purl.imsglobal.org/spec/ob/v3p0/context") {
                    model = Model::OpenBadges;
                } else if url == ELM {
                    model = Model::Elm;
                }
            }
            Value::String(url) => return Err(format!("unknown @context {url}")),
            inline if *inline == eu_elements() => {}
            _ => return Err("an inline @context we do not know".into()),
        }
    }
    Ok(model)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_contexts_name_their_model_and_others_are_refused() {
        let ob = json!([VC_V2, OB_V3, eu_elements()]);
        assert_eq!(check(Some(&ob)), Ok(Model::OpenBadges));
        assert_eq!(
            check(Some(&json!([VC_V1, ELM, DATA_INTEGRITY]))),
            Ok(Model::Elm)
        );
        assert!(
            check(Some(&json!([VC_V2, "https://evil.example/ctx"])))
                .unwrap_err()
                .contains("evil")
        );
        assert!(check(Some(&json!([VC_V2, {"name": "http://schema.org/name"}]))).is_err());
        assert!(check(Some(&json!([OB_V3, VC_V2]))).is_err());
        assert!(check(Some(&json!(VC_V2))).is_err());
        assert!(check(None).is_err());
    }
}
