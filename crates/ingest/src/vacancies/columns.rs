//! Which source column feeds which vacancy field. Exports name their columns in many ways;
//! the common spellings are recognised, and anything else can be mapped explicitly.

use std::collections::HashMap;

/// Our field names, in the order a person reads a vacancy.
pub const FIELDS: &[&str] = &[
    "id",
    "title",
    "employer",
    "municipality",
    "region",
    "postcode",
    "latitude",
    "longitude",
    "posted",
    "closing",
    "contract_type",
    "working_time",
    "salary_min",
    "salary_max",
    "salary_currency",
    "salary_period",
    "description",
    "occupation_uri",
    "skill_uris",
];

fn aliases(field: &str) -> &'static [&'static str] {
    match field {
        "id" => &[
            "id",
            "vacancy_id",
            "job_id",
            "reference",
            "identifier",
            "ref",
        ],
        "title" => &[
            "title",
            "job_title",
            "position",
            "vacancy_title",
            "jobtitle",
        ],
        "employer" => &[
            "employer",
            "hiring_org",
            "hiring_organization",
            "company",
            "organisation",
            "organization",
        ],
        "municipality" => &["municipality", "locality", "city", "town", "location"],
        "region" => &["region", "county", "state", "nuts", "nuts2", "area"],
        "postcode" => &["postcode", "postal_code", "zip", "zipcode", "post_code"],
        "latitude" => &["latitude", "lat"],
        "longitude" => &["longitude", "lon", "lng", "long"],
        "posted" => &[
            "posted",
            "date_posted",
            "published",
            "publication_date",
            "start_date",
        ],
        "closing" => &[
            "closing",
            "closing_date",
            "valid_through",
            "expires",
            "deadline",
            "end_date",
        ],
        "contract_type" => &["contract_type", "employment_type", "contract"],
        "working_time" => &["working_time", "hours", "working_hours", "schedule"],
        "salary_min" => &["salary_min", "min_salary", "salary_from"],
        "salary_max" => &["salary_max", "max_salary", "salary_to"],
        "salary_currency" => &["salary_currency", "currency"],
        "salary_period" => &["salary_period", "salary_unit", "pay_period"],
        "description" => &[
            "description",
            "description_text",
            "text",
            "job_description",
            "body",
        ],
        "occupation_uri" => &["occupation_uri", "esco_occupation", "occupation"],
        "skill_uris" => &["skill_uris", "esco_skills", "skills"],
        _ => &[],
    }
}

fn normalise(name: &str) -> String {
    name.trim()
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect()
}

/// Explicit `field=column` choices from the user; they win over the recognised names.
#[derive(Debug, Clone, Default)]
pub struct ColumnMap {
    explicit: HashMap<String, String>,
}

impl ColumnMap {
    /// Parses `field=column` pairs, refusing fields we do not have.
    pub fn parse(pairs: &[String]) -> Result<Self, String> {
        let mut explicit = HashMap::new();
        for pair in pairs {
            let (field, column) = pair
                .split_once('=')
                .ok_or_else(|| format!("{pair:?}: expected FIELD=COLUMN"))?;
            let field = field.trim();
            if !FIELDS.contains(&field) {
                return Err(format!(
                    "{field:?} is not a vacancy field; fields are {}",
                    FIELDS.join(", ")
                ));
            }
            explicit.insert(field.to_owned(), column.trim().to_owned());
        }
        Ok(Self { explicit })
    }

    /// For each of our fields, the index of the header column that feeds it.
    pub fn resolve(&self, header: &[&str]) -> Result<HashMap<&'static str, usize>, String> {
        let normalised: Vec<String> = header.iter().map(|h| normalise(h)).collect();
        let mut out = HashMap::new();
        for &field in FIELDS {
            let found = match self.explicit.get(field) {
                Some(column) => Some(header.iter().position(|h| h.trim() == column).ok_or_else(
                    || format!("column {column:?} (mapped to {field}) is not in the header"),
                )?),
                None => aliases(field)
                    .iter()
                    .find_map(|a| normalised.iter().position(|h| h == a)),
            };
            if let Some(i) = found {
                out.insert(field, i);
            }
        }
        for required in ["id", "title"] {
            if !out.contains_key(required) {
                return Err(format!(
                    "no column for {required}; name one with --map {required}=COLUMN (header: {})",
                    header.join(", ")
                ));
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nhs_header_is_recognised() {
        let header = "vacancy_id,title,hiring_org,locality,postcode,country,latitude,longitude,salary_min,salary_max,salary_unit,employment_type,date_posted,valid_through,url,description_text";
        let cols: Vec<&str> = header.split(',').collect();
        let map = ColumnMap::default().resolve(&cols).unwrap();
        assert_eq!(map["id"], 0);
        assert_eq!(map["employer"], 2);
        assert_eq!(map["closing"], 13);
        assert_eq!(map["description"], 15);
        assert!(!map.contains_key("region"));
    }

    #[test]
    fn explicit_mapping_wins_and_is_checked() {
        let map = ColumnMap::parse(&["title=Stellenbezeichnung".into()]).unwrap();
        let cols = ["id", "Stellenbezeichnung", "title"];
        assert_eq!(map.resolve(&cols).unwrap()["title"], 1);
        assert!(
            ColumnMap::parse(&["colour=x".into()])
                .unwrap_err()
                .contains("not a vacancy field")
        );
        assert!(
            map.resolve(&["id", "title"])
                .unwrap_err()
                .contains("Stellenbezeichnung")
        );
        assert!(
            ColumnMap::default()
                .resolve(&["name"])
                .unwrap_err()
                .contains("--map id=COLUMN")
        );
    }
}
