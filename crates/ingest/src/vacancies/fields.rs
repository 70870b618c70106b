//! Builds a `Vacancy` from named text fields, whatever file format they came from, so that
//! CSV, JSON Lines and schema.org JobPosting share one set of rules and one set of messages.

use chrono::{DateTime, NaiveDate};
use skillpath_domain::vacancy::{Location, Salary, Vacancy};

/// A row's value for one of our field names (see `columns::FIELDS`), trimmed, `None` when empty.
pub trait Fields {
    fn get(&self, field: &str) -> Option<&str>;
}

/// Every problem with one row: (field, reason).
pub type RowErrors = Vec<(String, String)>;

pub fn build(row: &dyn Fields) -> Result<Vacancy, RowErrors> {
    let mut errors = RowErrors::new();
    let text = |f: &str| row.get(f).map(str::to_owned);
    let id = text("id").unwrap_or_default();
    let title = text("title").unwrap_or_default();
    let location = Location {
        municipality: text("municipality"),
        region: text("region"),
        postcode: text("postcode"),
        latitude: number(row, "latitude", &mut errors),
        longitude: number(row, "longitude", &mut errors),
    };
    let salary_min = money(row, "salary_min", &mut errors);
    let salary_max = money(row, "salary_max", &mut errors);
    let salary = (salary_min.is_some() || salary_max.is_some()).then(|| Salary {
        min: salary_min,
        max: salary_max,
        currency: row.get("salary_currency").map(str::to_owned),
        period: row.get("salary_period").map(|p| p.to_ascii_lowercase()),
    });
    let vacancy = Vacancy {
        id,
        title,
        employer: row.get("employer").map(str::to_owned),
        location,
        posted: date(row, "posted", &mut errors),
        closing: date(row, "closing", &mut errors),
        contract_type: row
            .get("contract_type")
            .map(|c| c.to_ascii_lowercase().replace('_', "-")),
        working_time: row.get("working_time").map(str::to_owned),
        salary,
        description: row.get("description").unwrap_or_default().to_owned(),
        occupation_uri: row.get("occupation_uri").map(str::to_owned),
        skill_uris: row
            .get("skill_uris")
            .map(|s| {
                s.split([';', '|', ' ', '\n'])
                    .filter(|u| !u.is_empty())
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default(),
    };
    if let Err(e) = vacancy.validate() {
        errors.extend(e.violations.into_iter().map(|v| (v.field, v.reason)));
    }
    if errors.is_empty() {
        Ok(vacancy)
    } else {
        Err(errors)
    }
}

fn number(row: &dyn Fields, field: &str, errors: &mut RowErrors) -> Option<f64> {
    let raw = row.get(field)?;
    match raw.parse::<f64>() {
        Ok(v) if v.is_finite() => Some(v),
        _ => {
            errors.push((field.to_owned(), format!("{raw:?} is not a number")));
            None
        }
    }
}

/// Salaries arrive as "28,333", "£28 333" or "28333.00".
fn money(row: &dyn Fields, field: &str, errors: &mut RowErrors) -> Option<f64> {
    let raw = row.get(field)?;
    let cleaned: String = raw
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '.' || *c == '-')
        .collect();
    match cleaned.parse::<f64>() {
        Ok(v) if v.is_finite() => Some(v),
        _ => {
            errors.push((field.to_owned(), format!("{raw:?} is not an amount")));
            None
        }
    }
}

/// Dates come as ISO dates, ISO timestamps with any offset style, or day-first European dates.
pub fn parse_date(raw: &str) -> Option<NaiveDate> {
    if let Ok(d) = DateTime::parse_from_rfc3339(raw) {
        return Some(d.date_naive());
    }
    if let Ok(d) = DateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M:%S%z") {
        return Some(d.date_naive());
    }
    if let Ok(d) = chrono::NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M:%S") {
        return Some(d.date());
    }
    ["%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(raw, f).ok())
}

fn date(row: &dyn Fields, field: &str, errors: &mut RowErrors) -> Option<NaiveDate> {
    let raw = row.get(field)?;
    let parsed = parse_date(raw);
    if parsed.is_none() {
        errors.push((
            field.to_owned(),
            format!("{raw:?} is not a date (expected e.g. 2024-03-31)"),
        ));
    }
    parsed
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    impl Fields for HashMap<&str, &str> {
        fn get(&self, field: &str) -> Option<&str> {
            self.get(field).copied().filter(|v| !v.is_empty())
        }
    }

    #[test]
    fn an_nhs_style_row_builds() {
        let row: HashMap<&str, &str> = [
            ("id", "915700878"),
            ("title", "Registered Mental Nurse (RMN)"),
            ("latitude", "53.8011"),
            ("longitude", "-.262406"),
            ("salary_min", "28,333"),
            ("salary_period", "YEAR"),
            ("posted", "2019-08-08T11:13:33+0100"),
            ("closing", "2020-11-27T23:59:59+0000"),
            ("contract_type", "FULL_TIME"),
        ]
        .into();
        let v = build(&row).unwrap();
        assert_eq!(v.location.longitude, Some(-0.262406));
        assert_eq!(v.salary.as_ref().unwrap().min, Some(28333.0));
        assert_eq!(v.posted, NaiveDate::from_ymd_opt(2019, 8, 8));
        assert_eq!(v.contract_type.as_deref(), Some("full-time"));
    }

    #[test]
    fn every_broken_field_is_named() {
        let row: HashMap<&str, &str> = [
            ("id", "1"),
            ("title", ""),
            ("latitude", "north"),
            ("closing", "soon"),
        ]
        .into();
        let errors = build(&row).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|(f, _)| f.as_str()).collect();
        assert!(
            fields.contains(&"latitude")
                && fields.contains(&"closing")
                && fields.contains(&"title"),
            "{errors:?}"
        );
    }

    #[test]
    fn european_and_iso_dates_parse() {
        assert_eq!(
            parse_date("31/03/2024"),
            NaiveDate::from_ymd_opt(2024, 3, 31)
        );
        assert_eq!(
            parse_date("31.03.2024"),
            NaiveDate::from_ymd_opt(2024, 3, 31)
        );
        assert_eq!(
            parse_date("2024-03-31T08:00:00+02:00"),
            NaiveDate::from_ymd_opt(2024, 3, 31)
        );
        assert_eq!(parse_date("March"), None);
    }
}
