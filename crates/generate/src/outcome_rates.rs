//! The funnel rates of generated outcome histories, and how they differ by group.
//!
//! Where the figures come from (`../shared/data/outcomes`):
//!
//! - Employment after training, from the NSW job-training experiment (LaLonde; the
//!   Dehejia–Wahba sample in `nsw_dw.csv`, "employed" = positive 1978 earnings): 75.7% of the
//!   185 trainees against 64.6% of the 260 controls. Completers find work within a year at
//!   0.757 ([`EMPLOYED_AFTER_COMPLETION`]), people who complete nothing at 0.646
//!   ([`EMPLOYED_WITHOUT_COURSE`]); the training effect is the ratio, 1.17.
//! - Employment by group, among NSW trainees: no earnings in 1974 and 1975 72.5% vs 80.3%
//!   with earnings (ratio 0.90, used for long-term unemployed); no degree 74.0% vs 79.6%
//!   (0.93, low-qualified); under 25 77.3% vs 74.2% at 25 or over (1.04, young); no 1975
//!   earnings 72.1% vs 81.1% (0.89; taken as 0.92 for minimum income, whose recipients partly
//!   overlap the long-term unemployed, drawn separately).
//! - When the job comes, from `almp_estimates_combined.csv` (Biewen et al. 2014, Table 4,
//!   six strata each): classroom training's first-year earnings effect averages −232 and
//!   its second-year effect +106; short training measures +27 then +94; training vouchers
//!   (Doerr et al. 2014) stay negative for three years. Training locks people in before it
//!   pays, so jobs after completion are spread over the year instead of following at once:
//!   30% start within 3 months, 25% in months 4–6, 45% in months 7–12 ([`JOB_DELAY`]).
//!   Lechner et al. (2011) put short training's 8-year effect (41,833) above retraining's
//!   (37,282) and long training's (26,619): short courses are no worse a bet, which is why a
//!   micro-credential gets NSW's whole effect.
//!
//! The data hold no figures for referral, enrolment and completion by group, nor for
//! disability or older workers at all: those factors are assumptions, chosen to be plausible
//! (harder access for people with disabilities, older workers referred less often) and to
//! make the fairness monitor find something — older workers' referral ratio of 0.75 is under
//! four fifths on purpose.

use skillpath_domain::jobseeker::GroupFlags;

pub const REFERRED: f64 = 0.45;
pub const ENROLLED: f64 = 0.70;
pub const COMPLETED: f64 = 0.78;
pub const CREDENTIAL: f64 = 0.90;
pub const VIEWED: f64 = 0.30;
/// Of those enrolled who do not complete, the share whose drop-out is recorded.
pub const DROPOUT_RECORDED: f64 = 0.6;
pub const EMPLOYED_AFTER_COMPLETION: f64 = 0.757;
pub const EMPLOYED_WITHOUT_COURSE: f64 = 0.646;
/// Of those employed, the share recorded as leaving the register.
pub const LEFT_REGISTER: f64 = 0.6;
/// Share of the register never recommended a course in the year.
pub const NOT_RECOMMENDED: f64 = 0.10;
/// Of jobs found by a person with target occupations, the share in one of them.
pub const IN_TARGET: f64 = 0.5;
/// (days after completion, lower and upper bound, share of jobs).
pub const JOB_DELAY: [((u64, u64), f64); 3] =
    [((0, 91), 0.30), ((92, 182), 0.25), ((183, 365), 0.45)];

/// Multipliers of the stage rates for one person.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Factors {
    pub recommended: f64,
    pub referred: f64,
    pub enrolled: f64,
    pub completed: f64,
    pub employed: f64,
}

const ONE: Factors = Factors {
    recommended: 1.0,
    referred: 1.0,
    enrolled: 1.0,
    completed: 1.0,
    employed: 1.0,
};

/// Per group: (recommended, referred, enrolled, completed, employed); `employed` from NSW
/// where it has a figure, the others assumed (see the module notes).
fn group_factors(flags: &GroupFlags) -> impl Iterator<Item = Factors> {
    let table = [
        (flags.young, (1.00, 1.00, 0.95, 0.85, 1.04)),
        (flags.long_term_unemployed, (1.00, 1.00, 0.90, 0.90, 0.90)),
        (flags.minimum_income, (1.00, 0.95, 0.85, 0.90, 0.92)),
        (flags.disability, (0.95, 0.90, 0.80, 0.85, 0.80)),
        (flags.low_qualified, (1.00, 0.95, 0.90, 0.85, 0.93)),
        (flags.older_worker, (0.90, 0.75, 0.95, 1.00, 0.85)),
    ];
    table.into_iter().filter(|(member, _)| *member).map(
        |(_, (recommended, referred, enrolled, completed, employed))| Factors {
            recommended,
            referred,
            enrolled,
            completed,
            employed,
        },
    )
}

/// A person in several groups multiplies their factors.
pub fn factors(flags: &GroupFlags) -> Factors {
    group_factors(flags).fold(ONE, |a, f| Factors {
        recommended: a.recommended * f.recommended,
        referred: a.referred * f.referred,
        enrolled: a.enrolled * f.enrolled,
        completed: a.completed * f.completed,
        employed: a.employed * f.employed,
    })
}

/// A rate times its factors, kept a probability short of certainty.
pub fn p(rate: f64, factor: f64) -> f64 {
    (rate * factor).clamp(0.0, 0.97)
}

/// Events a recommended pair yields on average, for a reference person.
pub fn events_per_pair() -> f64 {
    let enrolled = REFERRED * ENROLLED;
    let completed = enrolled * COMPLETED;
    1.0 + VIEWED
        + REFERRED
        + enrolled
        + completed
        + completed * CREDENTIAL
        + (enrolled - completed) * DROPOUT_RECORDED
}

/// Events a person yields besides their pairs: a job and leaving the register.
pub fn events_per_person() -> f64 {
    EMPLOYED_AFTER_COMPLETION * (1.0 + LEFT_REGISTER)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_multiply_and_rates_stay_probabilities() {
        let flags = GroupFlags {
            older_worker: true,
            disability: true,
            ..GroupFlags::default()
        };
        let f = factors(&flags);
        assert!((f.referred - 0.75 * 0.90).abs() < 1e-12);
        assert_eq!(factors(&GroupFlags::default()), ONE);
        assert_eq!(p(0.9, 1.5), 0.97);
        let shares: f64 = JOB_DELAY.iter().map(|d| d.1).sum();
        assert!((shares - 1.0).abs() < 1e-12);
    }
}
