//! `skillpath recommend`: the ranked courses for one jobseeker, for a caseworker to read or a
//! tool to parse, or for everyone at once into a file (the nightly batch, in `batch`).

mod batch;

use std::fmt::Write as _;
use std::path::Path;

use anyhow::Context;
use chrono::NaiveDate;
use skillpath_engine::Snapshot;
use skillpath_matcher::{AreaKind, RecommendOptions, Recommendations};
use skillpath_store::Store;

use crate::settings::Settings;

/// Gap skills printed for one person; the JSON carries them all.
const GAP_SHOWN: usize = 10;

pub enum Target<'a> {
    One { jobseeker: &'a str, json: bool },
    All { out: &'a Path },
}

pub struct Args<'a> {
    pub target: Target<'a>,
    pub top: usize,
    pub as_of: Option<NaiveDate>,
}

pub fn run(settings: &Settings, args: &Args<'_>) -> anyhow::Result<()> {
    anyhow::ensure!(args.top > 0, "--top must be at least 1");
    // Checked before the slow part, so a typo in the file name fails at once.
    let format = match args.target {
        Target::All { out } => Some(batch::Format::from_path(out)?),
        Target::One { .. } => None,
    };
    let store = super::open_store(settings)?;
    let snapshot = matcher(settings, &store, args.as_of)?;
    let options = RecommendOptions {
        courses: args.top,
        ..RecommendOptions::default()
    };
    match (&args.target, format) {
        (Target::All { out }, Some(format)) => batch::run(&store, &snapshot, &options, out, format),
        (Target::One { jobseeker, json }, _) => {
            let profile = store
                .jobseeker(jobseeker)
                .context("reading the jobseeker")?
                .ok_or_else(|| {
                    anyhow::anyhow!("no jobseeker with id {jobseeker:?} in the database")
                })?;
            let r = snapshot
                .matcher
                .recommend(&profile, &options)
                .with_context(|| format!("recommending for {jobseeker}"))?;
            if *json {
                println!("{}", serde_json::to_string_pretty(&r)?);
            } else {
                print!("{}", human(&r));
            }
            Ok(())
        }
        (Target::All { .. }, None) => unreachable!("the format is read for --all above"),
    }
}

/// The matcher as the server builds it, seen from `--as-of` when given.
fn matcher(
    settings: &Settings,
    store: &Store,
    as_of: Option<NaiveDate>,
) -> anyhow::Result<Snapshot> {
    anyhow::ensure!(
        store.data_stamp()?.esco_releases > 0,
        "the database holds no ESCO taxonomy; run `skillpath ingest esco DIR` first"
    );
    let mut options = settings.matcher.engine_options()?;
    if as_of.is_some() {
        options.as_of = as_of;
    }
    skillpath_engine::build(store, &options, None).context("building the matcher")
}

/// What a caseworker reads: where the targets came from, what is missing and why, then the
/// courses with the sentence that explains each.
fn human(r: &Recommendations) -> String {
    let mut out = String::new();
    let area = match &r.area {
        AreaKind::Radius { radius_km } => format!("within {radius_km} km"),
        AreaKind::Region(code) => format!("in region {code}"),
        AreaKind::National => "nationally".to_owned(),
    };
    let _ = writeln!(
        out,
        "jobseeker {} on {}: {} open vacancies {area}",
        r.profile_id, r.as_of, r.open_vacancies_in_area
    );
    if r.targets_suggested {
        let _ = writeln!(out, "\nno target occupation set; suggested pathways:");
        for (i, p) in r.pathways.iter().enumerate() {
            let _ = writeln!(
                out,
                "  {}. {} (score {:.3}; {} essential skills missing, about {} courses to close them, {} open nearby)",
                i + 1,
                p.label,
                p.score,
                p.remaining_gap.len(),
                p.courses_to_close,
                p.open_vacancies_nearby
            );
        }
    }
    let _ = writeln!(out, "\ntargets: {}", r.gap.targets.join(", "));
    let _ = writeln!(
        out,
        "\ngap: {} skills, total weight {:.3}",
        r.gap.skills.len(),
        r.gap.total_weight()
    );
    for g in r.gap.skills.iter().take(GAP_SHOWN) {
        let _ = writeln!(out, "  {:>7.3}  {}", g.weight, g.text);
    }
    if r.gap.skills.len() > GAP_SHOWN {
        let _ = writeln!(
            out,
            "  … and {} more (--json lists them all)",
            r.gap.skills.len() - GAP_SHOWN
        );
    }
    let _ = writeln!(
        out,
        "\ncourses: {} of {} candidates",
        r.ranked.courses.len(),
        r.ranked.candidates
    );
    for (i, c) in r.ranked.courses.iter().enumerate() {
        let _ = writeln!(
            out,
            "  {}. {} [{}] score {:.3}, starts {}",
            i + 1,
            c.title,
            c.course_id,
            c.score.relevance,
            c.session_start
        );
        let _ = writeln!(out, "     {}", c.explanation);
    }
    if !r.ranked.excluded.is_empty() {
        // The filters stop once no candidate left could enter the list (`Ranked::examined`).
        let _ = writeln!(
            out,
            "  excluded by the filters, of the {} candidates examined: {}",
            r.ranked.examined,
            batch::exclusions(r)
        );
    }
    out
}
