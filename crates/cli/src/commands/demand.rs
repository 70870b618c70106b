//! `skillpath demand`: which skills open vacancies ask for, in a region or nationally.

use anyhow::Context;
use chrono::NaiveDate;
use skillpath_matcher::{Demand, Taxonomy};

use crate::settings::Settings;

pub fn run(
    settings: &Settings,
    region: Option<&str>,
    top: usize,
    as_of: Option<NaiveDate>,
) -> anyhow::Result<()> {
    let store = super::open_store(settings)?;
    let esco = store.taxonomy().context("reading the taxonomy")?;
    anyhow::ensure!(
        !esco.skills.is_empty(),
        "the database holds no ESCO skills; run `skillpath ingest esco DIR` first"
    );
    let taxonomy = Taxonomy::from_dataset(&esco);
    let vacancies = store.vacancies().context("reading vacancies")?;
    let as_of = as_of.unwrap_or_else(|| chrono::Utc::now().date_naive());
    let demand = Demand::build(&taxonomy, &vacancies, as_of);
    let rows = demand.top_skills(&taxonomy, region, None, top);
    let scope = region.unwrap_or("all regions");
    // From the area itself, so that open vacancies naming no skill still count.
    let shares = demand.collection_shares(region, None);
    println!(
        "demand in {scope} on {as_of}: {} open vacancies; green share {:.1}%, digital share {:.1}%",
        shares.open_total,
        shares.green * 100.0,
        shares.digital * 100.0
    );
    println!(
        "{:>6} {:>7}  {:<5} {:<7}  skill",
        "open", "share", "green", "digital"
    );
    for r in &rows {
        println!(
            "{:>6} {:>6.1}%  {:<5} {:<7}  {}",
            r.open_vacancies,
            r.share * 100.0,
            if r.green { "yes" } else { "" },
            if r.digital { "yes" } else { "" },
            r.label
        );
    }
    Ok(())
}
