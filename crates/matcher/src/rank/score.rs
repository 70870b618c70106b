//! The score of one eligible course, every factor kept in `ScoreBreakdown`:
//!
//! ```text
//! gap_closed      = Σ weight(g) over gap skills g the course covers (gap::skill_gap)
//! effort_ects     = ECTS, else hours / 27.5 (25–30 h per ECTS), else 3 (assumed)
//! value_per_effort= gap_closed / (effort_ects + effort_offset_ects)
//! outcome_factor  = shrunk_rate / field_mean, with
//!                   shrunk_rate = (employed + m·field_mean) / (completers + m)
//!                   (Beta prior, m = outcome_prior_completers; 1 without evidence)
//! stackable_factor= stackable_bonus if the course counts toward a larger credential, else 1
//! cost_factor     = 1 / (1 + over_budget / price_halving_minor), where the net price is 0
//!                   when a funding scheme the person is eligible for may pay, and the budget
//!                   is 0 when unstated
//! duration_factor = 1 / (1 + session_days / duration_halving_days)
//! relevance       = value_per_effort × outcome_factor × stackable_factor × cost_factor
//!                   × duration_factor
//! ```
//! Diversification (`diversify`) then orders by `mmr_score` and records
//! `max_similarity`. Field names are stable: the CLI, the API and the reports read them.

use serde::Serialize;
use skillpath_domain::course::Course;
use skillpath_domain::jobseeker::Profile;

use super::band::{MIN_COMPLETERS, employment_band};
use super::catalogue::Catalogue;
use crate::gap::Gap;
use crate::policy::Policy;

pub const HOURS_PER_ECTS: f64 = 27.5;
pub const ASSUMED_ECTS: f64 = 3.0;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreBreakdown {
    pub gap_closed: f64,
    /// Gap skills the course covers, heaviest first.
    pub skills_closed: Vec<String>,
    pub effort_ects: f64,
    /// "ects", "hours" or "assumed".
    pub effort_source: &'static str,
    pub value_per_effort: f64,
    /// Completers and those employed within 6 months; absent under the disclosure
    /// threshold (`band::MIN_COMPLETERS`), though the shrunk rate still uses them.
    pub completers: Option<u32>,
    pub employed: Option<u32>,
    /// What a jobseeker is shown, e.g. "about 6 in 10 found work within 6 months (n≈120)";
    /// absent under the disclosure threshold.
    pub employment_band: Option<String>,
    pub shrunk_employment_rate: Option<f64>,
    pub outcome_factor: f64,
    pub stackable_factor: f64,
    pub price_minor: u64,
    pub net_price_minor: u64,
    pub currency: String,
    /// Schemes the person is eligible for that may pay for the course.
    pub funded_by: Vec<String>,
    /// The person's stated budget; `None` counts as 0 for `over_budget_minor`.
    pub budget_minor: Option<u64>,
    pub over_budget_minor: u64,
    pub cost_factor: f64,
    pub duration_days: Option<i64>,
    pub duration_factor: f64,
    pub relevance: f64,
    pub max_similarity: f64,
    pub mmr_score: f64,
}

/// The numbers of a score, without the strings: computed for every eligible candidate, while
/// the full `ScoreBreakdown` is built only for the courses shown (`Factors::breakdown`).
#[derive(Debug, Clone)]
pub(crate) struct Factors {
    /// Positions in `gap.skills` of the gap skills the course covers, ascending (so heaviest
    /// first).
    pub closed: Vec<u32>,
    pub gap_closed: f64,
    effort_ects: f64,
    effort_source: &'static str,
    value_per_effort: f64,
    shrunk: Option<f64>,
    outcome_factor: f64,
    stackable_factor: f64,
    funded: bool,
    net_price_minor: u64,
    over_budget_minor: u64,
    cost_factor: f64,
    duration_days: Option<i64>,
    duration_factor: f64,
    pub relevance: f64,
}

/// The part of a score known from packed per-course figures, before the course's own
/// records are read: `value_per_effort × outcome_factor × stackable_factor`. The relevance
/// multiplies this by the cost and duration factors, both at most 1, and a floating-point
/// product by a factor at most 1 never rounds above the other factor, so `value` bounds the
/// relevance exactly; ranking evaluates candidates in order of it (`rank_courses`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Bound {
    gap_closed: f64,
    effort_ects: f64,
    effort_source: &'static str,
    value_per_effort: f64,
    shrunk: Option<f64>,
    outcome_factor: f64,
    stackable_factor: f64,
    pub value: f64,
}

/// `closed`: the positions in `gap.skills` of the gap skills course `n` covers, ascending
/// (`closed::candidates`).
pub(crate) fn bound(
    catalogue: &Catalogue,
    n: u32,
    closed: &[u32],
    gap: &Gap,
    policy: &Policy,
) -> Bound {
    let gap_closed: f64 = closed.iter().map(|&i| gap.skills[i as usize].weight).sum();
    let worth = catalogue.worth(n);
    let (effort_ects, effort_source) = (worth.effort_ects, worth.effort_source);
    let value_per_effort = gap_closed / (effort_ects + policy.effort_offset_ects);
    let (shrunk, outcome_factor) = match (worth.outcome, catalogue.outcome_mean()) {
        (Some(o), Some(mean)) if mean > 0.0 => {
            let m = policy.outcome_prior_completers;
            let rate = (f64::from(o.employed) + m * mean) / (f64::from(o.completers) + m);
            (Some(rate), rate / mean)
        }
        _ => (None, 1.0),
    };
    let stackable_factor = if worth.stacks {
        policy.stackable_bonus
    } else {
        1.0
    };
    Bound {
        gap_closed,
        effort_ects,
        effort_source,
        value_per_effort,
        shrunk,
        outcome_factor,
        stackable_factor,
        value: value_per_effort * outcome_factor * stackable_factor,
    }
}

/// The full score of course `n` from its `bound`; `None` when it closes no gap skill.
pub(crate) fn factors(
    catalogue: &Catalogue,
    n: u32,
    closed: Vec<u32>,
    bound: Bound,
    profile: &Profile,
    policy: &Policy,
    session: usize,
) -> Option<Factors> {
    if closed.is_empty() {
        return None;
    }
    let course = catalogue.course(n);
    let funded = course
        .cost
        .eligible_funding
        .iter()
        .any(|f| profile.funding_eligibility.contains(f));
    let price = course.cost.amount_minor;
    let net_price_minor = if funded { 0 } else { price };
    let over_budget_minor = net_price_minor.saturating_sub(profile.budget_minor.unwrap_or(0));
    let cost_factor = 1.0 / (1.0 + over_budget_minor as f64 / policy.price_halving_minor);

    let s = &course.sessions[session];
    let duration_days = s.end.map(|e| (e - s.start).num_days());
    let duration_factor =
        1.0 / (1.0 + duration_days.unwrap_or(0) as f64 / policy.duration_halving_days);

    // The same products, in the same order, as `bound.value`: left to right.
    let relevance = bound.value * cost_factor * duration_factor;
    Some(Factors {
        closed,
        gap_closed: bound.gap_closed,
        effort_ects: bound.effort_ects,
        effort_source: bound.effort_source,
        value_per_effort: bound.value_per_effort,
        shrunk: bound.shrunk,
        outcome_factor: bound.outcome_factor,
        stackable_factor: bound.stackable_factor,
        funded,
        net_price_minor,
        over_budget_minor,
        cost_factor,
        duration_days,
        duration_factor,
        relevance,
    })
}

impl Factors {
    /// Factors with only a relevance and closed gap positions, for tests of what reads them.
    #[cfg(test)]
    pub(crate) fn for_test(relevance: f64, closed: Vec<u32>) -> Self {
        Self {
            closed,
            gap_closed: relevance,
            effort_ects: 1.0,
            effort_source: "ects",
            value_per_effort: relevance,
            shrunk: None,
            outcome_factor: 1.0,
            stackable_factor: 1.0,
            funded: false,
            net_price_minor: 0,
            over_budget_minor: 0,
            cost_factor: 1.0,
            duration_days: None,
            duration_factor: 1.0,
            relevance,
        }
    }

    pub(crate) fn breakdown(
        &self,
        catalogue: &Catalogue,
        n: u32,
        gap: &Gap,
        profile: &Profile,
    ) -> ScoreBreakdown {
        let course = catalogue.course(n);
        let evidence = catalogue.outcome(n);
        let shown = evidence.filter(|o| o.completers >= MIN_COMPLETERS);
        let funded_by: Vec<String> = if self.funded {
            course
                .cost
                .eligible_funding
                .iter()
                .filter(|f| profile.funding_eligibility.contains(f))
                .cloned()
                .collect()
        } else {
            Vec::new()
        };
        ScoreBreakdown {
            gap_closed: self.gap_closed,
            skills_closed: self
                .closed
                .iter()
                .map(|&i| gap.skills[i as usize].uri.clone())
                .collect(),
            effort_ects: self.effort_ects,
            effort_source: self.effort_source,
            value_per_effort: self.value_per_effort,
            completers: shown.map(|o| o.completers),
            employed: shown.map(|o| o.employed),
            employment_band: evidence.as_ref().and_then(employment_band),
            shrunk_employment_rate: self.shrunk,
            outcome_factor: self.outcome_factor,
            stackable_factor: self.stackable_factor,
            price_minor: course.cost.amount_minor,
            net_price_minor: self.net_price_minor,
            currency: course.cost.currency.clone(),
            funded_by,
            budget_minor: profile.budget_minor,
            over_budget_minor: self.over_budget_minor,
            cost_factor: self.cost_factor,
            duration_days: self.duration_days,
            duration_factor: self.duration_factor,
            relevance: self.relevance,
            max_similarity: 0.0,
            mmr_score: self.relevance,
        }
    }
}

pub(crate) fn effort(course: &Course) -> (f64, &'static str) {
    match (course.ects, course.hours) {
        (Some(e), _) if e > 0.0 => (e, "ects"),
        (_, Some(h)) if h > 0.0 => (h / HOURS_PER_ECTS, "hours"),
        _ => (ASSUMED_ECTS, "assumed"),
    }
}
