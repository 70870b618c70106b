//! The knobs a PES may set, with the defaults the matcher ships. Every factor they feed is
//! reported in the gap reasons and the score breakdown, so a caseworker can see its effect.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Policy {
    /// Weight of a skill the target occupation lists as essential.
    pub essential_weight: f64,
    /// Weight of an optional skill; below essential so the must-haves come first.
    pub optional_weight: f64,
    /// Added to the smoothed local share so a skill no vacancy lists still counts a little:
    /// ESCO says the job needs it even if adverts do not mention it.
    pub demand_floor: f64,
    /// Multipliers for skills in ESCO's green and digital collections.
    pub green_priority: f64,
    pub digital_priority: f64,
    /// Sessions must start within this many days of the person's availability.
    pub session_window_days: u32,
    /// How many EQF levels above the person's highest a course may be.
    pub eqf_stretch: u8,
    /// ECTS added to every course's workload before dividing by it, so that tiny courses do
    /// not win on a near-zero denominator.
    pub effort_offset_ects: f64,
    /// Price above budget (in minor units) that halves a course's score.
    pub price_halving_minor: f64,
    /// Calendar days of a session that halve its score.
    pub duration_halving_days: f64,
    /// Bonus for a course that counts toward a larger credential.
    pub stackable_bonus: f64,
    /// Pseudo-completers of the outcome prior (see `rank::score`).
    pub outcome_prior_completers: f64,
    /// 0..1: how much MMR diversification trades score for new skills (1 = pure score).
    pub mmr_lambda: f64,
}

impl Default for Policy {
    fn default() -> Self {
        Self {
            essential_weight: 1.0,
            optional_weight: 0.35,
            demand_floor: 0.05,
            green_priority: 1.25,
            digital_priority: 1.25,
            session_window_days: 120,
            eqf_stretch: 1,
            effort_offset_ects: 2.0,
            price_halving_minor: 50_000.0,
            duration_halving_days: 180.0,
            stackable_bonus: 1.1,
            outcome_prior_completers: 20.0,
            mmr_lambda: 0.7,
        }
    }
}
