//! Which source column feeds which course field. Catalogue exports name their columns in
//! many ways; the common spellings are recognised, and anything else can be mapped explicitly
//! (`--map field=column`), as for vacancy files.

use std::collections::HashMap;

/// Our field names for one-row-per-course files, in the order of the standard elements.
pub const FIELDS: &[&str] = &[
    "id",
    "title",
    "issuer_country",
    "issuer_region",
    "awarding_body",
    "date_of_issue",
    "learning_outcomes",
    "skill_uris",
    "ects",
    "eqf_level",
    "assessment",
    "mode",
    "pace",
    "quality_assurance",
    "provider",
    "hours",
    "session_starts",
    "municipality",
    "region",
    "postcode",
    "latitude",
    "longitude",
    "price",
    "currency",
    "funding",
    "languages",
    "accessibility",
    "prerequisites",
    "stacks_into",
    "url",
];

fn aliases(field: &str) -> &'static [&'static str] {
    match field {
        "id" => &[
            "id",
            "course_id",
            "course_code",
            "code",
            "reference",
            "identifier",
        ],
        "title" => &["title", "course_title", "course_name", "name"],
        "issuer_country" => &["issuer_country", "country", "country_code"],
        "issuer_region" => &["issuer_region"],
        "awarding_body" => &[
            "awarding_body",
            "awarded_by",
            "awarding_institution",
            "issuer",
        ],
        "date_of_issue" => &["date_of_issue", "issue_date", "issued", "date_issued"],
        "learning_outcomes" => &["learning_outcomes", "outcomes", "learning_outcome"],
        "skill_uris" => &["skill_uris", "esco_skills", "skills", "esco_skill_uris"],
        "ects" => &["ects", "ects_credits", "credits", "credit_points"],
        "eqf_level" => &["eqf_level", "eqf", "level_eqf"],
        "assessment" => &["assessment", "assessment_type", "type_of_assessment"],
        "mode" => &["mode", "delivery_mode", "mode_of_learning", "delivery"],
        "pace" => &["pace", "study_pace", "schedule", "full_or_part_time"],
        "quality_assurance" => &["quality_assurance", "qa", "quality", "accreditation"],
        "provider" => &["provider", "training_provider", "organiser", "organizer"],
        "hours" => &["hours", "workload", "duration_hours", "notional_hours"],
        "session_starts" => &["session_starts", "start_dates", "starts", "sessions"],
        "municipality" => &["municipality", "locality", "city", "town", "location"],
        "region" => &["region", "nuts", "nuts2", "county"],
        "postcode" => &["postcode", "postal_code", "zip", "zipcode", "post_code"],
        "latitude" => &["latitude", "lat"],
        "longitude" => &["longitude", "lon", "lng", "long"],
        "price" => &["price", "cost", "fee", "fees"],
        "currency" => &["currency", "price_currency"],
        "funding" => &["funding", "eligible_funding", "funding_schemes"],
        "languages" => &["languages", "language", "teaching_languages", "lang"],
        "accessibility" => &["accessibility", "accessibility_provisions"],
        "prerequisites" => &["prerequisites", "entry_requirements", "requirements"],
        "stacks_into" => &["stacks_into", "stackable_into", "part_of"],
        "url" => &["url", "link", "homepage", "course_url", "website"],
        _ => &[],
    }
}

/// Lowercase with every non-alphanumeric character as `_`, so "Course Title" finds
/// `course_title`.
pub fn normalise(name: &str) -> String {
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
                    "{field:?} is not a course field; fields are {}",
                    FIELDS.join(", ")
                ));
            }
            explicit.insert(field.to_owned(), column.trim().to_owned());
        }
        Ok(Self { explicit })
    }

    /// True when the user mapped nothing, so a recognised catalogue layout may be used.
    pub fn is_empty(&self) -> bool {
        self.explicit.is_empty()
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
    fn aliases_and_explicit_choices_resolve() {
        let header = ["Course ID", "Course Title", "Delivery Mode", "EQF", "Fee"];
        let map = ColumnMap::default().resolve(&header).unwrap();
        assert_eq!(
            (map["id"], map["title"], map["mode"], map["eqf_level"]),
            (0, 1, 2, 3)
        );
        assert_eq!(map["price"], 4);

        let explicit = ColumnMap::parse(&["title=Kursname".into()]).unwrap();
        assert!(!explicit.is_empty());
        assert_eq!(explicit.resolve(&["id", "Kursname"]).unwrap()["title"], 1);
        assert!(
            ColumnMap::parse(&["colour=x".into()])
                .unwrap_err()
                .contains("not a course field")
        );
        assert!(
            ColumnMap::default()
                .resolve(&["name"])
                .unwrap_err()
                .contains("--map id=COLUMN")
        );
    }
}
