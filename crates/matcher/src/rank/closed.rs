//! The candidates of a ranking and which gap skills each one closes, in one pass over the
//! gap skills' posting lists in the course index: a course is a candidate when it covers a
//! gap skill and is taught in a language the person speaks (or states none). The work is
//! the number of (gap skill, course) pairs in the lists, not candidates × gap skills.
//! Candidates out of the person's reach (`reach`) are only counted: no session of theirs
//! could pass the place filter, so nothing else of them is read.
//!
//! What the pass has met is kept as bits per course (a few small sets that stay in cache),
//! and the (course, gap skill) pairs are grouped by a radix sort afterwards: an array with a
//! slot per course, read at every pair, cost a cache miss per candidate, measured as a
//! sixth of a recommendation's time. The lists are kept in one flat array: a vector per
//! candidate cost thousands of small allocations per request.

use std::cell::RefCell;

use skillpath_domain::jobseeker::Profile;

use super::bits::{has, put};
use super::catalogue::Catalogue;
use crate::gap::Gap;

/// Sets over the catalogue's courses, cleared after each call.
#[derive(Default)]
struct Scratch {
    /// The person's reach (filled per call), the courses out of it met so far, the courses
    /// in it met so far, and of those the ones taught in a language the person speaks.
    reach: Vec<u64>,
    far: Vec<u64>,
    met: Vec<u64>,
    taught: Vec<u64>,
    /// The radix sort's second buffer.
    spare: Vec<(u32, u32)>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// The candidates of a ranking.
pub(crate) struct Candidates {
    /// Candidates in reach, as course ordinals, ascending.
    pub near: Vec<u32>,
    pub closed: Closed,
    /// Candidates out of reach: too far whatever their dates.
    pub far: u32,
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

/// The candidates for `gap` and the gap skills each closes; with `prefilter`, those out of
/// the person's reach are counted in `far` instead.
pub(crate) fn candidates(
    catalogue: &Catalogue,
    gap: &Gap,
    profile: &Profile,
    prefilter: bool,
) -> tantivy::Result<Candidates> {
    let gates = catalogue.gates();
    let languages = &profile.languages;
    let speaks = gates.speaks(languages);
    // (course, gap position) for every candidate course on a gap skill's list, in gap order.
    let mut pairs: Vec<(u32, u32)> = Vec::new();
    let mut far = 0u32;
    SCRATCH.with_borrow_mut(|scratch| {
        let Scratch {
            reach,
            far: met_far,
            met,
            taught,
            spare,
        } = scratch;
        let words = catalogue.len().div_ceil(64);
        for set in [&mut *met_far, &mut *met, &mut *taught] {
            set.resize(words, 0);
        }
        let location = &profile.location;
        let narrowed = prefilter
            && location
                .latitude
                .zip(location.longitude)
                .is_some_and(|(lat, lon)| {
                    gates
                        .reach()
                        .fill(lat, lon, profile.travel_radius_km, catalogue.len(), reach)
                });
        let mut read = Ok(());
        for (i, g) in gap.skills.iter().enumerate() {
            read = catalogue.for_each_covering(g.id, |c| {
                if narrowed && !has(reach, c) {
                    if !has(met_far, c) {
                        put(met_far, c);
                        far +=
                            u32::from(gates.taught_in(c, catalogue.course(c), speaks, languages));
                    }
                    return;
                }
                if !has(met, c) {
                    put(met, c);
                    if gates.taught_in(c, catalogue.course(c), speaks, languages) {
                        put(taught, c);
                    }
                }
                if has(taught, c) {
                    pairs.push((c, i as u32));
                }
            });
            if read.is_err() {
                break;
            }
        }
        for set in [&mut *met_far, &mut *met, &mut *taught] {
            set.fill(0);
        }
        // Stable, so each course's gap positions stay ascending as they were pushed.
        sort_by_course(&mut pairs, spare);
        let mut found: Vec<u32> = Vec::new();
        let mut starts: Vec<u32> = vec![0];
        let items: Vec<u32> = pairs.iter().map(|&(_, i)| i).collect();
        for (at, &(c, _)) in pairs.iter().enumerate() {
            if found.last() != Some(&c) {
                if !found.is_empty() {
                    starts.push(at as u32);
                }
                found.push(c);
            }
        }
        starts.push(pairs.len() as u32);
        if found.is_empty() {
            starts.truncate(1);
        }
        read.map(|()| Candidates {
            near: found,
            closed: Closed { starts, items },
            far,
        })
    })
}

/// Sorts `pairs` by course, stably: least significant byte first, as many passes as the
/// largest course needs.
fn sort_by_course(pairs: &mut Vec<(u32, u32)>, spare: &mut Vec<(u32, u32)>) {
    let largest = pairs.iter().map(|p| p.0).max().unwrap_or(0);
    let mut shift = 0;
    while shift < 32 && (shift == 0 || largest >> shift != 0) {
        let mut counts = [0usize; 257];
        for p in pairs.iter() {
            counts[((p.0 >> shift) & 0xff) as usize + 1] += 1;
        }
        for b in 1..257 {
            counts[b] += counts[b - 1];
        }
        spare.clear();
        spare.resize(pairs.len(), (0, 0));
        for &p in pairs.iter() {
            let b = ((p.0 >> shift) & 0xff) as usize;
            spare[counts[b]] = p;
            counts[b] += 1;
        }
        std::mem::swap(pairs, spare);
        shift += 8;
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn pairs_sort_by_course_and_keep_their_order_within_one() {
        let mut pairs: Vec<(u32, u32)> = Vec::new();
        let mut x = 0x2545_f491u32;
        for i in 0..5_000u32 {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            // Courses past one byte and past two, repeated, each met in ascending order.
            pairs.push((x % [300, 70_000, 5][(i % 3) as usize], i));
        }
        let mut expected = pairs.clone();
        expected.sort_by_key(|p| p.0);
        super::sort_by_course(&mut pairs, &mut Vec::new());
        assert_eq!(pairs, expected);
    }
}
