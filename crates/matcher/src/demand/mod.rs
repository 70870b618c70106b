//! Labour-market demand from vacancies, as of a day: per region and nationally, per
//! occupation, how many OPEN vacancies ask for each skill, a twelve-month trend of postings,
//! and the green and digital share of demand.
//!
//! A vacancy asks for the skills it lists; one coded to an occupation but listing none asks
//! for that occupation's essential skills (ESCO's statement of what the job needs), so that
//! coded-only sources still count. Skills outside the taxonomy are ignored.
//!
//! Local shares are smoothed toward the national share (see `area`): a region with three
//! open vacancies should not claim that a skill is asked by 0% or 100% of local jobs.

mod area;
mod tally;

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use skillpath_domain::vacancy::{Location, Vacancy};

use crate::taxonomy::{OccupationId, SkillId, Taxonomy};
pub use area::{Area, AreaKind, PRIOR_VACANCIES};
use tally::Tally;

/// Months in a trend, oldest first, the last being the month of the as-of day.
pub const TREND_MONTHS: usize = 12;

/// One open vacancy with coordinates, for travel-radius queries.
#[derive(Debug, Clone)]
struct Point {
    lat: f64,
    lon: f64,
    occupation: Option<OccupationId>,
    skills: Box<[SkillId]>,
}

#[derive(Debug, Clone)]
pub struct Demand {
    as_of: NaiveDate,
    national: Tally,
    regions: HashMap<String, Tally>,
    by_occupation: HashMap<(Option<String>, OccupationId), Tally>,
    /// Postings per month and skill, nationally (`None`) and per region.
    trends: HashMap<(Option<String>, SkillId), [u32; TREND_MONTHS]>,
    /// Sorted by latitude so a radius query scans one band only.
    points: Vec<Point>,
    green: Vec<bool>,
    digital: Vec<bool>,
}

/// One row of `top_skills`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SkillDemand {
    pub uri: String,
    pub label: String,
    /// Open vacancies in scope asking for the skill.
    pub open_vacancies: u32,
    /// Open vacancies in scope.
    pub open_total: u32,
    /// `open_vacancies / open_total`, unsmoothed.
    pub share: f64,
    pub green: bool,
    pub digital: bool,
    /// Vacancies posted per month asking for the skill, oldest month first.
    pub trend: [u32; TREND_MONTHS],
}

/// How much of demand falls on ESCO's green and digital collections: the share of open
/// vacancies asking for at least one skill of each.
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub struct CollectionShares {
    pub open_total: u32,
    pub green: f64,
    pub digital: f64,
}

impl Demand {
    pub fn build<'v>(
        taxonomy: &Taxonomy,
        vacancies: impl IntoIterator<Item = &'v Vacancy>,
        as_of: NaiveDate,
    ) -> Self {
        let green: Vec<bool> = (0..taxonomy.skill_count() as SkillId)
            .map(|s| taxonomy.skill(s).green)
            .collect();
        let digital: Vec<bool> = (0..taxonomy.skill_count() as SkillId)
            .map(|s| taxonomy.skill(s).digital)
            .collect();
        let mut d = Demand {
            as_of,
            national: Tally::default(),
            regions: HashMap::new(),
            by_occupation: HashMap::new(),
            trends: HashMap::new(),
            points: Vec::new(),
            green,
            digital,
        };
        let mut skills = Vec::new();
        for v in vacancies {
            let occupation = v
                .occupation_uri
                .as_deref()
                .and_then(|u| taxonomy.occupation_id(u));
            skills.clear();
            skills.extend(v.skill_uris.iter().filter_map(|u| taxonomy.skill_id(u)));
            if skills.is_empty()
                && let Some(o) = occupation
            {
                skills.extend_from_slice(&taxonomy.occupation(o).essential);
            }
            skills.sort_unstable();
            skills.dedup();
            let region = v.location.region.clone();
            if let Some(month) = v.posted.and_then(|p| month_slot(as_of, p)) {
                for scope in [None, region.clone()]
                    .into_iter()
                    .collect::<std::collections::BTreeSet<_>>()
                {
                    for &s in &skills {
                        d.trends
                            .entry((scope.clone(), s))
                            .or_insert([0; TREND_MONTHS])[month] += 1;
                    }
                }
            }
            if !v.is_open_on(as_of) {
                continue;
            }
            let is_green = skills.iter().any(|&s| d.green[s as usize]);
            let is_digital = skills.iter().any(|&s| d.digital[s as usize]);
            d.national.add(&skills, occupation, is_green, is_digital);
            if let Some(r) = &region {
                d.regions
                    .entry(r.clone())
                    .or_default()
                    .add(&skills, occupation, is_green, is_digital);
            }
            if let Some(o) = occupation {
                for scope in [None, region.clone()]
                    .into_iter()
                    .collect::<std::collections::BTreeSet<_>>()
                {
                    d.by_occupation.entry((scope, o)).or_default().add(
                        &skills,
                        Some(o),
                        is_green,
                        is_digital,
                    );
                }
            }
            if let (Some(lat), Some(lon)) = (v.location.latitude, v.location.longitude) {
                d.points.push(Point {
                    lat,
                    lon,
                    occupation,
                    skills: skills.clone().into(),
                });
            }
        }
        d.points.sort_by(|a, b| a.lat.total_cmp(&b.lat));
        d
    }

    pub fn as_of(&self) -> NaiveDate {
        self.as_of
    }

    fn scope(&self, region: Option<&str>, occupation: Option<OccupationId>) -> Option<&Tally> {
        match occupation {
            Some(o) => self.by_occupation.get(&(region.map(str::to_owned), o)),
            None => match region {
                Some(r) => self.regions.get(r),
                None => Some(&self.national),
            },
        }
    }

    /// The `n` skills most asked for by open vacancies in a region (or nationally) and for an
    /// occupation (or any), most asked first; ties by skill URI so the order is stable.
    pub fn top_skills(
        &self,
        taxonomy: &Taxonomy,
        region: Option<&str>,
        occupation: Option<OccupationId>,
        n: usize,
    ) -> Vec<SkillDemand> {
        let Some(t) = self.scope(region, occupation) else {
            return Vec::new();
        };
        let mut rows: Vec<(SkillId, u32)> = t.skills.iter().map(|(&s, &c)| (s, c)).collect();
        rows.sort_by(|a, b| {
            b.1.cmp(&a.1)
                .then_with(|| taxonomy.skill(a.0).uri.cmp(&taxonomy.skill(b.0).uri))
        });
        rows.truncate(n);
        rows.into_iter()
            .map(|(s, count)| {
                let node = taxonomy.skill(s);
                SkillDemand {
                    uri: node.uri.clone(),
                    label: node.label.clone(),
                    open_vacancies: count,
                    open_total: t.open,
                    share: f64::from(count) / f64::from(t.open.max(1)),
                    green: node.green,
                    digital: node.digital,
                    trend: self.trend(s, region),
                }
            })
            .collect()
    }

    /// Postings per month asking for `skill`, oldest month first.
    pub fn trend(&self, skill: SkillId, region: Option<&str>) -> [u32; TREND_MONTHS] {
        self.trends
            .get(&(region.map(str::to_owned), skill))
            .copied()
            .unwrap_or([0; TREND_MONTHS])
    }

    pub fn collection_shares(
        &self,
        region: Option<&str>,
        occupation: Option<OccupationId>,
    ) -> CollectionShares {
        let t = self.scope(region, occupation);
        let open = t.map_or(0, |t| t.open);
        let share = |k: u32| f64::from(k) / f64::from(open.max(1));
        CollectionShares {
            open_total: open,
            green: share(t.map_or(0, |t| t.green)),
            digital: share(t.map_or(0, |t| t.digital)),
        }
    }

    /// The share of open vacancies in `region` asking for `skill`, smoothed toward the
    /// national share (`Area::share`).
    pub fn local_share(&self, skill: SkillId, region: &str) -> f64 {
        self.region_area(region).share(skill)
    }

    pub fn national_area(&self) -> Area<'_> {
        Area::new(AreaKind::National, self.national.clone(), &self.national)
    }

    pub fn region_area(&self, region: &str) -> Area<'_> {
        let local = self.regions.get(region).cloned().unwrap_or_default();
        Area::new(AreaKind::Region(region.to_owned()), local, &self.national)
    }

    /// Open vacancies within `radius_km` of a place with coordinates.
    pub fn radius_area(&self, lat: f64, lon: f64, radius_km: f64) -> Area<'_> {
        let centre = Location {
            latitude: Some(lat),
            longitude: Some(lon),
            ..Location::default()
        };
        // One degree of latitude is about 111 km everywhere.
        let band = radius_km / 111.0;
        let start = self.points.partition_point(|p| p.lat < lat - band);
        let mut local = Tally::default();
        for p in self.points[start..]
            .iter()
            .take_while(|p| p.lat <= lat + band)
        {
            let here = Location {
                latitude: Some(p.lat),
                longitude: Some(p.lon),
                ..Location::default()
            };
            if centre.distance_km(&here).is_some_and(|d| d <= radius_km) {
                let g = p.skills.iter().any(|&s| self.green[s as usize]);
                let dg = p.skills.iter().any(|&s| self.digital[s as usize]);
                local.add(&p.skills, p.occupation, g, dg);
            }
        }
        Area::new(AreaKind::Radius { radius_km }, local, &self.national)
    }

    /// The person's travel area: vacancies within their radius when they and the vacancies
    /// have coordinates, else their region, else the whole country.
    pub fn area_for(&self, location: &Location, radius_km: f64) -> Area<'_> {
        match (location.latitude, location.longitude, &location.region) {
            (Some(lat), Some(lon), _) if !self.points.is_empty() => {
                self.radius_area(lat, lon, radius_km)
            }
            (_, _, Some(region)) => self.region_area(region),
            _ => self.national_area(),
        }
    }
}

/// Which trend slot a posting day falls in: 11 for the as-of month, 0 for eleven months
/// before; `None` outside the window.
fn month_slot(as_of: NaiveDate, posted: NaiveDate) -> Option<usize> {
    let months = |d: NaiveDate| d.year() * 12 + d.month0() as i32;
    let back = months(as_of) - months(posted);
    (0..TREND_MONTHS as i32)
        .contains(&back)
        .then(|| TREND_MONTHS - 1 - back as usize)
}
