//! The streamed uptake report (interned keys, sparse disclosure control, rows written as
//! they are made) publishes exactly what the dense one does, over random event histories
//! and every kind of request.

use std::collections::HashMap;

use chrono::{Days, NaiveDate, TimeZone, Utc};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use skillpath_domain::outcome::{EventKind, OutcomeEvent};
use skillpath_report::funnel::{self, CourseFacts, PersonFacts};
use skillpath_report::published::PublishedReport;
use skillpath_report::sdc::Policy;
use skillpath_report::stream::{PersonEvent, UptakeTally};
use skillpath_report::uptake::{self, Dimension, Request};

const KINDS: [EventKind; 9] = [
    EventKind::Recommended,
    EventKind::Viewed,
    EventKind::Referred,
    EventKind::Enrolled,
    EventKind::Started,
    EventKind::DroppedOut,
    EventKind::Completed,
    EventKind::CredentialIssued,
    EventKind::Employed,
];

fn history(
    rng: &mut ChaCha8Rng,
    people: usize,
    courses: u64,
) -> (Vec<OutcomeEvent>, HashMap<String, PersonFacts>) {
    let start = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
    let mut events = Vec::new();
    let mut facts = HashMap::new();
    for p in 0..people {
        let id = format!("p{p:03}");
        let groups = ["young", "disability", "older_worker"]
            .into_iter()
            .filter(|_| rng.random_bool(0.3))
            .map(str::to_owned)
            .collect();
        let targets = (0..rng.random_range(0..3))
            .map(|t| format!("http://data.europa.eu/esco/occupation/o{t}"))
            .collect();
        facts.insert(
            id.clone(),
            PersonFacts {
                region: format!("r{}", rng.random_range(0..3)),
                groups,
                target_occupations: targets,
            },
        );
        for _ in 0..rng.random_range(0..12) {
            let kind = KINDS[rng.random_range(0..KINDS.len())];
            let day = start + Days::new(rng.random_range(0..500));
            let employed = kind == EventKind::Employed;
            events.push(OutcomeEvent {
                idempotency_key: format!("k{}", events.len()),
                kind,
                jobseeker_id: id.clone(),
                course_id: (!employed || rng.random_bool(0.1))
                    .then(|| format!("c{}", rng.random_range(0..courses))),
                occurred_at: Utc.from_utc_datetime(&day.and_hms_opt(9, 0, 0).unwrap()),
                occupation_uri: employed.then(|| {
                    format!(
                        "http://data.europa.eu/esco/occupation/o{}",
                        rng.random_range(0..4)
                    )
                }),
                contract_type: None,
                employment_start: (employed && rng.random_bool(0.7))
                    .then(|| day - Days::new(rng.random_range(0..20))),
            });
        }
    }
    (events, facts)
}

fn streamed(
    events: &[OutcomeEvent],
    people: &HashMap<String, PersonFacts>,
    courses: &HashMap<String, CourseFacts>,
    req: &Request,
    parts: usize,
) -> PublishedReport {
    // People are dealt round-robin to `parts` tallies, merged at the end, as a report read
    // on several threads is.
    let mut tallies: Vec<UptakeTally<'_>> = (0..parts)
        .map(|_| UptakeTally::new(req, courses).unwrap())
        .collect();
    let mut sorted: Vec<&OutcomeEvent> = events.iter().collect();
    sorted.sort_by(|a, b| a.jobseeker_id.cmp(&b.jobseeker_id));
    for (i, mine) in sorted
        .chunk_by(|a, b| a.jobseeker_id == b.jobseeker_id)
        .enumerate()
    {
        let evs: Vec<PersonEvent<'_>> = mine
            .iter()
            .map(|e| PersonEvent {
                kind: e.kind,
                course: e.course_id.as_deref(),
                day: e.occurred_at.date_naive(),
                occupation: e.occupation_uri.as_deref(),
                employment_start: e.employment_start,
            })
            .collect();
        tallies[i % parts]
            .add_person(&people[&mine[0].jobseeker_id], &evs)
            .unwrap();
    }
    let mut tally = tallies.remove(0);
    for other in tallies {
        tally.merge(other).unwrap();
    }
    PublishedReport::new(tally, &Policy::default())
}

#[test]
fn random_histories_publish_the_same_csv_and_json_both_ways() {
    let mut rng = ChaCha8Rng::seed_from_u64(2026);
    let courses: HashMap<String, CourseFacts> = (0..6)
        .map(|c| {
            (
                format!("c{c}"),
                CourseFacts {
                    provider: format!("provider, {}", c % 2),
                },
            )
        })
        .collect();
    for round in 0..60 {
        let (n, c) = (rng.random_range(1..400), rng.random_range(1..9));
        let (events, people) = history(&mut rng, n, c);
        let by: Vec<Dimension> = Dimension::ALL
            .into_iter()
            .filter(|_| rng.random_bool(0.35))
            .collect();
        let day = |rng: &mut ChaCha8Rng| {
            NaiveDate::from_ymd_opt(2025, 1, 1).unwrap() + Days::new(rng.random_range(0..400))
        };
        let from = rng.random_bool(0.3).then(|| day(&mut rng));
        let to = rng
            .random_bool(0.3)
            .then(|| from.unwrap_or_else(|| day(&mut rng)) + Days::new(rng.random_range(0..300)));
        let req = Request { by, from, to };
        let pairs = funnel::derive(&events, &people);
        let facts = uptake::Facts {
            courses: &courses,
            people: &people,
        };
        let dense = uptake::funnel(&pairs, &facts, &req, &Policy::default()).unwrap();
        let parts = rng.random_range(1..4);
        let published = streamed(&events, &people, &courses, &req, parts);
        let (mut a, mut b) = (Vec::new(), Vec::new());
        dense.write_csv(&mut a).unwrap();
        published.write_csv(&mut b).unwrap();
        assert_eq!(
            String::from_utf8(b).unwrap(),
            String::from_utf8(a).unwrap(),
            "round {round}: {:?} in {parts} parts",
            req.by
        );
        let json = serde_json::to_value(&published).unwrap();
        assert_eq!(
            json["rows"],
            serde_json::to_value(&dense).unwrap()["rows"],
            "round {round}"
        );
        assert_eq!(
            serde_json::to_value(published.into_report()).unwrap(),
            serde_json::to_value(&dense).unwrap()
        );
    }
}
