//! The `skillpath` command-line tool. Errors reach the user through `anyhow` here, at the
//! binary's edge; the library crates return typed errors.

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod commands;
mod logging;
mod progress;
mod settings;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::settings::Settings;

#[derive(Debug, Parser)]
#[command(
    name = "skillpath",
    version,
    about = "Training recommendations for public employment services"
)]
struct Cli {
    /// A TOML file layered over config/default.toml (environment variables still win).
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Load the shipped sample data into the configured database and start the server.
    Demo {
        /// Folder holding the sample data.
        #[arg(long, default_value = "data/sample")]
        data: PathBuf,
        /// Load the data, print what was loaded and exit without serving.
        #[arg(long)]
        load_only: bool,
    },
    /// Start the HTTP server.
    Serve,
    /// Load data files into the database.
    #[command(subcommand)]
    Ingest(IngestCommand),
    /// Job titles to ESCO occupations.
    #[command(subcommand)]
    Occupations(OccupationsCommand),
    /// Free text to ESCO skills.
    #[command(subcommand)]
    Skills(SkillsCommand),
    /// Issue, verify and publish keys for portable micro-credentials (Open Badges 3.0, ELM).
    #[command(subcommand)]
    Credentials(commands::credentials::Command),
    /// Write synthetic vacancies, courses and jobseekers at a scale tier (for benchmarks).
    Generate {
        /// S (10k courses, 100k vacancies, 100k jobseekers), M (10x S) or L (national).
        #[arg(long, value_parser = parse_tier)]
        tier: skillpath_generate::Tier,
        /// Folder to write vacancies.csv, courses.jsonl and jobseekers.jsonl into.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// The same seed writes the same files.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The day the data is seen from (YYYY-MM-DD); vacancies are posted in the year before.
        #[arg(long, value_name = "DATE")]
        as_of: Option<chrono::NaiveDate>,
        /// Read the taxonomy from this ESCO download instead of the database.
        #[arg(long, value_name = "DIR")]
        esco: Option<PathBuf>,
    },
    /// An analyst's report (uptake or fairness) with disclosure control, as CSV or JSON.
    Report {
        /// uptake (the funnel by --by) or fairness (each group against the rest).
        name: String,
        /// Comma list of course, provider, occupation, region, group, period.
        #[arg(long, value_name = "DIMS")]
        by: Option<String>,
        /// First day of the period (YYYY-MM-DD), by each pair's first event.
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        /// Last day of the period (YYYY-MM-DD), included.
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
        #[arg(long, default_value = "csv", value_parser = ["csv", "json"])]
        format: String,
        /// Write here instead of stdout.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Ranked courses for one jobseeker, or for every jobseeker into a file.
    #[command(group(clap::ArgGroup::new("who").required(true).args(["jobseeker", "all"])))]
    Recommend {
        /// The jobseeker's id, as in the loaded profiles.
        #[arg(long, value_name = "ID")]
        jobseeker: Option<String>,
        /// Every jobseeker in the database (the nightly batch); needs --out.
        #[arg(long, requires = "out")]
        all: bool,
        /// With --all: FILE.csv (one row per jobseeker and rank) or FILE.jsonl (one object per jobseeker).
        #[arg(long, value_name = "FILE", requires = "all")]
        out: Option<PathBuf>,
        /// Courses per jobseeker.
        #[arg(long, default_value_t = 10)]
        top: usize,
        /// Print the recommendations as JSON (one jobseeker only).
        #[arg(long, conflicts_with = "all")]
        json: bool,
        /// The day demand and sessions are seen from (YYYY-MM-DD); matcher.as_of when absent.
        #[arg(long, value_name = "DATE")]
        as_of: Option<chrono::NaiveDate>,
    },
    /// API accounts and their tokens.
    #[command(subcommand)]
    Users(UsersCommand),
    /// The skills open vacancies ask for, with their share and 12-month trend.
    Demand {
        /// A region code as in the vacancies; all regions when absent.
        #[arg(long)]
        region: Option<String>,
        #[arg(long, default_value_t = 20)]
        top: usize,
        /// The day demand is seen from (YYYY-MM-DD); today when absent.
        #[arg(long, value_name = "DATE")]
        as_of: Option<chrono::NaiveDate>,
        /// Print one JSON object (shares, and each skill with its monthly counts).
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
enum UsersCommand {
    /// Create an account and print its bearer token, once, on stdout.
    Create {
        /// caseworker, jobseeker, analyst or admin.
        #[arg(long)]
        role: String,
        /// The office a caseworker serves (caseworkers only, required for them).
        #[arg(long)]
        office: Option<String>,
        /// The jobseeker a jobseeker account belongs to (jobseeker accounts only, required).
        #[arg(long, value_name = "ID")]
        jobseeker: Option<String>,
    },
}

fn parse_tier(s: &str) -> Result<skillpath_generate::Tier, String> {
    skillpath_generate::tier_from_str(s).map_err(|e| e.to_string())
}

#[derive(Debug, Subcommand)]
enum IngestCommand {
    /// The official ESCO CSV download (v1.1.x or v1.2.x, English).
    Esco {
        /// The folder holding skills_en.csv, occupations_en.csv and the other files.
        dir: PathBuf,
        /// Also write every skipped row (file, line, field, uri, reason) to this CSV file.
        #[arg(long, value_name = "FILE")]
        report: Option<PathBuf>,
    },
    /// Job vacancies: CSV (delimiter and encoding detected), JSON Lines or schema.org JobPosting JSON.
    Vacancies {
        file: PathBuf,
        /// Name the source column of a field when it is not recognised, e.g. --map title=Stelle.
        #[arg(long = "map", value_name = "FIELD=COLUMN")]
        map: Vec<String>,
        /// Refuse the whole file if any row is broken.
        #[arg(long)]
        strict: bool,
        /// Write every rejected row (file, line, field, reason) to this CSV file.
        #[arg(long, value_name = "FILE")]
        report: Option<PathBuf>,
    },
    /// Course catalogues: JSON Lines, CSV (our columns, aliases, --map, or the edX layout) or ELM credentials.
    Courses {
        file: PathBuf,
        /// The file's format when its extension does not tell: csv, jsonl or json.
        #[arg(long, value_parser = ["csv", "jsonl", "json"])]
        format: Option<String>,
        /// Name the source column of a field when it is not recognised, e.g. --map title=Kurs.
        #[arg(long = "map", value_name = "FIELD=COLUMN")]
        map: Vec<String>,
        /// Refuse the whole file if any row is broken.
        #[arg(long)]
        strict: bool,
        /// Write every rejected row (file, line, field, reason) to this CSV file.
        #[arg(long, value_name = "FILE")]
        report: Option<PathBuf>,
    },
    /// Jobseeker profiles with their group flags: JSON Lines of {profile, groups} or CSV.
    Jobseekers {
        file: PathBuf,
        /// Refuse the whole file if any row is broken.
        #[arg(long)]
        strict: bool,
        /// Write every rejected row (file, line, field, reason) to this CSV file.
        #[arg(long, value_name = "FILE")]
        report: Option<PathBuf>,
    },
    /// Outcome events (append-only, one idempotency key each): CSV or JSON Lines.
    Outcomes {
        file: PathBuf,
        /// Refuse the whole file if any row is broken or reuses a stored key for another event.
        #[arg(long)]
        strict: bool,
        /// Write every rejected row (file, line, field, reason) to this CSV file.
        #[arg(long, value_name = "FILE")]
        report: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
enum OccupationsCommand {
    /// Reads job titles, one per line, on stdin; writes one JSON object per line.
    Match {
        #[arg(long, default_value_t = 10)]
        top: usize,
    },
}

#[derive(Debug, Subcommand)]
enum SkillsCommand {
    /// Reads texts, one per line, on stdin; writes one JSON object per line.
    Extract {
        #[arg(long, default_value_t = 10)]
        top: usize,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let settings = match Settings::load(cli.config.as_deref()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e:#}");
            return ExitCode::from(2);
        }
    };
    logging::init(&settings.log);
    // Verification has its own exit codes: 1 means "not valid", 2 "could not check".
    let command = match cli.command {
        Command::Credentials(c) => return commands::credentials::run(c, &settings),
        other => other,
    };
    match run(command, &settings) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(command: Command, settings: &Settings) -> anyhow::Result<()> {
    match command {
        Command::Credentials(_) => unreachable!("handled in main"),
        Command::Demo { data, load_only } => commands::demo::run(settings, &data, load_only),
        Command::Serve => commands::serve::run(settings),
        Command::Ingest(IngestCommand::Esco { dir, report }) => {
            commands::esco::run(settings, &dir, report.as_deref())
        }
        Command::Ingest(IngestCommand::Vacancies {
            file,
            map,
            strict,
            report,
        }) => {
            let opts = commands::vacancies::Options {
                map: &map,
                strict,
                report: report.as_deref(),
            };
            commands::vacancies::run(settings, &file, &opts)
        }
        Command::Ingest(IngestCommand::Courses {
            file,
            format,
            map,
            strict,
            report,
        }) => {
            let opts = commands::courses::Options {
                format: format.as_deref(),
                map: &map,
                strict,
                report: report.as_deref(),
            };
            commands::courses::run(settings, &file, &opts)
        }
        Command::Ingest(IngestCommand::Jobseekers {
            file,
            strict,
            report,
        }) => commands::jobseekers::run(settings, &file, strict, report.as_deref()),
        Command::Ingest(IngestCommand::Outcomes {
            file,
            strict,
            report,
        }) => commands::outcomes::run(settings, &file, strict, report.as_deref()),
        Command::Occupations(OccupationsCommand::Match { top }) => {
            commands::lookup::occupations(settings, top)
        }
        Command::Skills(SkillsCommand::Extract { top }) => commands::lookup::skills(settings, top),
        Command::Generate {
            tier,
            out,
            seed,
            as_of,
            esco,
        } => commands::generate::run(
            settings,
            commands::generate::Args {
                tier,
                out: &out,
                seed,
                as_of,
                esco: esco.as_deref(),
            },
        ),
        Command::Report {
            name,
            by,
            from,
            to,
            format,
            out,
        } => commands::report::run(
            settings,
            &commands::report::Args {
                name: &name,
                by: by.as_deref(),
                from: from.as_deref(),
                to: to.as_deref(),
                format: &format,
                out: out.as_deref(),
            },
        ),
        Command::Demand {
            region,
            top,
            as_of,
            json,
        } => {
            let opts = commands::demand::Options {
                region: region.as_deref(),
                top,
                as_of,
                json,
            };
            commands::demand::run(settings, &opts)
        }
        Command::Recommend {
            jobseeker,
            all: _,
            out,
            top,
            json,
            as_of,
        } => {
            // clap guarantees exactly one of --jobseeker and --all, and --out with --all.
            let target = match (&jobseeker, &out) {
                (Some(id), _) => commands::recommend::Target::One {
                    jobseeker: id,
                    json,
                },
                (None, Some(out)) => commands::recommend::Target::All { out },
                (None, None) => anyhow::bail!("pass --jobseeker ID or --all --out FILE"),
            };
            let args = commands::recommend::Args { target, top, as_of };
            commands::recommend::run(settings, &args)
        }
        Command::Users(UsersCommand::Create {
            role,
            office,
            jobseeker,
        }) => {
            let args = commands::users::CreateArgs {
                role: &role,
                office: office.as_deref(),
                jobseeker: jobseeker.as_deref(),
            };
            commands::users::create(settings, &args)
        }
    }
}
