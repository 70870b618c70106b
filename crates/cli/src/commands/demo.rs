use std::path::Path;

use anyhow::Context;
use skillpath_store::{NewUser, Role, Store, Token};

use crate::settings::Settings;

/// The day the shipped sample is seen from: its vacancies are open and its sessions start
/// in the months after it.
const SAMPLE_DAY: &str = "2026-12-01";

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
    let courses = super::courses::Options {
        format: None,
        map: &[],
        strict: true,
        report: None,
    };
    super::courses::load(&store, &data.join("courses.jsonl"), &courses)?;
    super::jobseekers::load(&store, &data.join("jobseekers.jsonl"), true, None)?;
    if load_only {
        return Ok(());
    }
    let mut settings = settings.clone();
    if settings.matcher.as_of.trim().is_empty() {
        settings.matcher.as_of = SAMPLE_DAY.to_owned();
    }
    let first = store
        .jobseekers_page(None, None, 1)?
        .into_iter()
        .next()
        .context("the sample holds no jobseeker")?;
    // Fresh tokens each run: they are shown once and stored only as digests.
    let tokens = [
        token(&store, Role::Analyst, None, None)?,
        token(&store, Role::Admin, None, None)?,
        token(&store, Role::Caseworker, Some(&first.office), None)?,
        token(&store, Role::Jobseeker, None, Some(&first.id))?,
    ];
    super::serve::serve(&settings, store, |addr| {
        println!();
        println!("skillpath is serving the sample data at http://{addr}");
        for (role, scope, token) in &tokens {
            println!("  {role} token{scope}: {}", token.expose());
        }
        let auth = |i: usize| format!("-H 'Authorization: Bearer {}'", tokens[i].2.expose());
        let base = format!("http://{addr}/api/v1");
        println!("  web interface: http://{addr}/ui (sign in with one of the tokens)");
        println!("  curl http://{addr}/healthz");
        println!(
            "  curl {} '{base}/occupations/match?q=solar+installer'",
            auth(0)
        );
        println!("  curl {} {base}/me", auth(0));
        println!(
            "  curl {} {base}/jobseekers/{}/recommendations",
            auth(2),
            first.id
        );
        println!(
            "  curl {} {base}/jobseekers/{}/recommendations",
            auth(3),
            first.id
        );
        println!("  curl http://{addr}/metrics");
        println!("press Ctrl-C to stop");
    })
}

/// An account and its token, with the scope it is limited to for the printed line.
fn token(
    store: &Store,
    role: Role,
    office: Option<&str>,
    jobseeker: Option<&str>,
) -> anyhow::Result<(Role, String, Token)> {
    let new = NewUser {
        role,
        office: office.map(str::to_owned),
        jobseeker_id: jobseeker.map(str::to_owned),
    };
    let (_, token) = store
        .create_user(&new)
        .with_context(|| format!("creating the demo {role} account"))?;
    let scope = match (office, jobseeker) {
        (Some(o), _) => format!(" (office {o})"),
        (_, Some(j)) => format!(" (jobseeker {j})"),
        _ => String::new(),
    };
    Ok((role, scope, token))
}
