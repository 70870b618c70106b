//! `skillpath report NAME`: an analyst's report, with disclosure control, as CSV or JSON on
//! stdout or into a file.

use std::io::Write;
use std::path::Path;

use anyhow::Context;
use skillpath_engine::reports::{self, Query};
use skillpath_report::sdc::Policy;

use crate::settings::Settings;

pub struct Args<'a> {
    pub name: &'a str,
    pub by: Option<&'a str>,
    pub from: Option<&'a str>,
    pub to: Option<&'a str>,
    pub format: &'a str,
    pub out: Option<&'a Path>,
}

pub fn run(settings: &Settings, args: &Args<'_>) -> anyhow::Result<()> {
    let query = Query::parse(args.name, args.by, args.from, args.to).map_err(|e| {
        let flag = if e.field == "name" {
            "NAME".to_owned()
        } else {
            format!("--{}", e.field)
        };
        anyhow::anyhow!("{flag}: {}", e.reason)
    })?;
    let store = super::open_store(settings)?;
    let output = reports::run(&store, &query, &Policy::default()).context("building the report")?;
    let mut sink: Box<dyn Write> = match args.out {
        Some(path) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    match args.format {
        "csv" => output.write_csv(&mut sink).context("writing CSV")?,
        _ => {
            serde_json::to_writer_pretty(&mut sink, &output).context("writing JSON")?;
            writeln!(sink)?;
        }
    }
    sink.flush().context("writing the report")?;
    Ok(())
}
