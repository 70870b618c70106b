//! Open vacancies with coordinates, bucketed into cells of `CELL_DEG` degrees, each cell
//! holding its vacancies and their sum. A travel-radius query adds the sum of every cell that
//! lies wholly inside the circle and tests the vacancies of the cells the circle only
//! crosses, so the answer is the same as testing every vacancy, at the cost of the rim.
//!
//! A cell lies wholly inside when its four corners do: along a parallel the great-circle
//! distance to the centre grows with the longitude difference, and along a meridian it has
//! one minimum, so over a latitude–longitude rectangle it is largest at a corner. Longitudes
//! are not wrapped at the antimeridian: no labour market a PES serves spans it.

use std::collections::HashMap;

use skillpath_domain::vacancy::Location;

use super::counts::Counts;
use crate::taxonomy::{OccupationId, SkillId};

/// About 5.5 km north–south: small beside a travel radius of 10–50 km, so most of a
/// circle's vacancies are summed a cell at a time.
const CELL_DEG: f64 = 0.05;
/// Kilometres per degree of latitude on the sphere `Location::distance_km` uses.
const KM_PER_DEG: f64 = 6371.0 * std::f64::consts::PI / 180.0;
/// Corners must be this much inside the radius for a cell to be summed without testing its
/// vacancies, so that rounding cannot admit one that the per-vacancy test would refuse.
const MARGIN_KM: f64 = 1e-6;

#[derive(Debug, Clone)]
pub(super) struct Point {
    pub lat: f64,
    pub lon: f64,
    pub occupation: Option<OccupationId>,
    pub green: bool,
    pub digital: bool,
    pub skills: Box<[SkillId]>,
}

#[derive(Debug, Clone, Default)]
struct Cell {
    points: Vec<Point>,
    open: u32,
    green: u32,
    digital: u32,
    /// Sorted by id.
    skills: Vec<(SkillId, u32)>,
    occupations: Vec<(OccupationId, u32)>,
}

#[derive(Debug, Clone, Default)]
pub(super) struct Grid {
    cells: HashMap<(i32, i32), Cell>,
}

fn key(lat: f64, lon: f64) -> (i32, i32) {
    (
        (lat / CELL_DEG).floor() as i32,
        (lon / CELL_DEG).floor() as i32,
    )
}

fn distance(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let at = |lat, lon| Location {
        latitude: Some(lat),
        longitude: Some(lon),
        ..Location::default()
    };
    at(lat1, lon1)
        .distance_km(&at(lat2, lon2))
        .unwrap_or(f64::INFINITY)
}

impl Grid {
    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }

    pub fn push(&mut self, point: Point) {
        self.cells
            .entry(key(point.lat, point.lon))
            .or_default()
            .points
            .push(point);
    }

    /// Sums each cell once every vacancy is in.
    pub fn seal(&mut self) {
        for cell in self.cells.values_mut() {
            let mut skills: HashMap<SkillId, u32> = HashMap::new();
            let mut occupations: HashMap<OccupationId, u32> = HashMap::new();
            for p in &cell.points {
                cell.open += 1;
                cell.green += u32::from(p.green);
                cell.digital += u32::from(p.digital);
                for &s in p.skills.iter() {
                    *skills.entry(s).or_insert(0) += 1;
                }
                if let Some(o) = p.occupation {
                    *occupations.entry(o).or_insert(0) += 1;
                }
            }
            cell.skills = skills.into_iter().collect();
            cell.skills.sort_unstable();
            cell.occupations = occupations.into_iter().collect();
            cell.occupations.sort_unstable();
            cell.points.shrink_to_fit();
        }
    }

    /// Adds to `into` every open vacancy within `radius_km` of (`lat`, `lon`).
    pub fn add_within(&self, lat: f64, lon: f64, radius_km: f64, into: &mut Counts) {
        let dlat = radius_km / KM_PER_DEG * 1.001;
        // Degrees of longitude shrink toward the poles; near them, take every longitude.
        let cos = (lat.abs() + dlat).min(90.0).to_radians().cos();
        let dlon = if cos > 1e-6 {
            (dlat / cos).min(180.0)
        } else {
            180.0
        };
        let (y0, x0) = key(lat - dlat, lon - dlon);
        let (y1, x1) = key(lat + dlat, lon + dlon);
        let cells = i64::from(y1 - y0 + 1) * i64::from(x1 - x0 + 1);
        if cells > self.cells.len() as i64 {
            // A radius wider than the populated map: visiting cells beats visiting keys.
            for (&(y, x), cell) in &self.cells {
                if (y0..=y1).contains(&y) && (x0..=x1).contains(&x) {
                    add_cell(cell, y, x, lat, lon, radius_km, into);
                }
            }
            return;
        }
        for y in y0..=y1 {
            for x in x0..=x1 {
                if let Some(cell) = self.cells.get(&(y, x)) {
                    add_cell(cell, y, x, lat, lon, radius_km, into);
                }
            }
        }
    }
}

fn add_cell(cell: &Cell, y: i32, x: i32, lat: f64, lon: f64, radius_km: f64, into: &mut Counts) {
    let (south, west) = (f64::from(y) * CELL_DEG, f64::from(x) * CELL_DEG);
    let (north, east) = (south + CELL_DEG, west + CELL_DEG);
    let inside = [(south, west), (south, east), (north, west), (north, east)]
        .iter()
        .all(|&(a, b)| distance(lat, lon, a, b) <= radius_km - MARGIN_KM);
    if inside {
        into.open += cell.open;
        into.green += cell.green;
        into.digital += cell.digital;
        for &(s, k) in &cell.skills {
            into.skills[s as usize] += k;
        }
        for &(o, k) in &cell.occupations {
            into.occupations[o as usize] += k;
        }
        return;
    }
    for p in &cell.points {
        if distance(lat, lon, p.lat, p.lon) <= radius_km {
            into.add(&p.skills, p.occupation, p.green, p.digital);
        }
    }
}
