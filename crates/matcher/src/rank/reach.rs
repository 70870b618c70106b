//! Which courses a person could reach at all, as a bit per course, before any of them is
//! read: a course is in reach when some session of it could pass the place test of
//! `filter::check_packed` for some date, a superset of the courses that pass it. The
//! posting-list pass tests this bit first, so the many on-site courses of other regions a
//! gap's skills list are counted as too far without reading their records (each read a
//! cache miss; together most of a ranking's time, as measured).
//!
//! Sessions at coordinates are kept in a grid of `CELL` degrees; a person's query takes the
//! cells that can hold a point within their radius. Everything the grid cannot judge
//! exactly (online courses, sessions without a location or coordinates, coordinates out of
//! range) is in reach for everyone, and a person without coordinates has no pre-filter.

use std::collections::HashMap;

use skillpath_domain::course::Mode;

use super::bits::put;
use super::gate::{Gates, Place};

/// Grid cell size in degrees: about 55 km north–south, so that a typical radius (5–100 km)
/// queries a handful of cells.
const CELL: f64 = 0.5;
const COLUMNS: i64 = (360.0 / CELL) as i64;
/// Earth radius of `Location::distance_km`.
const EARTH_KM: f64 = 6371.0;

#[derive(Debug, Default)]
pub(crate) struct Reach {
    /// Courses in reach of everyone.
    everywhere: Vec<u64>,
    /// (row, column) → courses with a session at coordinates in that cell, ascending.
    cells: HashMap<(i64, i64), Vec<u32>>,
}

fn cell(lat: f64, lon: f64) -> (i64, i64) {
    (
        (lat / CELL).floor() as i64,
        ((lon + 180.0) / CELL).floor() as i64 % COLUMNS,
    )
}

fn valid(lat: f64, lon: f64) -> bool {
    (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon)
}

impl Reach {
    pub fn build(gates: &Gates) -> Self {
        let mut reach = Reach::default();
        let mut located: Vec<((i64, i64), u32)> = Vec::new();
        for (n, g) in gates.gates.iter().enumerate() {
            let n = n as u32;
            let slots = &gates.slots[g.slots.0 as usize..g.slots.1 as usize];
            let mut anywhere = g.mode == Mode::Online;
            for s in slots {
                match s.place {
                    Place::At { lat, lon } if valid(lat, lon) => located.push((cell(lat, lon), n)),
                    _ => anywhere = true,
                }
            }
            if anywhere {
                put(&mut reach.everywhere, n);
            }
        }
        located.sort_unstable();
        located.dedup();
        for (at, n) in located {
            reach.cells.entry(at).or_default().push(n);
        }
        reach
    }

    /// Fills `set` with the courses in reach of a person at (`lat`, `lon`) travelling up to
    /// `radius_km`; `false` (and `set` untouched) when the grid cannot narrow them down.
    pub fn fill(
        &self,
        lat: f64,
        lon: f64,
        radius_km: f64,
        courses: usize,
        set: &mut Vec<u64>,
    ) -> bool {
        if !valid(lat, lon) || !radius_km.is_finite() || radius_km < 0.0 {
            return false;
        }
        // The angle a great circle of `radius_km` spans, with a margin for rounding.
        let d = radius_km / EARTH_KM * (1.0 + 1e-9) + 1e-12;
        let rows = (
            (lat.to_radians() - d).to_degrees(),
            (lat.to_radians() + d).to_degrees(),
        );
        let far_lat = lat.abs().to_radians() + d;
        // From the haversine of `distance_km`: cos φ1 · cos φ2 · sin²(Δλ/2) ≤ sin²(d/2), and
        // cos φ2 ≥ cos(|φ1| + d) for every point within d, so Δλ/2 ≤ asin of `s`.
        let s = (d / 2.0).sin() / (lat.to_radians().cos() * far_lat.cos()).sqrt();
        let columns = if far_lat >= std::f64::consts::FRAC_PI_2 || !s.is_finite() || s >= 1.0 {
            None
        } else {
            let half = (2.0 * s.asin()).to_degrees();
            let from = ((lon - half + 180.0) / CELL).floor() as i64;
            let to = ((lon + half + 180.0) / CELL).floor() as i64;
            (to - from + 1 < COLUMNS).then_some((from, to))
        };
        set.clear();
        set.extend_from_slice(&self.everywhere);
        set.resize(courses.div_ceil(64).max(set.len()), 0);
        // Rows past the poles hold nothing; clamped, a huge radius costs the globe's rows.
        let (first_row, last_row) = (
            (rows.0.max(-90.0) / CELL).floor() as i64,
            (rows.1.min(90.0) / CELL).floor() as i64,
        );
        for row in first_row..=last_row {
            let mut visit = |column: i64| {
                if let Some(list) = self.cells.get(&(row, column)) {
                    for &n in list {
                        put(set, n);
                    }
                }
            };
            match columns {
                Some((from, to)) => (from..=to).for_each(|c| visit(c.rem_euclid(COLUMNS))),
                None => (0..COLUMNS).for_each(visit),
            }
        }
        true
    }
}
