//! The uptake report over more events than fit in memory: events arrive person by person,
//! each person's pairs are derived at once (as `funnel::derive` does) and counted into
//! cells keyed by interned dimension values packed into one integer. Memory grows with the
//! report's cells, never with the events; strings are kept once per distinct value.
//!
//! The result is the dense path's (`uptake::funnel`) cell for cell; the tests hold it to that.

use std::collections::HashMap;

use chrono::{Datelike, Months, NaiveDate};
use rustc_hash::FxHashMap;
use skillpath_domain::outcome::EventKind;

use crate::ReportError;
use crate::funnel::{CourseFacts, PersonFacts, Stage};
use crate::sparse::{STAGES, SparseTable};
use crate::table::Axis;
use crate::uptake::{Dimension, Request};

/// Bits per dimension in a packed cell key: six dimensions in 126 bits.
const BITS: usize = 21;
const MAX_DIMENSIONS: usize = 128 / BITS;

/// What the funnel reads of an event.
#[derive(Debug, Clone, Copy)]
pub struct PersonEvent<'a> {
    pub kind: EventKind,
    pub course: Option<&'a str>,
    pub day: NaiveDate,
    pub occupation: Option<&'a str>,
    pub employment_start: Option<NaiveDate>,
}

#[derive(Debug, Default)]
struct Values {
    ids: FxHashMap<Box<str>, u32>,
    names: Vec<Box<str>>,
    /// Quarter (year * 4 + quarter index) to id, so a pair's quarter is not formatted anew.
    quarters: FxHashMap<i32, u32>,
}

impl Values {
    fn id(&mut self, name: &str) -> Result<u32, ReportError> {
        if let Some(&id) = self.ids.get(name) {
            return Ok(id);
        }
        let id = self.names.len() as u32;
        if id >= 1 << BITS {
            return Err(ReportError::TooManyValues(1 << BITS));
        }
        self.names.push(name.into());
        self.ids.insert(name.into(), id);
        Ok(id)
    }

    /// The id of the quarter `day` falls in, named as `2026-Q1`.
    fn quarter(&mut self, day: NaiveDate) -> Result<u32, ReportError> {
        let q = day.month0() / 3;
        let at = day.year() * 4 + q as i32;
        if let Some(&id) = self.quarters.get(&at) {
            return Ok(id);
        }
        let id = self.id(&format!("{}-Q{}", day.year(), q + 1))?;
        self.quarters.insert(at, id);
        Ok(id)
    }
}

/// A (person, course) pair as the funnel sees it: its first event and the stages reached,
/// as bits in `Stage::ALL` order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PersonPair<'e> {
    pub course: &'e str,
    pub first: NaiveDate,
    pub reached: u16,
    completed: Option<NaiveDate>,
}

impl<'e> PersonPair<'e> {
    /// A pair already derived (kept, say, in a table of report facts): its course, first
    /// event and stage bits as `person_pairs` gave them.
    pub fn derived(course: &'e str, first: NaiveDate, reached: u16) -> Self {
        Self {
            course,
            first,
            reached,
            completed: None,
        }
    }

    pub fn reached(&self, stage: Stage) -> bool {
        self.reached & bit(stage) != 0
    }
}

/// `funnel::derive` for one person's events, keeping the pairs whose first event `req`'s
/// period includes.
pub fn person_pairs<'e>(
    events: &[PersonEvent<'e>],
    targets: &[String],
    req: &Request,
) -> Vec<PersonPair<'e>> {
    let mut pairs: Vec<PersonPair<'e>> = Vec::new();
    let mut jobs: Vec<(NaiveDate, Option<&str>)> = Vec::new();
    for e in events {
        if e.kind == EventKind::Employed {
            jobs.push((e.employment_start.unwrap_or(e.day), e.occupation));
            continue;
        }
        let Some(course) = e.course else { continue };
        let at = match pairs.iter().position(|p| p.course == course) {
            Some(i) => i,
            None => {
                pairs.push(PersonPair {
                    course,
                    first: e.day,
                    reached: 0,
                    completed: None,
                });
                pairs.len() - 1
            }
        };
        let pair = &mut pairs[at];
        pair.first = pair.first.min(e.day);
        pair.reached |= match e.kind {
            EventKind::Recommended => bit(Stage::Recommended),
            EventKind::Referred => bit(Stage::Referred),
            EventKind::Enrolled | EventKind::Started => bit(Stage::Enrolled),
            EventKind::Completed => {
                pair.completed = Some(pair.completed.map_or(e.day, |d| d.min(e.day)));
                bit(Stage::Completed)
            }
            EventKind::CredentialIssued => bit(Stage::CredentialIssued),
            _ => 0,
        };
    }
    pairs.retain(|p| req.includes(p.first));
    for pair in &mut pairs {
        if let Some(done) = pair.completed {
            pair.reached |= employment(done, &jobs, targets);
        }
    }
    pairs
}

const fn bit(stage: Stage) -> u16 {
    1 << stage as u16
}

/// Stage counts per combination of dimension values.
#[derive(Debug)]
pub struct UptakeTally<'c> {
    by: Vec<Dimension>,
    req: Request,
    courses: &'c HashMap<String, CourseFacts>,
    values: Vec<Values>,
    cells: FxHashMap<u128, [u32; STAGES]>,
    parts: Vec<Vec<u32>>,
}

impl<'c> UptakeTally<'c> {
    pub fn new(
        req: &Request,
        courses: &'c HashMap<String, CourseFacts>,
    ) -> Result<Self, ReportError> {
        req.check()?;
        if req.by.len() > MAX_DIMENSIONS {
            return Err(ReportError::TooManyDimensions(MAX_DIMENSIONS));
        }
        Ok(Self {
            by: req.by.clone(),
            req: req.clone(),
            courses,
            values: req.by.iter().map(|_| Values::default()).collect(),
            cells: FxHashMap::default(),
            parts: Vec::new(),
        })
    }

    pub fn request(&self) -> &Request {
        &self.req
    }

    /// Distinct combinations held: what the tally's memory grows with.
    pub fn len(&self) -> usize {
        self.cells.len()
    }

    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }

    /// Counts the pairs of one person, given all of that person's events.
    pub fn add_person(
        &mut self,
        person: &PersonFacts,
        events: &[PersonEvent<'_>],
    ) -> Result<(), ReportError> {
        let pairs = person_pairs(events, &person.target_occupations, &self.req);
        self.add_pairs(person, &pairs)
    }

    /// Counts pairs of one person already derived and within the request's period; all of
    /// that person's such pairs at once.
    pub fn add_pairs(
        &mut self,
        person: &PersonFacts,
        pairs: &[PersonPair<'_>],
    ) -> Result<(), ReportError> {
        if pairs.is_empty() {
            return Ok(());
        }
        // The key parts are scratch kept between calls: the scan calls this per person.
        let mut parts = std::mem::take(&mut self.parts);
        parts.resize_with(self.by.len(), Vec::new);
        let added = self.add_with(person, pairs, &mut parts);
        self.parts = parts;
        added
    }

    fn add_with(
        &mut self,
        person: &PersonFacts,
        pairs: &[PersonPair<'_>],
        parts: &mut [Vec<u32>],
    ) -> Result<(), ReportError> {
        // The dimensions about people take the same values for all of the person's pairs.
        for (d, dim) in self.by.iter().enumerate() {
            let (parts, values) = (&mut parts[d], &mut self.values[d]);
            parts.clear();
            match dim {
                Dimension::Region => parts.push(values.id(&person.region)?),
                Dimension::Occupation => parts.push(
                    values.id(person
                        .target_occupations
                        .first()
                        .map_or("unknown", String::as_str))?,
                ),
                Dimension::Group => {
                    for g in &person.groups {
                        parts.push(values.id(g)?);
                    }
                }
                Dimension::Course | Dimension::Provider | Dimension::Period => {}
            }
        }
        for pair in pairs {
            for (d, dim) in self.by.iter().enumerate() {
                let values = &mut self.values[d];
                let id = match dim {
                    Dimension::Course => values.id(pair.course)?,
                    Dimension::Provider => values.id(self
                        .courses
                        .get(pair.course)
                        .map_or("unknown", |c| c.provider.as_str()))?,
                    Dimension::Period => values.quarter(pair.first)?,
                    Dimension::Region | Dimension::Occupation | Dimension::Group => continue,
                };
                parts[d].clear();
                parts[d].push(id);
            }
            let counts = stage_counts(pair.reached);
            for_each_key(parts, 0, 0, &mut |key| {
                let cell = self.cells.entry(key).or_default();
                for (c, add) in cell.iter_mut().zip(counts) {
                    *c += add;
                }
            });
        }
        Ok(())
    }

    /// Adds the counts of `other`, a tally of the same request over other people (a caller's
    /// mistake otherwise, and a panic): a
    /// report read in disjoint ranges of people on several threads ends as one tally.
    pub fn merge(&mut self, other: UptakeTally<'_>) -> Result<(), ReportError> {
        assert_eq!(self.by, other.by, "tallies of one request are merged");
        // Each side interned values in the order it met them: map other's ids to ours.
        let mut remap: Vec<Vec<u32>> = Vec::with_capacity(self.by.len());
        for (mine, theirs) in self.values.iter_mut().zip(&other.values) {
            remap.push(
                theirs
                    .names
                    .iter()
                    .map(|n| mine.id(n))
                    .collect::<Result<_, _>>()?,
            );
        }
        let mask = (1u128 << BITS) - 1;
        self.cells.reserve(other.cells.len());
        for (key, counts) in other.cells {
            let key = remap.iter().enumerate().fold(0u128, |acc, (d, ids)| {
                let id = (key >> (BITS * d)) & mask;
                acc | u128::from(ids[id as usize]) << (BITS * d)
            });
            let cell = self.cells.entry(key).or_default();
            for (c, add) in cell.iter_mut().zip(counts) {
                *c += add;
            }
        }
        Ok(())
    }

    /// The cells as a table over sorted axis values, totals added on additive dimensions.
    pub fn into_table(self) -> SparseTable {
        let mut axes = Vec::with_capacity(self.by.len());
        let mut position: Vec<Vec<u32>> = Vec::with_capacity(self.by.len());
        for (dim, values) in self.by.iter().zip(self.values) {
            let mut order: Vec<u32> = (0..values.names.len() as u32).collect();
            order
                .sort_unstable_by(|&a, &b| values.names[a as usize].cmp(&values.names[b as usize]));
            let mut pos = vec![0u32; order.len()];
            for (p, &id) in order.iter().enumerate() {
                pos[id as usize] = p as u32;
            }
            position.push(pos);
            let mut names: Vec<Option<Box<str>>> = values.names.into_iter().map(Some).collect();
            axes.push(Axis {
                name: dim.name().to_owned(),
                values: order
                    .iter()
                    .map(|&id| names[id as usize].take().expect("once").into())
                    .collect(),
                additive: *dim != Dimension::Group,
            });
        }
        let lens: Vec<u64> = axes.iter().map(|a| a.len() as u64).collect();
        let mut interior = Vec::with_capacity(self.cells.len());
        let mut margins: FxHashMap<u64, [u32; STAGES]> = FxHashMap::default();
        let mut coords = vec![0u64; axes.len()];
        let additive: Vec<usize> = (0..axes.len()).filter(|&d| axes[d].additive).collect();
        for (key, counts) in self.cells {
            for (d, c) in coords.iter_mut().enumerate() {
                let id = (key >> (BITS * d)) as u32 & ((1 << BITS) - 1);
                *c = u64::from(position[d][id as usize]);
            }
            interior.push((offset(&coords, &lens), counts));
            // Every combination of totals on the additive axes, the all-interior one aside.
            for mask in 1u32..(1 << additive.len()) {
                let mut at = coords.clone();
                for (i, &d) in additive.iter().enumerate() {
                    if mask & (1 << i) != 0 {
                        at[d] = lens[d] - 1;
                    }
                }
                let cell = margins.entry(offset(&at, &lens)).or_default();
                for (c, add) in cell.iter_mut().zip(counts) {
                    *c += add;
                }
            }
        }
        interior.extend(margins);
        interior.sort_unstable_by_key(|e| e.0);
        let (offsets, counts) = interior.into_iter().unzip();
        SparseTable {
            axes,
            offsets,
            counts,
        }
    }
}

fn offset(coords: &[u64], lens: &[u64]) -> u64 {
    coords.iter().zip(lens).fold(0, |acc, (c, l)| acc * l + c)
}

fn stage_counts(reached: u16) -> [u32; STAGES] {
    std::array::from_fn(|i| u32::from(reached >> i & 1))
}

fn for_each_key(parts: &[Vec<u32>], d: usize, key: u128, f: &mut dyn FnMut(u128)) {
    if d == parts.len() {
        f(key);
        return;
    }
    for &id in &parts[d] {
        for_each_key(parts, d + 1, key | u128::from(id) << (BITS * d), f);
    }
}

/// `funnel::employment` on stage bits.
fn employment(done: NaiveDate, jobs: &[(NaiveDate, Option<&str>)], targets: &[String]) -> u16 {
    let mut reached = 0;
    for (months, stage) in [
        (3, Stage::Employed3m),
        (6, Stage::Employed6m),
        (12, Stage::Employed12m),
    ] {
        let end = done
            .checked_add_months(Months::new(months))
            .unwrap_or(NaiveDate::MAX);
        let within = |j: &&(NaiveDate, Option<&str>)| j.0 >= done && j.0 <= end;
        if jobs.iter().any(|j| within(&j)) {
            reached |= bit(stage);
        }
        if months == 12
            && jobs
                .iter()
                .filter(within)
                .any(|j| j.1.is_some_and(|o| targets.iter().any(|t| t == o)))
        {
            reached |= bit(Stage::EmployedInTarget);
        }
    }
    reached
}
