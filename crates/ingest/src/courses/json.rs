//! JSON course objects, one per JSON Lines row or per item of a JSON document: an ELM
//! credential (recognised by its wrapper or `credentialSubject`), else our own `Course`
//! serde form.

use serde_json::Value;
use skillpath_domain::course::Course;

use super::elm;
use super::record::{Built, error, finish};

/// One object can hold several courses (an ELM credential with several claims).
pub fn build(value: Value) -> Vec<Built> {
    if !value.is_object() {
        return vec![Err(error("row", "expected a JSON object"))];
    }
    if elm::is_credential(&value) {
        return elm::build(&value);
    }
    vec![own_form(value)]
}

fn own_form(value: Value) -> Built {
    match serde_path_to_error::deserialize::<_, Course>(value) {
        Ok(course) => finish(course, Vec::new(), Vec::new()),
        Err(e) => {
            let reason = e.inner().to_string();
            let path = e.path().to_string();
            // A missing member is reported at its parent; name the member itself.
            let field = match reason.strip_prefix("missing field `") {
                Some(rest) => {
                    let member = rest.split('`').next().unwrap_or_default();
                    if path == "." {
                        member.to_owned()
                    } else {
                        format!("{path}.{member}")
                    }
                }
                None => path,
            };
            Err(error(&field, reason))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Value {
        serde_json::json!({
            "id": "C-1", "title": "Solar PV basics", "issuer_country": "DE", "issuer_region": null,
            "awarding_body": "HWK", "date_of_issue": "2026-03-01",
            "learning_outcomes": [{"text": "Mount panels", "skill_uris": ["http://data.europa.eu/esco/skill/a"]}],
            "ects": 2.0, "eqf_level": 4, "assessment": null,
            "participation": {"mode": "online", "pace": "part-time"},
            "quality_assurance": null, "provider": "BZ", "hours": 60, "sessions": [],
            "cost": {"amount_minor": 0, "currency": "EUR", "eligible_funding": []},
            "languages": ["de"], "accessibility": [], "prerequisites": [], "stacks_into": null, "url": null
        })
    }

    #[test]
    fn a_bad_value_is_reported_at_its_path() {
        assert!(build(sample()).pop().unwrap().is_ok());
        let mut v = sample();
        v["participation"]["mode"] = "sometimes".into();
        let err = build(v).pop().unwrap().unwrap_err();
        assert_eq!(err[0].0, "participation.mode", "{err:?}");

        let mut v = sample();
        v.as_object_mut().unwrap().remove("title");
        let err = build(v).pop().unwrap().unwrap_err();
        assert_eq!(err[0].0, "title", "{err:?}");

        let mut v = sample();
        v["eqf_level"] = 9.into();
        let err = build(v).pop().unwrap().unwrap_err();
        assert_eq!(err[0], ("eqf_level".into(), "must be 1 to 8".into()));
    }
}
