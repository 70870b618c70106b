//! Issue 4 item 8: recommendation figures on full ESCO and generated tier data, with the same
//! course scoring computed in PostgreSQL side by side in the same run.
//!
//! cargo run --release -p skillpath-matcher --example bench_recommend -- ESCO_DIR [S|M]
//!
//! Environment: SKILLPATH_BENCH_DATA (generated files, default $TMPDIR/skillpath-bench-TIER),
//! SKILLPATH_BENCH_PG (server URL, default postgres://postgres@127.0.0.1:5432/test; a
//! temporary database is created there and dropped), SKILLPATH_BENCH_PROFILES (profiles timed
//! one at a time, default 2000), SKILLPATH_BENCH_BATCH (profiles in the batch run).

// The allocator of the `skillpath` binary, so that the figures are the batch's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod data;
mod load;
mod phases;
mod sql;

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use skillpath_generate::Tier;
use skillpath_matcher::{Catalogue, Demand, Matcher, Policy, RecommendOptions, Taxonomy};

const BATCH_TARGET: f64 = 1_000_000.0;
/// Profiles per page of the batch: the page `skillpath recommend --all` reads and ranks.
const PAGE: usize = 2_000;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(esco_dir) = args.first().map(PathBuf::from) else {
        return Err("usage: bench_recommend ESCO_DIR [S|M]".into());
    };
    let tier = skillpath_generate::tier_from_str(args.get(1).map_or("M", String::as_str))?;
    if !matches!(tier, Tier::S | Tier::M) {
        return Err("tier must be S or M".into());
    }
    let env = |k: &str| -> Option<usize> { std::env::var(k).ok()?.parse().ok() };
    let singles = env("SKILLPATH_BENCH_PROFILES").unwrap_or(2000).max(1000);
    let batch = env("SKILLPATH_BENCH_BATCH").unwrap_or(match tier {
        Tier::S => 10_000,
        _ => 20_000,
    });
    let dir = std::env::var_os("SKILLPATH_BENCH_DATA").map_or_else(
        || std::env::temp_dir().join(format!("skillpath-bench-{tier}")),
        PathBuf::from,
    );
    println!("== bench-recommend, tier {tier}, seed {} ==", data::SEED);

    let t = Instant::now();
    let esco = skillpath_ingest::esco::read_esco_dir(&esco_dir, &mut |_| {})?.dataset;
    println!(
        "ESCO read: {} skills, {} occupations, {:.1} s",
        esco.skills.len(),
        esco.occupations.len(),
        t.elapsed().as_secs_f64()
    );
    let generated = data::load(&esco, tier, singles.max(batch) as u64, &dir)?;
    let taxonomy = Taxonomy::from_dataset(&esco);
    drop(esco);
    let as_of = skillpath_generate::default_as_of();

    let vacancies = generated.vacancies()?;
    let t = Instant::now();
    let demand = Demand::build(&taxonomy, &vacancies, as_of);
    println!(
        "demand from {} vacancies: {:.1} s",
        vacancies.len(),
        t.elapsed().as_secs_f64()
    );
    drop(vacancies);
    let courses = generated.courses()?;
    let count = courses.len();
    let t = Instant::now();
    let catalogue = Catalogue::build(&taxonomy, courses, &HashMap::new())?;
    let build = t.elapsed().as_secs_f64();
    println!("course index (Catalogue::build) of {count} courses: {build:.1} s   [target ≤ 30 s]");
    let matcher = Matcher::new(taxonomy, demand, catalogue, Policy::default());
    let profiles = &generated.profiles;
    let options = RecommendOptions::default();

    // One recommendation at a time, as the API serves them.
    let mut times = Vec::with_capacity(singles);
    let mut served = 0;
    let sched = Schedstat::now();
    for p in profiles.iter().take(singles) {
        let t = Instant::now();
        let r = matcher.recommend(p, &options)?;
        times.push(t.elapsed());
        served += usize::from(!r.ranked.courses.is_empty());
    }
    let sched = sched.and_then(|s| s.since(times.len()));
    let ours = Stats::of(&mut times);
    println!(
        "single recommendation, in-process, {} profiles ({served} with a course): p50 {} p99 {} max {}   [targets p50 ≤ 1 ms, p99 ≤ 5 ms]",
        times.len(),
        ms(ours.p50),
        ms(ours.p99),
        ms(ours.max)
    );

    if let Some((on_cpu, waited)) = sched {
        // On a machine shared with other work, wall-clock figures include waiting for a core;
        // the time on a core is what the code itself costs.
        println!(
            "  mean per recommendation: {on_cpu:.0} µs on a core, {waited:.0} µs waiting for one (/proc/thread-self/schedstat)"
        );
    }
    phases::report(&matcher, &profiles[..times.len()], &options);

    let n = batch.min(profiles.len());
    let cpu = process_on_cpu_ns();
    let t = Instant::now();
    // A page at a time, each page's results dropped before the next, as `skillpath recommend
    // --all` writes them out: holding every result would make the peak RSS the bench's own.
    let mut failed = 0;
    for page in profiles[..n].chunks(PAGE) {
        let results = matcher.recommend_all(page, &options);
        failed += results.iter().filter(|r| r.is_err()).count();
    }
    let secs = t.elapsed().as_secs_f64();
    let cpu = process_on_cpu_ns()
        .zip(cpu)
        .map(|(after, before)| after - before);
    println!(
        "batch on {} threads: {n} profiles in {secs:.1} s ({failed} failed) → {:.0}/s; 1,000,000 jobseekers extrapolated: {:.0} s   [target ≤ 300 s]",
        rayon::current_num_threads(),
        n as f64 / secs,
        BATCH_TARGET * secs / n as f64
    );
    if let Some(ns) = cpu {
        // What the batch would take with two cores to itself: its CPU time halved.
        let per = ns as f64 / 1e3 / n.max(1) as f64;
        println!(
            "  batch CPU time: {per:.0} µs on a core per profile → 1,000,000 jobseekers on 2 idle cores: {:.0} s",
            per * BATCH_TARGET / 2.0 / 1e6
        );
    }
    println!(
        "RSS: peak (VmHWM, includes reading the input files) {}, after the batch (VmRSS) {}   [target ≤ 1.5 GB]",
        status_gb("VmHWM:"),
        status_gb("VmRSS:")
    );

    let compared = &profiles[..singles.min(profiles.len())];
    match sql::Postgres::connect()? {
        None => println!("SQL side skipped: PostgreSQL not reachable (set SKILLPATH_BENCH_PG)"),
        Some(pg) => sql::compare(&pg, &matcher, compared, &options, ours)?,
    }
    Ok(())
}

#[derive(Debug, Clone, Copy)]
pub struct Stats {
    pub p50: Duration,
    pub p99: Duration,
    pub max: Duration,
}

impl Stats {
    pub fn of(times: &mut [Duration]) -> Self {
        times.sort_unstable();
        let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
        Self {
            p50: at(0.50),
            p99: at(0.99),
            max: at(1.0),
        }
    }
}

pub fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1e3)
}

/// Time on a core of every thread of this process so far, in nanoseconds (Linux schedstat).
fn process_on_cpu_ns() -> Option<u64> {
    let mut total = 0;
    for task in std::fs::read_dir("/proc/self/task").ok()? {
        let s = std::fs::read_to_string(task.ok()?.path().join("schedstat")).ok()?;
        total += s.split_whitespace().next()?.parse::<u64>().ok()?;
    }
    Some(total)
}

/// This thread's time on a core and waiting for one, in nanoseconds (Linux schedstat).
#[derive(Debug, Clone, Copy)]
struct Schedstat {
    on_cpu: u64,
    waited: u64,
}

impl Schedstat {
    fn now() -> Option<Self> {
        let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
        let mut f = s.split_whitespace().map(|v| v.parse::<u64>().ok());
        Some(Self {
            on_cpu: f.next()??,
            waited: f.next()??,
        })
    }

    /// Mean microseconds (on a core, waiting) per one of `n` calls since `self`.
    fn since(self, n: usize) -> Option<(f64, f64)> {
        let now = Self::now()?;
        let per = |a: u64, b: u64| (a - b) as f64 / 1e3 / n.max(1) as f64;
        Some((per(now.on_cpu, self.on_cpu), per(now.waited, self.waited)))
    }
}

/// A resident-set figure of the process (`VmHWM:` peak, `VmRSS:` now), from the kernel.
fn status_gb(field: &str) -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix(field))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        })
        .map_or_else(
            || "unknown (no /proc/self/status)".into(),
            |kb| format!("{:.2} GB", kb / 1024.0 / 1024.0),
        )
}
