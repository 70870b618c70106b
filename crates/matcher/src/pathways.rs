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

use std::cell::RefCell;

use serde::Serialize;

use crate::demand::Area;
use crate::rank::Catalogue;
use crate::taxonomy::{OccupationId, SkillId, Taxonomy};

/// Occupations scored fully (with the set cover) per suggestion asked for.
const SHORTLIST_FACTOR: usize = 5;
thread_local! {
    /// Per course, how many of the remaining skills' lists it is on during one step of a set
    /// cover; all zero between steps (only the courses met are reset), so no step clears
    /// 100,000 counters, and no hash map is probed per (skill, course) pair.
    static COUNTS: RefCell<Vec<u32>> = const { RefCell::new(Vec::new()) };
}

/// A pathway needing more courses than this is reported as needing this many or more.
const MAX_COURSES: u32 = 12;

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
            let remaining: Vec<SkillId> = taxonomy
                .occupation(o)
                .essential
                .iter()
                .copied()
                .filter(|&s| cover[s as usize] < 1.0)
                .collect();
            let unteachable = remaining
                .iter()
                .filter(|&&s| catalogue.teaching(s).is_empty())
                .count() as u32;
            let teachable = remaining.len() as u32 > unteachable;
            let bound =
                pre / (1.0 + f64::from(u32::from(teachable)) + 2.0 * f64::from(unteachable));
            Bounded {
                o,
                overlap,
                remaining,
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
    remaining: Vec<SkillId>,
    bound: f64,
}

fn pathway(taxonomy: &Taxonomy, area: &Area<'_>, catalogue: &Catalogue, b: Bounded) -> Pathway {
    let occ = taxonomy.occupation(b.o);
    let (courses, unteachable) = set_cover(catalogue, &b.remaining);
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
        remaining_gap: b
            .remaining
            .iter()
            .map(|&s| taxonomy.skill(s).uri.clone())
            .collect(),
    }
}

/// Greedy cover of `skills` by catalogue courses: (courses used, skills no course covers).
/// Each step takes the course covering most remaining skills, the lowest ordinal on ties.
///
/// A course's count is the number of remaining skills' course lists it is on, so the lists
/// are tallied rather than every course's coverage searched. Lists go shortest first: a
/// course first met at the j-th of n lists is on at most n − j of them, so once that is
/// below the best count so far no unseen course can win, and the longest lists (the broad
/// skills many courses cover) are skipped; courses already met are finished by searching
/// their own (short) coverage for the skills left.
fn set_cover(catalogue: &Catalogue, skills: &[SkillId]) -> (u32, u32) {
    let mut left: Vec<SkillId> = skills
        .iter()
        .copied()
        .filter(|&s| !catalogue.teaching(s).is_empty())
        .collect();
    let unteachable = (skills.len() - left.len()) as u32;
    left.sort_by_key(|&s| catalogue.teaching(s).len());
    COUNTS.with_borrow_mut(|counts| {
        if counts.len() < catalogue.len() {
            counts.resize(catalogue.len(), 0);
        }
        let mut met: Vec<u32> = Vec::new();
        let mut used = 0;
        while !left.is_empty() && used < MAX_COURSES {
            let mut most = 0;
            let mut rest: &[SkillId] = &[];
            for (j, &s) in left.iter().enumerate() {
                if ((left.len() - j) as u32) < most {
                    rest = &left[j..];
                    break;
                }
                for &c in catalogue.teaching(s) {
                    let k = &mut counts[c as usize];
                    if *k == 0 {
                        met.push(c);
                    }
                    *k += 1;
                    most = most.max(*k);
                }
            }
            // Most-counted first: a course can add at most `rest.len()` to its count, so once
            // that cannot reach the best total no later course can win or tie, and their
            // coverage (scattered through memory) is never searched.
            let mut ranked: Vec<(u32, u32)> = met
                .drain(..)
                .map(|c| (std::mem::take(&mut counts[c as usize]), c))
                .collect();
            ranked.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            let mut best = (0u32, u32::MAX);
            for (k, c) in ranked {
                if (k as usize + rest.len()) < best.0 as usize {
                    break;
                }
                let k = if rest.is_empty() {
                    k
                } else {
                    let covers = catalogue.covers(c);
                    k + rest
                        .iter()
                        .filter(|x| covers.binary_search(x).is_ok())
                        .count() as u32
                };
                if k > best.0 || (k == best.0 && c < best.1) {
                    best = (k, c);
                }
            }
            let covers = catalogue.covers(best.1);
            left.retain(|x| covers.binary_search(x).is_err());
            used += 1;
        }
        (used, unteachable)
    })
}
