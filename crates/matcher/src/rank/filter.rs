//! Hard filters: a course the person cannot take is never ranked, whatever its score.
//!
//! - **Mode**: when the person states preferred modes, the course's mode must be one of them.
//! - **Place and dates**: some session must start between the person's availability (or
//!   today, if later) and `session_window_days` after it, have seats (unless unknown), and be
//!   online or within the travel radius. Without coordinates on either side the session must
//!   be in the person's region (or municipality): a place we cannot place is not near.
//! - **Language**: one teaching language must be one the person speaks (checked in the
//!   index query; a course stating none is kept).
//! - **Accessibility**: every need the person stated must be among the course's provisions.
//!   This is the person's own statement, never the disability flag.
//! - **Prerequisites** given as ESCO skill URIs must be fully covered by held skills; free-text
//!   prerequisites cannot be checked and are left to the caseworker.
//! - **EQF level**: at most the person's highest level plus `eqf_stretch` (one by default: a
//!   step up is the point of training, two is a leap); unknown on either side passes.

use chrono::{Days, NaiveDate};
use ndarray::Array1;
use serde::Serialize;
use skillpath_domain::course::{Course, Mode};
use skillpath_domain::jobseeker::Profile;

use crate::policy::Policy;
use crate::taxonomy::Taxonomy;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Exclusion {
    Mode,
    NoSessionInWindow,
    TooFar,
    Accessibility,
    Prerequisite,
    EqfTooHigh,
}

/// The session the person could join.
#[derive(Debug, Clone, PartialEq)]
pub struct Eligible {
    pub session: usize,
    pub start: NaiveDate,
    pub online: bool,
    pub distance_km: Option<f64>,
}

pub fn check(
    course: &Course,
    profile: &Profile,
    held_cover: &Array1<f32>,
    taxonomy: &Taxonomy,
    policy: &Policy,
    today: NaiveDate,
) -> Result<Eligible, Exclusion> {
    let mode = course.participation.mode;
    if !profile.preferred_modes.is_empty() && !profile.preferred_modes.contains(&mode) {
        return Err(Exclusion::Mode);
    }
    if !profile
        .accessibility_needs
        .iter()
        .all(|n| course.accessibility.contains(n))
    {
        return Err(Exclusion::Accessibility);
    }
    if let (Some(level), Some(highest)) = (course.eqf_level, profile.highest_eqf)
        && level > highest.saturating_add(policy.eqf_stretch)
    {
        return Err(Exclusion::EqfTooHigh);
    }
    let unmet = course.prerequisites.iter().any(|p| {
        taxonomy
            .skill_id(p)
            .is_some_and(|s| held_cover[s as usize] < 1.0)
    });
    if unmet {
        return Err(Exclusion::Prerequisite);
    }
    session(course, profile, policy, today)
}

fn session(
    course: &Course,
    profile: &Profile,
    policy: &Policy,
    today: NaiveDate,
) -> Result<Eligible, Exclusion> {
    let from = profile.available_from.map_or(today, |d| d.max(today));
    let until = from + Days::new(u64::from(policy.session_window_days));
    let mut in_window = false;
    let mut best: Option<Eligible> = None;
    for (i, s) in course.sessions.iter().enumerate() {
        if s.start < from || s.start > until || s.seats == Some(0) {
            continue;
        }
        in_window = true;
        let found = match (&s.location, mode_is_online(course.participation.mode)) {
            (_, true) | (None, _) => Some(Eligible {
                session: i,
                start: s.start,
                online: true,
                distance_km: None,
            }),
            (Some(place), false) => match profile.location.distance_km(place) {
                Some(d) if d <= profile.travel_radius_km => Some(Eligible {
                    session: i,
                    start: s.start,
                    online: false,
                    distance_km: Some(d),
                }),
                Some(_) => None,
                None => {
                    let same = |a: &Option<String>, b: &Option<String>| a.is_some() && a == b;
                    (same(&profile.location.region, &place.region)
                        || same(&profile.location.municipality, &place.municipality))
                    .then_some(Eligible {
                        session: i,
                        start: s.start,
                        online: false,
                        distance_km: None,
                    })
                }
            },
        };
        // Earliest start first; sessions are not guaranteed to be sorted.
        if let Some(e) = found
            && best.as_ref().is_none_or(|b| e.start < b.start)
        {
            best = Some(e);
        }
    }
    match best {
        Some(e) => Ok(e),
        None if in_window => Err(Exclusion::TooFar),
        None => Err(Exclusion::NoSessionInWindow),
    }
}

fn mode_is_online(mode: Mode) -> bool {
    mode == Mode::Online
}
