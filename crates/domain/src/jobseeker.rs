//! A jobseeker's profile. Group membership is a separate type on purpose: the ranking takes
//! a `Profile` and can never read `GroupFlags`, which only drive funding eligibility and the
//! monitoring reports.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::course::Mode;
use crate::error::{Checker, ValidationError};
use crate::esco::check_esco_uri;
use crate::vacancy::Location;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SkillSource {
    Declared,
    ExtractedFromCv,
    Credential,
    CaseworkerConfirmed,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeldSkill {
    pub uri: String,
    pub source: SkillSource,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Profile {
    pub id: String,
    /// The PES office whose caseworkers may see this person.
    pub office: String,
    pub skills: Vec<HeldSkill>,
    /// ESCO occupations held before, most recent first.
    pub work_history: Vec<String>,
    pub target_occupations: Vec<String>,
    pub location: Location,
    pub travel_radius_km: f64,
    pub available_from: Option<NaiveDate>,
    pub preferred_modes: Vec<Mode>,
    pub languages: Vec<String>,
    /// The person's own stated needs, e.g. "step-free-access"; not the disability flag.
    pub accessibility_needs: Vec<String>,
    pub budget_minor: Option<u64>,
    pub funding_eligibility: Vec<String>,
    pub highest_eqf: Option<u8>,
}

/// Membership of groups that active labour market policy targets. Special-category data:
/// stored apart, recorded with a lawful basis, read only by roles that need it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupFlags {
    pub young: bool,
    pub long_term_unemployed: bool,
    pub minimum_income: bool,
    pub disability: bool,
    pub low_qualified: bool,
    pub older_worker: bool,
    /// The legal ground under which these flags were recorded.
    pub lawful_basis: String,
}

impl GroupFlags {
    pub const NAMES: [&'static str; 6] = [
        "young",
        "long_term_unemployed",
        "minimum_income",
        "disability",
        "low_qualified",
        "older_worker",
    ];

    pub fn get(&self, name: &str) -> Option<bool> {
        Some(match name {
            "young" => self.young,
            "long_term_unemployed" => self.long_term_unemployed,
            "minimum_income" => self.minimum_income,
            "disability" => self.disability,
            "low_qualified" => self.low_qualified,
            "older_worker" => self.older_worker,
            _ => return None,
        })
    }

    pub fn any(&self) -> bool {
        Self::NAMES.iter().any(|n| self.get(n) == Some(true))
    }
}

impl Profile {
    pub fn validate(&self) -> Result<(), ValidationError> {
        let mut c = Checker::new();
        c.non_empty(&self.id, "id");
        c.non_empty(&self.office, "office");
        self.location.check(&mut c, "location.");
        c.require(
            self.travel_radius_km >= 0.0 && self.travel_radius_km <= 1000.0,
            "travel_radius_km",
            "must be between 0 and 1000",
        );
        if let Some(l) = self.highest_eqf {
            c.require((1..=8).contains(&l), "highest_eqf", "must be 1 to 8");
        }
        for (i, s) in self.skills.iter().enumerate() {
            if let Err(e) = check_esco_uri(&s.uri) {
                c.fail(format!("skills[{i}]"), e);
            }
        }
        for (field, list) in [
            ("work_history", &self.work_history),
            ("target_occupations", &self.target_occupations),
        ] {
            for (i, uri) in list.iter().enumerate() {
                if let Err(e) = check_esco_uri(uri) {
                    c.fail(format!("{field}[{i}]"), e);
                }
            }
        }
        c.finish()
    }
}

impl GroupFlags {
    pub fn validate(&self) -> Result<(), ValidationError> {
        let mut c = Checker::new();
        if self.any() {
            c.non_empty(&self.lawful_basis, "lawful_basis");
        }
        c.finish()
    }
}
