//! One recommendation, in-process, on a small generated catalogue (5,000 courses, 50,000
//! vacancies) over full ESCO when `$SKILLPATH_SHARED` (or ../shared) has it, else over the
//! sample taxonomy in data/sample/esco, so that the bench runs in a fresh clone:
//!
//! cargo bench -p skillpath-matcher --bench recommend
//!
//! The generated files are kept in $TMPDIR/skillpath-criterion-{full,sample} between runs.
//! Each iteration recommends for the next of 200 generated profiles, so the figure is a mean
//! over varied people rather than one person's cached path.

use std::collections::HashMap;
use std::path::PathBuf;

use criterion::{Criterion, criterion_group, criterion_main};
use skillpath_domain::jobseeker::Profile;
use skillpath_generate::Tier;
use skillpath_matcher::{Catalogue, Demand, Matcher, Policy, RecommendOptions, Taxonomy};

const TIER: Tier = Tier::Custom {
    courses: 5_000,
    vacancies: 50_000,
    jobseekers: 200,
};

#[derive(serde::Deserialize)]
struct Line {
    profile: Profile,
}

fn setup() -> (Matcher, Vec<Profile>) {
    let shared = std::env::var_os("SKILLPATH_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| skillpath_suite::workspace_root().join("../shared"));
    let full = shared.join("data/esco-v1.1.1");
    let (esco_dir, which) = if full.is_dir() {
        (full, "full")
    } else {
        eprintln!(
            "{} absent: benchmarking over the sample taxonomy",
            full.display()
        );
        (skillpath_suite::sample_dir().join("esco"), "sample")
    };
    let esco = skillpath_ingest::esco::read_esco_dir(&esco_dir, &mut |_| {})
        .expect("ESCO folder reads")
        .dataset;
    let dir = std::env::temp_dir().join(format!("skillpath-criterion-{which}"));
    if !dir.join("jobseekers.jsonl").exists() {
        skillpath_generate::generate(&esco, TIER, 1, &dir, &mut |_, _, _| {})
            .expect("generation succeeds");
    }
    let taxonomy = Taxonomy::from_dataset(&esco);
    let vacancies = skillpath_ingest::vacancies::read_vacancies(
        &dir.join("vacancies.csv"),
        &Default::default(),
    )
    .expect("generated vacancies read")
    .records;
    let courses =
        skillpath_ingest::courses::read_courses(&dir.join("courses.jsonl"), &Default::default())
            .expect("generated courses read")
            .records
            .into_iter()
            .map(|r| r.course)
            .collect();
    let profiles = std::fs::read_to_string(dir.join("jobseekers.jsonl"))
        .expect("generated jobseekers read")
        .lines()
        .map(|l| {
            serde_json::from_str::<Line>(l)
                .expect("a generated profile")
                .profile
        })
        .collect();
    let demand = Demand::build(&taxonomy, &vacancies, skillpath_generate::default_as_of());
    let catalogue = Catalogue::build(&taxonomy, courses, &HashMap::new()).expect("index builds");
    (
        Matcher::new(taxonomy, demand, catalogue, Policy::default()),
        profiles,
    )
}

fn recommend(c: &mut Criterion) {
    let (matcher, profiles) = setup();
    let options = RecommendOptions::default();
    let mut next = profiles.iter().cycle();
    c.bench_function("recommend one profile (5,000 courses)", |b| {
        b.iter(|| {
            let p = next.next().expect("profiles cycle");
            matcher.recommend(p, &options).expect("recommendation")
        })
    });
}

criterion_group!(benches, recommend);
criterion_main!(benches);
