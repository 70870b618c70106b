//! The outcome funnel: for each (jobseeker, course) pair, how far it got — recommended →
//! referred → enrolled → completed → credential issued → employed within 3, 6 and 12 months
//! of completion (and employed in one of the person's target occupations).
//!
//! Employment is a fact about the person, not the course: an `employed` event counts for a
//! pair when the job starts after the pair's completion and within the window. A pair is
//! placed in the period of its first event, so a report "for 2026" follows the people who
//! entered the funnel in 2026 however long their path took.

use std::collections::{BTreeMap, HashMap};

use chrono::{Months, NaiveDate};
use serde::Serialize;
use skillpath_domain::outcome::{EventKind, OutcomeEvent};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Recommended,
    Referred,
    Enrolled,
    Completed,
    CredentialIssued,
    Employed3m,
    Employed6m,
    Employed12m,
    EmployedInTarget,
}

impl Stage {
    pub const ALL: [Stage; 9] = [
        Stage::Recommended,
        Stage::Referred,
        Stage::Enrolled,
        Stage::Completed,
        Stage::CredentialIssued,
        Stage::Employed3m,
        Stage::Employed6m,
        Stage::Employed12m,
        Stage::EmployedInTarget,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Stage::Recommended => "recommended",
            Stage::Referred => "referred",
            Stage::Enrolled => "enrolled",
            Stage::Completed => "completed",
            Stage::CredentialIssued => "credential_issued",
            Stage::Employed3m => "employed_3m",
            Stage::Employed6m => "employed_6m",
            Stage::Employed12m => "employed_12m",
            Stage::EmployedInTarget => "employed_in_target",
        }
    }

    /// The stage whose count is the denominator of this stage's rate.
    pub fn base(self) -> Option<Stage> {
        match self {
            Stage::Recommended => None,
            Stage::Referred => Some(Stage::Recommended),
            Stage::Enrolled => Some(Stage::Referred),
            Stage::Completed => Some(Stage::Enrolled),
            _ => Some(Stage::Completed),
        }
    }
}

/// What a report may group a course by.
#[derive(Debug, Clone, Default)]
pub struct CourseFacts {
    pub provider: String,
}

/// What a report may group a person by. `groups` are the names of the targeted groups the
/// person belongs to (recorded with a lawful basis; only analysts' aggregates read them).
#[derive(Debug, Clone, Default)]
pub struct PersonFacts {
    pub region: String,
    pub groups: Vec<String>,
    pub target_occupations: Vec<String>,
}

/// One (jobseeker, course) pair and the stages it reached.
#[derive(Debug, Clone, PartialEq)]
pub struct Pair {
    pub jobseeker_id: String,
    pub course_id: String,
    pub first_event: NaiveDate,
    pub reached: Vec<Stage>,
}

impl Pair {
    pub fn reached(&self, stage: Stage) -> bool {
        self.reached.contains(&stage)
    }
}

/// A pair's first event, the stages it reached and when it first completed.
type Progress = (NaiveDate, Vec<Stage>, Option<NaiveDate>);

struct Job {
    start: NaiveDate,
    occupation: Option<String>,
}

pub fn derive(events: &[OutcomeEvent], people: &HashMap<String, PersonFacts>) -> Vec<Pair> {
    let mut jobs: HashMap<&str, Vec<Job>> = HashMap::new();
    let mut pairs: BTreeMap<(&str, &str), Progress> = BTreeMap::new();
    for e in events {
        let day = e.occurred_at.date_naive();
        if e.kind == EventKind::Employed {
            jobs.entry(&e.jobseeker_id).or_default().push(Job {
                start: e.employment_start.unwrap_or(day),
                occupation: e.occupation_uri.clone(),
            });
            continue;
        }
        let Some(course) = e.course_id.as_deref() else {
            continue;
        };
        let entry = pairs
            .entry((&e.jobseeker_id, course))
            .or_insert((day, Vec::new(), None));
        entry.0 = entry.0.min(day);
        let stage = match e.kind {
            EventKind::Recommended => Stage::Recommended,
            EventKind::Referred => Stage::Referred,
            EventKind::Enrolled | EventKind::Started => Stage::Enrolled,
            EventKind::Completed => {
                entry.2 = Some(entry.2.map_or(day, |d: NaiveDate| d.min(day)));
                Stage::Completed
            }
            EventKind::CredentialIssued => Stage::CredentialIssued,
            _ => continue,
        };
        entry.1.push(stage);
    }
    pairs
        .into_iter()
        .map(
            |((person, course), (first_event, mut reached, completed))| {
                if let Some(done) = completed {
                    let person_jobs = jobs.get(person).map(Vec::as_slice).unwrap_or_default();
                    let targets = people.get(person).map(|p| p.target_occupations.as_slice());
                    employment(done, person_jobs, targets.unwrap_or_default(), &mut reached);
                }
                reached.sort();
                reached.dedup();
                Pair {
                    jobseeker_id: person.to_owned(),
                    course_id: course.to_owned(),
                    first_event,
                    reached,
                }
            },
        )
        .collect()
}

fn employment(done: NaiveDate, jobs: &[Job], targets: &[String], reached: &mut Vec<Stage>) {
    for (months, stage) in [
        (3, Stage::Employed3m),
        (6, Stage::Employed6m),
        (12, Stage::Employed12m),
    ] {
        let end = done
            .checked_add_months(Months::new(months))
            .unwrap_or(NaiveDate::MAX);
        let within = |j: &&Job| j.start >= done && j.start <= end;
        if jobs.iter().any(|j| within(&j)) {
            reached.push(stage);
        }
        if months == 12
            && jobs
                .iter()
                .filter(within)
                .any(|j| j.occupation.as_ref().is_some_and(|o| targets.contains(o)))
        {
            reached.push(Stage::EmployedInTarget);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn event(
        kind: EventKind,
        person: &str,
        course: Option<&str>,
        day: (i32, u32, u32),
    ) -> OutcomeEvent {
        OutcomeEvent {
            idempotency_key: format!("{person}-{kind:?}-{day:?}"),
            kind,
            jobseeker_id: person.into(),
            course_id: course.map(Into::into),
            occurred_at: Utc.with_ymd_and_hms(day.0, day.1, day.2, 9, 0, 0).unwrap(),
            occupation_uri: None,
            contract_type: None,
            employment_start: None,
        }
    }

    #[test]
    fn employment_counts_in_the_windows_after_completion_only() {
        let mut hired = event(EventKind::Employed, "p1", None, (2026, 9, 1));
        hired.occupation_uri = Some("http://data.europa.eu/esco/occupation/x".into());
        let events = vec![
            event(EventKind::Recommended, "p1", Some("c1"), (2026, 1, 10)),
            event(EventKind::Referred, "p1", Some("c1"), (2026, 1, 12)),
            event(EventKind::Enrolled, "p1", Some("c1"), (2026, 2, 1)),
            event(EventKind::Completed, "p1", Some("c1"), (2026, 4, 1)),
            hired,
            // A second course finished after the job started gets no credit for it.
            event(EventKind::Completed, "p1", Some("c2"), (2026, 10, 1)),
        ];
        let people = HashMap::from([(
            "p1".to_owned(),
            PersonFacts {
                target_occupations: vec!["http://data.europa.eu/esco/occupation/x".into()],
                ..PersonFacts::default()
            },
        )]);
        let pairs = derive(&events, &people);
        let c1 = &pairs[0];
        assert_eq!(
            c1.first_event,
            NaiveDate::from_ymd_opt(2026, 1, 10).unwrap()
        );
        assert!(
            !c1.reached(Stage::Employed3m),
            "hired five months after completion"
        );
        assert!(c1.reached(Stage::Employed6m) && c1.reached(Stage::Employed12m));
        assert!(c1.reached(Stage::EmployedInTarget));
        assert!(!pairs[1].reached(Stage::Employed12m));
    }
}
