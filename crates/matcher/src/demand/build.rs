//! Demand is built from vacancies one at a time, so that a caller can page a million of
//! them out of the database (or a file) without holding them all.

use std::collections::HashMap;

use chrono::NaiveDate;
use skillpath_domain::vacancy::Vacancy;

use super::counts::Counts;
use super::grid::{Grid, Point};
use super::tally::Tally;
use super::{Demand, TREND_MONTHS, month_slot};
use crate::taxonomy::{SkillId, Taxonomy};

#[derive(Debug)]
pub struct DemandBuilder<'t> {
    taxonomy: &'t Taxonomy,
    d: Demand,
    skills: Vec<SkillId>,
}

impl<'t> DemandBuilder<'t> {
    pub fn new(taxonomy: &'t Taxonomy, as_of: NaiveDate) -> Self {
        let flags = |f: fn(&crate::taxonomy::SkillNode) -> bool| -> Vec<bool> {
            (0..taxonomy.skill_count() as SkillId)
                .map(|s| f(taxonomy.skill(s)))
                .collect()
        };
        Self {
            taxonomy,
            d: Demand {
                as_of,
                national: Tally::default(),
                regions: HashMap::new(),
                scopes: HashMap::new(),
                by_occupation: HashMap::new(),
                trends: HashMap::new(),
                national_counts: Counts::zeros(0, 0),
                region_counts: HashMap::new(),
                grid: Grid::default(),
                green: flags(|s| s.green),
                digital: flags(|s| s.digital),
            },
            skills: Vec::new(),
        }
    }

    /// Counts one vacancy: in the trends if posted in the last twelve months, in current
    /// demand if open on the as-of day.
    pub fn add(&mut self, v: &Vacancy) {
        let t = self.taxonomy;
        let d = &mut self.d;
        let occupation = v.occupation_uri.as_deref().and_then(|u| t.occupation_id(u));
        let skills = &mut self.skills;
        skills.clear();
        skills.extend(v.skill_uris.iter().filter_map(|u| t.skill_id(u)));
        if skills.is_empty()
            && let Some(o) = occupation
        {
            skills.extend_from_slice(&t.occupation(o).essential);
        }
        skills.sort_unstable();
        skills.dedup();
        let region = v.location.region.as_deref().map(|r| {
            let next = d.scopes.len() as u32 + 1;
            (r, *d.scopes.entry(r.to_owned()).or_insert(next))
        });
        // National first, then the region's scope when there is one.
        let scopes = [Some(0), region.map(|(_, n)| n)];
        if let Some(month) = v.posted.and_then(|p| month_slot(d.as_of, p)) {
            for scope in scopes.into_iter().flatten() {
                for &s in skills.iter() {
                    d.trends.entry((scope, s)).or_insert([0; TREND_MONTHS])[month] += 1;
                }
            }
        }
        if !v.is_open_on(d.as_of) {
            return;
        }
        let is_green = skills.iter().any(|&s| d.green[s as usize]);
        let is_digital = skills.iter().any(|&s| d.digital[s as usize]);
        d.national.add(skills, occupation, is_green, is_digital);
        if let Some((r, _)) = region {
            match d.regions.get_mut(r) {
                Some(tally) => tally.add(skills, occupation, is_green, is_digital),
                None => {
                    let mut tally = Tally::default();
                    tally.add(skills, occupation, is_green, is_digital);
                    d.regions.insert(r.to_owned(), tally);
                }
            }
        }
        if let Some(o) = occupation {
            for scope in scopes.into_iter().flatten() {
                d.by_occupation.entry((scope, o)).or_default().add(
                    skills,
                    Some(o),
                    is_green,
                    is_digital,
                );
            }
        }
        if let (Some(lat), Some(lon)) = (v.location.latitude, v.location.longitude) {
            d.grid.push(Point {
                lat,
                lon,
                occupation,
                green: is_green,
                digital: is_digital,
                skills: skills.as_slice().into(),
            });
        }
    }

    pub fn finish(self) -> Demand {
        let mut d = self.d;
        d.grid.seal();
        let (skills, occupations) = (
            self.taxonomy.skill_count(),
            self.taxonomy.occupation_count(),
        );
        d.national_counts = Counts::from_tally(&d.national, skills, occupations);
        d.region_counts = d
            .regions
            .iter()
            .map(|(r, t)| (r.clone(), Counts::from_tally(t, skills, occupations)))
            .collect();
        d
    }
}
