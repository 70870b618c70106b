//! Analysts' reports from what the database holds: the one place where outcome events,
//! people's facts and course facts become a report, so the CLI and the API publish the
//! same figures through the same disclosure control.
//!
//! Events are read person by person in pages, with only the columns the funnel needs, and
//! each person's (jobseeker, course) pairs are added to a tally of interned keys at once, so
//! memory grows with the number of report cells, not with the number of events. Disjoint
//! ranges of people are read on their own threads and connections, their tallies merged. The
//! fairness monitor keeps counts only, and takes the register's size per group from the
//! database so that people without events count where the first stage says they do.

use std::collections::HashMap;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::Serialize;
use skillpath_domain::jobseeker::GroupFlags;
use skillpath_report::ReportError;
use skillpath_report::fairness::{self, FairnessTally, Line};
use skillpath_report::funnel::{CourseFacts, PersonFacts, Stage};
use skillpath_report::published::PublishedReport;
use skillpath_report::sdc::Policy;
use skillpath_report::stream::{self, PersonEvent, PersonPair, UptakeTally};
use skillpath_report::uptake::{Dimension, Report, Request};
use skillpath_store::{FunnelEvent, PersonRange, PersonReportFacts, RegisterCounts, Store};

use crate::EngineError;

/// Events read per page.
const PAGE: usize = 50_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportName {
    /// The funnel by the dimensions asked for.
    Uptake,
    /// Each targeted group against the rest at every stage.
    Fairness,
}

impl FromStr for ReportName {
    type Err = QueryError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "uptake" => Ok(ReportName::Uptake),
            "fairness" => Ok(ReportName::Fairness),
            other => Err(QueryError::new(
                "name",
                format!("unknown report {other:?}; expected uptake or fairness"),
            )),
        }
    }
}

/// A request a user got wrong, naming the parameter.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {reason}")]
pub struct QueryError {
    pub field: &'static str,
    pub reason: String,
}

impl QueryError {
    fn new(field: &'static str, reason: impl Into<String>) -> Self {
        Self {
            field,
            reason: reason.into(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Query {
    pub name: ReportName,
    pub request: Request,
}

impl Query {
    /// Reads a request as the CLI and the API receive it: `by` a comma list of dimensions,
    /// dates as YYYY-MM-DD (both inclusive).
    pub fn parse(
        name: &str,
        by: Option<&str>,
        from: Option<&str>,
        to: Option<&str>,
    ) -> Result<Query, QueryError> {
        let name: ReportName = name.parse()?;
        let by: Vec<Dimension> = by
            .map(|b| b.split(',').filter(|d| !d.trim().is_empty()))
            .into_iter()
            .flatten()
            .map(|d| {
                d.parse()
                    .map_err(|e: ReportError| QueryError::new("by", e.to_string()))
            })
            .collect::<Result<_, _>>()?;
        if let Some(d) = by
            .iter()
            .enumerate()
            .find_map(|(i, d)| by[..i].contains(d).then_some(d))
        {
            return Err(QueryError::new(
                "by",
                format!("{} is named twice", d.name()),
            ));
        }
        if name == ReportName::Fairness && !by.is_empty() {
            return Err(QueryError::new(
                "by",
                "the fairness report compares each group with the rest; it takes no dimensions",
            ));
        }
        let date = |field: &'static str, v: Option<&str>| {
            v.map(|d| {
                NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").map_err(|e| {
                    QueryError::new(field, format!("{d:?} is not a date YYYY-MM-DD: {e}"))
                })
            })
            .transpose()
        };
        let request = Request {
            by,
            from: date("from", from)?,
            to: date("to", to)?,
        };
        request
            .check()
            .map_err(|e| QueryError::new("to", e.to_string()))?;
        Ok(Query { name, request })
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "report", rename_all = "snake_case")]
pub enum Output {
    Uptake(Report),
    Fairness { lines: Vec<Line> },
}

impl Output {
    /// RFC 4180 CSV with a header row, withheld cells marked.
    pub fn write_csv<W: std::io::Write>(&self, out: W) -> csv::Result<()> {
        match self {
            Output::Uptake(r) => r.write_csv(out),
            Output::Fairness { lines } => fairness::write_csv(lines, out),
        }
    }
}

/// Builds the report named in `query` from the store, under disclosure `policy`.
pub fn run(store: &Store, query: &Query, policy: &Policy) -> Result<Output, EngineError> {
    match query.name {
        ReportName::Uptake => Ok(Output::Uptake(
            uptake(store, &query.request, policy)?.into_report(),
        )),
        ReportName::Fairness => Ok(Output::Fairness {
            lines: fairness(store, &query.request, policy)?,
        }),
    }
}

/// `run` written out as it is built: the uptake report's rows are made one at a time, so
/// a report of tens of millions of rows never sits in memory. JSON is pretty-printed.
pub fn write(
    store: &Store,
    query: &Query,
    policy: &Policy,
    format: Format,
    out: &mut dyn std::io::Write,
) -> Result<(), EngineError> {
    let built = build(store, query, policy)?;
    let written = match format {
        Format::Csv => built.write_csv(&mut *out),
        Format::Json => serde_json::to_writer_pretty(&mut *out, &built)
            .map_err(std::io::Error::from)
            .and_then(|()| writeln!(out)),
    };
    written.map_err(|e| EngineError::Report(format!("writing the report: {e}")))
}

/// A report computed and protected, not yet written: everything that can fail for a
/// reason other than the writer has happened, so a server can still answer with an error
/// before the first byte and then stream the rows.
#[derive(Debug)]
pub enum Built {
    Uptake(PublishedReport),
    Fairness(Vec<Line>),
}

/// Counts the report named in `query` and applies disclosure control, rows left unmade.
pub fn build(store: &Store, query: &Query, policy: &Policy) -> Result<Built, EngineError> {
    match query.name {
        ReportName::Uptake => Ok(Built::Uptake(uptake(store, &query.request, policy)?)),
        ReportName::Fairness => Ok(Built::Fairness(fairness(store, &query.request, policy)?)),
    }
}

impl Built {
    /// `Output::write_csv`'s bytes, the uptake rows made as they are written.
    pub fn write_csv(&self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        match self {
            Built::Uptake(r) => r.write_csv(out),
            Built::Fairness(lines) => fairness::write_csv(lines, out).map_err(std::io::Error::from),
        }
    }
}

/// The JSON of `Output`: the same tag and fields, the uptake rows serialised as made.
impl Serialize for Built {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        match self {
            Built::Uptake(r) => r.serialize(s),
            Built::Fairness(lines) => {
                let mut st = s.serialize_struct("Output", 2)?;
                st.serialize_field("report", "fairness")?;
                st.serialize_field("lines", lines)?;
                st.end()
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Json,
}

/// The uptake report, protected, ready to be written or collected.
pub fn uptake(
    store: &Store,
    req: &Request,
    policy: &Policy,
) -> Result<PublishedReport, EngineError> {
    let courses = course_facts(store)?;
    let parts = in_parallel(
        store,
        || UptakeTally::new(req, &courses).map_err(report_error),
        |tally, _, person, _, events| tally.add_person(person, events).map_err(report_error),
    )?;
    let tally = merge_uptakes(parts)?.expect("at least one range of people");
    tracing::debug!(cells = tally.len(), "uptake tally");
    Ok(PublishedReport::new(tally, policy))
}

/// The fairness monitor over the whole register: everyone in it counts in the first
/// stage's base, events or not; people with events but no profile count as the rest.
pub fn fairness(store: &Store, req: &Request, policy: &Policy) -> Result<Vec<Line>, EngineError> {
    let mut tally = fairness_base(&store.register_counts()?);
    let parts = in_parallel(
        store,
        || Ok(FairnessTally::new(&GroupFlags::NAMES)),
        |part, _, person, known, events| {
            add_to_fairness(part, req, person, known, events);
            Ok(())
        },
    )?;
    for part in &parts {
        tally.merge(part);
    }
    Ok(tally.lines(policy))
}

fn merge_uptakes<'c>(
    tallies: Vec<UptakeTally<'c>>,
) -> Result<Option<UptakeTally<'c>>, EngineError> {
    let mut tallies = tallies.into_iter();
    let Some(mut first) = tallies.next() else {
        return Ok(None);
    };
    for other in tallies {
        first.merge(other).map_err(report_error)?;
    }
    Ok(Some(first))
}

/// Reads the events in disjoint ranges of people, one thread and connection each, each
/// range into its own accumulator from `start`: reading and decoding rows is most of a
/// report's time, and ranges share nothing until their tallies are merged. At least two
/// ranges even on one core, so the merge is the path every machine takes.
pub(crate) fn in_parallel<T: Send>(
    store: &Store,
    start: impl Fn() -> Result<T, EngineError> + Sync,
    visit: impl Fn(&mut T, &str, &PersonFacts, bool, &[PersonEvent<'_>]) -> Result<(), EngineError>
    + Sync,
) -> Result<Vec<T>, EngineError> {
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get().max(2));
    let ranges = store.person_ranges(threads)?;
    std::thread::scope(|scope| {
        let running: Vec<_> = ranges
            .iter()
            .map(|range| {
                let (start, visit) = (&start, &visit);
                scope.spawn(move || {
                    let mut acc = start()?;
                    for_each_person(store, range, |id, p, known, events| {
                        visit(&mut acc, id, p, known, events)
                    })?;
                    Ok(acc)
                })
            })
            .collect();
        joined(running).into_iter().collect()
    })
}

/// The results of scoped threads in the order they were started; a thread's panic goes on
/// in the caller.
pub(crate) fn joined<T>(running: Vec<std::thread::ScopedJoinHandle<'_, T>>) -> Vec<T> {
    running
        .into_iter()
        .map(|t| {
            t.join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        })
        .collect()
}

/// A fairness tally holding the register's size per group, before any event.
pub(crate) fn fairness_base(register: &RegisterCounts) -> FairnessTally {
    let mut tally = FairnessTally::new(&GroupFlags::NAMES);
    tally.add_register_counts(register.people, &|g| {
        register
            .members
            .iter()
            .find(|(name, _)| *name == g)
            .map_or(0, |m| m.1)
    });
    tally
}

fn add_to_fairness(
    tally: &mut FairnessTally,
    req: &Request,
    person: &PersonFacts,
    known: bool,
    events: &[PersonEvent<'_>],
) {
    let pairs = stream::person_pairs(events, &person.target_occupations, req);
    add_pairs_to_fairness(tally, person, known, &pairs);
}

/// A person with events, given their pairs in the period: people without a profile join
/// the register's base here, the others were counted in it from the database.
pub(crate) fn add_pairs_to_fairness(
    tally: &mut FairnessTally,
    person: &PersonFacts,
    known: bool,
    pairs: &[PersonPair<'_>],
) {
    let recommended = pairs.iter().any(|p| p.reached(Stage::Recommended));
    if known {
        if recommended {
            tally.add_recommended(&person.groups);
        }
    } else {
        tally.add_person(&person.groups, recommended);
    }
    tally.add_pairs(&person.groups, pairs);
}

pub(crate) fn report_error(e: ReportError) -> EngineError {
    EngineError::Report(e.to_string())
}

pub(crate) fn course_facts(store: &Store) -> Result<HashMap<String, CourseFacts>, EngineError> {
    Ok(store
        .course_providers()?
        .into_iter()
        .map(|(id, provider)| (id, CourseFacts { provider }))
        .collect())
}

/// Calls `visit` with each person who has events: their id, report facts, whether they
/// have a profile, and their events in sequence. The facts of a page's people are read at
/// once.
fn for_each_person(
    store: &Store,
    range: &PersonRange,
    mut visit: impl FnMut(&str, &PersonFacts, bool, &[PersonEvent<'_>]) -> Result<(), EngineError>,
) -> Result<(), EngineError> {
    store
        .for_each_person_funnel_events_in(range, PAGE, |rows| visit_people(store, rows, &mut visit))
}

/// `for_each_person`'s visit over `rows`, events grouped by person in sequence order.
pub(crate) fn visit_people(
    store: &Store,
    rows: &[FunnelEvent],
    visit: &mut impl FnMut(&str, &PersonFacts, bool, &[PersonEvent<'_>]) -> Result<(), EngineError>,
) -> Result<(), EngineError> {
    let mut ids: Vec<&str> = rows.iter().map(|e| e.jobseeker_id.as_str()).collect();
    ids.dedup();
    let mut stored = store.person_report_facts(&ids)?;
    let mut events = Vec::new();
    for mine in rows.chunk_by(|a, b| a.jobseeker_id == b.jobseeker_id) {
        let id = mine[0].jobseeker_id.as_str();
        let facts = stored.remove(id);
        let known = facts.is_some();
        let person = person_facts(facts);
        events.clear();
        events.extend(mine.iter().map(|e| PersonEvent {
            kind: e.kind,
            course: e.course_id.as_deref(),
            day: e.occurred_at.date(),
            occupation: e.occupation_uri.as_deref(),
            employment_start: e.employment_start,
        }));
        visit(id, &person, known, &events)?;
    }
    Ok(())
}

/// A person's report facts; an id with no profile gets "unknown" region and no groups
/// rather than being dropped, so totals stay whole.
fn person_facts(facts: Option<PersonReportFacts>) -> PersonFacts {
    let Some(f) = facts else {
        return PersonFacts {
            region: "unknown".to_owned(),
            ..PersonFacts::default()
        };
    };
    let groups = f
        .groups
        .map(|g| {
            GroupFlags::NAMES
                .iter()
                .filter(|n| g.get(n) == Some(true))
                .map(|n| (*n).to_owned())
                .collect()
        })
        .unwrap_or_default();
    PersonFacts {
        region: f.region.unwrap_or_else(|| "unknown".to_owned()),
        groups,
        target_occupations: f.target_occupations,
    }
}
