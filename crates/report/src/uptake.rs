//! The funnel report: counts of (jobseeker, course) pairs at every stage, grouped by the
//! dimensions the analyst picks, with a total on every additive dimension — and every
//! figure through disclosure control before it is returned.

use std::collections::{BTreeSet, HashMap};
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::ReportError;
use crate::funnel::{CourseFacts, Pair, PersonFacts, Stage};
use crate::sdc::{Cell, Policy, protect, rate};
use crate::table::{Axis, Table};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    Course,
    Provider,
    Occupation,
    Region,
    Group,
    Period,
}

impl Dimension {
    pub const ALL: [Dimension; 6] = [
        Dimension::Course,
        Dimension::Provider,
        Dimension::Occupation,
        Dimension::Region,
        Dimension::Group,
        Dimension::Period,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Dimension::Course => "course",
            Dimension::Provider => "provider",
            Dimension::Occupation => "occupation",
            Dimension::Region => "region",
            Dimension::Group => "group",
            Dimension::Period => "period",
        }
    }
}

impl FromStr for Dimension {
    type Err = ReportError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Dimension::ALL
            .into_iter()
            .find(|d| d.name() == s.trim())
            .ok_or_else(|| {
                let names: Vec<_> = Dimension::ALL.iter().map(|d| d.name()).collect();
                ReportError::UnknownDimension(s.to_owned(), names.join(", "))
            })
    }
}

#[derive(Debug, Clone, Default)]
pub struct Request {
    pub by: Vec<Dimension>,
    /// Pairs whose first event falls in [from, to], both inclusive.
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl Request {
    pub fn includes(&self, day: NaiveDate) -> bool {
        self.from.is_none_or(|f| day >= f) && self.to.is_none_or(|t| day <= t)
    }

    pub fn check(&self) -> Result<(), ReportError> {
        match (self.from, self.to) {
            (Some(from), Some(to)) if to < from => Err(ReportError::EmptyPeriod {
                from: from.to_string(),
                to: to.to_string(),
            }),
            _ => Ok(()),
        }
    }
}

#[derive(Debug)]
pub struct Facts<'a> {
    pub courses: &'a HashMap<String, CourseFacts>,
    pub people: &'a HashMap<String, PersonFacts>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// One value per requested dimension, in request order; "Total" on a total row.
    pub keys: Vec<String>,
    pub counts: Vec<Cell>,
    /// The rate of each stage from its base stage, where disclosure control allows one.
    pub rates: Vec<Option<f64>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub dimensions: Vec<&'static str>,
    pub stages: Vec<&'static str>,
    pub rows: Vec<Row>,
}

/// Stage counts per combination of dimension values, added to pair by pair: a report over
/// millions of events keeps this, not the pairs.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    cells: HashMap<Vec<Vec<String>>, [u64; Stage::ALL.len()]>,
}

impl Tally {
    /// Counts `pair` if the request's period includes it.
    pub fn add(&mut self, pair: &Pair, facts: &Facts<'_>, req: &Request) {
        if !req.includes(pair.first_event) {
            return;
        }
        let key: Vec<Vec<String>> = req.by.iter().map(|&d| values(d, pair, facts)).collect();
        let counts = self.cells.entry(key).or_default();
        for (i, stage) in Stage::ALL.iter().enumerate() {
            counts[i] += u64::from(pair.reached(*stage));
        }
    }

    /// Distinct combinations held: what the tally's memory grows with.
    pub fn len(&self) -> usize {
        self.cells.len()
    }

    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }
}

pub fn funnel(
    pairs: &[Pair],
    facts: &Facts<'_>,
    req: &Request,
    policy: &Policy,
) -> Result<Report, ReportError> {
    req.check()?;
    let mut tally = Tally::default();
    for p in pairs {
        tally.add(p, facts, req);
    }
    funnel_from_tally(&tally, req, policy)
}

/// The report from a tally made with the same request.
pub fn funnel_from_tally(
    tally: &Tally,
    req: &Request,
    policy: &Policy,
) -> Result<Report, ReportError> {
    req.check()?;
    let axes: Vec<Axis> = req
        .by
        .iter()
        .enumerate()
        .map(|(i, &d)| {
            let seen: BTreeSet<&String> = tally.cells.keys().flat_map(|k| &k[i]).collect();
            Axis {
                name: d.name().to_owned(),
                values: seen.into_iter().cloned().collect(),
                additive: d != Dimension::Group,
            }
        })
        .collect();
    let protected: Vec<(Table, Vec<Cell>)> = (0..Stage::ALL.len())
        .map(|stage| {
            let records = tally.cells.iter().map(|(k, counts)| {
                let key = k
                    .iter()
                    .map(|vals| vals.iter().map(String::as_str).collect())
                    .collect();
                (key, counts[stage])
            });
            let table = Table::count_weighted(axes.clone(), records);
            let cells = protect(&table, policy).cells;
            (table, cells)
        })
        .collect();
    let template = &protected[0].0;
    let rows = (0..template.counts.len())
        .map(|offset| {
            let coords = template.coords(offset);
            let counts: Vec<Cell> = protected.iter().map(|(_, cells)| cells[offset]).collect();
            let rates = Stage::ALL
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    let base = Stage::ALL.iter().position(|b| Some(*b) == s.base())?;
                    rate(counts[i], counts[base], policy)
                })
                .collect();
            Row {
                keys: coords
                    .iter()
                    .zip(&axes)
                    .map(|(&c, a)| a.label(c).to_owned())
                    .collect(),
                counts,
                rates,
            }
        })
        .collect();
    Ok(Report {
        dimensions: req.by.iter().map(|d| d.name()).collect(),
        stages: Stage::ALL.iter().map(|s| s.name()).collect(),
        rows,
    })
}

fn values(d: Dimension, p: &Pair, facts: &Facts<'_>) -> Vec<String> {
    let person = facts.people.get(&p.jobseeker_id);
    let unknown = || vec!["unknown".to_owned()];
    match d {
        Dimension::Course => vec![p.course_id.clone()],
        Dimension::Provider => facts
            .courses
            .get(&p.course_id)
            .map_or_else(unknown, |c| vec![c.provider.clone()]),
        Dimension::Occupation => person
            .and_then(|p| p.target_occupations.first())
            .map_or_else(unknown, |o| vec![o.clone()]),
        Dimension::Region => person.map_or_else(unknown, |p| vec![p.region.clone()]),
        Dimension::Group => person.map(|p| p.groups.clone()).unwrap_or_default(),
        Dimension::Period => vec![format!(
            "{}-Q{}",
            p.first_event.year(),
            p.first_event.month0() / 3 + 1
        )],
    }
}

impl Report {
    /// RFC 4180 CSV with a header row; withheld cells say so.
    pub fn write_csv<W: std::io::Write>(&self, out: W) -> csv::Result<()> {
        let mut w = csv::Writer::from_writer(out);
        let mut header: Vec<String> = self.dimensions.iter().map(|d| d.to_string()).collect();
        header.extend(self.stages.iter().map(|s| s.to_string()));
        header.extend(self.stages.iter().skip(1).map(|s| format!("{s}_rate")));
        w.write_record(&header)?;
        for row in &self.rows {
            let mut record = row.keys.clone();
            record.extend(row.counts.iter().map(Cell::to_string));
            record.extend(
                row.rates
                    .iter()
                    .skip(1)
                    .map(|r| r.map_or_else(String::new, |r| format!("{r:.3}"))),
            );
            w.write_record(&record)?;
        }
        w.flush()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_csv_has_a_header_totals_and_marked_cells_and_small_regions_stay_hidden() {
        let mut people = HashMap::new();
        let mut pairs = Vec::new();
        for i in 0..130 {
            let region = if i < 124 { "north" } else { "south" };
            people.insert(
                format!("p{i}"),
                PersonFacts {
                    region: region.into(),
                    ..PersonFacts::default()
                },
            );
            let mut reached = vec![Stage::Recommended];
            if i % 2 == 0 {
                reached.push(Stage::Referred);
            }
            pairs.push(Pair {
                jobseeker_id: format!("p{i}"),
                course_id: "c1".into(),
                first_event: NaiveDate::from_ymd_opt(2026, 5, 1).unwrap(),
                reached,
            });
        }
        let courses = HashMap::new();
        let facts = Facts {
            courses: &courses,
            people: &people,
        };
        let req = Request {
            by: vec![Dimension::Region],
            ..Request::default()
        };
        let report = funnel(&pairs, &facts, &req, &Policy::default()).unwrap();
        let mut out = Vec::new();
        report.write_csv(&mut out).unwrap();
        let csv = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = csv.lines().collect();
        assert!(lines[0].starts_with("region,recommended,referred,enrolled"));
        assert!(lines[0].contains("referred_rate"));
        // South (6 people) is withheld, so north must be too, or the total minus north
        // would give south back; the total itself is safe to publish.
        assert!(
            lines[1].starts_with("north,suppressed,suppressed"),
            "{}",
            lines[1]
        );
        assert!(
            lines[2].starts_with("south,suppressed,suppressed"),
            "{}",
            lines[2]
        );
        assert!(
            lines[3].starts_with("Total,130,65,suppressed"),
            "{}",
            lines[3]
        );
        assert!(
            lines[3].contains(",0.500,"),
            "rate from published counts: {}",
            lines[3]
        );

        let bad = Request {
            from: NaiveDate::from_ymd_opt(2026, 6, 1),
            to: NaiveDate::from_ymd_opt(2026, 1, 1),
            ..Request::default()
        };
        assert!(matches!(
            funnel(&pairs, &facts, &bad, &Policy::default()),
            Err(ReportError::EmptyPeriod { .. })
        ));
    }
}
