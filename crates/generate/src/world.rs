//! What every row draws from, computed once per run: the taxonomy as integer indexes into
//! one list of skill URIs (rows then copy a `&str`, never look up a map), and the seeded
//! facts of the synthetic labour market: which occupations are in demand, where, and who
//! provides training.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use rand::Rng;
use skillpath_domain::esco::{EscoDataset, RelationType, SkillType};

use crate::GenerateError;
use crate::pick::{self, Alias};
use crate::providers::{self, Provider};
use crate::regions::REGIONS;
use crate::write::stream_rng;

/// The stream tag of the draws that shape the world; files use 1, 2 and 3.
const WORLD_STREAM: u64 = 0;

#[derive(Debug)]
pub struct Occ<'a> {
    pub uri: &'a str,
    pub preferred: &'a str,
    pub alternative: &'a [String],
    /// First digit of the ISCO-08 group: 1 managers … 9 elementary occupations, 0 armed forces.
    pub major: u8,
    /// Index into `World::minor_groups` (the three-digit ISCO group).
    pub minor: u32,
    /// Index into the per-region tilts (the two-digit ISCO group).
    pub submajor: u32,
    pub essential: Vec<u32>,
    pub optional: Vec<u32>,
}

#[derive(Debug)]
pub struct World<'a> {
    pub as_of: NaiveDate,
    pub skill_uris: Vec<&'a str>,
    pub skill_labels: Vec<&'a str>,
    pub skill_is_knowledge: Vec<bool>,
    /// Occupations with at least one essential skill; the others cannot be asked for.
    pub occs: Vec<Occ<'a>>,
    pub minor_groups: Vec<Vec<u32>>,
    pub regions: Alias,
    /// Per region: demand tilted by the region's industries, for vacancies.
    pub vacancy_occ: Vec<Alias>,
    /// Demand flattened: where jobseekers worked before. Unemployment is spread more evenly
    /// than hiring.
    pub supply_occ: Alias,
    /// Demand a little flattened: what providers build courses for.
    pub course_occ: Alias,
    pub providers: Vec<Provider>,
    pub provider_pick: Alias,
}

/// How much each ISCO major group hires, relative to the others.
fn major_factor(major: u8) -> f64 {
    match major {
        0 => 0.1,
        1 => 0.6,
        2 => 1.3,
        3 => 1.2,
        4 => 1.0,
        5 => 1.5,
        6 => 0.5,
        7 => 1.2,
        8 => 1.0,
        _ => 1.1,
    }
}

impl<'a> World<'a> {
    pub fn new(esco: &'a EscoDataset, seed: u64, as_of: NaiveDate) -> Result<Self, GenerateError> {
        let skill_uris: Vec<&str> = esco.skills.iter().map(|s| s.uri.as_str()).collect();
        let skill_labels = esco
            .skills
            .iter()
            .map(|s| s.labels.preferred.as_str())
            .collect();
        let skill_is_knowledge = esco
            .skills
            .iter()
            .map(|s| s.skill_type == Some(SkillType::Knowledge))
            .collect();
        let skill_index: HashMap<&str, u32> = skill_uris
            .iter()
            .enumerate()
            .map(|(i, u)| (*u, i as u32))
            .collect();
        let occ_index: HashMap<&str, usize> = esco
            .occupations
            .iter()
            .enumerate()
            .map(|(i, o)| (o.uri.as_str(), i))
            .collect();

        // Relations in file order, so the lists (and every draw from them) are reproducible.
        let mut essential = vec![Vec::new(); esco.occupations.len()];
        let mut optional = vec![Vec::new(); esco.occupations.len()];
        for rel in &esco.occupation_skills {
            let (Some(&o), Some(&s)) = (
                occ_index.get(rel.occupation_uri.as_str()),
                skill_index.get(rel.skill_uri.as_str()),
            ) else {
                continue;
            };
            let list: &mut Vec<u32> = match rel.relation {
                RelationType::Essential => &mut essential[o],
                RelationType::Optional => &mut optional[o],
            };
            if !list.contains(&s) {
                list.push(s);
            }
        }

        let mut minor_codes: BTreeMap<&str, u32> = BTreeMap::new();
        let mut submajor_codes: BTreeMap<&str, u32> = BTreeMap::new();
        for o in &esco.occupations {
            let isco = o.isco_group.as_str();
            let next = minor_codes.len() as u32;
            minor_codes
                .entry(isco.get(..3).unwrap_or(isco))
                .or_insert(next);
            let next = submajor_codes.len() as u32;
            submajor_codes
                .entry(isco.get(..2).unwrap_or(isco))
                .or_insert(next);
        }
        let mut occs = Vec::new();
        for (i, o) in esco.occupations.iter().enumerate() {
            if essential[i].is_empty() {
                continue;
            }
            let isco = o.isco_group.as_str();
            let ess = std::mem::take(&mut essential[i]);
            let opt: Vec<u32> = std::mem::take(&mut optional[i])
                .into_iter()
                .filter(|s| !ess.contains(s))
                .collect();
            occs.push(Occ {
                uri: &o.uri,
                preferred: &o.labels.preferred,
                alternative: &o.labels.alternative,
                major: isco.bytes().next().map_or(9, |b| b.saturating_sub(b'0')),
                minor: minor_codes[isco.get(..3).unwrap_or(isco)],
                submajor: submajor_codes[isco.get(..2).unwrap_or(isco)],
                essential: ess,
                optional: opt,
            });
        }
        if occs.is_empty() {
            return Err(GenerateError::EmptyTaxonomy);
        }
        let mut minor_groups = vec![Vec::new(); minor_codes.len()];
        for (i, o) in occs.iter().enumerate() {
            minor_groups[o.minor as usize].push(i as u32);
        }

        let mut rng = stream_rng(seed, WORLD_STREAM, 0);
        let demand = demand(&occs, &mut rng);
        let tilts: Vec<Vec<f64>> = REGIONS
            .iter()
            .map(|_| {
                (0..submajor_codes.len())
                    .map(|_| rng.random_range(-0.9..0.9f64).exp())
                    .collect()
            })
            .collect();
        let vacancy_occ = tilts
            .iter()
            .map(|tilt| {
                let w: Vec<f64> = occs
                    .iter()
                    .zip(&demand)
                    .map(|(o, d)| d * tilt[o.submajor as usize])
                    .collect();
                Alias::new(&w)
            })
            .collect();
        let flattened = |power: f64| -> Alias {
            Alias::new(&demand.iter().map(|d| d.powf(power)).collect::<Vec<_>>())
        };
        let regions = Alias::new(&REGIONS.iter().map(|r| r.population).collect::<Vec<_>>());
        let providers = providers::make(&regions, &mut rng);
        let provider_pick = Alias::new(&pick::zipf_weights(providers.len(), 0.8));
        Ok(Self {
            as_of,
            skill_uris,
            skill_labels,
            skill_is_knowledge,
            supply_occ: flattened(0.5),
            course_occ: flattened(0.7),
            occs,
            minor_groups,
            regions,
            vacancy_occ,
            providers,
            provider_pick,
        })
    }

    /// Another occupation in the same three-digit ISCO group, where one exists: the usual
    /// next step after a job, and what a caseworker suggests as close to the history.
    pub fn neighbour(&self, occ: usize, rng: &mut impl Rng) -> Option<usize> {
        let group = &self.minor_groups[self.occs[occ].minor as usize];
        if group.len() < 2 {
            return None;
        }
        loop {
            let other = pick::one(rng, group) as usize;
            if other != occ {
                return Some(other);
            }
        }
    }
}

/// A seeded ranking of occupations, biased by major group, turned into Zipf weights: some
/// occupations are asked for all the time, most rarely, as in real vacancy data.
fn demand(occs: &[Occ<'_>], rng: &mut impl Rng) -> Vec<f64> {
    let scores: Vec<f64> = occs
        .iter()
        .map(|o| {
            let pareto = (1.0 - rng.random::<f64>()).powf(-1.0 / 1.2);
            major_factor(o.major) * pareto
        })
        .collect();
    let mut order: Vec<usize> = (0..occs.len()).collect();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
    let weights = pick::zipf_weights(occs.len(), 0.9);
    let mut demand = vec![0.0; occs.len()];
    for (rank, &o) in order.iter().enumerate() {
        demand[o] = weights[rank];
    }
    demand
}

#[cfg(test)]
mod tests {
    use skillpath_ingest::esco::read_esco_dir;

    use super::*;

    fn sample() -> EscoDataset {
        let dir = skillpath_suite::sample_dir().join("esco");
        read_esco_dir(&dir, &mut |_| {}).unwrap().dataset
    }

    #[test]
    fn skill_lists_are_indexes_of_the_occupation_s_own_relations() {
        let esco = sample();
        let world = World::new(&esco, 1, crate::default_as_of()).unwrap();
        let occ = &world.occs[0];
        let essential: Vec<&str> = esco
            .occupation_skills
            .iter()
            .filter(|r| r.occupation_uri == occ.uri && r.relation == RelationType::Essential)
            .map(|r| r.skill_uri.as_str())
            .collect();
        let ours: Vec<&str> = occ
            .essential
            .iter()
            .map(|&s| world.skill_uris[s as usize])
            .collect();
        assert_eq!(ours, essential);
        assert!(occ.optional.iter().all(|s| !occ.essential.contains(s)));
    }

    #[test]
    fn neighbours_share_the_three_digit_isco_group() {
        let esco = sample();
        let world = World::new(&esco, 1, crate::default_as_of()).unwrap();
        let mut rng = stream_rng(1, 9, 0);
        let mut found = 0;
        for (i, occ) in world.occs.iter().enumerate() {
            if let Some(n) = world.neighbour(i, &mut rng) {
                assert_ne!(n, i);
                assert_eq!(world.occs[n].minor, occ.minor);
                found += 1;
            }
        }
        assert!(found > 0, "the sample has occupations sharing a group");
    }
}
