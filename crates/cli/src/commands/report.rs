//! `skillpath report NAME`: an analyst's report, with disclosure control, as CSV or JSON on
//! stdout or into a file.

use std::io::Write;
use std::path::Path;

use anyhow::Context;
use skillpath_engine::reports::{self, Format, Query};
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
    let format = match args.format {
        "csv" => Format::Csv,
        _ => Format::Json,
    };
    let store = super::open_store(settings)?;
    let mut sink: Box<dyn Write> = match args.out {
        Some(path) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    // Written as it is built: a report by course over a national register has millions of rows.
    reports::write(&store, &query, &Policy::default(), format, &mut sink)
        .context("building the report")?;
    sink.flush().context("writing the report")?;
    Ok(())
}
