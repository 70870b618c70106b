//! The `skillpath` command-line tool. Errors reach the user through `anyhow` here, at the
//! binary's edge; the library crates return typed errors.

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
    /// API accounts and their tokens.
    #[command(subcommand)]
    Users(UsersCommand),
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
    match run(cli.command, &settings) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(command: Command, settings: &Settings) -> anyhow::Result<()> {
    match command {
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
        Command::Occupations(OccupationsCommand::Match { top }) => {
            commands::lookup::occupations(settings, top)
        }
        Command::Skills(SkillsCommand::Extract { top }) => commands::lookup::skills(settings, top),
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
