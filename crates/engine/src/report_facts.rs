//! What every report needs of the outcome events, derived once and held in memory: each
//! person with events (their report facts, whether they have a profile) and their
//! (jobseeker, course) pairs with first day and stage bits. A pair's stages, employment
//! included, do not depend on the request; only which pairs a period keeps does. So any
//! report over any period is a scan of these pairs — milliseconds where reading the events
//! takes seconds — and gives what `reports::run` gives, figure for figure: the scan feeds
//! the same tallies and the same disclosure control.
//!
//! Events are only ever appended, and a person's pairs depend on that person's events
//! alone, so the facts are brought up to date by deriving again only the people with new
//! events (`update`): what a dashboard under a steady flow of outcomes needs, where reading
//! everything again would take a core. The register (regions, groups) and the catalogue
//! are read again whole when they change.
//!
//! Memory grows with people and pairs (about 24 bytes a pair plus each person's facts), so
//! this serves the dashboard, whose analysts move between views of one data state; the
//! command-line report streams instead.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use rustc_hash::FxHashMap;
use skillpath_domain::jobseeker::GroupFlags;
use skillpath_report::fairness::FairnessTally;
use skillpath_report::funnel::{CourseFacts, PersonFacts};
use skillpath_report::published::PublishedReport;
use skillpath_report::sdc::Policy;
use skillpath_report::stream::{self, PersonEvent, PersonPair, UptakeTally};
use skillpath_report::uptake::Request;
use skillpath_store::{DataStamp, OutcomeChanges, OutcomeMark, PeopleMark, RegisterCounts, Store};

use crate::EngineError;
use crate::reports::{self, Output, Query, ReportName};

/// New events beyond this many are a bulk load: reading everything again is then cheaper
/// than listing the people.
const UPDATE_LIMIT: usize = 200_000;

/// Fewer people than this are scanned on one thread: a thread costs more than their pairs.
const MIN_PART: usize = 20_000;

#[derive(Debug, Clone, Copy)]
struct Pair {
    course: u32,
    first: NaiveDate,
    reached: u16,
}

#[derive(Debug, Clone)]
struct Person {
    facts: PersonFacts,
    known: bool,
    /// This person's pairs: `pairs[start..end]`.
    start: u32,
    end: u32,
}

/// People and their pairs, course ids interned; one range's while reading, then everyone's.
#[derive(Debug, Clone, Default)]
struct Table {
    course_index: FxHashMap<Box<str>, u32>,
    course_ids: Vec<Box<str>>,
    person_index: FxHashMap<Box<str>, u32>,
    people: Vec<Person>,
    pairs: Vec<Pair>,
    /// Pairs of people derived again since, which no one points at any more.
    dropped: usize,
}

impl Table {
    fn course(&mut self, id: &str) -> u32 {
        if let Some(&i) = self.course_index.get(id) {
            return i;
        }
        let i = u32::try_from(self.course_ids.len()).expect("fewer than 4 billion courses");
        self.course_ids.push(id.into());
        self.course_index.insert(id.into(), i);
        i
    }

    /// Derives `id`'s pairs from all their events; a person already held is replaced.
    fn derive(&mut self, id: &str, facts: &PersonFacts, known: bool, events: &[PersonEvent<'_>]) {
        let start = self.pairs.len() as u32;
        for p in stream::person_pairs(events, &facts.target_occupations, &Request::default()) {
            let course = self.course(p.course);
            self.pairs.push(Pair {
                course,
                first: p.first,
                reached: p.reached,
            });
        }
        let person = Person {
            facts: facts.clone(),
            known,
            start,
            end: self.pairs.len() as u32,
        };
        self.put(id, person);
    }

    fn put(&mut self, id: &str, person: Person) {
        if let Some(&i) = self.person_index.get(id) {
            let old = &mut self.people[i as usize];
            self.dropped += (old.end - old.start) as usize;
            *old = person;
        } else {
            let i = u32::try_from(self.people.len()).expect("fewer than 4 billion people");
            self.person_index.insert(id.into(), i);
            self.people.push(person);
        }
    }

    /// Everyone of `part` added to this table, their pairs' course ids interned here.
    fn absorb(&mut self, part: Table) {
        let remap: Vec<u32> = part.course_ids.iter().map(|c| self.course(c)).collect();
        let offset = self.pairs.len() as u32;
        self.pairs.extend(part.pairs.iter().map(|p| Pair {
            course: remap[p.course as usize],
            ..*p
        }));
        let mut ids: Vec<(Box<str>, u32)> = part.person_index.into_iter().collect();
        ids.sort_unstable_by_key(|(_, i)| *i);
        for ((id, _), mut person) in ids.into_iter().zip(part.people) {
            person.start += offset;
            person.end += offset;
            self.put(&id, person);
        }
    }
}

/// The report facts of one data state; see the module notes.
#[derive(Debug, Clone)]
pub struct ReportFacts {
    courses: HashMap<String, CourseFacts>,
    /// The catalogue's part of the data stamp the courses were read under.
    catalogue: (i64, Option<NaiveDateTime>),
    register: RegisterCounts,
    people_mark: PeopleMark,
    events: OutcomeMark,
    table: Table,
}

/// What `ReportFacts::update` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Updated {
    /// Nothing had changed.
    Unchanged,
    /// The people with new events were derived again (how many).
    People(usize),
    /// The changes called for reading everything again.
    Reread,
}

impl ReportFacts {
    /// Reads every outcome event once (ranges of people in parallel) and derives the facts.
    /// `stamp` is the data state the caller works under: its catalogue part tells `update`
    /// when the courses need reading again.
    pub fn read(store: &Store, stamp: &DataStamp) -> Result<ReportFacts, EngineError> {
        // Marks first: what is appended during the read is derived again by the next update,
        // which gives the same pairs whether or not the read saw it.
        let events = store.outcome_mark()?;
        let people_mark = store.people_mark()?;
        let courses = reports::course_facts(store)?;
        let register = store.register_counts()?;
        let parts = reports::in_parallel(
            store,
            || Ok(Table::default()),
            |part, id, person, known, events| {
                part.derive(id, person, known, events);
                Ok(())
            },
        )?;
        let mut table = Table::default();
        for part in parts {
            table.absorb(part);
        }
        Ok(ReportFacts {
            courses,
            catalogue: (stamp.courses, stamp.courses_loaded),
            register,
            people_mark,
            events,
            table,
        })
    }

    /// Brings the facts up to the store's present: the people with events added since are
    /// derived again from all their events; a changed catalogue is read again; a changed
    /// register, a bulk load or an event committed out of order means reading everything
    /// again.
    pub fn update(&mut self, store: &Store, stamp: &DataStamp) -> Result<Updated, EngineError> {
        if store.people_mark()? != self.people_mark {
            *self = ReportFacts::read(store, stamp)?;
            return Ok(Updated::Reread);
        }
        let catalogue = (stamp.courses, stamp.courses_loaded);
        let mut changed = false;
        if catalogue != self.catalogue {
            self.courses = reports::course_facts(store)?;
            self.catalogue = catalogue;
            changed = true;
        }
        let (mark, ids) = match store.outcome_changes(self.events, UPDATE_LIMIT)? {
            OutcomeChanges::None if changed => return Ok(Updated::People(0)),
            OutcomeChanges::None => return Ok(Updated::Unchanged),
            OutcomeChanges::Unknown { .. } => {
                *self = ReportFacts::read(store, stamp)?;
                return Ok(Updated::Reread);
            }
            OutcomeChanges::People { mark, ids } => (mark, ids),
        };
        let rows = store.funnel_events_of(&ids)?;
        let table = &mut self.table;
        reports::visit_people(store, &rows, &mut |id, person, known, events| {
            table.derive(id, person, known, events);
            Ok(())
        })?;
        self.events = mark;
        // Replaced pairs are dead weight; once they outnumber the live ones, compact.
        if self.table.dropped > self.table.pairs.len() / 2 {
            self.compact();
        }
        Ok(Updated::People(ids.len()))
    }

    fn compact(&mut self) {
        let old = std::mem::take(&mut self.table.pairs);
        let mut pairs = Vec::with_capacity(old.len() - self.table.dropped);
        for person in &mut self.table.people {
            let start = pairs.len() as u32;
            pairs.extend_from_slice(&old[person.start as usize..person.end as usize]);
            person.start = start;
            person.end = pairs.len() as u32;
        }
        self.table.pairs = pairs;
        self.table.dropped = 0;
    }

    /// People with events, pairs (those in use).
    pub fn len(&self) -> (usize, usize) {
        (
            self.table.people.len(),
            self.table.pairs.len() - self.table.dropped,
        )
    }

    /// The reports of `queries`, as `reports::run` would give each, from one scan.
    ///
    /// The people are split across the cores, each part scanned into tallies of its own
    /// and merged after: the scan is a dashboard's page time when its view is not cached.
    pub fn run_many(&self, queries: &[Query], policy: &Policy) -> Result<Vec<Output>, EngineError> {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let parts = threads.min(self.table.people.len() / MIN_PART).max(1);
        self.run_many_in_parts(queries, policy, parts)
    }

    /// `run_many` with the people split into `parts` parts, one thread each: the figures
    /// are the same whatever the split.
    pub fn run_many_in_parts(
        &self,
        queries: &[Query],
        policy: &Policy,
        parts: usize,
    ) -> Result<Vec<Output>, EngineError> {
        for q in queries {
            q.request.check().map_err(reports::report_error)?;
        }
        let people = &self.table.people;
        let chunk = people.len().div_ceil(parts.max(1)).max(1);
        let mut parts = if parts <= 1 || people.len() <= chunk {
            vec![self.scan(queries, people, true)?]
        } else {
            std::thread::scope(|scope| {
                let running: Vec<_> = people
                    .chunks(chunk)
                    .enumerate()
                    .map(|(i, part)| scope.spawn(move || self.scan(queries, part, i == 0)))
                    .collect();
                reports::joined(running)
                    .into_iter()
                    .collect::<Result<Vec<_>, _>>()
            })?
        };
        let mut tallies = parts.remove(0);
        for part in parts {
            tallies.merge(part)?;
        }
        Ok(tallies.into_outputs(policy))
    }

    /// The tallies of `queries` over `people`; `first` says this part holds the register's
    /// counts, which are added once whatever the parts.
    fn scan(
        &self,
        queries: &[Query],
        people: &[Person],
        first: bool,
    ) -> Result<Tallies<'_>, EngineError> {
        let mut tallies = Tallies::default();
        // Queries over one period keep the same pairs: each distinct period is filtered once.
        let mut periods: Vec<&Request> = Vec::new();
        let mut period_of = Vec::with_capacity(queries.len());
        for q in queries {
            let at = periods
                .iter()
                .position(|r| r.from == q.request.from && r.to == q.request.to)
                .unwrap_or_else(|| {
                    periods.push(&q.request);
                    periods.len() - 1
                });
            period_of.push(at);
        }
        for (i, q) in queries.iter().enumerate() {
            match q.name {
                ReportName::Uptake => tallies.uptakes.push((
                    i,
                    period_of[i],
                    UptakeTally::new(&q.request, &self.courses).map_err(reports::report_error)?,
                )),
                ReportName::Fairness => tallies.fairs.push((
                    i,
                    period_of[i],
                    if first {
                        reports::fairness_base(&self.register)
                    } else {
                        FairnessTally::new(&GroupFlags::NAMES)
                    },
                )),
            }
        }
        let mut kept: Vec<Vec<PersonPair<'_>>> = vec![Vec::new(); periods.len()];
        let (pairs, ids) = (&self.table.pairs, &self.table.course_ids);
        for person in people {
            let mine = &pairs[person.start as usize..person.end as usize];
            for (k, req) in kept.iter_mut().zip(&periods) {
                in_period(k, mine, ids, req);
            }
            for (_, at, tally) in &mut tallies.uptakes {
                tally
                    .add_pairs(&person.facts, &kept[*at])
                    .map_err(reports::report_error)?;
            }
            for (_, at, tally) in &mut tallies.fairs {
                reports::add_pairs_to_fairness(tally, &person.facts, person.known, &kept[*at]);
            }
        }
        Ok(tallies)
    }
}

/// A part's tallies, each with its query's place and the index of its period.
#[derive(Default)]
struct Tallies<'c> {
    uptakes: Vec<(usize, usize, UptakeTally<'c>)>,
    fairs: Vec<(usize, usize, FairnessTally)>,
}

impl Tallies<'_> {
    fn merge(&mut self, other: Self) -> Result<(), EngineError> {
        for ((_, _, mine), (_, _, theirs)) in self.uptakes.iter_mut().zip(other.uptakes) {
            mine.merge(theirs).map_err(reports::report_error)?;
        }
        for ((_, _, mine), (_, _, theirs)) in self.fairs.iter_mut().zip(&other.fairs) {
            mine.merge(theirs);
        }
        Ok(())
    }

    fn into_outputs(self, policy: &Policy) -> Vec<Output> {
        let mut out: Vec<Option<Output>> = Vec::new();
        out.resize_with(self.uptakes.len() + self.fairs.len(), || None);
        for (i, _, tally) in self.uptakes {
            out[i] = Some(Output::Uptake(
                PublishedReport::new(tally, policy).into_report(),
            ));
        }
        for (i, _, tally) in self.fairs {
            out[i] = Some(Output::Fairness {
                lines: tally.lines(policy),
            });
        }
        out.into_iter()
            .map(|o| o.expect("every query is one of the two reports"))
            .collect()
    }
}

/// `kept` becomes the pairs of `mine` whose first event `req`'s period includes.
fn in_period<'f>(
    kept: &mut Vec<PersonPair<'f>>,
    mine: &[Pair],
    ids: &'f [Box<str>],
    req: &Request,
) {
    kept.clear();
    kept.extend(
        mine.iter()
            .filter(|p| req.includes(p.first))
            .map(|p| PersonPair::derived(&ids[p.course as usize], p.first, p.reached)),
    );
}
