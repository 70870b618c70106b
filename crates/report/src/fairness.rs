//! The fairness monitor: for each targeted group against everyone else, at every funnel
//! stage, the rate of reaching it, its 95% Wilson interval and the impact ratio (group rate
//! over the rest's rate) with its interval. A ratio under four fifths is flagged when both
//! sides have the denominator that disclosure control asks before any rate is shown.
//!
//! The counts go through the same disclosure control as every report — the group and the
//! rest form one additive line with their total, so withholding one withholds the other —
//! and every rate is computed from published, rounded counts.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use crate::funnel::{Pair, PersonFacts, Stage};
use crate::sdc::{Cell, Policy, protect};
use crate::table::{Axis, Table};
use crate::wilson::{Z95, ratio, wilson};

/// The four-fifths rule of adverse impact.
pub const FOUR_FIFTHS: f64 = 0.8;

#[derive(Debug, Clone, Serialize)]
pub struct Side {
    pub reached: Cell,
    pub base: Cell,
    pub rate: Option<f64>,
    pub interval: Option<(f64, f64)>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Line {
    pub group: String,
    pub stage: &'static str,
    pub group_side: Side,
    pub rest: Side,
    pub impact_ratio: Option<f64>,
    pub ratio_interval: Option<(f64, f64)>,
    pub flagged: bool,
}

/// `people` is the register the rates are about: the first stage's base is everyone in it,
/// later stages' the pairs that reached the stage before.
pub fn monitor(
    pairs: &[Pair],
    people: &HashMap<String, PersonFacts>,
    groups: &[&str],
    policy: &Policy,
) -> Vec<Line> {
    let mut lines = Vec::new();
    for &group in groups {
        let member = |id: &str| {
            people
                .get(id)
                .is_some_and(|p| p.groups.iter().any(|g| g == group))
        };
        for stage in Stage::ALL {
            let (group_side, rest) = match stage.base() {
                None => {
                    let recommended: HashSet<&str> = pairs
                        .iter()
                        .filter(|p| p.reached(Stage::Recommended))
                        .map(|p| p.jobseeker_id.as_str())
                        .collect();
                    let register = people
                        .keys()
                        .map(|id| (member(id), recommended.contains(id.as_str())));
                    sides(register, policy)
                }
                Some(base) => {
                    let pairs = pairs
                        .iter()
                        .filter(|p| p.reached(base))
                        .map(|p| (member(&p.jobseeker_id), p.reached(stage)));
                    sides(pairs, policy)
                }
            };
            let published = |s: &Side| Some((s.reached.count()?, s.base.count()?));
            let enough = |s: &Side| {
                s.base
                    .count()
                    .is_some_and(|b| b >= policy.min_rate_denominator)
            };
            let (impact_ratio, ratio_interval) = match (published(&group_side), published(&rest)) {
                (Some(a), Some(b)) if enough(&group_side) && enough(&rest) => {
                    ratio(a, b, Z95).map_or((None, None), |(r, lo, hi)| (Some(r), Some((lo, hi))))
                }
                _ => (None, None),
            };
            lines.push(Line {
                group: group.to_owned(),
                stage: stage.name(),
                flagged: impact_ratio.is_some_and(|r| r < FOUR_FIFTHS),
                group_side,
                rest,
                impact_ratio,
                ratio_interval,
            });
        }
    }
    lines
}

/// RFC 4180 CSV, one line per group and stage; withheld counts say so, absent rates and
/// intervals are empty.
pub fn write_csv<W: std::io::Write>(lines: &[Line], out: W) -> csv::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "group",
        "stage",
        "group_reached",
        "group_base",
        "group_rate",
        "group_rate_low",
        "group_rate_high",
        "rest_reached",
        "rest_base",
        "rest_rate",
        "impact_ratio",
        "impact_ratio_low",
        "impact_ratio_high",
        "flagged",
    ])?;
    let num = |v: Option<f64>| v.map_or_else(String::new, |v| format!("{v:.3}"));
    for l in lines {
        let g = &l.group_side;
        w.write_record([
            l.group.clone(),
            l.stage.to_owned(),
            g.reached.to_string(),
            g.base.to_string(),
            num(g.rate),
            num(g.interval.map(|i| i.0)),
            num(g.interval.map(|i| i.1)),
            l.rest.reached.to_string(),
            l.rest.base.to_string(),
            num(l.rest.rate),
            num(l.impact_ratio),
            num(l.ratio_interval.map(|i| i.0)),
            num(l.ratio_interval.map(|i| i.1)),
            l.flagged.to_string(),
        ])?;
    }
    w.flush()?;
    Ok(())
}

/// Counts (in group?, reached?) observations into group and rest, protected as one table.
fn sides(observations: impl Iterator<Item = (bool, bool)>, policy: &Policy) -> (Side, Side) {
    let axis = |name: &str| Axis {
        name: name.into(),
        values: vec!["group".into(), "rest".into()],
        additive: true,
    };
    let obs: Vec<(bool, bool)> = observations.collect();
    let side = |m: bool| if m { "group" } else { "rest" };
    let base = Table::count(
        vec![axis("membership")],
        obs.iter().map(|&(m, _)| vec![vec![side(m)]]),
    );
    let reached = Table::count(
        vec![axis("membership")],
        obs.iter()
            .filter(|(_, r)| *r)
            .map(|&(m, _)| vec![vec![side(m)]]),
    );
    let (b, r) = (
        protect(&base, policy).cells,
        protect(&reached, policy).cells,
    );
    let make = |i: usize| {
        let published = r[i].count().zip(b[i].count());
        let shown = published.filter(|&(_, d)| d >= policy.min_rate_denominator);
        Side {
            reached: r[i],
            base: b[i],
            rate: shown.map(|(n, d)| n.min(d) as f64 / d as f64),
            interval: shown.and_then(|(n, d)| wilson(n, d, Z95)),
        }
    };
    (make(0), make(1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn pair(person: usize, stages: &[Stage]) -> Pair {
        Pair {
            jobseeker_id: format!("p{person}"),
            course_id: "c".into(),
            first_event: NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
            reached: stages.to_vec(),
        }
    }

    #[test]
    fn a_group_referred_half_as_often_is_flagged_with_its_interval() {
        let mut people = HashMap::new();
        let mut pairs = Vec::new();
        for i in 0..400 {
            let young = i < 200;
            people.insert(
                format!("p{i}"),
                PersonFacts {
                    groups: if young { vec!["young".into()] } else { vec![] },
                    ..PersonFacts::default()
                },
            );
            // 30% of the young are referred, 60% of the rest.
            let referred = if young { i % 10 < 3 } else { i % 10 < 6 };
            let stages: &[Stage] = if referred {
                &[Stage::Recommended, Stage::Referred]
            } else {
                &[Stage::Recommended]
            };
            pairs.push(pair(i, stages));
        }
        let lines = monitor(&pairs, &people, &["young"], &Policy::default());
        let referred = lines.iter().find(|l| l.stage == "referred").unwrap();
        assert_eq!(referred.group_side.reached, Cell::Count(60));
        assert_eq!(referred.rest.base, Cell::Count(200));
        let r = referred.impact_ratio.unwrap();
        assert!((r - 0.5).abs() < 1e-9, "{r}");
        let (lo, hi) = referred.ratio_interval.unwrap();
        assert!(lo < 0.5 && hi < FOUR_FIFTHS);
        assert!(referred.flagged);
        let recommended = lines.iter().find(|l| l.stage == "recommended").unwrap();
        assert!(!recommended.flagged, "everyone was recommended something");
    }

    #[test]
    fn small_groups_get_no_rate_and_no_flag() {
        let mut people = HashMap::new();
        let mut pairs = Vec::new();
        for i in 0..100 {
            let disabled = i < 8;
            people.insert(
                format!("p{i}"),
                PersonFacts {
                    groups: if disabled {
                        vec!["disability".into()]
                    } else {
                        vec![]
                    },
                    ..PersonFacts::default()
                },
            );
            pairs.push(pair(
                i,
                if disabled {
                    &[Stage::Recommended]
                } else {
                    &[Stage::Recommended, Stage::Referred]
                },
            ));
        }
        let lines = monitor(&pairs, &people, &["disability"], &Policy::default());
        let referred = lines.iter().find(|l| l.stage == "referred").unwrap();
        assert_eq!(referred.group_side.base, Cell::Suppressed);
        // The rest is withheld with it: total minus rest would give the group back.
        assert_eq!(referred.rest.base, Cell::Suppressed);
        assert!(referred.impact_ratio.is_none() && !referred.flagged);
    }
}
