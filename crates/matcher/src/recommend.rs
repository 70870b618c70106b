//! One call from profile to recommendations: the travel area's demand, the targets (stated,
//! or the best pathways when none is set), the gap, the ranked courses. `recommend_all` runs
//! many profiles on every core and returns results in input order.

use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Serialize;
use skillpath_domain::jobseeker::Profile;

use crate::demand::{AreaKind, Demand};
use crate::gap::{self, Gap};
use crate::pathways::{self, Pathway};
use crate::policy::Policy;
use crate::rank::{self, Catalogue, Ranked};
use crate::taxonomy::{OccupationId, Taxonomy};

#[derive(Debug, thiserror::Error)]
pub enum MatchError {
    #[error("course index: {0}")]
    Index(#[from] tantivy::TantivyError),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecommendOptions {
    /// Courses to return.
    pub courses: usize,
    /// Pathways to suggest (and use as targets) when the profile has no target.
    pub pathways: usize,
    /// Of those pathways, how many become targets of the gap.
    pub pathway_targets: usize,
}

impl Default for RecommendOptions {
    fn default() -> Self {
        Self {
            courses: 10,
            pathways: 5,
            pathway_targets: 2,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Recommendations {
    pub profile_id: String,
    pub as_of: NaiveDate,
    pub area: AreaKind,
    pub open_vacancies_in_area: u32,
    /// Targets stated in the profile were used as given (`targets_suggested` false);
    /// otherwise the first pathways were.
    pub targets_suggested: bool,
    pub pathways: Vec<Pathway>,
    pub gap: Gap,
    pub ranked: Ranked,
}

/// Everything a recommendation reads, built once and shared by every request and thread.
#[derive(Debug)]
pub struct Matcher {
    pub taxonomy: Taxonomy,
    pub demand: Demand,
    pub catalogue: Catalogue,
    pub policy: Policy,
}

impl Matcher {
    pub fn new(taxonomy: Taxonomy, demand: Demand, catalogue: Catalogue, policy: Policy) -> Self {
        Self {
            taxonomy,
            demand,
            catalogue,
            policy,
        }
    }

    /// Recommendations for one person, as of the demand's day.
    pub fn recommend(
        &self,
        profile: &Profile,
        options: &RecommendOptions,
    ) -> Result<Recommendations, MatchError> {
        let t = &self.taxonomy;
        let area = self
            .demand
            .area_for(&profile.location, profile.travel_radius_km);
        let held = gap::held_skills(t, profile);
        let ids = |uris: &[String]| -> Vec<OccupationId> {
            uris.iter().filter_map(|u| t.occupation_id(u)).collect()
        };
        let mut targets = ids(&profile.target_occupations);
        let suggested = targets.is_empty();
        let pathways = if suggested {
            let history = ids(&profile.work_history);
            let p = pathways::suggest(t, &area, &self.catalogue, &held, &history, options.pathways);
            targets = p
                .iter()
                .take(options.pathway_targets)
                .map(|p| p.id)
                .collect();
            p
        } else {
            Vec::new()
        };
        let gap = gap::skill_gap(t, &area, &self.policy, &held, &targets);
        let cover = t.coverage(&held);
        let ranked = rank::rank_courses(
            t,
            &self.catalogue,
            &self.policy,
            profile,
            &cover,
            &gap,
            self.demand.as_of(),
            options.courses,
        )?;
        Ok(Recommendations {
            profile_id: profile.id.clone(),
            as_of: self.demand.as_of(),
            open_vacancies_in_area: area.open(),
            area: area.kind.clone(),
            targets_suggested: suggested,
            pathways,
            gap,
            ranked,
        })
    }

    /// `recommend` for each profile on every core; results in the order of `profiles`.
    ///
    /// Profiles are ranked in order of what they aim at (their targets, else their work
    /// history) and where they live, so that one after another reads the same posting
    /// lists, course gates and vacancy cells while they are still in the cache; the results
    /// are put back in input order.
    pub fn recommend_all(
        &self,
        profiles: &[Profile],
        options: &RecommendOptions,
    ) -> Vec<Result<Recommendations, MatchError>> {
        let mut order: Vec<usize> = (0..profiles.len()).collect();
        order.sort_by_cached_key(|&i| {
            let p = &profiles[i];
            let aim = if p.target_occupations.is_empty() {
                &p.work_history
            } else {
                &p.target_occupations
            };
            (aim.clone(), p.location.region.clone(), i)
        });
        let mut ranked: Vec<(usize, Result<Recommendations, MatchError>)> = order
            .par_iter()
            .map(|&i| (i, self.recommend(&profiles[i], options)))
            .collect();
        ranked.sort_unstable_by_key(|r| r.0);
        ranked.into_iter().map(|(_, r)| r).collect()
    }
}
