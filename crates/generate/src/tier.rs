//! The scale tiers of the design notes, plus any size a test wants.

use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tier {
    S,
    M,
    /// National scale: a million course sessions, as about 250,000 courses of four sessions.
    L,
    Custom {
        courses: u64,
        vacancies: u64,
        jobseekers: u64,
    },
}

/// Rows per file for a tier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub courses: u64,
    pub vacancies: u64,
    pub jobseekers: u64,
    /// Outcome events (about: each person's history is drawn, not cut to fit).
    pub outcome_events: u64,
}

impl Tier {
    pub fn counts(self) -> Counts {
        let (courses, vacancies, jobseekers, outcome_events) = match self {
            Tier::S => (10_000, 100_000, 100_000, 1_000_000),
            Tier::M => (100_000, 1_000_000, 1_000_000, 10_000_000),
            // Every course has 1 to 7 sessions, four on average (see courses.rs).
            Tier::L => (250_000, 3_000_000, 6_000_000, 10_000_000),
            // Ten events a person, as in tiers S and M.
            Tier::Custom {
                courses,
                vacancies,
                jobseekers,
            } => (courses, vacancies, jobseekers, jobseekers * 10),
        };
        Counts {
            courses,
            vacancies,
            jobseekers,
            outcome_events,
        }
    }
}

impl fmt::Display for Tier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Tier::S => f.write_str("S"),
            Tier::M => f.write_str("M"),
            Tier::L => f.write_str("L"),
            Tier::Custom {
                courses,
                vacancies,
                jobseekers,
            } => write!(
                f,
                "custom ({courses} courses, {vacancies} vacancies, {jobseekers} jobseekers)"
            ),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown tier {0:?}: expected S, M or L")]
pub struct UnknownTier(pub String);

/// Parses the tier names of the command line, `S`, `M` or `L`, in either case.
pub fn tier_from_str(name: &str) -> Result<Tier, UnknownTier> {
    match name.trim() {
        "S" | "s" => Ok(Tier::S),
        "M" | "m" => Ok(Tier::M),
        "L" | "l" => Ok(Tier::L),
        other => Err(UnknownTier(other.to_owned())),
    }
}

impl FromStr for Tier {
    type Err = UnknownTier;
    fn from_str(s: &str) -> Result<Self, UnknownTier> {
        tier_from_str(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tier_names_parse_and_others_are_refused() {
        assert_eq!(tier_from_str("S"), Ok(Tier::S));
        assert_eq!("m".parse(), Ok(Tier::M));
        assert_eq!(Tier::L.counts().jobseekers, 6_000_000);
        assert!(
            tier_from_str("XL")
                .unwrap_err()
                .to_string()
                .contains("S, M or L")
        );
    }
}
