use std::path::Path;

use skillpath_store::{NewUser, Role};

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
    // Courses and jobseekers too, so that the web interface has someone to recommend for.
    let courses = super::courses::Options {
        format: None,
        map: &[],
        strict: true,
        report: None,
    };
    super::courses::run(settings, &data.join("courses.jsonl"), &courses)?;
    super::jobseekers::run(settings, &data.join("jobseekers.jsonl"), true, None)?;
    if load_only {
        return Ok(());
    }
    // Fresh tokens each run: they are shown once and stored only as digests.
    let mut tokens = Vec::new();
    // A caseworker of office-ded2 and jobseeker J-3000 (office-ded5) of the sample, for the
    // web interface at /ui.
    for role in [
        Role::Analyst,
        Role::Admin,
        Role::Caseworker,
        Role::Jobseeker,
    ] {
        let new = NewUser {
            role,
            office: (role == Role::Caseworker).then(|| "office-ded2".to_owned()),
            jobseeker_id: (role == Role::Jobseeker).then(|| "J-3000".to_owned()),
        };
        let (_, token) = store.create_user(&new)?;
        tokens.push((role, token));
    }
    super::serve::serve(settings, store, |addr| {
        println!();
        println!("skillpath is serving the sample data at http://{addr}");
        for (role, token) in &tokens {
            println!("  {role} token: {}", token.expose());
        }
        let auth = tokens
            .first()
            .map(|(_, t)| format!("-H 'Authorization: Bearer {}' ", t.expose()))
            .unwrap_or_default();
        println!("  web interface: http://{addr}/ui (sign in with one of the tokens)");
        println!("  curl http://{addr}/healthz");
        println!("  curl {auth}'http://{addr}/api/v1/occupations/match?q=solar+installer'");
        println!("  curl {auth}http://{addr}/api/v1/me");
        println!("  curl http://{addr}/metrics");
        println!("press Ctrl-C to stop");
    })
}
