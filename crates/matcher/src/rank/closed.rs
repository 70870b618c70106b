//! Which gap skills each candidate closes, read from the catalogue's skill → courses lists
//! rather than by searching every candidate's coverage for every gap skill: the work is the
//! number of (gap skill, course) pairs that match, not candidates × gap skills, which at
//! 100,000 courses is the difference between tens of microseconds and milliseconds.
//!
//! The lists are kept in one flat array (counted, then filled): a vector per candidate cost
//! thousands of small allocations per request, measured as a fifth of the ranking's time.

use std::cell::RefCell;

use super::catalogue::Catalogue;
use crate::gap::Gap;

const NONE: u32 = u32::MAX;

thread_local! {
    /// Course ordinal → position among the candidates, `NONE` elsewhere; left all `NONE`
    /// between calls so that no request pays to clear it.
    static SLOTS: RefCell<Vec<u32>> = const { RefCell::new(Vec::new()) };
}

/// For each candidate, the positions in `gap.skills` of the gap skills it covers, ascending.
pub(crate) struct Closed {
    /// Candidate `k`'s positions are `items[starts[k]..starts[k + 1]]`.
    starts: Vec<u32>,
    items: Vec<u32>,
}

impl Closed {
    pub(crate) fn of(&self, k: usize) -> &[u32] {
        &self.items[self.starts[k] as usize..self.starts[k + 1] as usize]
    }
}

/// The gap skills each of `candidates` (course ordinals) covers.
pub(crate) fn closed_by(catalogue: &Catalogue, gap: &Gap, candidates: &[u32]) -> Closed {
    let mut starts = vec![0u32; candidates.len() + 1];
    let mut items = Vec::new();
    SLOTS.with_borrow_mut(|slots| {
        if slots.len() < catalogue.len() {
            slots.resize(catalogue.len(), NONE);
        }
        for (k, &c) in candidates.iter().enumerate() {
            slots[c as usize] = k as u32;
        }
        let matching = |g: &crate::gap::GapSkill| {
            catalogue
                .teaching(g.id)
                .iter()
                .map(|&c| slots[c as usize])
                .filter(|&k| k != NONE)
        };
        for g in &gap.skills {
            for k in matching(g) {
                starts[k as usize + 1] += 1;
            }
        }
        for k in 1..starts.len() {
            starts[k] += starts[k - 1];
        }
        items = vec![0u32; starts[candidates.len()] as usize];
        let mut next: Vec<u32> = starts[..candidates.len()].to_vec();
        // Gap skills in order, so each candidate's positions come out ascending.
        for (i, g) in gap.skills.iter().enumerate() {
            for k in matching(g) {
                items[next[k as usize] as usize] = i as u32;
                next[k as usize] += 1;
            }
        }
        for &c in candidates {
            slots[c as usize] = NONE;
        }
    });
    Closed { starts, items }
}
