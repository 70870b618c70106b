//! `skillpath credentials`: issue a micro-credential for a course a learner completed, verify
//! one, and print the public key to publish. Verification exits 0 for a valid credential,
//! 1 for one that is not (the reason on stderr, or as JSON on stdout with `--json`), and 2
//! when it cannot run (unreadable file, bad key set).

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use chrono::{DateTime, Utc};
use clap::Subcommand;
use skillpath_credentials::{
    ExpectedLearner, IssueRequest, IssuerProfile, KeySet, Learner, Signer, StatusEntry, Trust,
    issue, verify,
};
use skillpath_domain::course::Course;

use crate::settings::{Credentials, Settings};

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check a credential's signature, issuer, validity period and revocation.
    Verify {
        file: PathBuf,
        /// Trusted keys, {"keys": [{"id", "controller", "publicKeyMultibase", "retired"}]}
        /// (default: credentials.keys_file).
        #[arg(long, value_name = "FILE")]
        keys: Option<PathBuf>,
        /// A published status list credential to check revocation against (repeatable).
        #[arg(long = "status", value_name = "FILE")]
        status: Vec<PathBuf>,
        /// Judge validity at this time (RFC 3339) instead of now.
        #[arg(long, value_name = "TIME")]
        at: Option<DateTime<Utc>>,
        /// Print the verdict as JSON on stdout.
        #[arg(long)]
        json: bool,
        /// Also check that the credential is this learner's (the id the issuer knows them by).
        #[arg(long, value_name = "ID")]
        learner: Option<String>,
        /// The salt the learner was given at issue, for a credential naming its learner by a
        /// salted hash (as ours do).
        #[arg(long, value_name = "SALT", requires = "learner")]
        salt: Option<String>,
    },
    /// Write the Open Badges 3.0 and European Learning Model credentials for a learner who
    /// completed a course. Needs SKILLPATH__CREDENTIALS__SIGNING_KEY and __KEY_ID.
    Issue {
        /// A JSON Lines course catalogue (as `skillpath generate` and data/sample write).
        #[arg(long, value_name = "FILE")]
        course_file: PathBuf,
        #[arg(long, value_name = "ID")]
        course_id: String,
        /// The learner's identifier (a URI, or the PES's own id); the documents carry only
        /// its hash salted with the `learner_salt` printed, which goes to the learner.
        #[arg(long, value_name = "ID")]
        learner: String,
        #[arg(long, value_name = "NAME")]
        learner_name: Option<String>,
        /// Date of issue (RFC 3339; default now).
        #[arg(long, value_name = "TIME")]
        issued: Option<DateTime<Utc>>,
        #[arg(long, value_name = "TIME")]
        valid_until: Option<DateTime<Utc>>,
        /// URL of the issuer's revocation status list, with --status-index.
        #[arg(long, value_name = "URL", requires = "status_index")]
        status_list: Option<String>,
        #[arg(long, value_name = "N", requires = "status_list")]
        status_index: Option<usize>,
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
    /// Print the key-set entry of the configured signing key, to publish for verifiers.
    PublicKey,
}

pub fn run(command: Command, settings: &Settings) -> ExitCode {
    let result = match command {
        Command::Verify {
            file,
            keys,
            status,
            at,
            json,
            learner,
            salt,
        } => {
            let learner = learner.map(|id| ExpectedLearner { id, salt });
            return verify_file(settings, &file, keys.as_deref(), &status, at, learner, json);
        }
        Command::Issue {
            course_file,
            course_id,
            learner,
            learner_name,
            issued,
            valid_until,
            status_list,
            status_index,
            out,
        } => {
            let status = status_list
                .zip(status_index)
                .map(|(list_url, index)| StatusEntry { list_url, index });
            issue_files(
                &settings.credentials,
                &course_file,
                &course_id,
                Learner {
                    id: learner,
                    name: learner_name,
                },
                issued.unwrap_or_else(Utc::now),
                valid_until,
                status,
                &out,
            )
        }
        Command::PublicKey => signer(&settings.credentials).and_then(|s| {
            let issuer = issuer(&settings.credentials)?;
            println!(
                "{}",
                serde_json::to_string_pretty(&s.trusted_key(&issuer.id))?
            );
            Ok(())
        }),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => failed(&e),
    }
}

fn failed(e: &anyhow::Error) -> ExitCode {
    eprintln!("error: {e:#}");
    ExitCode::from(2)
}

fn verify_file(
    settings: &Settings,
    file: &Path,
    keys: Option<&Path>,
    status: &[PathBuf],
    at: Option<DateTime<Utc>>,
    learner: Option<ExpectedLearner>,
    json: bool,
) -> ExitCode {
    let mut trust = match trust(settings, keys, status, at) {
        Ok(t) => t,
        Err(e) => return failed(&e),
    };
    trust.learner = learner;
    let document = match std::fs::read(file).with_context(|| format!("reading {}", file.display()))
    {
        Ok(d) => d,
        Err(e) => return failed(&e),
    };
    let verdict = verify(&document, &trust);
    if json {
        println!(
            "{}",
            serde_json::to_string(&verdict).expect("a verdict serialises")
        );
    } else if verdict.is_valid() {
        println!("valid: {}", verdict.detail);
    } else {
        eprintln!("not valid ({}): {}", verdict.reason.code(), verdict.detail);
    }
    if verdict.is_valid() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn trust(
    settings: &Settings,
    keys: Option<&Path>,
    status: &[PathBuf],
    at: Option<DateTime<Utc>>,
) -> anyhow::Result<Trust> {
    let configured = Some(settings.credentials.keys_file.as_str())
        .filter(|f| !f.is_empty())
        .map(Path::new);
    let set = match keys.or(configured) {
        Some(path) => {
            let bytes = std::fs::read(path)
                .with_context(|| format!("reading key set {}", path.display()))?;
            KeySet::from_json(&bytes).with_context(|| format!("key set {}", path.display()))?
        }
        None => KeySet::new(),
    };
    let mut trust = Trust::new(set, at.unwrap_or_else(Utc::now));
    for path in status {
        let bytes = std::fs::read(path)
            .with_context(|| format!("reading status list {}", path.display()))?;
        trust
            .add_status_list(&bytes)
            .with_context(|| format!("status list {}", path.display()))?;
    }
    Ok(trust)
}

#[allow(clippy::too_many_arguments)]
fn issue_files(
    config: &Credentials,
    course_file: &Path,
    course_id: &str,
    learner: Learner,
    issued: DateTime<Utc>,
    valid_until: Option<DateTime<Utc>>,
    status: Option<StatusEntry>,
    out: &Path,
) -> anyhow::Result<()> {
    let signer = signer(config)?;
    let issuer = issuer(config)?;
    let course = find_course(course_file, course_id)?;
    let request = IssueRequest {
        course: &course,
        learner,
        issuer,
        issued,
        valid_until,
        skill_labels: Default::default(),
        status,
    };
    let credential = issue(&request, &signer)?;
    std::fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;
    let stem: String = course
        .id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let stem = format!("{stem}-{}", &credential.id[credential.id.len() - 12..]);
    let ob3 = out.join(format!("{stem}.ob3.json"));
    let elm = out.join(format!("{stem}.elm.jsonld"));
    for (path, doc) in [(&ob3, &credential.open_badge), (&elm, &credential.elm)] {
        std::fs::write(path, serde_json::to_vec_pretty(doc)?)
            .with_context(|| format!("writing {}", path.display()))?;
    }
    println!(
        "{}",
        serde_json::json!({"id": credential.id, "learner_salt": credential.learner_salt,
            "open_badge": ob3, "elm": elm})
    );
    Ok(())
}

fn signer(config: &Credentials) -> anyhow::Result<Signer> {
    let Some(seed) = config.signing_key.expose() else {
        bail!(
            "no signing key: set SKILLPATH__CREDENTIALS__SIGNING_KEY (a 32-byte Ed25519 seed, hex or base64) and SKILLPATH__CREDENTIALS__KEY_ID"
        );
    };
    if config.key_id.trim().is_empty() {
        bail!("no key id: set SKILLPATH__CREDENTIALS__KEY_ID, e.g. did:web:pes.example#key-2026");
    }
    Ok(Signer::from_seed(config.key_id.trim(), seed)?)
}

fn issuer(config: &Credentials) -> anyhow::Result<IssuerProfile> {
    if config.issuer_id.trim().is_empty() || config.issuer_name.trim().is_empty() {
        bail!(
            "no issuer: set credentials.issuer_id and credentials.issuer_name (or SKILLPATH__CREDENTIALS__ISSUER_ID and __ISSUER_NAME)"
        );
    }
    Ok(IssuerProfile {
        id: config.issuer_id.trim().to_owned(),
        name: config.issuer_name.trim().to_owned(),
        url: Some(config.issuer_url.trim().to_owned()).filter(|u| !u.is_empty()),
    })
}

/// The course with `id` in a JSON Lines catalogue; lines that are other courses are not
/// parsed beyond their id, so one broken record elsewhere does not stop an issue.
fn find_course(path: &Path, id: &str) -> anyhow::Result<Course> {
    let file = std::fs::File::open(path).with_context(|| format!("opening {}", path.display()))?;
    for (n, line) in BufReader::new(file).lines().enumerate() {
        let line = line.with_context(|| format!("reading {}", path.display()))?;
        if line.trim().is_empty() {
            continue;
        }
        let value: serde_json::Value = serde_json::from_str(&line)
            .with_context(|| format!("{} line {}: not JSON", path.display(), n + 1))?;
        if value.get("id").and_then(|v| v.as_str()) != Some(id) {
            continue;
        }
        return serde_json::from_value(value)
            .with_context(|| format!("{} line {}: not a course record", path.display(), n + 1));
    }
    bail!("no course with id {id:?} in {}", path.display())
}
