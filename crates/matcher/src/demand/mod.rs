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
mod build;
mod counts;
mod grid;
mod tally;

use std::borrow::Cow;
use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use skillpath_domain::vacancy::{Location, Vacancy};

use crate::taxonomy::{OccupationId, SkillId, Taxonomy};
pub use area::{Area, AreaKind, PRIOR_VACANCIES};
pub use build::DemandBuilder;
use counts::Counts;
use grid::Grid;
use tally::Tally;

/// Months in a trend, oldest first, the last being the month of the as-of day.
pub const TREND_MONTHS: usize = 12;

#[derive(Debug, Clone)]
pub struct Demand {
    as_of: NaiveDate,
    national: Tally,
    regions: HashMap<String, Tally>,
    /// Scope numbers for the keys below: 0 is national, a region its number here.
    scopes: HashMap<String, u32>,
    by_occupation: HashMap<(u32, OccupationId), Tally>,
    /// Postings per month and skill, per scope.
    trends: HashMap<(u32, SkillId), [u32; TREND_MONTHS]>,
    /// The national and regional tallies again, dense, for the areas recommendations read.
    national_counts: Counts,
    region_counts: HashMap<String, Counts>,
    /// Open vacancies with coordinates, for travel-radius areas.
    grid: Grid,
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
    /// Demand from every vacancy of `vacancies`; `DemandBuilder` takes them a batch at a time.
    pub fn build<'v>(
        taxonomy: &Taxonomy,
        vacancies: impl IntoIterator<Item = &'v Vacancy>,
        as_of: NaiveDate,
    ) -> Self {
        let mut b = DemandBuilder::new(taxonomy, as_of);
        for v in vacancies {
            b.add(v);
        }
        b.finish()
    }

    /// The scope number of a region (0 for national); `None` for a region with no vacancy.
    fn scope_of(&self, region: Option<&str>) -> Option<u32> {
        match region {
            None => Some(0),
            Some(r) => self.scopes.get(r).copied(),
        }
    }

    fn dims(&self) -> (usize, usize) {
        (
            self.national_counts.skills.len(),
            self.national_counts.occupations.len(),
        )
    }

    pub fn as_of(&self) -> NaiveDate {
        self.as_of
    }

    fn scope(&self, region: Option<&str>, occupation: Option<OccupationId>) -> Option<&Tally> {
        match occupation {
            Some(o) => self.by_occupation.get(&(self.scope_of(region)?, o)),
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
        self.scope_of(region)
            .and_then(|scope| self.trends.get(&(scope, skill)))
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
        Area::new(
            AreaKind::National,
            Cow::Borrowed(&self.national_counts),
            &self.national_counts,
        )
    }

    pub fn region_area(&self, region: &str) -> Area<'_> {
        let local = match self.region_counts.get(region) {
            Some(c) => Cow::Borrowed(c),
            None => Cow::Owned(Counts::zeros(self.dims().0, self.dims().1)),
        };
        Area::new(
            AreaKind::Region(region.to_owned()),
            local,
            &self.national_counts,
        )
    }

    /// Open vacancies within `radius_km` of a place with coordinates.
    pub fn radius_area(&self, lat: f64, lon: f64, radius_km: f64) -> Area<'_> {
        let (skills, occupations) = self.dims();
        let mut local = Counts::zeros(skills, occupations);
        self.grid.add_within(lat, lon, radius_km, &mut local);
        Area::new(
            AreaKind::Radius { radius_km },
            Cow::Owned(local),
            &self.national_counts,
        )
    }

    /// The person's travel area: vacancies within their radius when they and the vacancies
    /// have coordinates, else their region, else the whole country.
    pub fn area_for(&self, location: &Location, radius_km: f64) -> Area<'_> {
        match (location.latitude, location.longitude, &location.region) {
            (Some(lat), Some(lon), _) if !self.grid.is_empty() => {
                self.radius_area(lat, lon, radius_km)
            }
            (_, _, Some(region)) => self.region_area(region),
            _ => self.national_area(),
        }
    }
}

/// Which trend slot a posting day falls in: 11 for the as-of month, 0 for eleven months
/// before; `None` outside the window.
pub(crate) fn month_slot(as_of: NaiveDate, posted: NaiveDate) -> Option<usize> {
    let months = |d: NaiveDate| d.year() * 12 + d.month0() as i32;
    let back = months(as_of) - months(posted);
    (0..TREND_MONTHS as i32)
        .contains(&back)
        .then(|| TREND_MONTHS - 1 - back as usize)
}
