//! The open vacancies of one area (a travel radius, a region, the country), with shares
//! smoothed toward the national ones.
//!
//! Smoothing is additive (a Beta prior centred on the national share): the local share of a
//! skill is `(local_count + m * national_share) / (local_open + m)`, with `m =
//! PRIOR_VACANCIES` pseudo-vacancies. An area with few vacancies speaks mostly with the
//! national voice; one with hundreds mostly with its own. `m` is fixed rather than fitted
//! (empirical Bayes by moments is unstable on the small regional counts it would be fitted
//! on) and is the same for skills and occupations.

use std::borrow::Cow;

use serde::Serialize;

use super::counts::Counts;
use crate::taxonomy::{OccupationId, SkillId};

/// Weight of the national share, in vacancies.
pub const PRIOR_VACANCIES: f64 = 20.0;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AreaKind {
    Radius { radius_km: f64 },
    Region(String),
    National,
}

#[derive(Debug, Clone)]
pub struct Area<'d> {
    pub kind: AreaKind,
    /// Borrowed for a region or the country, built for a travel radius.
    local: Cow<'d, Counts>,
    national: &'d Counts,
}

impl<'d> Area<'d> {
    pub(super) fn new(kind: AreaKind, local: Cow<'d, Counts>, national: &'d Counts) -> Self {
        Self {
            kind,
            local,
            national,
        }
    }

    /// Open vacancies in the area.
    pub fn open(&self) -> u32 {
        self.local.open
    }

    /// Open vacancies in the area asking for `skill`.
    pub fn count(&self, skill: SkillId) -> u32 {
        self.local.skill(skill)
    }

    pub fn national_share(&self, skill: SkillId) -> f64 {
        let k = self.national.skill(skill);
        f64::from(k) / f64::from(self.national.open.max(1))
    }

    /// Smoothed share of the area's open vacancies asking for `skill`.
    pub fn share(&self, skill: SkillId) -> f64 {
        smooth(
            self.count(skill),
            self.local.open,
            self.national_share(skill),
        )
    }

    /// Open vacancies in the area coded to `occupation`.
    pub fn occupation_count(&self, occupation: OccupationId) -> u32 {
        self.local.occupation(occupation)
    }

    /// Smoothed share of the area's open vacancies coded to `occupation`.
    pub fn occupation_share(&self, occupation: OccupationId) -> f64 {
        let k = self.national.occupation(occupation);
        let national = f64::from(k) / f64::from(self.national.open.max(1));
        smooth(self.occupation_count(occupation), self.local.open, national)
    }
}

fn smooth(local: u32, local_open: u32, national_share: f64) -> f64 {
    (f64::from(local) + PRIOR_VACANCIES * national_share)
        / (f64::from(local_open) + PRIOR_VACANCIES)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_area_leans_on_the_national_share_and_a_large_one_on_its_own() {
        // 1 of 2 local vacancies versus 10% nationally: far from 50%.
        let small = smooth(1, 2, 0.1);
        assert!((small - (1.0 + 2.0) / 22.0).abs() < 1e-12);
        assert!(small < 0.2);
        // 500 of 1000: close to the local 50%.
        let large = smooth(500, 1000, 0.1);
        assert!(large > 0.49 && large < 0.5);
        // No local data at all: exactly the national share.
        assert!((smooth(0, 0, 0.1) - 0.1).abs() < 1e-12);
    }
}
