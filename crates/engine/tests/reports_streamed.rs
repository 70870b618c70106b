//! The streamed report assembly publishes what the straightforward computation does (every
//! event in memory, `funnel::derive`, the dense table), and the fairness monitor counts the
//! whole register, people without events included.

use std::collections::HashMap;

use chrono::{Days, NaiveDate, TimeZone, Utc};
use skillpath_domain::jobseeker::{GroupFlags, Profile};
use skillpath_domain::outcome::{EventKind, OutcomeEvent};
use skillpath_engine::report_facts::{ReportFacts, Updated};
use skillpath_engine::reports::{self, Format, Output, Query};
use skillpath_report::funnel::{self, CourseFacts, PersonFacts};
use skillpath_report::sdc::{Cell, Policy};
use skillpath_report::uptake;
use skillpath_store::testing::TestDb;
use skillpath_store::{JobseekerInput, OnConflict, Store};

const OCC: &str = "http://data.europa.eu/esco/occupation/";
const REGIONS: [&str; 3] = ["north", "south", "east"];

/// A fixed pseudo-random sequence (no generator crate needed, same on every machine).
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

fn profile(id: &str, region: &str, target: Option<u64>) -> Profile {
    let targets: Vec<String> = target.map(|t| format!("{OCC}o{t}")).into_iter().collect();
    serde_json::from_value(serde_json::json!({
        "id": id, "office": "office-1", "skills": [], "work_history": [],
        "target_occupations": targets, "location": {"region": region},
        "travel_radius_km": 10.0, "preferred_modes": [], "languages": ["en"],
        "accessibility_needs": [], "funding_eligibility": []
    }))
    .unwrap()
}

/// 600 people (every tenth without a profile, every fifth with no events), a funnel with
/// random drop-offs over 12 courses, jobs at random distances from completion.
fn seed(store: &Store) -> Vec<OutcomeEvent> {
    let mut rng = Lcg(7);
    let mut people = Vec::new();
    let mut events = Vec::new();
    let start = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
    for i in 0..600u64 {
        let id = format!("P{i:04}");
        if i % 10 != 0 {
            let region = REGIONS[rng.below(3) as usize];
            let groups = GroupFlags {
                young: rng.below(4) == 0,
                disability: rng.below(6) == 0,
                older_worker: rng.below(5) == 0,
                lawful_basis: "test".into(),
                ..GroupFlags::default()
            };
            people.push((
                profile(&id, region, (rng.below(3) > 0).then(|| rng.below(3))),
                groups,
            ));
        }
        if i % 5 == 1 {
            continue;
        }
        let mut push = |kind, course: Option<String>, day: NaiveDate, job: Option<u64>| {
            let n = events.len();
            events.push(OutcomeEvent {
                idempotency_key: format!("k{n}"),
                kind,
                jobseeker_id: id.clone(),
                course_id: course,
                occurred_at: Utc.from_utc_datetime(&day.and_hms_opt(9, 0, 0).unwrap()),
                occupation_uri: job.map(|o| format!("{OCC}o{o}")),
                contract_type: None,
                employment_start: job.map(|_| day),
            });
        };
        for _ in 0..1 + rng.below(4) {
            let course = Some(format!("C-{}", rng.below(12)));
            let mut day = start + Days::new(rng.below(360));
            push(EventKind::Recommended, course.clone(), day, None);
            for kind in [
                EventKind::Viewed,
                EventKind::Referred,
                EventKind::Enrolled,
                EventKind::Completed,
                EventKind::CredentialIssued,
            ] {
                if rng.below(10) < 3 {
                    break;
                }
                day = day + Days::new(rng.below(40));
                push(kind, course.clone(), day, None);
            }
        }
        if rng.below(2) == 0 {
            let day = start + Days::new(rng.below(700));
            push(EventKind::Employed, None, day, Some(rng.below(4)));
        }
    }
    let input: Vec<JobseekerInput<'_>> = people
        .iter()
        .map(|(profile, groups)| JobseekerInput {
            profile,
            groups: Some(groups),
        })
        .collect();
    store.upsert_jobseekers(&input, "test").unwrap();
    store.append_outcomes(&events, OnConflict::Abort).unwrap();
    events
}

/// The report the obvious way: all events and all people in memory.
fn dense(store: &Store, events: &[OutcomeEvent], query: &Query) -> serde_json::Value {
    let mut ids: Vec<&str> = events.iter().map(|e| e.jobseeker_id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    let stored = store.person_report_facts(&ids).unwrap();
    let people: HashMap<String, PersonFacts> = ids
        .iter()
        .map(|id| {
            let f = stored.get(*id);
            let groups = f
                .and_then(|f| f.groups.as_ref())
                .map(|g| {
                    GroupFlags::NAMES
                        .iter()
                        .filter(|n| g.get(n) == Some(true))
                        .map(|n| n.to_string())
                        .collect()
                })
                .unwrap_or_default();
            let person = PersonFacts {
                region: f
                    .and_then(|f| f.region.clone())
                    .unwrap_or_else(|| "unknown".into()),
                groups,
                target_occupations: f.map(|f| f.target_occupations.clone()).unwrap_or_default(),
            };
            (id.to_string(), person)
        })
        .collect();
    let courses: HashMap<String, CourseFacts> = HashMap::new();
    let pairs = funnel::derive(events, &people);
    let facts = uptake::Facts {
        courses: &courses,
        people: &people,
    };
    let report = uptake::funnel(&pairs, &facts, &query.request, &Policy::default()).unwrap();
    serde_json::to_value(Output::Uptake(report)).unwrap()
}

#[test]
fn the_streamed_uptake_report_is_the_dense_one_on_both_backends() {
    let sqlite = TestDb::sqlite();
    let events = seed(&sqlite);
    let pg = TestDb::postgres();
    if let Some(pg) = &pg {
        seed(pg);
    }
    for (by, from, to) in [
        ("group,region,course", None, None),
        ("course,period", Some("2025-03-01"), Some("2025-09-30")),
        ("occupation,provider", None, None),
        ("region", None, Some("2025-06-30")),
        ("", None, None),
    ] {
        let query = Query::parse("uptake", Some(by), from, to).unwrap();
        let want = dense(&sqlite, &events, &query);
        let Output::Uptake(got) = reports::run(&sqlite, &query, &Policy::default()).unwrap() else {
            panic!("asked for uptake")
        };
        assert_eq!(
            serde_json::to_value(Output::Uptake(got.clone())).unwrap(),
            want,
            "{by}"
        );
        let mut streamed = Vec::new();
        reports::write(
            &sqlite,
            &query,
            &Policy::default(),
            Format::Csv,
            &mut streamed,
        )
        .unwrap();
        let mut collected = Vec::new();
        got.write_csv(&mut collected).unwrap();
        assert_eq!(
            String::from_utf8(streamed).unwrap(),
            String::from_utf8(collected).unwrap(),
            "{by}"
        );
        let mut json = Vec::new();
        reports::write(&sqlite, &query, &Policy::default(), Format::Json, &mut json).unwrap();
        // Both sides through text: serde_json's parser may round the last digit of a rate.
        let reparsed: serde_json::Value = serde_json::from_str(&want.to_string()).unwrap();
        assert_eq!(
            serde_json::from_slice::<serde_json::Value>(&json).unwrap(),
            reparsed,
            "{by}"
        );
        if let Some(pg) = &pg {
            let Output::Uptake(on_pg) = reports::run(pg, &query, &Policy::default()).unwrap()
            else {
                panic!("asked for uptake")
            };
            assert_eq!(
                serde_json::to_value(Output::Uptake(on_pg)).unwrap(),
                want,
                "{by} on PostgreSQL"
            );
        }
    }
}

#[test]
fn the_fairness_monitor_counts_everyone_in_the_register() {
    let db = TestDb::sqlite();
    // 200 young people and 300 others; half of each recommended something, the rest never.
    let mut people = Vec::new();
    let mut events = Vec::new();
    for i in 0..500 {
        let id = format!("P{i:04}");
        let groups = GroupFlags {
            young: i < 200,
            lawful_basis: "test".into(),
            ..GroupFlags::default()
        };
        people.push((profile(&id, "north", None), groups));
        if i % 2 == 0 {
            events.push(OutcomeEvent {
                idempotency_key: format!("k{i}"),
                kind: EventKind::Recommended,
                jobseeker_id: id,
                course_id: Some("C-1".into()),
                occurred_at: Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).unwrap(),
                occupation_uri: None,
                contract_type: None,
                employment_start: None,
            });
        }
    }
    // Someone with events and no profile counts too, with the rest.
    let mut stranger = events[1].clone();
    stranger.idempotency_key = "stranger".into();
    stranger.jobseeker_id = "X-1".into();
    events.push(stranger);
    let input: Vec<JobseekerInput<'_>> = people
        .iter()
        .map(|(p, g)| JobseekerInput {
            profile: p,
            groups: Some(g),
        })
        .collect();
    db.upsert_jobseekers(&input, "test").unwrap();
    db.append_outcomes(&events, OnConflict::Abort).unwrap();

    let query = Query::parse("fairness", None, None, None).unwrap();
    let Output::Fairness { lines } = reports::run(&db, &query, &Policy::default()).unwrap() else {
        panic!("asked for fairness")
    };
    let young = lines
        .iter()
        .find(|l| l.group == "young" && l.stage == "recommended")
        .unwrap();
    assert_eq!(
        young.group_side.base,
        Cell::Count(200),
        "every young person, events or not"
    );
    assert_eq!(young.group_side.reached, Cell::Count(100));
    // 300 others and the stranger: 301 rounds to 300, 151 recommended to 150.
    assert_eq!(young.rest.base, Cell::Count(300));
    assert_eq!(young.rest.reached, Cell::Count(150));
    assert_eq!(young.group_side.rate, Some(0.5));
}

/// A dashboard's views: periods and breakdowns of both reports.
fn views() -> Vec<Query> {
    [
        ("uptake", Some(""), None, None),
        ("uptake", Some("region"), None, None),
        ("uptake", Some("period"), Some("2025-03-01"), None),
        (
            "uptake",
            Some("provider,occupation"),
            Some("2025-02-01"),
            Some("2025-09-30"),
        ),
        ("fairness", None, None, None),
        ("fairness", None, Some("2025-06-01"), None),
        ("fairness", None, None, Some("2025-04-30")),
        ("uptake", Some("group,region,course"), None, None),
    ]
    .into_iter()
    .map(|(name, by, from, to)| Query::parse(name, by, from, to).unwrap())
    .collect()
}

/// Every view from `facts` is the report `reports::run` makes from the store.
/// However the scan splits the people across threads.
fn assert_as_run(facts: &ReportFacts, store: &Store, when: &str) {
    let queries = views();
    let alone: Vec<_> = queries
        .iter()
        .map(|q| serde_json::to_value(reports::run(store, q, &Policy::default()).unwrap()).unwrap())
        .collect();
    for parts in [1, 2, 3] {
        let together = facts
            .run_many_in_parts(&queries, &Policy::default(), parts)
            .unwrap();
        assert_eq!(together.len(), queries.len());
        for ((query, got), alone) in queries.iter().zip(together).zip(&alone) {
            assert_eq!(
                &serde_json::to_value(got).unwrap(),
                alone,
                "{when}, in {parts} parts: {query:?}"
            );
        }
    }
}

/// The dashboard's path: the events read once into report facts, every report a scan of
/// them, whatever its period or breakdown, published as the streamed `run` publishes it.
#[test]
fn report_facts_give_each_report_as_run_does() {
    let db = TestDb::sqlite();
    seed(&db);
    let facts = ReportFacts::read(&db, &db.data_stamp().unwrap()).unwrap();
    let (people, pairs) = facts.len();
    assert!(
        people > 400 && pairs > people,
        "{people} people, {pairs} pairs"
    );
    assert_as_run(&facts, &db, "read");
}

fn event(n: usize, kind: EventKind, who: &str, course: Option<&str>, day: &str) -> OutcomeEvent {
    let day = NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap();
    OutcomeEvent {
        idempotency_key: format!("later-{n}"),
        kind,
        jobseeker_id: who.to_owned(),
        course_id: course.map(str::to_owned),
        occurred_at: Utc.from_utc_datetime(&day.and_hms_opt(9, 0, 0).unwrap()),
        occupation_uri: (kind == EventKind::Employed).then(|| format!("{OCC}o1")),
        contract_type: None,
        employment_start: (kind == EventKind::Employed).then_some(day),
    }
}

/// Facts brought up to date after events are appended, a profile changes or the catalogue
/// grows give what reading everything again gives, on both backends; people with new
/// events are derived again, nobody else.
#[test]
fn updated_report_facts_are_the_facts_read_afresh() {
    let sqlite = TestDb::sqlite();
    let pg = TestDb::postgres();
    for db in std::iter::once(&sqlite).chain(pg.as_ref()) {
        seed(db);
        let mut facts = ReportFacts::read(db, &db.data_stamp().unwrap()).unwrap();
        assert_eq!(
            facts.update(db, &db.data_stamp().unwrap()).unwrap(),
            Updated::Unchanged
        );
        // Someone with pairs already, someone with a profile and no events until now (every
        // fifth person from P0001), and a stranger without a profile, on a new course too.
        let later = [
            event(0, EventKind::Completed, "P0003", Some("C-1"), "2025-08-01"),
            event(1, EventKind::Employed, "P0003", None, "2025-09-15"),
            event(
                2,
                EventKind::Recommended,
                "P0001",
                Some("C-99"),
                "2025-05-05",
            ),
            event(3, EventKind::Referred, "P0001", Some("C-99"), "2025-05-09"),
            event(
                4,
                EventKind::Recommended,
                "Q-stranger",
                Some("C-2"),
                "2025-07-01",
            ),
        ];
        db.append_outcomes(&later, OnConflict::Abort).unwrap();
        let (people_before, _) = facts.len();
        assert_eq!(
            facts.update(db, &db.data_stamp().unwrap()).unwrap(),
            Updated::People(3)
        );
        assert_eq!(
            facts.len().0,
            people_before + 2,
            "two people with first events"
        );
        assert_as_run(&facts, db, "after new events");
        // Rounds that derive a third of everyone again: the replaced pairs outgrow the live
        // ones and are compacted away; the figures hold throughout.
        let mut n = 10;
        for round in 0..6u64 {
            let batch: Vec<OutcomeEvent> = (0..600u64)
                .filter(|i| i % 3 == round % 3)
                .map(|i| {
                    n += 1;
                    let who = format!("P{i:04}");
                    event(n, EventKind::Viewed, &who, Some("C-3"), "2025-10-01")
                })
                .collect();
            db.append_outcomes(&batch, OnConflict::Abort).unwrap();
            assert_eq!(
                facts.update(db, &db.data_stamp().unwrap()).unwrap(),
                Updated::People(200)
            );
        }
        assert_as_run(&facts, db, "after many rounds");
        let fresh = ReportFacts::read(db, &db.data_stamp().unwrap()).unwrap();
        assert_eq!(
            facts.len(),
            fresh.len(),
            "pairs in use, whatever was replaced"
        );
        // A region changed: the register is read again.
        let moved = profile("P0003", "far-west", Some(1));
        db.upsert_jobseekers(
            &[JobseekerInput {
                profile: &moved,
                groups: None,
            }],
            "test",
        )
        .unwrap();
        assert_eq!(
            facts.update(db, &db.data_stamp().unwrap()).unwrap(),
            Updated::Reread
        );
        assert_as_run(&facts, db, "after a profile changed");
    }
}
