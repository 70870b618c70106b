//! Career pathways for someone without a target: occupations ranked by
//!
//! `score = essential_overlap × (1 + ln(1 + expected_open)) / (1 + courses_to_close + 2 × unteachable)`
//!
//! - `essential_overlap`: mean coverage of the occupation's essential skills by what the
//!   person holds plus the essential skills of occupations in their work history (having
//!   done a job is evidence of its must-haves);
//! - `expected_open`: the area's open vacancies times the smoothed share coded to the
//!   occupation (logarithmic: the hundredth vacancy matters less than the first);
//! - `courses_to_close`: a greedy set cover of the remaining essential skills with catalogue
//!   courses (not filtered for this person; a sizing, not a plan), and `unteachable` the
//!   skills no course covers, counted double since they need something other than a course.
//!
//! Occupations already in the work history are left out: going back needs no pathway.

pub(crate) mod cover;

use serde::Serialize;

use crate::demand::Area;
use crate::rank::Catalogue;
use crate::taxonomy::{OccupationId, SkillId, Taxonomy};

/// Occupations scored fully (with the set cover) per suggestion asked for.
const SHORTLIST_FACTOR: usize = 5;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pathway {
    #[serde(skip)]
    pub id: OccupationId,
    pub occupation_uri: String,
    pub label: String,
    pub score: f64,
    pub essential_overlap: f64,
    pub open_vacancies_nearby: u32,
    pub expected_open: f64,
    pub courses_to_close: u32,
    pub unteachable: u32,
    /// Essential skills not yet covered, as URIs.
    pub remaining_gap: Vec<String>,
}

pub fn suggest(
    taxonomy: &Taxonomy,
    area: &Area<'_>,
    catalogue: &Catalogue,
    held: &[SkillId],
    history: &[OccupationId],
    n: usize,
) -> Vec<Pathway> {
    let mut evidence = held.to_vec();
    for &o in history {
        evidence.extend_from_slice(&taxonomy.occupation(o).essential);
    }
    let cover = taxonomy.coverage(&evidence);
    let covers = catalogue.pathway_covers();
    let mut short: Vec<(OccupationId, f64, f64)> = Vec::new();
    for o in 0..taxonomy.occupation_count() as OccupationId {
        let occ = taxonomy.occupation(o);
        if occ.essential.is_empty() || history.contains(&o) {
            continue;
        }
        let overlap = occ
            .essential
            .iter()
            .map(|&s| f64::from(cover[s as usize]))
            .sum::<f64>()
            / occ.essential.len() as f64;
        if overlap <= 0.0 {
            continue;
        }
        let expected = f64::from(area.open()) * area.occupation_share(o);
        short.push((o, overlap, overlap * (1.0 + expected.ln_1p())));
    }
    short.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)));
    short.truncate(n.saturating_mul(SHORTLIST_FACTOR));

    // The set cover is the costly part, and a score can only fall from its bound (one course
    // at least while a teachable skill remains), so covers run best bound first and stop once
    // no bound left can reach the n-th score: the same pathways as covering every one.
    let mut bounded: Vec<Bounded> = short
        .into_iter()
        .map(|(o, overlap, pre)| {
            let essential = &taxonomy.occupation(o).essential;
            let mask = covers.mask(o, essential, |s| cover[s as usize] < 1.0);
            let open = mask.iter().map(|w| w.count_ones()).sum::<u32>();
            let unteachable = covers.unteachable(o, &mask);
            let teachable = open > unteachable;
            let bound =
                pre / (1.0 + f64::from(u32::from(teachable)) + 2.0 * f64::from(unteachable));
            Bounded {
                o,
                overlap,
                mask,
                bound,
            }
        })
        .collect();
    bounded.sort_by(|a, b| b.bound.total_cmp(&a.bound).then(a.o.cmp(&b.o)));
    let mut out: Vec<Pathway> = Vec::new();
    for b in bounded {
        if out.len() >= n && out.last().is_some_and(|last| b.bound < last.score) {
            break;
        }
        out.push(pathway(taxonomy, area, catalogue, b));
        out.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.id.cmp(&b.id)));
        out.truncate(n);
    }
    out
}

/// A shortlisted occupation with the upper bound of its score.
struct Bounded {
    o: OccupationId,
    overlap: f64,
    /// The essential skills not yet covered (`cover::Covers::mask`).
    mask: cover::Mask,
    bound: f64,
}

fn pathway(taxonomy: &Taxonomy, area: &Area<'_>, catalogue: &Catalogue, b: Bounded) -> Pathway {
    let occ = taxonomy.occupation(b.o);
    let (courses, unteachable) = catalogue.pathway_covers().set_cover(b.o, &b.mask);
    let expected = f64::from(area.open()) * area.occupation_share(b.o);
    let score = b.overlap * (1.0 + expected.ln_1p())
        / (1.0 + f64::from(courses) + 2.0 * f64::from(unteachable));
    Pathway {
        id: b.o,
        occupation_uri: occ.uri.clone(),
        label: occ.label.clone(),
        score,
        essential_overlap: b.overlap,
        open_vacancies_nearby: area.occupation_count(b.o),
        expected_open: expected,
        courses_to_close: courses,
        unteachable,
        remaining_gap: catalogue
            .pathway_covers()
            .skills_in(b.o, &occ.essential, &b.mask)
            .map(|s| taxonomy.skill(s).uri.clone())
            .collect(),
    }
}
