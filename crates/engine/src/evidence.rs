//! Outcome evidence per course, from the recorded events: how many people completed it and
//! how many of them started a job within the follow-up window. The matcher shrinks these
//! toward the pooled rate, so a course with three completers cannot top the list on luck.

use std::collections::HashMap;

use skillpath_domain::outcome::OutcomeEvent;
use skillpath_matcher::OutcomeEvidence;
use skillpath_report::funnel::{self, Stage};

/// The follow-up the evidence counts: a job within six months of completion, the middle of
/// the funnel's three windows and the one PES evaluations most often report.
pub const EMPLOYMENT_WINDOW: Stage = Stage::Employed6m;

pub fn outcome_evidence(events: &[OutcomeEvent]) -> HashMap<String, OutcomeEvidence> {
    let mut out = HashMap::new();
    add_outcome_evidence(&mut out, events);
    out
}

/// Adds the evidence of `events` to `out`. Each call must hold all events of the people it
/// holds (as `Store::for_each_person_events` pages them): a job counts for the courses the
/// same person completed before it.
pub fn add_outcome_evidence(out: &mut HashMap<String, OutcomeEvidence>, events: &[OutcomeEvent]) {
    // Targets matter only for "employed in target", which the evidence does not use.
    for pair in funnel::derive(events, &HashMap::new()) {
        if !pair.reached(Stage::Completed) {
            continue;
        }
        let employed = u32::from(pair.reached(EMPLOYMENT_WINDOW));
        let e = out.entry(pair.course_id).or_insert(OutcomeEvidence {
            completers: 0,
            employed: 0,
        });
        e.completers += 1;
        e.employed += employed;
    }
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, NaiveDate, Utc};
    use skillpath_domain::outcome::EventKind;

    use super::*;

    fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap()
            .and_utc()
    }

    fn event(
        key: &str,
        kind: EventKind,
        who: &str,
        course: Option<&str>,
        when: DateTime<Utc>,
    ) -> OutcomeEvent {
        OutcomeEvent {
            idempotency_key: key.into(),
            kind,
            jobseeker_id: who.into(),
            course_id: course.map(Into::into),
            occurred_at: when,
            occupation_uri: None,
            contract_type: None,
            employment_start: None,
        }
    }

    #[test]
    fn completers_count_once_and_only_jobs_inside_the_window_count_as_employed() {
        let events = vec![
            event("1", EventKind::Enrolled, "a", Some("c1"), at(2026, 1, 5)),
            event("2", EventKind::Completed, "a", Some("c1"), at(2026, 3, 1)),
            event("3", EventKind::Employed, "a", None, at(2026, 4, 1)),
            event("4", EventKind::Completed, "b", Some("c1"), at(2026, 3, 1)),
            // Eleven months later: outside six months.
            event("5", EventKind::Employed, "b", None, at(2027, 2, 1)),
            event("6", EventKind::Enrolled, "c", Some("c2"), at(2026, 3, 1)),
        ];
        let got = outcome_evidence(&events);
        assert_eq!(
            got.get("c1"),
            Some(&OutcomeEvidence {
                completers: 2,
                employed: 1
            })
        );
        assert!(!got.contains_key("c2"), "enrolment alone is no evidence");
    }
}
