//! JSON vacancies: schema.org `JobPosting` objects (nested, as job boards publish them) and
//! flat objects keyed by our own field names (as JSON Lines exports usually are).

use serde_json::Value;
use skillpath_domain::vacancy::Vacancy;

use super::fields::{self, Fields, RowErrors};

struct JsonRow {
    values: std::collections::HashMap<&'static str, String>,
}

impl Fields for JsonRow {
    fn get(&self, field: &str) -> Option<&str> {
        self.values
            .get(field)
            .map(String::as_str)
            .map(str::trim)
            .filter(|v| !v.is_empty())
    }
}

/// Reads a value as text: strings as they are, numbers printed, `{"name": ..}` or
/// `{"value": ..}` objects by that member, arrays joined.
fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().filter_map(text).collect();
            (!parts.is_empty()).then(|| parts.join(";"))
        }
        Value::Object(o) => ["value", "name", "@id", "url"]
            .iter()
            .find_map(|k| o.get(*k).and_then(text)),
        Value::Null => None,
    }
}

fn at<'a>(v: &'a Value, path: &[&str]) -> Option<&'a Value> {
    let mut cur = v;
    for key in path {
        cur = match cur {
            // schema.org allows a list wherever one value is allowed; the first one stands.
            Value::Array(items) => items.first()?.get(key)?,
            _ => cur.get(key)?,
        };
    }
    Some(cur)
}

pub fn build(value: &Value) -> Result<Vacancy, RowErrors> {
    if !value.is_object() {
        return Err(vec![("row".into(), "expected a JSON object".into())]);
    }
    let is_job_posting = value.get("@type").and_then(Value::as_str) == Some("JobPosting")
        || value.get("hiringOrganization").is_some();
    let mut values = std::collections::HashMap::new();
    if is_job_posting {
        let paths: &[(&'static str, &[&str])] = &[
            ("id", &["identifier"]),
            ("title", &["title"]),
            ("employer", &["hiringOrganization", "name"]),
            (
                "municipality",
                &["jobLocation", "address", "addressLocality"],
            ),
            ("region", &["jobLocation", "address", "addressRegion"]),
            ("postcode", &["jobLocation", "address", "postalCode"]),
            ("latitude", &["jobLocation", "geo", "latitude"]),
            ("longitude", &["jobLocation", "geo", "longitude"]),
            ("posted", &["datePosted"]),
            ("closing", &["validThrough"]),
            ("contract_type", &["employmentType"]),
            ("working_time", &["workHours"]),
            ("salary_min", &["baseSalary", "value", "minValue"]),
            ("salary_max", &["baseSalary", "value", "maxValue"]),
            ("salary_currency", &["baseSalary", "currency"]),
            ("salary_period", &["baseSalary", "value", "unitText"]),
            ("description", &["description"]),
            ("occupation_uri", &["occupationalCategory"]),
            ("skill_uris", &["skills"]),
        ];
        for (field, path) in paths {
            if let Some(t) = at(value, path).and_then(text) {
                values.insert(*field, t);
            }
        }
        // Job boards without an identifier still have a stable URL.
        if !values.contains_key("id")
            && let Some(url) = value.get("url").and_then(text)
        {
            values.insert("id", url);
        }
    } else {
        for field in super::FIELDS {
            if let Some(t) = value.get(*field).and_then(text) {
                values.insert(*field, t);
            }
        }
    }
    fields::build(&JsonRow { values })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_schema_org_job_posting_maps_to_a_vacancy() {
        let v: Value = serde_json::json!({
            "@context": "https://schema.org", "@type": "JobPosting",
            "identifier": {"@type": "PropertyValue", "value": "X-1"},
            "title": "Solar panel installer",
            "hiringOrganization": {"@type": "Organization", "name": "SunWorks"},
            "jobLocation": {"@type": "Place", "address": {"addressLocality": "Leipzig", "addressRegion": "DED5", "postalCode": "04109"},
                            "geo": {"latitude": 51.34, "longitude": 12.37}},
            "datePosted": "2026-10-01", "validThrough": "2026-12-31T23:59:59Z",
            "employmentType": ["FULL_TIME"],
            "baseSalary": {"currency": "EUR", "value": {"minValue": 32000, "maxValue": 38000, "unitText": "YEAR"}},
            "description": "Install photovoltaic systems on roofs."
        });
        let vac = build(&v).unwrap();
        assert_eq!(vac.id, "X-1");
        assert_eq!(vac.employer.as_deref(), Some("SunWorks"));
        assert_eq!(vac.location.region.as_deref(), Some("DED5"));
        assert_eq!(vac.location.latitude, Some(51.34));
        assert_eq!(vac.salary.unwrap().max, Some(38000.0));
        assert_eq!(vac.contract_type.as_deref(), Some("full-time"));
    }

    #[test]
    fn flat_objects_use_our_field_names() {
        let v: Value = serde_json::json!({"id": 7, "title": "Cook", "skill_uris": ["http://data.europa.eu/esco/skill/a"]});
        let vac = build(&v).unwrap();
        assert_eq!(vac.id, "7");
        assert_eq!(vac.skill_uris, vec!["http://data.europa.eu/esco/skill/a"]);
        assert!(build(&serde_json::json!({"title": "x"})).unwrap_err()[0].0 == "id");
    }
}
