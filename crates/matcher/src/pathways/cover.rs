//! The greedy set cover that sizes a pathway: how many catalogue courses close an
//! occupation's remaining essential skills, each step taking the course that covers most of
//! the skills still open, the lowest ordinal on ties, for at most `MAX_COURSES` steps.
//!
//! Built once per catalogue: for every occupation, each course covering any of its essential
//! skills becomes a bit mask over those skills, and only courses that could ever be the
//! greedy choice are kept — the lowest ordinal of each mask, and no course whose mask lies
//! inside the mask of a course with a lower ordinal (it never covers more of what is open,
//! and loses the tie). A person's cover is then a few steps over a few hundred masks, where
//! tallying the skills' course lists at every step (the broad skills are on thousands of
//! courses) took milliseconds.

use rayon::prelude::*;

use crate::taxonomy::{OccupationId, SkillId, Taxonomy};

/// A pathway needing more courses than this is reported as needing this many or more.
pub(crate) const MAX_COURSES: u32 = 12;

/// Essential skills of one occupation as bits, in the order of its essential list (a skill
/// listed twice has one bit).
pub(crate) type Mask = Vec<u64>;

#[derive(Debug, Default)]
pub(crate) struct Covers {
    tables: Vec<Table>,
}

#[derive(Debug, Default)]
struct Table {
    /// Words per mask.
    words: usize,
    /// The bit of each entry of the occupation's essential list.
    bits: Box<[u16]>,
    /// Bits of the skills some course covers.
    teachable: Box<[u64]>,
    /// Kept courses, ascending, and their masks (`words` each).
    ords: Box<[u32]>,
    masks: Box<[u64]>,
}

impl Covers {
    /// `teaching(s)`: the courses covering skill `s`.
    pub(crate) fn build<'c>(
        taxonomy: &Taxonomy,
        teaching: &(dyn Fn(SkillId) -> &'c [u32] + Sync),
    ) -> Self {
        let tables = (0..taxonomy.occupation_count() as OccupationId)
            .into_par_iter()
            .map(|o| Table::build(&taxonomy.occupation(o).essential, teaching))
            .collect();
        Self { tables }
    }

    /// The bits of `occupation`'s essential skills for which `open` holds.
    pub(crate) fn mask(
        &self,
        occupation: OccupationId,
        essential: &[SkillId],
        open: impl Fn(SkillId) -> bool,
    ) -> Mask {
        let t = &self.tables[occupation as usize];
        let mut mask = vec![0u64; t.words];
        for (&s, &bit) in essential.iter().zip(t.bits.iter()) {
            if open(s) {
                mask[usize::from(bit) / 64] |= 1 << (bit % 64);
            }
        }
        mask
    }

    /// The entries of `essential` (the occupation's list) whose bit is in `mask`.
    pub(crate) fn skills_in<'a>(
        &'a self,
        occupation: OccupationId,
        essential: &'a [SkillId],
        mask: &'a Mask,
    ) -> impl Iterator<Item = SkillId> + 'a {
        let t = &self.tables[occupation as usize];
        essential
            .iter()
            .zip(t.bits.iter())
            .filter(|&(_, &bit)| mask[usize::from(bit) / 64] & (1 << (bit % 64)) != 0)
            .map(|(&s, _)| s)
    }

    /// Skills of `mask` no course covers.
    pub(crate) fn unteachable(&self, occupation: OccupationId, mask: &Mask) -> u32 {
        let t = &self.tables[occupation as usize];
        mask.iter()
            .zip(t.teachable.iter())
            .map(|(m, teach)| (m & !teach).count_ones())
            .sum()
    }

    /// Greedy cover of the skills of `mask`: (courses used, skills no course covers).
    pub(crate) fn set_cover(&self, occupation: OccupationId, mask: &Mask) -> (u32, u32) {
        let (picks, unteachable) = self.picks(occupation, mask);
        (picks.len() as u32, unteachable)
    }

    /// The courses `set_cover` takes, in order, and the skills no course covers.
    fn picks(&self, occupation: OccupationId, mask: &Mask) -> (Vec<u32>, u32) {
        let t = &self.tables[occupation as usize];
        let mut left: Mask = mask
            .iter()
            .zip(t.teachable.iter())
            .map(|(m, teach)| m & teach)
            .collect();
        let mut picks = Vec::new();
        while left.iter().any(|&w| w != 0) && (picks.len() as u32) < MAX_COURSES {
            let mut best = (0u32, 0usize);
            for (e, m) in t.masks.chunks_exact(t.words).enumerate() {
                let gain: u32 = m.iter().zip(&left).map(|(a, b)| (a & b).count_ones()).sum();
                // Entries are in ordinal order: only a larger gain displaces the best.
                if gain > best.0 {
                    best = (gain, e);
                }
            }
            let m = &t.masks[best.1 * t.words..][..t.words];
            for (l, m) in left.iter_mut().zip(m) {
                *l &= !m;
            }
            picks.push(t.ords[best.1]);
        }
        (picks, self.unteachable(occupation, mask))
    }
}

impl Table {
    fn build<'c>(essential: &[SkillId], teaching: &dyn Fn(SkillId) -> &'c [u32]) -> Self {
        let mut distinct: Vec<SkillId> = Vec::new();
        let bits: Box<[u16]> = essential
            .iter()
            .map(|s| {
                let at = distinct.iter().position(|d| d == s).unwrap_or_else(|| {
                    distinct.push(*s);
                    distinct.len() - 1
                });
                at as u16
            })
            .collect();
        let words = distinct.len().div_ceil(64).max(1);
        let mut teachable = vec![0u64; words];
        let mut pairs: Vec<(u32, u16)> = Vec::new();
        for (bit, &s) in distinct.iter().enumerate() {
            let courses = teaching(s);
            if !courses.is_empty() {
                teachable[bit / 64] |= 1 << (bit % 64);
            }
            pairs.extend(courses.iter().map(|&c| (c, bit as u16)));
        }
        pairs.sort_unstable();
        // One mask per course, ascending by ordinal.
        let mut entries: Vec<(u32, Mask)> = Vec::new();
        for (c, bit) in pairs {
            if entries.last().is_none_or(|e| e.0 != c) {
                entries.push((c, vec![0u64; words]));
            }
            let mask = &mut entries.last_mut().expect("pushed").1;
            mask[usize::from(bit) / 64] |= 1 << (bit % 64);
        }
        let kept = undominated(entries, words);
        Self {
            words,
            bits,
            teachable: teachable.into(),
            ords: kept.iter().map(|e| e.0).collect(),
            masks: kept.iter().flat_map(|e| e.1.iter().copied()).collect(),
        }
    }
}

/// The entries (ascending by ordinal) that some set of open skills makes the greedy choice:
/// a course whose mask is inside that of a course with a lower ordinal never is.
fn undominated(entries: Vec<(u32, Mask)>, words: usize) -> Vec<(u32, Mask)> {
    let inside = |a: &Mask, b: &Mask| a.iter().zip(b).all(|(a, b)| a & !b == 0);
    let mut kept: Vec<(u32, Mask)> = Vec::new();
    // The union of the kept masks: a mask with a bit outside it lies inside none of them,
    // which settles most courses (those covering one or two of the skills) without a search.
    let mut union = vec![0u64; words];
    for e in entries {
        // Every kept entry has a lower ordinal.
        if inside(&e.1, &union) && kept.iter().any(|k| inside(&e.1, &k.1)) {
            continue;
        }
        for (u, m) in union.iter_mut().zip(&e.1) {
            *u |= m;
        }
        kept.push(e);
    }
    kept
}

#[cfg(test)]
mod tests {
    use std::cmp::Reverse;
    use std::collections::{BTreeSet, HashMap};

    use super::*;
    use crate::fixtures::{course, occ_uri, skill_uri, taxonomy};
    use crate::rank::Catalogue;

    const SKILLS: [&str; 7] = [
        "programming",
        "python",
        "rust",
        "statistics",
        "solar",
        "spreadsheets",
        "welding",
    ];

    /// The definition: recount every course at every step.
    fn recounting(catalogue: &Catalogue, skills: &[SkillId]) -> (Vec<u32>, u32) {
        let mut left: Vec<SkillId> = skills
            .iter()
            .copied()
            .filter(|&s| !catalogue.teaching(s).is_empty())
            .collect();
        let unteachable = (skills.len() - left.len()) as u32;
        let mut picks = Vec::new();
        while !left.is_empty() && (picks.len() as u32) < MAX_COURSES {
            let (_, Reverse(best)) = (0..catalogue.len() as u32)
                .map(|c| {
                    let k = left
                        .iter()
                        .filter(|s| catalogue.covers(c).contains(s))
                        .count();
                    (k, Reverse(c))
                })
                .max()
                .expect("a course");
            left.retain(|s| !catalogue.covers(best).contains(s));
            picks.push(best);
        }
        (picks, unteachable)
    }

    #[test]
    fn covers_take_the_courses_recounting_every_step_takes() {
        let t = taxonomy();
        // The fixture's occupation with the most essential skills, so masks have several bits.
        let (o, essential) = ["developer", "installer"]
            .iter()
            .map(|id| {
                let o = t.occupation_id(&occ_uri(id)).unwrap();
                (o, t.occupation(o).essential.clone())
            })
            .max_by_key(|(_, e)| e.len())
            .unwrap();
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = |n: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % n
        };
        let mut sizes = BTreeSet::new();
        for round in 0..400 {
            let size = 1 + next(60) as usize;
            let courses = (0..size)
                .map(|i| {
                    // Mostly one or two skills each, so covers need several courses.
                    let skills: Vec<&str> =
                        SKILLS.iter().copied().filter(|_| next(10) < 2).collect();
                    course(&format!("C{round}-{i}"), &skills)
                })
                .collect();
            let catalogue = Catalogue::build(&t, courses, &HashMap::new()).unwrap();
            let open: Vec<SkillId> = essential.iter().copied().filter(|_| next(4) > 0).collect();
            let covers = catalogue.pathway_covers();
            let mask = covers.mask(o, &essential, |s| open.contains(&s));
            assert_eq!(
                covers.skills_in(o, &essential, &mask).collect::<Vec<_>>(),
                open,
                "round {round}"
            );
            let want = recounting(&catalogue, &open);
            assert_eq!(covers.picks(o, &mask), want, "round {round}");
            sizes.insert(want.0.len());
        }
        // The worlds needed covers of several sizes, not the same answer every time.
        assert!(sizes.len() >= 3, "{sizes:?}");
    }

    #[test]
    fn a_course_inside_one_with_a_lower_ordinal_is_never_kept() {
        let t = taxonomy();
        let developer = t.occupation_id(&occ_uri("developer")).unwrap();
        let essential = t.occupation(developer).essential.clone();
        let names: Vec<&str> = essential
            .iter()
            .map(|&s| {
                SKILLS
                    .iter()
                    .copied()
                    .find(|n| skill_uri(n) == t.skill(s).uri)
                    .unwrap()
            })
            .collect();
        assert!(names.len() >= 2, "{names:?}");
        let courses = vec![
            course("A", &names),
            course("B", &names[..1]),
            course("C", &names[1..2]),
        ];
        let catalogue = Catalogue::build(&t, courses, &HashMap::new()).unwrap();
        let table = &catalogue.pathway_covers().tables[developer as usize];
        // B and C each cover part of what A covers, and A comes first.
        assert_eq!(&*table.ords, &[0]);
    }
}
