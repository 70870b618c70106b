//! What every report needs of the outcome events, derived once and held in memory: each
//! person with events (their report facts, whether they have a profile) and their
//! (jobseeker, course) pairs with first day and stage bits. A pair's stages, employment
//! included, do not depend on the request; only which pairs a period keeps does. So any
//! report over any period is a scan of these pairs — milliseconds where reading the events
//! takes seconds — and gives what `reports::run` gives, figure for figure: the scan feeds
//! the same tallies and the same disclosure control.
//!
//! Memory grows with people and pairs (about 24 bytes a pair plus each person's facts), so
//! this serves the dashboard, whose analysts move between views of one data state; the
//! command-line report streams instead.

use std::collections::HashMap;

use chrono::NaiveDate;
use rustc_hash::FxHashMap;
use skillpath_report::fairness::FairnessTally;
use skillpath_report::funnel::{CourseFacts, PersonFacts};
use skillpath_report::published::PublishedReport;
use skillpath_report::sdc::Policy;
use skillpath_report::stream::{self, PersonPair, UptakeTally};
use skillpath_report::uptake::Request;
use skillpath_store::{RegisterCounts, Store};

use crate::EngineError;
use crate::reports::{self, Output, Query, ReportName};

#[derive(Debug, Clone, Copy)]
struct Pair {
    course: u32,
    first: NaiveDate,
    reached: u16,
}

#[derive(Debug)]
struct Person {
    facts: PersonFacts,
    known: bool,
    /// This person's pairs: `pairs[start..end]`.
    start: u32,
    end: u32,
}

/// The report facts of one data state; see the module notes.
#[derive(Debug)]
pub struct ReportFacts {
    courses: HashMap<String, CourseFacts>,
    register: RegisterCounts,
    course_ids: Vec<Box<str>>,
    people: Vec<Person>,
    pairs: Vec<Pair>,
}

/// One range of people's facts, its course ids interned on its own.
#[derive(Default)]
struct Part {
    ids: FxHashMap<Box<str>, u32>,
    course_ids: Vec<Box<str>>,
    people: Vec<Person>,
    pairs: Vec<Pair>,
}

impl Part {
    fn course(&mut self, id: &str) -> u32 {
        if let Some(&i) = self.ids.get(id) {
            return i;
        }
        let i = u32::try_from(self.course_ids.len()).expect("fewer than 4 billion courses");
        self.course_ids.push(id.into());
        self.ids.insert(id.into(), i);
        i
    }
}

impl ReportFacts {
    /// Reads every outcome event once (ranges of people in parallel) and derives the facts.
    pub fn read(store: &Store) -> Result<ReportFacts, EngineError> {
        let courses = reports::course_facts(store)?;
        let register = store.register_counts()?;
        let everything = Request::default();
        let parts = reports::in_parallel(
            store,
            || Ok(Part::default()),
            |part, person, known, events| {
                let start = part.pairs.len() as u32;
                for p in stream::person_pairs(events, &person.target_occupations, &everything) {
                    let course = part.course(p.course);
                    part.pairs.push(Pair {
                        course,
                        first: p.first,
                        reached: p.reached,
                    });
                }
                part.people.push(Person {
                    facts: person.clone(),
                    known,
                    start,
                    end: part.pairs.len() as u32,
                });
                Ok(())
            },
        )?;
        let mut all = Part::default();
        for part in parts {
            let remap: Vec<u32> = part.course_ids.iter().map(|c| all.course(c)).collect();
            let offset = all.pairs.len() as u32;
            all.pairs.extend(part.pairs.iter().map(|p| Pair {
                course: remap[p.course as usize],
                ..*p
            }));
            all.people.extend(part.people.into_iter().map(|mut p| {
                p.start += offset;
                p.end += offset;
                p
            }));
        }
        Ok(ReportFacts {
            courses,
            register,
            course_ids: all.course_ids,
            people: all.people,
            pairs: all.pairs,
        })
    }

    /// People with events, pairs.
    pub fn len(&self) -> (usize, usize) {
        (self.people.len(), self.pairs.len())
    }

    /// The reports of `queries`, as `reports::run` would give each, from one scan.
    pub fn run_many(&self, queries: &[Query], policy: &Policy) -> Result<Vec<Output>, EngineError> {
        let mut uptakes: Vec<(usize, UptakeTally<'_>)> = Vec::new();
        let mut fairs: Vec<(usize, &Request, FairnessTally)> = Vec::new();
        for (i, q) in queries.iter().enumerate() {
            match q.name {
                ReportName::Uptake => uptakes.push((
                    i,
                    UptakeTally::new(&q.request, &self.courses).map_err(reports::report_error)?,
                )),
                ReportName::Fairness => {
                    q.request.check().map_err(reports::report_error)?;
                    fairs.push((i, &q.request, reports::fairness_base(&self.register)));
                }
            }
        }
        let mut kept: Vec<PersonPair<'_>> = Vec::new();
        for person in &self.people {
            let mine = &self.pairs[person.start as usize..person.end as usize];
            for (_, tally) in &mut uptakes {
                in_period(&mut kept, mine, &self.course_ids, tally.request());
                if !kept.is_empty() {
                    tally
                        .add_pairs(&person.facts, &kept)
                        .map_err(reports::report_error)?;
                }
            }
            for (_, req, tally) in &mut fairs {
                in_period(&mut kept, mine, &self.course_ids, req);
                reports::add_pairs_to_fairness(tally, &person.facts, person.known, &kept);
            }
        }
        let mut out: Vec<Option<Output>> = queries.iter().map(|_| None).collect();
        for (i, tally) in uptakes {
            out[i] = Some(Output::Uptake(
                PublishedReport::new(tally, policy).into_report(),
            ));
        }
        for (i, _, tally) in fairs {
            out[i] = Some(Output::Fairness {
                lines: tally.lines(policy),
            });
        }
        Ok(out
            .into_iter()
            .map(|o| o.expect("every query is one of the two reports"))
            .collect())
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
