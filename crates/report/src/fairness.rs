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
use crate::stream::PersonPair;
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
    let mut tally = FairnessTally::new(groups);
    let recommended: HashSet<&str> = pairs
        .iter()
        .filter(|p| p.reached(Stage::Recommended))
        .map(|p| p.jobseeker_id.as_str())
        .collect();
    for (id, person) in people {
        tally.add_person(&person.groups, recommended.contains(id.as_str()));
    }
    let none = Vec::new();
    for p in pairs {
        let member_of = people.get(&p.jobseeker_id).map_or(&none, |f| &f.groups);
        tally.add_pair(member_of, |s| p.reached(s));
    }
    tally.lines(policy)
}

/// The monitor's counts, added to as people and pairs stream past: per group and stage,
/// for members and for the rest, the base and how many of it reached the stage.
#[derive(Debug, Clone)]
pub struct FairnessTally {
    groups: Vec<String>,
    /// `[group][stage][member?][reached?]`, `member?` 0 for members, 1 for the rest.
    counts: Vec<[[[u64; 2]; 2]; Stage::ALL.len()]>,
}

impl FairnessTally {
    pub fn new(groups: &[&str]) -> Self {
        Self {
            groups: groups.iter().map(|g| (*g).to_owned()).collect(),
            counts: vec![[[[0; 2]; 2]; Stage::ALL.len()]; groups.len()],
        }
    }

    fn side(&self, g: usize, member_of: &[String]) -> usize {
        usize::from(!member_of.contains(&self.groups[g]))
    }

    /// One person of the register, in the first stage's base; `recommended` when a pair of
    /// theirs reached it.
    pub fn add_person(&mut self, member_of: &[String], recommended: bool) {
        self.add_register(1, &|g| member_of.iter().any(|m| m == g));
        if recommended {
            self.add_recommended(member_of);
        }
    }

    /// `people` people of the register at once, in the first stage's base only;
    /// `members(group)` says how many of them belong to it.
    pub fn add_register_counts(&mut self, people: u64, members: &dyn Fn(&str) -> u64) {
        for g in 0..self.groups.len() {
            let m = members(&self.groups[g]).min(people);
            let first = &mut self.counts[g][0];
            first[0][0] += m;
            first[1][0] += people - m;
        }
    }

    fn add_register(&mut self, people: u64, member: &dyn Fn(&str) -> bool) {
        self.add_register_counts(people, &|g| if member(g) { people } else { 0 });
    }

    /// A person already in the register reached the first stage.
    pub fn add_recommended(&mut self, member_of: &[String]) {
        for g in 0..self.groups.len() {
            let side = self.side(g, member_of);
            self.counts[g][0][side][1] += 1;
        }
    }

    /// A pair of a person belonging to `member_of`, counted at every later stage whose base
    /// stage it reached.
    pub fn add_pair(&mut self, member_of: &[String], reached: impl Fn(Stage) -> bool) {
        for g in 0..self.groups.len() {
            let side = self.side(g, member_of);
            for (i, stage) in Stage::ALL.iter().enumerate() {
                if stage.base().is_some_and(&reached) {
                    self.counts[g][i][side][0] += 1;
                    self.counts[g][i][side][1] += u64::from(reached(*stage));
                }
            }
        }
    }

    /// All of one person's pairs, as `add_pair` for each of them: what a pair adds depends
    /// on the person's groups only through which side they fall on, so the stages are
    /// summed over the pairs first and each group's side is found once.
    pub fn add_pairs(&mut self, member_of: &[String], pairs: &[PersonPair<'_>]) {
        let mut sums = [[0u64; 2]; Stage::ALL.len()];
        for p in pairs {
            for (i, stage) in Stage::ALL.iter().enumerate() {
                if stage.base().is_some_and(|b| p.reached(b)) {
                    sums[i][0] += 1;
                    sums[i][1] += u64::from(p.reached(*stage));
                }
            }
        }
        if sums.iter().all(|s| s[0] == 0) {
            return;
        }
        for g in 0..self.groups.len() {
            let side = self.side(g, member_of);
            for (i, s) in sums.iter().enumerate() {
                self.counts[g][i][side][0] += s[0];
                self.counts[g][i][side][1] += s[1];
            }
        }
    }

    /// Adds the counts of `other`, a tally over other people with the same groups.
    pub fn merge(&mut self, other: &FairnessTally) {
        assert_eq!(
            self.groups, other.groups,
            "tallies of one set of groups are merged"
        );
        for (mine, theirs) in self.counts.iter_mut().zip(&other.counts) {
            for (m, t) in mine
                .iter_mut()
                .flatten()
                .flatten()
                .zip(theirs.iter().flatten().flatten())
            {
                *m += t;
            }
        }
    }

    pub fn lines(&self, policy: &Policy) -> Vec<Line> {
        let mut lines = Vec::new();
        for (g, group) in self.groups.iter().enumerate() {
            for (i, stage) in Stage::ALL.into_iter().enumerate() {
                let [member, rest] = self.counts[g][i];
                let (group_side, rest) = sides(member, rest, policy);
                lines.push(line(group, stage, group_side, rest, policy));
            }
        }
        lines
    }
}

fn line(group: &str, stage: Stage, group_side: Side, rest: Side, policy: &Policy) -> Line {
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
    Line {
        group: group.to_owned(),
        stage: stage.name(),
        flagged: impact_ratio.is_some_and(|r| r < FOUR_FIFTHS),
        group_side,
        rest,
        impact_ratio,
        ratio_interval,
    }
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

/// Group and rest, each `[base, reached]`, protected as one table with its total.
fn sides(member: [u64; 2], rest: [u64; 2], policy: &Policy) -> (Side, Side) {
    let table = |at: usize| Table {
        axes: vec![Axis {
            name: "membership".into(),
            values: vec!["group".into(), "rest".into()],
            additive: true,
        }],
        counts: vec![member[at], rest[at], member[at] + rest[at]],
    };
    let (b, r) = (
        protect(&table(0), policy).cells,
        protect(&table(1), policy).cells,
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
