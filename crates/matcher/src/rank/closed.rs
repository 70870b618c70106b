//! The candidates of a ranking and which gap skills each one closes, in one pass over the
//! gap skills' posting lists in the course index: a course is a candidate when it covers a
//! gap skill and is taught in a language the person speaks (or states none). The work is
//! the number of (gap skill, course) pairs in the lists, not candidates × gap skills.
//!
//! The lists are kept in one flat array (counted, then filled): a vector per candidate cost
//! thousands of small allocations per request, measured as a fifth of the ranking's time.

use std::cell::RefCell;

use super::catalogue::Catalogue;
use crate::gap::Gap;

/// Course not met yet.
const NONE: u32 = u32::MAX;
/// Course met and not taught in a language the person speaks.
const OUT: u32 = u32::MAX - 1;
/// Course met and a candidate, before candidates are numbered.
const IN: u32 = u32::MAX - 2;

thread_local! {
    /// Course ordinal → `NONE`, `OUT`, `IN` or position among the candidates; left all
    /// `NONE` between calls so that no request pays to clear it.
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

/// The candidates for `gap` (course ordinals, ascending) and the gap skills each closes.
pub(crate) fn candidates(
    catalogue: &Catalogue,
    gap: &Gap,
    languages: &[String],
) -> tantivy::Result<(Vec<u32>, Closed)> {
    let gates = catalogue.gates();
    let speaks = gates.speaks(languages);
    // (course, gap position) for every candidate course on a gap skill's list, in gap order.
    let mut pairs: Vec<(u32, u32)> = Vec::new();
    let mut found: Vec<u32> = Vec::new();
    let mut out: Vec<u32> = Vec::new();
    SLOTS.with_borrow_mut(|slots| {
        if slots.len() < catalogue.len() {
            slots.resize(catalogue.len(), NONE);
        }
        let mut read = Ok(());
        for (i, g) in gap.skills.iter().enumerate() {
            read = catalogue.for_each_covering(&g.uri, |c| {
                let slot = &mut slots[c as usize];
                match *slot {
                    OUT => {}
                    NONE if !gates.taught_in(c, catalogue.course(c), speaks, languages) => {
                        *slot = OUT;
                        out.push(c);
                    }
                    NONE => {
                        *slot = IN;
                        found.push(c);
                        pairs.push((c, i as u32));
                    }
                    _ => pairs.push((c, i as u32)),
                }
            });
            if read.is_err() {
                break;
            }
        }
        found.sort_unstable();
        for (k, &c) in found.iter().enumerate() {
            slots[c as usize] = k as u32;
        }
        let mut starts = vec![0u32; found.len() + 1];
        for &(c, _) in &pairs {
            starts[slots[c as usize] as usize + 1] += 1;
        }
        for k in 1..starts.len() {
            starts[k] += starts[k - 1];
        }
        let mut items = vec![0u32; pairs.len()];
        let mut next: Vec<u32> = starts[..found.len()].to_vec();
        // Pairs are in gap order, so each candidate's positions come out ascending.
        for &(c, i) in &pairs {
            let k = slots[c as usize] as usize;
            items[next[k] as usize] = i;
            next[k] += 1;
        }
        for &c in found.iter().chain(&out) {
            slots[c as usize] = NONE;
        }
        read.map(|()| (found, Closed { starts, items }))
    })
}
