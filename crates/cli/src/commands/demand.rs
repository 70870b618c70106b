//! `skillpath demand`: which skills open vacancies ask for, in a region or nationally, with
//! how many vacancies posted in each of the last 12 months asked for them.

use anyhow::Context;
use chrono::NaiveDate;
use serde::Serialize;
use skillpath_matcher::demand::{CollectionShares, SkillDemand};
use skillpath_matcher::{Demand, Taxonomy};

use crate::settings::Settings;

pub struct Options<'a> {
    pub region: Option<&'a str>,
    pub top: usize,
    pub as_of: Option<NaiveDate>,
    pub json: bool,
}

/// The `--json` document: one object, so a script reads it with one parse.
#[derive(Serialize)]
struct Report<'a> {
    /// Null for all regions.
    region: Option<&'a str>,
    as_of: NaiveDate,
    #[serde(flatten)]
    shares: CollectionShares,
    /// Each skill's `trend` counts vacancies posted per month, oldest first, the last being
    /// the month of `as_of`.
    skills: &'a [SkillDemand],
}

pub fn run(settings: &Settings, opts: &Options<'_>) -> anyhow::Result<()> {
    let store = super::open_store(settings)?;
    let esco = store.taxonomy().context("reading the taxonomy")?;
    anyhow::ensure!(
        !esco.skills.is_empty(),
        "the database holds no ESCO skills; run `skillpath ingest esco DIR` first"
    );
    let taxonomy = Taxonomy::from_dataset(&esco);
    let vacancies = store.vacancies().context("reading vacancies")?;
    let as_of = opts
        .as_of
        .unwrap_or_else(|| chrono::Utc::now().date_naive());
    let demand = Demand::build(&taxonomy, &vacancies, as_of);
    let rows = demand.top_skills(&taxonomy, opts.region, None, opts.top);
    // From the area itself, so that open vacancies naming no skill still count.
    let shares = demand.collection_shares(opts.region, None);
    if opts.json {
        let report = Report {
            region: opts.region,
            as_of,
            shares,
            skills: &rows,
        };
        println!("{}", serde_json::to_string_pretty(&report)?);
        return Ok(());
    }
    let scope = opts.region.unwrap_or("all regions");
    println!(
        "demand in {scope} on {as_of}: {} open vacancies; green share {:.1}%, digital share {:.1}%",
        shares.open_total,
        shares.green * 100.0,
        shares.digital * 100.0
    );
    println!(
        "{:>6} {:>7}  {:<5} {:<7}  {:<12}  skill",
        "open", "share", "green", "digital", "12 months"
    );
    for r in &rows {
        println!(
            "{:>6} {:>6.1}%  {:<5} {:<7}  {:<12}  {}",
            r.open_vacancies,
            r.share * 100.0,
            if r.green { "yes" } else { "" },
            if r.digital { "yes" } else { "" },
            sparkline(&r.trend),
            r.label
        );
    }
    Ok(())
}

/// One bar per month scaled to the busiest month of the row, so a rising or falling skill
/// shows at a glance; `--json` carries the counts.
fn sparkline(counts: &[u32]) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let max = counts.iter().copied().max().unwrap_or(0);
    counts
        .iter()
        .map(|&c| match c {
            0 => ' ',
            _ => BARS[((c as usize * 8).div_ceil(max as usize) - 1).min(7)],
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::sparkline;

    #[test]
    fn sparkline_scales_each_row_to_its_busiest_month() {
        assert_eq!(sparkline(&[0, 1, 2, 4, 8]), " ▁▂▄█");
        assert_eq!(sparkline(&[0; 3]), "   ");
        assert_eq!(sparkline(&[3, 3]), "██");
    }
}
