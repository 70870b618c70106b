//! Recommendations per second on generated tier-S data over the full ESCO taxonomy:
//!
//! cargo run --release -p skillpath-matcher --example bench -- ESCO_DIR DATA_DIR [PROFILES]
//!
//! DATA_DIR is generated (tier S, seed 1) when it holds no `jobseekers.jsonl`. Prints build
//! times, then one-thread and all-core throughput over the first PROFILES jobseekers.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Instant;

use skillpath_domain::jobseeker::Profile;
use skillpath_matcher::{Catalogue, Demand, Matcher, Policy, RecommendOptions, Taxonomy};

#[derive(serde::Deserialize)]
struct Line {
    profile: Profile,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [esco, data, rest @ ..] = args.as_slice() else {
        return Err("usage: bench ESCO_DIR DATA_DIR [PROFILES]".into());
    };
    let count: usize = rest.first().map_or(Ok(2000), |s| s.parse())?;
    let data = PathBuf::from(data);

    let t = Instant::now();
    let esco = skillpath_ingest::esco::read_esco_dir(&PathBuf::from(esco), &mut |_| {})?;
    println!("esco read: {:.1} s", t.elapsed().as_secs_f64());
    if !data.join("jobseekers.jsonl").exists() {
        let t = Instant::now();
        skillpath_generate::generate(
            &esco.dataset,
            skillpath_generate::Tier::S,
            1,
            &data,
            &mut |_, _, _| {},
        )?;
        println!("tier S generated: {:.1} s", t.elapsed().as_secs_f64());
    }
    let as_of = skillpath_generate::default_as_of();

    let t = Instant::now();
    let taxonomy = Taxonomy::from_dataset(&esco.dataset);
    let vacancies = skillpath_ingest::vacancies::read_vacancies(
        &data.join("vacancies.csv"),
        &Default::default(),
    )?;
    let courses =
        skillpath_ingest::courses::read_courses(&data.join("courses.jsonl"), &Default::default())?;
    let courses: Vec<_> = courses.records.into_iter().map(|r| r.course).collect();
    let text = std::fs::read_to_string(data.join("jobseekers.jsonl"))?;
    let profiles: Vec<Profile> = text
        .lines()
        .take(count)
        .map(|l| serde_json::from_str::<Line>(l).map(|l| l.profile))
        .collect::<Result<_, _>>()?;
    println!(
        "read {} vacancies, {} courses, {} profiles: {:.1} s",
        vacancies.records.len(),
        courses.len(),
        profiles.len(),
        t.elapsed().as_secs_f64()
    );

    let t = Instant::now();
    let demand = Demand::build(&taxonomy, &vacancies.records, as_of);
    println!("demand built: {:.2} s", t.elapsed().as_secs_f64());
    let t = Instant::now();
    let catalogue = Catalogue::build(&taxonomy, courses, &HashMap::new())?;
    println!("catalogue indexed: {:.2} s", t.elapsed().as_secs_f64());
    let matcher = Matcher::new(taxonomy, demand, catalogue, Policy::default());
    let options = RecommendOptions::default();

    let single = profiles.len().min(500);
    let t = Instant::now();
    let mut served = 0;
    for p in &profiles[..single] {
        served += usize::from(!matcher.recommend(p, &options)?.ranked.courses.is_empty());
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "one thread: {single} profiles in {secs:.2} s = {:.0} recommendations/s ({served} with a course)",
        single as f64 / secs
    );

    let t = Instant::now();
    let all = matcher.recommend_all(&profiles, &options);
    let secs = t.elapsed().as_secs_f64();
    let served = all
        .iter()
        .filter(|r| r.as_ref().is_ok_and(|r| !r.ranked.courses.is_empty()))
        .count();
    println!(
        "all {} cores: {} profiles in {secs:.2} s = {:.0} recommendations/s ({served} with a course)",
        rayon::current_num_threads(),
        profiles.len(),
        profiles.len() as f64 / secs
    );
    Ok(())
}
