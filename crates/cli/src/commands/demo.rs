use std::path::Path;

use crate::settings::Settings;

/// Loads the shipped sample into the configured database, then serves it. Loading is
/// idempotent, so running the demo twice leaves the same data.
pub fn run(settings: &Settings, data: &Path, load_only: bool) -> anyhow::Result<()> {
    anyhow::ensure!(
        data.join("esco").is_dir(),
        "sample data not found at {}; run the demo from the project root or pass --data DIR",
        data.display()
    );
    let store = super::open_store(settings)?;
    super::esco::load(&store, &data.join("esco"), None)?;
    let all_rows = super::vacancies::Options {
        map: &[],
        strict: true,
        report: None,
    };
    super::vacancies::load(&store, &data.join("vacancies.csv"), &all_rows)?;
    if load_only {
        return Ok(());
    }
    super::serve::serve(settings, store, |addr| {
        println!();
        println!("skillpath is serving the sample data at http://{addr}");
        println!("  curl http://{addr}/healthz");
        println!("  curl 'http://{addr}/api/v1/occupations/match?q=solar+installer'");
        println!("  curl 'http://{addr}/api/v1/skills/extract?text=install+photovoltaic+panels'");
        println!("  curl http://{addr}/metrics");
        println!("press Ctrl-C to stop");
    })
}
