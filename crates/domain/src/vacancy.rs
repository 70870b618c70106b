//! A job vacancy: the unit of labour-market demand.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::{Checker, ValidationError};
use crate::esco::check_esco_uri;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Location {
    pub municipality: Option<String>,
    pub region: Option<String>,
    pub postcode: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
}

impl Location {
    pub(crate) fn check(&self, c: &mut Checker, prefix: &str) {
        match (self.latitude, self.longitude) {
            (Some(lat), Some(lon)) => {
                c.require(
                    (-90.0..=90.0).contains(&lat),
                    &format!("{prefix}latitude"),
                    "must be between -90 and 90",
                );
                c.require(
                    (-180.0..=180.0).contains(&lon),
                    &format!("{prefix}longitude"),
                    "must be between -180 and 180",
                );
            }
            (None, None) => {}
            _ => c.fail(
                format!("{prefix}latitude"),
                "latitude and longitude must be given together",
            ),
        }
    }

    /// Great-circle distance in kilometres, when both places have coordinates.
    pub fn distance_km(&self, other: &Location) -> Option<f64> {
        let (lat1, lon1) = (self.latitude?, self.longitude?);
        let (lat2, lon2) = (other.latitude?, other.longitude?);
        let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
        let dp = (lat2 - lat1).to_radians();
        let dl = (lon2 - lon1).to_radians();
        let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
        Some(6371.0 * 2.0 * a.sqrt().asin())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Salary {
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub currency: Option<String>,
    /// "year", "month", "hour", as the advert states it.
    pub period: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Vacancy {
    pub id: String,
    pub title: String,
    pub employer: Option<String>,
    pub location: Location,
    pub posted: Option<NaiveDate>,
    pub closing: Option<NaiveDate>,
    pub contract_type: Option<String>,
    pub working_time: Option<String>,
    pub salary: Option<Salary>,
    pub description: String,
    /// ESCO occupation the advert was coded to, when the source gives one; read back from
    /// the store, otherwise the one its title was normalised to at ingest.
    pub occupation_uri: Option<String>,
    /// ESCO skills the source lists explicitly; read back from the store, also those
    /// extracted from the description at ingest (`Inferred`).
    pub skill_uris: Vec<String>,
}

impl Vacancy {
    pub fn validate(&self) -> Result<(), ValidationError> {
        let mut c = Checker::new();
        c.non_empty(&self.id, "id");
        c.non_empty(&self.title, "title");
        self.location.check(&mut c, "location.");
        if let (Some(p), Some(cl)) = (self.posted, self.closing) {
            c.require(cl >= p, "closing", "must not be before the posting date");
        }
        if let Some(s) = &self.salary
            && let (Some(lo), Some(hi)) = (s.min, s.max)
        {
            c.require(lo >= 0.0 && hi >= lo, "salary", "needs 0 <= min <= max");
        }
        if let Some(uri) = &self.occupation_uri
            && let Err(e) = check_esco_uri(uri)
        {
            c.fail("occupation_uri", e);
        }
        for (i, uri) in self.skill_uris.iter().enumerate() {
            if let Err(e) = check_esco_uri(uri) {
                c.fail(format!("skill_uris[{i}]"), e);
            }
        }
        c.finish()
    }

    /// Open vacancies count toward current demand; closed ones only toward trends.
    pub fn is_open_on(&self, day: NaiveDate) -> bool {
        self.closing.is_none_or(|c| c >= day) && self.posted.is_none_or(|p| p <= day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vacancy() -> Vacancy {
        Vacancy {
            id: "v1".into(),
            title: "Staff nurse".into(),
            employer: None,
            location: Location::default(),
            posted: NaiveDate::from_ymd_opt(2020, 11, 1),
            closing: NaiveDate::from_ymd_opt(2020, 11, 30),
            contract_type: None,
            working_time: None,
            salary: None,
            description: String::new(),
            occupation_uri: None,
            skill_uris: vec![],
        }
    }

    #[test]
    fn closed_vacancies_stop_counting_as_open() {
        let v = vacancy();
        assert!(v.is_open_on(NaiveDate::from_ymd_opt(2020, 11, 30).unwrap()));
        assert!(!v.is_open_on(NaiveDate::from_ymd_opt(2020, 12, 1).unwrap()));
    }

    #[test]
    fn closing_before_posting_is_rejected() {
        let mut v = vacancy();
        v.closing = NaiveDate::from_ymd_opt(2020, 10, 1);
        v.skill_uris = vec!["not a uri".into()];
        let err = v.validate().unwrap_err();
        let fields: Vec<_> = err.violations.iter().map(|v| v.field.as_str()).collect();
        assert_eq!(fields, ["closing", "skill_uris[0]"]);
    }

    #[test]
    fn distance_between_london_and_paris_is_about_344_km() {
        let london = Location {
            latitude: Some(51.5074),
            longitude: Some(-0.1278),
            ..Default::default()
        };
        let paris = Location {
            latitude: Some(48.8566),
            longitude: Some(2.3522),
            ..Default::default()
        };
        let d = london.distance_km(&paris).unwrap();
        assert!((d - 344.0).abs() < 2.0, "{d}");
    }
}

/// What ingest read from a vacancy's own text because its source gave no structure: kept
/// apart from [`Vacancy`] so a given URI is never confused with a guess.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Inferred {
    /// Skills extracted from the description, with the extractor's confidence (0..1).
    pub skills: Vec<(String, f32)>,
    /// The occupation the title was normalised to, with its match score.
    pub occupation: Option<(String, f32)>,
}
