//! The generator's promises: same seed, same bytes (whatever the thread count); every row
//! reads back through the project's own readers and validates; row counts are the tier's;
//! and the shapes the matcher's benchmarks rely on are there.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use skillpath_domain::course::{Course, Mode};
use skillpath_domain::esco::EscoDataset;
use skillpath_domain::jobseeker::{GroupFlags, Profile};
use skillpath_domain::vacancy::Vacancy;
use skillpath_generate::{GenerateError, GenerateSummary, Tier, generate};
use skillpath_ingest::esco::read_esco_dir;
use skillpath_ingest::vacancies::{ColumnMap, read_vacancies};
use skillpath_suite::{sample_dir, shared_path};

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct JobseekerLine {
    profile: Profile,
    groups: GroupFlags,
}

struct Output {
    vacancies: Vec<Vacancy>,
    courses: Vec<Course>,
    people: Vec<JobseekerLine>,
}

fn sample_esco() -> EscoDataset {
    read_esco_dir(&sample_dir().join("esco"), &mut |_| {})
        .expect("the sample ESCO reads")
        .dataset
}

fn real_esco() -> Option<EscoDataset> {
    let dir = shared_path("data/esco-v1.1.1")?;
    Some(
        read_esco_dir(&dir, &mut |_| {})
            .expect("the real ESCO reads")
            .dataset,
    )
}

fn small(courses: u64, vacancies: u64, jobseekers: u64) -> Tier {
    Tier::Custom {
        courses,
        vacancies,
        jobseekers,
    }
}

fn run(esco: &EscoDataset, tier: Tier, seed: u64, dir: &Path) -> GenerateSummary {
    generate(esco, tier, seed, dir, &mut |_, _, _| {}).expect("generation succeeds")
}

fn files(dir: &Path) -> Vec<Vec<u8>> {
    skillpath_generate::FILES
        .iter()
        .map(|f| std::fs::read(dir.join(f)).unwrap())
        .collect()
}

/// Reads the three files back with the project's readers, insisting every row is valid.
fn read_back(dir: &Path) -> Output {
    let read = read_vacancies(&dir.join("vacancies.csv"), &ColumnMap::default()).unwrap();
    assert!(
        read.rejected.is_empty(),
        "{:?}",
        &read.rejected[..3.min(read.rejected.len())]
    );
    let lines = |name: &str| -> Vec<String> {
        std::fs::read_to_string(dir.join(name))
            .unwrap()
            .lines()
            .map(str::to_owned)
            .collect()
    };
    let courses: Vec<Course> = lines("courses.jsonl")
        .iter()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    for c in &courses {
        c.validate().unwrap_or_else(|e| panic!("{}: {e}", c.id));
    }
    let people: Vec<JobseekerLine> = lines("jobseekers.jsonl")
        .iter()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    for p in &people {
        let id = &p.profile.id;
        p.profile.validate().unwrap_or_else(|e| panic!("{id}: {e}"));
        p.groups.validate().unwrap_or_else(|e| panic!("{id}: {e}"));
    }
    Output {
        vacancies: read.records,
        courses,
        people,
    }
}

/// Every URI in the output names a concept of the taxonomy it was generated from.
fn assert_known(esco: &EscoDataset, out: &Output) {
    let skills: HashSet<&str> = esco.skills.iter().map(|s| s.uri.as_str()).collect();
    let occupations: HashSet<&str> = esco.occupations.iter().map(|o| o.uri.as_str()).collect();
    for v in &out.vacancies {
        assert!(
            v.skill_uris.iter().all(|u| skills.contains(u.as_str())),
            "{}",
            v.id
        );
        assert!(
            v.occupation_uri
                .iter()
                .all(|u| occupations.contains(u.as_str())),
            "{}",
            v.id
        );
    }
    for c in &out.courses {
        assert!(
            c.skill_uris().iter().all(|u| skills.contains(u)),
            "{}",
            c.id
        );
        assert!(
            c.prerequisites.iter().all(|u| skills.contains(u.as_str())),
            "{}",
            c.id
        );
    }
    for p in &out.people {
        let p = &p.profile;
        assert!(
            p.skills.iter().all(|s| skills.contains(s.uri.as_str())),
            "{}",
            p.id
        );
        assert!(
            p.work_history
                .iter()
                .chain(&p.target_occupations)
                .all(|o| occupations.contains(o.as_str())),
            "{}",
            p.id
        );
    }
}

fn assert_counts(out: &Output, summary: &GenerateSummary, tier: Tier) {
    let counts = tier.counts();
    assert_eq!(out.vacancies.len() as u64, counts.vacancies);
    assert_eq!(out.courses.len() as u64, counts.courses);
    assert_eq!(out.people.len() as u64, counts.jobseekers);
    assert_eq!(summary.vacancies.rows, counts.vacancies);
    let sessions: usize = out.courses.iter().map(|c| c.sessions.len()).sum();
    assert_eq!(summary.sessions, sessions as u64);
}

#[test]
fn the_same_seed_gives_the_same_bytes_and_another_seed_other_bytes() {
    let esco = sample_esco();
    let tier = small(200, 1_500, 1_500);
    let (a, b, c) = (
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
    );
    run(&esco, tier, 7, a.path());
    // One thread against the default pool: chunks must not depend on who generates them.
    rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap()
        .install(|| run(&esco, tier, 7, b.path()));
    run(&esco, tier, 8, c.path());
    let (fa, fb, fc) = (files(a.path()), files(b.path()), files(c.path()));
    assert!(fa == fb, "same seed, different bytes");
    for (x, y) in fa.iter().zip(&fc) {
        assert_ne!(x, y, "another seed gave the same file");
    }
}

#[test]
fn every_row_of_a_small_tier_over_the_sample_esco_validates_and_counts_match() {
    let esco = sample_esco();
    let dir = tempfile::tempdir().unwrap();
    let tier = small(500, 3_000, 3_000);
    let mut reported: HashMap<String, (u64, u64)> = HashMap::new();
    let summary = generate(&esco, tier, 1, dir.path(), &mut |file, done, total| {
        let last = reported.entry(file.to_owned()).or_default();
        assert!(done >= last.0 && done <= total);
        *last = (done, total);
    })
    .unwrap();
    for name in skillpath_generate::FILES {
        let (done, total) = reported[name];
        assert_eq!(done, total, "{name}: progress ends at the total");
        assert!(!dir.path().join(format!("{name}.part")).exists());
    }
    let out = read_back(dir.path());
    assert_counts(&out, &summary, tier);
    assert_known(&esco, &out);
}

#[test]
fn every_row_over_the_real_esco_validates_and_names_known_concepts() {
    let Some(esco) = real_esco() else { return };
    let dir = tempfile::tempdir().unwrap();
    let tier = small(2_000, 10_000, 10_000);
    let summary = run(&esco, tier, 3, dir.path());
    assert!(summary.occupations > 2_500 && summary.skills > 13_000);
    let out = read_back(dir.path());
    assert_counts(&out, &summary, tier);
    assert_known(&esco, &out);
    assert_skewed(&out, 0.4);
    assert_shapes(&out);
}

#[test]
fn the_vacancy_header_is_the_sample_s() {
    let sample = std::fs::read_to_string(sample_dir().join("vacancies.csv")).unwrap();
    let header = sample.lines().next().unwrap();
    assert_eq!(skillpath_generate::VACANCY_COLUMNS.join(","), header);
}

/// Share of coded vacancies that go to the top tenth of occupations (at least one).
fn top_tenth_share(out: &Output) -> f64 {
    let mut per_occ: HashMap<&str, usize> = HashMap::new();
    for v in &out.vacancies {
        if let Some(o) = &v.occupation_uri {
            *per_occ.entry(o).or_default() += 1;
        }
    }
    let mut counts: Vec<usize> = per_occ.values().copied().collect();
    counts.sort_unstable_by(|a, b| b.cmp(a));
    let total: usize = counts.iter().sum();
    let top = counts.len().div_ceil(10);
    counts[..top].iter().sum::<usize>() as f64 / total as f64
}

fn assert_skewed(out: &Output, at_least: f64) {
    let share = top_tenth_share(out);
    assert!(
        share > at_least,
        "top tenth of occupations take {share:.2} of vacancies"
    );
}

#[test]
fn demand_is_skewed_toward_a_few_occupations() {
    let esco = sample_esco();
    let dir = tempfile::tempdir().unwrap();
    run(&esco, small(10, 4_000, 10), 5, dir.path());
    // 28 occupations: a flat market would give the top three about 11%.
    assert_skewed(&read_back(dir.path()), 0.2);
}

fn rate(out: &Output, f: impl Fn(&JobseekerLine) -> bool) -> f64 {
    out.people.iter().filter(|p| f(p)).count() as f64 / out.people.len() as f64
}

#[test]
fn every_group_flag_appears_at_about_its_rate_with_a_lawful_basis() {
    let esco = sample_esco();
    let dir = tempfile::tempdir().unwrap();
    run(&esco, small(10, 10, 6_000), 11, dir.path());
    let out = read_back(dir.path());
    for (name, expected) in [
        ("young", 0.15),
        ("long_term_unemployed", 0.30),
        ("minimum_income", 0.15),
        ("disability", 0.08),
        ("low_qualified", 0.20),
        ("older_worker", 0.15),
    ] {
        let got = rate(&out, |p| p.groups.get(name) == Some(true));
        assert!(
            (got - expected).abs() < 0.03,
            "{name}: {got:.3}, expected {expected}"
        );
    }
    assert!(
        out.people
            .iter()
            .all(|p| p.groups.any() != p.groups.lawful_basis.is_empty())
    );
    let needs = rate(&out, |p| !p.profile.accessibility_needs.is_empty());
    assert!(
        (0.03..0.07).contains(&needs),
        "accessibility needs {needs:.3}"
    );
    let targets = rate(&out, |p| !p.profile.target_occupations.is_empty());
    assert!((0.55..0.70).contains(&targets), "targets {targets:.3}");
}

fn assert_shapes(out: &Output) {
    let coded: Vec<&Vacancy> = out
        .vacancies
        .iter()
        .filter(|v| v.occupation_uri.is_some())
        .collect();
    let coded_share = coded.len() as f64 / out.vacancies.len() as f64;
    assert!(
        (0.45..0.55).contains(&coded_share),
        "coded {coded_share:.2}"
    );
    assert!(coded.iter().all(|v| (1..=15).contains(&v.skill_uris.len())));
    for v in &out.vacancies {
        let (p, c) = (v.posted.unwrap(), v.closing.unwrap());
        assert!((14..=56).contains(&(c - p).num_days()), "{}", v.id);
        assert!(!v.description.is_empty() && v.location.latitude.is_some());
    }
    let regions: HashSet<_> = out
        .vacancies
        .iter()
        .map(|v| v.location.region.clone())
        .collect();
    assert!(regions.len() >= 35, "{} regions", regions.len());

    let online = out
        .courses
        .iter()
        .filter(|c| c.participation.mode == Mode::Online)
        .count();
    let online = online as f64 / out.courses.len() as f64;
    assert!((0.22..0.38).contains(&online), "online {online:.2}");
    for c in &out.courses {
        assert!((2..=6).contains(&c.skill_uris().len()), "{}", c.id);
        assert!(c.eqf_level.is_none_or(|l| (2..=6).contains(&l)), "{}", c.id);
        if let (Some(e), Some(h)) = (c.ects, c.hours) {
            assert!((1.0..=10.0).contains(&e) && h >= e * 25.0 - 0.5 && h <= e * 30.0 + 0.5);
        }
        assert!((1..=7).contains(&c.sessions.len()));
        assert!(c.cost.amount_minor == 0 || (10_000..=300_000).contains(&c.cost.amount_minor));
    }
    let complete = out
        .courses
        .iter()
        .filter(|c| c.missing_elements().is_empty())
        .count();
    let complete = complete as f64 / out.courses.len() as f64;
    assert!(
        (0.6..0.8).contains(&complete),
        "complete records {complete:.2}"
    );
    let providers: HashSet<&str> = out.courses.iter().map(|c| c.provider.as_str()).collect();
    assert!(
        (150..=300).contains(&providers.len()),
        "{} providers",
        providers.len()
    );

    for p in &out.people {
        assert!(
            (3..=20).contains(&p.profile.skills.len()),
            "{}",
            p.profile.id
        );
    }
}

#[test]
fn a_taxonomy_without_occupation_skills_is_refused() {
    let mut esco = sample_esco();
    esco.occupation_skills.clear();
    let dir = tempfile::tempdir().unwrap();
    let err = generate(&esco, small(1, 1, 1), 1, dir.path(), &mut |_, _, _| {}).unwrap_err();
    assert!(matches!(err, GenerateError::EmptyTaxonomy), "{err}");
}
