//! Analysts' reports from what the database holds: the one place where outcome events,
//! people's facts and course facts become a report, so the CLI and the API publish the
//! same figures through the same disclosure control.
//!
//! Events are read person by person in pages and each person's (jobseeker, course) pairs
//! are added to a tally at once, so the uptake report's memory grows with the number of
//! report cells, not with the number of events.

use std::collections::{HashMap, HashSet};
use std::str::FromStr;

use chrono::NaiveDate;
use serde::Serialize;
use skillpath_domain::jobseeker::GroupFlags;
use skillpath_report::ReportError;
use skillpath_report::fairness::{self, Line};
use skillpath_report::funnel::{self, CourseFacts, Pair, PersonFacts};
use skillpath_report::sdc::Policy;
use skillpath_report::uptake::{self, Dimension, Facts, Report, Request, Tally};
use skillpath_store::Store;

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
    let courses: HashMap<String, CourseFacts> = store
        .course_providers()?
        .into_iter()
        .map(|(id, provider)| (id, CourseFacts { provider }))
        .collect();
    let req = &query.request;
    let mut tally = Tally::default();
    // The fairness monitor compares people, so it keeps the pairs of the period and the
    // facts of the people in them; the uptake report keeps only the tally.
    let mut kept: Vec<Pair> = Vec::new();
    let mut register: HashMap<String, PersonFacts> = HashMap::new();
    store.for_each_person_events(PAGE, |events| {
        let people = people_facts(store, events)?;
        let pairs = funnel::derive(events, &people);
        match query.name {
            ReportName::Uptake => {
                let facts = Facts {
                    courses: &courses,
                    people: &people,
                };
                for p in &pairs {
                    tally.add(p, &facts, req);
                }
            }
            ReportName::Fairness => {
                let before = kept.len();
                kept.extend(pairs.into_iter().filter(|p| req.includes(p.first_event)));
                for p in &kept[before..] {
                    if let Some(f) = people.get(&p.jobseeker_id) {
                        register
                            .entry(p.jobseeker_id.clone())
                            .or_insert_with(|| f.clone());
                    }
                }
            }
        }
        Ok::<_, EngineError>(())
    })?;
    match query.name {
        ReportName::Uptake => {
            tracing::debug!(cells = tally.len(), "uptake tally");
            let report = uptake::funnel_from_tally(&tally, req, policy)
                .map_err(|e| EngineError::Report(e.to_string()))?;
            Ok(Output::Uptake(report))
        }
        ReportName::Fairness => Ok(Output::Fairness {
            lines: fairness::monitor(&kept, &register, &GroupFlags::NAMES, policy),
        }),
    }
}

/// The report facts of the people whose events these are; an id with no profile gets
/// "unknown" region and no groups rather than being dropped, so totals stay whole.
fn people_facts(
    store: &Store,
    events: &[skillpath_domain::outcome::OutcomeEvent],
) -> Result<HashMap<String, PersonFacts>, EngineError> {
    let ids: HashSet<&str> = events.iter().map(|e| e.jobseeker_id.as_str()).collect();
    let ids: Vec<&str> = ids.into_iter().collect();
    let stored = store.person_report_facts(&ids)?;
    Ok(ids
        .into_iter()
        .map(|id| {
            let facts = stored.get(id);
            let groups = facts
                .and_then(|f| f.groups.as_ref())
                .map(|g| {
                    GroupFlags::NAMES
                        .iter()
                        .filter(|n| g.get(n) == Some(true))
                        .map(|n| (*n).to_owned())
                        .collect()
                })
                .unwrap_or_default();
            let person = PersonFacts {
                region: facts
                    .and_then(|f| f.region.clone())
                    .unwrap_or_else(|| "unknown".to_owned()),
                groups,
                target_occupations: facts
                    .map(|f| f.target_occupations.clone())
                    .unwrap_or_default(),
            };
            (id.to_owned(), person)
        })
        .collect())
}
