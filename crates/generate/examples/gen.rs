//! Generates a tier from an ESCO download and prints the time it took, for measuring:
//!
//! cargo run --release -p skillpath-generate --example gen -- ESCO_DIR S|M|L OUT_DIR [SEED]
//!
//! `people=N` in place of the tier writes N jobseekers with tier M's proportions of courses
//! (one per ten people) and outcome events (ten a person), and no vacancies: the report
//! benchmark's input at any size.

use std::path::PathBuf;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [esco, tier, out, rest @ ..] = args.as_slice() else {
        return Err("usage: gen ESCO_DIR S|M|L|people=N OUT_DIR [SEED]".into());
    };
    let seed = rest.first().map_or(Ok(1), |s| s.parse())?;
    let tier = match tier.strip_prefix("people=") {
        Some(n) => {
            let jobseekers: u64 = n.parse()?;
            skillpath_generate::Tier::Custom {
                courses: (jobseekers / 10).max(1),
                vacancies: 0,
                jobseekers,
            }
        }
        None => skillpath_generate::tier_from_str(tier)?,
    };

    let started = Instant::now();
    let read = skillpath_ingest::esco::read_esco_dir(&PathBuf::from(esco), &mut |_| {})?;
    let read_secs = started.elapsed().as_secs_f64();
    let mut last = String::new();
    let summary = skillpath_generate::generate(
        &read.dataset,
        tier,
        seed,
        &PathBuf::from(out),
        &mut |file, done, total| {
            if file != last || done == total {
                eprintln!("{file}: {done}/{total}");
                last = file.to_owned();
            }
        },
    )?;
    println!("esco read in {read_secs:.1} s");
    for f in [
        &summary.vacancies,
        &summary.courses,
        &summary.jobseekers,
        &summary.outcomes,
    ] {
        println!(
            "{}: {} rows, {:.1} MB",
            f.path.display(),
            f.rows,
            f.bytes as f64 / 1e6
        );
    }
    println!(
        "tier {} seed {}: {} sessions, {} occupations, {} skills, generated in {:.1} s",
        summary.tier,
        summary.seed,
        summary.sessions,
        summary.occupations,
        summary.skills,
        summary.seconds
    );
    Ok(())
}
