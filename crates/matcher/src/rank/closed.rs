//! Which gap skills each candidate closes, read from the catalogue's skill → courses lists
//! rather than by searching every candidate's coverage for every gap skill: the work is the
//! number of (gap skill, course) pairs that match, not candidates × gap skills, which at
//! 100,000 courses is the difference between tens of microseconds and milliseconds.

use std::cell::RefCell;

use super::catalogue::Catalogue;
use crate::gap::Gap;

const NONE: u32 = u32::MAX;

thread_local! {
    /// Course ordinal → position among the candidates, `NONE` elsewhere; left all `NONE`
    /// between calls so that no request pays to clear it.
    static SLOTS: RefCell<Vec<u32>> = const { RefCell::new(Vec::new()) };
}

/// For each of `candidates` (course ordinals), the positions in `gap.skills` of the gap
/// skills it covers, ascending.
pub(crate) fn closed_by(catalogue: &Catalogue, gap: &Gap, candidates: &[u32]) -> Vec<Vec<u32>> {
    let mut closed: Vec<Vec<u32>> = vec![Vec::new(); candidates.len()];
    SLOTS.with_borrow_mut(|slots| {
        if slots.len() < catalogue.len() {
            slots.resize(catalogue.len(), NONE);
        }
        for (k, &c) in candidates.iter().enumerate() {
            slots[c as usize] = k as u32;
        }
        for (i, g) in gap.skills.iter().enumerate() {
            for &c in catalogue.teaching(g.id) {
                let k = slots[c as usize];
                if k != NONE {
                    closed[k as usize].push(i as u32);
                }
            }
        }
        for &c in candidates {
            slots[c as usize] = NONE;
        }
    });
    closed
}
