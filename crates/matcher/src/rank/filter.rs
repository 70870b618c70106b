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

use chrono::{Datelike, Days, NaiveDate};
use ndarray::Array1;
use serde::Serialize;
use skillpath_domain::course::{Course, Mode};
use skillpath_domain::jobseeker::Profile;

use skillpath_domain::vacancy::Location;

use super::catalogue::Catalogue;
use super::gate::{Needs, Place, Slot};
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
                None => same_area(&profile.location, place).then_some(Eligible {
                    session: i,
                    start: s.start,
                    online: false,
                    distance_km: None,
                }),
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

/// Places without coordinates on one side are near only when they name the same region or
/// municipality: a place we cannot place is not near.
fn same_area(person: &Location, place: &Location) -> bool {
    let same = |a: &Option<String>, b: &Option<String>| a.is_some() && a == b;
    same(&person.region, &place.region) || same(&person.municipality, &place.municipality)
}

/// Kilometres per degree of latitude on the sphere `Location::distance_km` uses.
const KM_PER_DEG: f64 = 6371.0 * std::f64::consts::PI / 180.0;

/// [`check`] for course `n` of `catalogue`, from its packed gate (`gate`): the same answer,
/// reading a few bytes per course instead of the course's records. `needs` and `all_bits`
/// are the person's accessibility needs as `Gates::needs` and `Gates::all_bits` give them.
#[allow(clippy::too_many_arguments)]
pub(crate) fn check_packed(
    catalogue: &Catalogue,
    n: u32,
    profile: &Profile,
    needs: Needs,
    all_bits: bool,
    held_cover: &Array1<f32>,
    policy: &Policy,
    today: NaiveDate,
) -> Result<Eligible, Exclusion> {
    let gates = catalogue.gates();
    let g = &gates.gates[n as usize];
    if !profile.preferred_modes.is_empty() && !profile.preferred_modes.contains(&g.mode) {
        return Err(Exclusion::Mode);
    }
    let accessible = match (needs, g.provisions()) {
        (Needs::Unmet, _) => false,
        (Needs::Bits(want), Some(have)) => all_bits && have & want == want,
        (Needs::Bits(_), None) => {
            let course = catalogue.course(n);
            profile
                .accessibility_needs
                .iter()
                .all(|need| course.accessibility.contains(need))
        }
    };
    if !accessible {
        return Err(Exclusion::Accessibility);
    }
    if let (Some(level), Some(highest)) = (g.eqf, profile.highest_eqf)
        && level > highest.saturating_add(policy.eqf_stretch)
    {
        return Err(Exclusion::EqfTooHigh);
    }
    if gates
        .prerequisites(n)
        .iter()
        .any(|&s| held_cover[s as usize] < 1.0)
    {
        return Err(Exclusion::Prerequisite);
    }
    let from = profile.available_from.map_or(today, |d| d.max(today));
    let until = from + Days::new(u64::from(policy.session_window_days));
    let (from_day, until_day) = (from.num_days_from_ce(), until.num_days_from_ce());
    let online = mode_is_online(g.mode);
    let mut in_window = false;
    let mut best: Option<Eligible> = None;
    let range = g.slots.0 as usize..g.slots.1 as usize;
    for (at_slot, &start) in range.clone().zip(&gates.starts[range]) {
        // A full session's start is before every window.
        if start < from_day || start > until_day {
            continue;
        }
        in_window = true;
        let slot = &gates.slots[at_slot];
        let at = |online, distance_km| Eligible {
            session: slot.session as usize,
            start: slot.start,
            online,
            distance_km,
        };
        let found = match slot.place {
            _ if online => Some(at(true, None)),
            Place::Anywhere => Some(at(true, None)),
            // The great-circle distance is at least the meridian arc between the two
            // latitudes, so a session farther north or south than the radius is too far
            // without the trigonometry; the margin keeps rounding from refusing one the
            // formula would take.
            Place::At { lat, .. }
                if profile
                    .location
                    .latitude
                    .zip(profile.location.longitude)
                    .is_some_and(|(here, _)| {
                        (lat - here).abs() * KM_PER_DEG > profile.travel_radius_km + 1e-6
                    }) =>
            {
                None
            }
            Place::At { lat, lon } if profile.location.latitude.is_some() => {
                let here = Location {
                    latitude: Some(lat),
                    longitude: Some(lon),
                    ..Location::default()
                };
                match profile.location.distance_km(&here) {
                    Some(d) if d <= profile.travel_radius_km => Some(at(false, Some(d))),
                    Some(_) => None,
                    None => named(catalogue, n, slot, profile).then(|| at(false, None)),
                }
            }
            Place::At { .. } | Place::Named => {
                named(catalogue, n, slot, profile).then(|| at(false, None))
            }
        };
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

fn named(catalogue: &Catalogue, n: u32, slot: &Slot, profile: &Profile) -> bool {
    catalogue.course(n).sessions[slot.session as usize]
        .location
        .as_ref()
        .is_some_and(|place| same_area(&profile.location, place))
}
