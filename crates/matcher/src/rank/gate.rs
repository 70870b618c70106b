//! The hard filters' inputs for every course, packed apart from the `Course` records: mode,
//! EQF level, accessibility provisions and teaching languages as bits, prerequisites as skill
//! ids, and sessions in one flat array. A ranking filters thousands of candidates scattered over a large
//! catalogue; reading these few bytes each instead of several heap records per course is
//! what keeps filtering from waiting on memory. `filter::check` remains the definition: the
//! tests run both on every case and require the same answer.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use skillpath_domain::course::{Course, Mode};

use super::bits::{has, put};
use super::reach::Reach;
use crate::taxonomy::{SkillId, Taxonomy};

/// Provisions with a bit; a course naming one past these is checked by name.
const BITS: usize = 64;
/// A course's language bits when it states none: taught to everyone, as a course that does
/// not say cannot be ruled out.
const UNSTATED: u64 = 0;
/// A course's language bits when it names a language past the bits: checked by name. A
/// course with every bit set is checked by name too, which gives the same answer.
const BY_NAME: u64 = u64::MAX;

/// One course's gate: 24 bytes, so that a large catalogue's gates stay few cache lines (2.4 MB
/// at 100,000 courses). Teaching languages are kept apart, in `Taught`.
#[derive(Debug)]
pub(crate) struct Gate {
    /// Accessibility provisions as bits; see `flags` for a provision without a bit.
    pub provisions: u64,
    /// This course's range in `Gates::starts` and `Gates::slots`.
    pub slots: (u32, u32),
    pub mode: Mode,
    pub eqf: Option<u8>,
    flags: u8,
}

const _: () = assert!(std::mem::size_of::<Gate>() == 24);

/// The course names a provision without a bit: it is checked by name.
const PROVISIONS_BY_NAME: u8 = 1;
/// The course has prerequisites the taxonomy knows (`Gates::prerequisites`).
const PREREQUISITES: u8 = 2;

impl Gate {
    /// `None` when the course names a provision without a bit.
    pub fn provisions(&self) -> Option<u64> {
        (self.flags & PROVISIONS_BY_NAME == 0).then_some(self.provisions)
    }
}

/// Where and when a session is, read only for sessions whose start (`Gates::starts`) is in
/// the person's window.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Slot {
    pub session: u32,
    pub start: NaiveDate,
    pub place: Place,
}

#[derive(Debug, Clone, Copy)]
pub(crate) enum Place {
    /// No location: joined from anywhere.
    Anywhere,
    At {
        lat: f64,
        lon: f64,
    },
    /// A location without coordinates: compared by region or municipality name.
    Named,
}

/// A session's start in `Gates::starts` when it has no seats left: before every window.
pub(crate) const FULL: i32 = i32::MIN;

#[derive(Debug, Default)]
pub(crate) struct Gates {
    pub gates: Vec<Gate>,
    /// Each session's start as days from the common era (`FULL` when no seat is left), four
    /// bytes apiece so that a course's sessions are checked against the window in one line.
    pub starts: Vec<i32>,
    pub slots: Vec<Slot>,
    /// Prerequisites the taxonomy knows, per course; free text cannot be checked (`filter`).
    prerequisites: Vec<Box<[SkillId]>>,
    provisions: HashMap<String, u32>,
    language_bits: HashMap<String, u32>,
    taught: Taught,
    reach: Reach,
}

/// Teaching languages as one bit per course, for the posting-list pass: it meets thousands
/// of courses once each, and reading a bit of a small set that stays in cache instead of
/// each course's gate line (a miss apiece, most of that pass's time as measured) is what
/// keeps the pass from waiting on memory.
#[derive(Debug, Default)]
struct Taught {
    /// Per language bit, the courses taught in it.
    by_bit: Vec<Vec<u64>>,
    /// Courses stating no language (taught to everyone) or checked by name: these pass the
    /// sets and by-name courses are then checked against their records.
    open: Vec<u64>,
    by_name: Vec<u64>,
}

/// The languages a person speaks, as the catalogue's bits; `None` when they state none,
/// which rules no course out.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Speaks(Option<u64>);

/// A person's accessibility needs against the catalogue's provision bits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Needs {
    Bits(u64),
    /// A need no course in the catalogue provides: no course passes.
    Unmet,
}

impl Gates {
    pub fn build(taxonomy: &Taxonomy, courses: &[Course]) -> Self {
        let mut g = Gates::default();
        for c in courses {
            let mut provisions = 0u64;
            let mut flags = 0;
            for p in &c.accessibility {
                let next = g.provisions.len() as u32;
                let bit = *g.provisions.entry(p.clone()).or_insert(next);
                if (bit as usize) < BITS {
                    provisions |= 1 << bit;
                } else {
                    flags |= PROVISIONS_BY_NAME;
                }
            }
            let mut languages = UNSTATED;
            for l in &c.languages {
                let next = g.language_bits.len() as u32;
                let bit = *g.language_bits.entry(l.clone()).or_insert(next);
                languages = if (bit as usize) < BITS && languages != BY_NAME {
                    languages | (1 << bit)
                } else {
                    BY_NAME
                };
            }
            let prerequisites: Box<[SkillId]> = c
                .prerequisites
                .iter()
                .filter_map(|p| taxonomy.skill_id(p))
                .collect();
            if !prerequisites.is_empty() {
                flags |= PREREQUISITES;
            }
            g.prerequisites.push(prerequisites);
            let from = g.slots.len() as u32;
            for (i, s) in c.sessions.iter().enumerate() {
                g.starts.push(if s.seats == Some(0) {
                    FULL
                } else {
                    s.start.num_days_from_ce()
                });
                g.slots.push(Slot {
                    session: i as u32,
                    start: s.start,
                    place: match &s.location {
                        None => Place::Anywhere,
                        Some(l) => match (l.latitude, l.longitude) {
                            (Some(lat), Some(lon)) => Place::At { lat, lon },
                            _ => Place::Named,
                        },
                    },
                });
            }
            let n = g.gates.len() as u32;
            match languages {
                UNSTATED => put(&mut g.taught.open, n),
                BY_NAME => {
                    put(&mut g.taught.open, n);
                    put(&mut g.taught.by_name, n);
                }
                bits => {
                    for b in (0..BITS).filter(|b| bits >> b & 1 == 1) {
                        if g.taught.by_bit.len() <= b {
                            g.taught.by_bit.resize_with(b + 1, Vec::new);
                        }
                        put(&mut g.taught.by_bit[b], n);
                    }
                }
            }
            g.gates.push(Gate {
                provisions,
                slots: (from, g.slots.len() as u32),
                mode: c.participation.mode,
                eqf: c.eqf_level,
                flags,
            });
        }
        g.reach = Reach::build(&g);
        g
    }

    /// The courses within reach of a person's place (`reach`).
    pub fn reach(&self) -> &Reach {
        &self.reach
    }

    /// Course `n`'s prerequisites the taxonomy knows.
    pub fn prerequisites(&self, n: u32) -> &[SkillId] {
        let g = &self.gates[n as usize];
        if g.flags & PREREQUISITES == 0 {
            return &[];
        }
        &self.prerequisites[n as usize]
    }

    pub fn needs(&self, needs: &[String]) -> Needs {
        let mut bits = 0u64;
        for n in needs {
            match self.provisions.get(n) {
                Some(&b) if (b as usize) < BITS => bits |= 1 << b,
                // Named by some course but past the bits: such courses are checked by name
                // and the rest cannot have it.
                Some(_) => {}
                None => return Needs::Unmet,
            }
        }
        Needs::Bits(bits)
    }

    pub fn speaks(&self, languages: &[String]) -> Speaks {
        if languages.is_empty() {
            return Speaks(None);
        }
        // A language no course is taught in, or one past the bits, matches no course judged
        // by its bits; courses checked by name see every language.
        let bits = languages
            .iter()
            .filter_map(|l| self.language_bits.get(l))
            .filter(|&&b| (b as usize) < BITS)
            .fold(0u64, |bits, &b| bits | (1 << b));
        Speaks(Some(bits))
    }

    /// Whether course `n` is taught in a language the person speaks, or states none (as is
    /// the person who states none), from the sets of `Taught`. `course` (its record) is read
    /// only when its languages are past the bits.
    pub fn taught_in(&self, n: u32, course: &Course, speaks: Speaks, spoken: &[String]) -> bool {
        let Speaks(Some(want)) = speaks else {
            return true;
        };
        let t = &self.taught;
        if has(&t.open, n) {
            return !has(&t.by_name, n) || course.languages.iter().any(|l| spoken.contains(l));
        }
        let mut bits = want;
        while bits != 0 {
            let b = bits.trailing_zeros() as usize;
            if t.by_bit.get(b).is_some_and(|set| has(set, n)) {
                return true;
            }
            bits &= bits - 1;
        }
        false
    }

    /// Whether every need has a bit, so that a course with bits can be judged by them alone.
    pub fn all_bits(&self, needs: &[String]) -> bool {
        needs
            .iter()
            .all(|n| self.provisions.get(n).is_some_and(|&b| (b as usize) < BITS))
    }
}
