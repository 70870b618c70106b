//! Generated outcome histories: they load through the same path a PES back-fill takes with
//! nothing rejected, they belong to the generated people and courses, their funnel runs in
//! date order, and the rates differ by group the way `outcome_rates.rs` says.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use skillpath_domain::esco::EscoDataset;
use skillpath_domain::jobseeker::{GroupFlags, Profile};
use skillpath_domain::outcome::{EventKind, OutcomeEvent};
use skillpath_generate::{Tier, generate};
use skillpath_ingest::esco::read_esco_dir;
use skillpath_ingest::outcomes::read_outcomes;
use skillpath_store::OnConflict;
use skillpath_store::testing::TestDb;
use skillpath_suite::sample_dir;

#[derive(serde::Deserialize)]
struct JobseekerLine {
    profile: Profile,
    groups: GroupFlags,
}

fn sample_esco() -> EscoDataset {
    read_esco_dir(&sample_dir().join("esco"), &mut |_| {})
        .expect("the sample ESCO reads")
        .dataset
}

fn people(dir: &Path) -> HashMap<String, JobseekerLine> {
    std::fs::read_to_string(dir.join("jobseekers.jsonl"))
        .unwrap()
        .lines()
        .map(|l| {
            let line: JobseekerLine = serde_json::from_str(l).unwrap();
            (line.profile.id.clone(), line)
        })
        .collect()
}

fn events(dir: &Path) -> Vec<OutcomeEvent> {
    let read = read_outcomes(&dir.join("outcomes.jsonl")).expect("the file reads");
    assert!(
        read.rejected.is_empty(),
        "{:?}",
        &read.rejected[..3.min(read.rejected.len())]
    );
    assert_eq!(read.rows, read.records.len());
    read.records.into_iter().map(|r| r.event).collect()
}

#[test]
fn generated_outcomes_ingest_without_a_rejection_and_follow_the_funnel() {
    let esco = sample_esco();
    let dir = tempfile::tempdir().unwrap();
    let tier = Tier::Custom {
        courses: 300,
        vacancies: 100,
        jobseekers: 3_000,
    };
    let summary = generate(&esco, tier, 5, dir.path(), &mut |_, _, _| {}).unwrap();
    let events = events(dir.path());
    assert_eq!(summary.outcomes.rows, events.len() as u64);
    // Ten a person on average, as the S and M tiers ask; each history is drawn, not cut.
    let target = tier.counts().outcome_events as f64;
    let got = events.len() as f64;
    assert!(
        (got - target).abs() < target * 0.1,
        "{got} events for {target}"
    );

    let people = people(dir.path());
    let mut by_person: HashMap<&str, Vec<&OutcomeEvent>> = HashMap::new();
    for e in &events {
        assert!(people.contains_key(&e.jobseeker_id), "{}", e.jobseeker_id);
        assert!(
            e.occurred_at.date_naive() < summary.as_of,
            "nothing after the extract"
        );
        if let Some(c) = &e.course_id {
            let n: u64 = c.trim_start_matches("C-").parse().unwrap();
            assert!((1..=300).contains(&n), "{c} is a generated course");
        }
        by_person.entry(&e.jobseeker_id).or_default().push(e);
    }
    // Some of the register has no event at all: the fairness monitor must still count them.
    assert!(by_person.len() < people.len() && by_person.len() > people.len() / 2);
    let mut in_target = 0;
    for (id, mine) in &by_person {
        assert!(
            mine.windows(2)
                .all(|w| w[0].occurred_at <= w[1].occurred_at)
        );
        let first = |kind: EventKind, course: &Option<String>| {
            mine.iter()
                .find(|e| e.kind == kind && &e.course_id == course)
                .map(|e| e.occurred_at)
        };
        for e in mine {
            let before = match e.kind {
                EventKind::Referred => EventKind::Recommended,
                EventKind::Enrolled => EventKind::Referred,
                EventKind::Completed | EventKind::DroppedOut => EventKind::Enrolled,
                EventKind::CredentialIssued => EventKind::Completed,
                _ => continue,
            };
            let earlier = first(before, &e.course_id).expect("the stage before is there");
            assert!(
                earlier <= e.occurred_at,
                "{id}: {:?} before {before:?}",
                e.kind
            );
        }
        for job in mine.iter().filter(|e| e.kind == EventKind::Employed) {
            let start = job.employment_start.expect("a job has its start");
            assert!(start <= job.occurred_at.date_naive());
            let targets = &people[*id].profile.target_occupations;
            in_target += usize::from(targets.contains(job.occupation_uri.as_ref().unwrap()));
        }
    }
    assert!(in_target > 0, "some jobs are in a target occupation");

    let db = TestDb::sqlite();
    let loaded = db.append_outcomes(&events, OnConflict::Abort).unwrap();
    assert_eq!(loaded.created, events.len());
    assert!(loaded.conflicts.is_empty() && loaded.repeated == 0);
}

/// Per pair, the share referred, among a group's members and among everyone else.
fn referral_rates(dir: &Path, group: &str) -> (f64, f64) {
    let people = people(dir);
    let mut recommended: HashSet<(String, String)> = HashSet::new();
    let mut referred: HashSet<(String, String)> = HashSet::new();
    for e in events(dir) {
        let key = (
            e.jobseeker_id.clone(),
            e.course_id.clone().unwrap_or_default(),
        );
        match e.kind {
            EventKind::Recommended => recommended.insert(key),
            EventKind::Referred => referred.insert(key),
            _ => false,
        };
    }
    let mut n = [[0u32; 2]; 2];
    for pair in &recommended {
        let member = people[&pair.0].groups.get(group) == Some(true);
        n[usize::from(member)][0] += 1;
        n[usize::from(member)][1] += u32::from(referred.contains(pair));
    }
    let rate = |m: usize| f64::from(n[m][1]) / f64::from(n[m][0]);
    (rate(1), rate(0))
}

#[test]
fn older_workers_are_referred_less_often_than_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let tier = Tier::Custom {
        courses: 300,
        vacancies: 100,
        jobseekers: 6_000,
    };
    generate(&sample_esco(), tier, 11, dir.path(), &mut |_, _, _| {}).unwrap();
    let (older, rest) = referral_rates(dir.path(), "older_worker");
    // 0.45 × 0.75 against about 0.44 (the rest includes other groups' small factors).
    assert!((older - 0.34).abs() < 0.04, "older {older}");
    assert!(older / rest < 0.8, "under four fifths: {older} / {rest}");
    let (young, rest) = referral_rates(dir.path(), "young");
    assert!(young / rest > 0.9, "young {young} rest {rest}");
}
