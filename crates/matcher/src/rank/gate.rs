//! The hard filters' inputs for every course, packed apart from the `Course` records: mode,
//! EQF level, accessibility provisions as bits, prerequisites as skill ids, and sessions in
//! one flat array. A ranking filters thousands of candidates scattered over a large
//! catalogue; reading these few bytes each instead of several heap records per course is
//! what keeps filtering from waiting on memory. `filter::check` remains the definition: the
//! tests run both on every case and require the same answer.

use std::collections::HashMap;

use chrono::NaiveDate;
use skillpath_domain::course::{Course, Mode};

use crate::taxonomy::{SkillId, Taxonomy};

/// Provisions with a bit; a course naming one past these is checked by name.
const BITS: usize = 64;

#[derive(Debug)]
pub(crate) struct Gate {
    pub mode: Mode,
    pub eqf: Option<u8>,
    /// `None` when the course names a provision without a bit.
    pub provisions: Option<u64>,
    /// Prerequisites the taxonomy knows; free text cannot be checked (`filter`).
    pub prerequisites: Box<[SkillId]>,
    /// This course's range in `Gates::slots`.
    pub slots: (u32, u32),
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Slot {
    pub session: u32,
    pub start: NaiveDate,
    pub full: bool,
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

#[derive(Debug, Default)]
pub(crate) struct Gates {
    pub gates: Vec<Gate>,
    pub slots: Vec<Slot>,
    provisions: HashMap<String, u32>,
}

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
            let mut bits = Some(0u64);
            for p in &c.accessibility {
                let next = g.provisions.len() as u32;
                let bit = *g.provisions.entry(p.clone()).or_insert(next);
                bits = bits.and_then(|b| ((bit as usize) < BITS).then(|| b | (1 << bit)));
            }
            let from = g.slots.len() as u32;
            g.slots
                .extend(c.sessions.iter().enumerate().map(|(i, s)| Slot {
                    session: i as u32,
                    start: s.start,
                    full: s.seats == Some(0),
                    place: match &s.location {
                        None => Place::Anywhere,
                        Some(l) => match (l.latitude, l.longitude) {
                            (Some(lat), Some(lon)) => Place::At { lat, lon },
                            _ => Place::Named,
                        },
                    },
                }));
            g.gates.push(Gate {
                mode: c.participation.mode,
                eqf: c.eqf_level,
                provisions: bits,
                prerequisites: c
                    .prerequisites
                    .iter()
                    .filter_map(|p| taxonomy.skill_id(p))
                    .collect(),
                slots: (from, g.slots.len() as u32),
            });
        }
        g
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

    /// Whether every need has a bit, so that a course with bits can be judged by them alone.
    pub fn all_bits(&self, needs: &[String]) -> bool {
        needs
            .iter()
            .all(|n| self.provisions.get(n).is_some_and(|&b| (b as usize) < BITS))
    }
}
