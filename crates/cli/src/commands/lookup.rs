//! The two stable lookup commands: one JSON object per input line, in input order, so that
//! other tools can zip our output with their input.

use std::io::{BufRead, BufWriter, Write};

use anyhow::Context;
use serde::Serialize;
use skillpath_ingest::labels::{Match, OccupationIndex, SkillIndex};

use crate::settings::Settings;

#[derive(Serialize)]
struct OccupationLine<'a> {
    query: &'a str,
    matches: &'a [Match],
}

#[derive(Serialize)]
struct SkillLine<'a> {
    text: &'a str,
    skills: &'a [Match],
}

pub fn occupations(settings: &Settings, top: usize) -> anyhow::Result<()> {
    let store = super::open_store(settings)?;
    let occupations = store.occupations(false)?;
    anyhow::ensure!(
        !occupations.is_empty(),
        "the database holds no ESCO occupations; run `skillpath ingest esco DIR` first"
    );
    let index = OccupationIndex::build(&occupations).context("building the occupation index")?;
    each_line(|line, out| {
        let matches = index.match_title(line, top)?;
        serde_json::to_writer(
            out,
            &OccupationLine {
                query: line,
                matches: &matches,
            },
        )?;
        Ok(())
    })
}

pub fn skills(settings: &Settings, top: usize) -> anyhow::Result<()> {
    let store = super::open_store(settings)?;
    let skills = store.skills(false)?;
    anyhow::ensure!(
        !skills.is_empty(),
        "the database holds no ESCO skills; run `skillpath ingest esco DIR` first"
    );
    let index = SkillIndex::build(&skills).context("building the skill index")?;
    each_line(|line, out| {
        let skills = index.extract(line, top)?;
        serde_json::to_writer(
            out,
            &SkillLine {
                text: line,
                skills: &skills,
            },
        )?;
        Ok(())
    })
}

fn each_line(
    mut answer: impl FnMut(&str, &mut BufWriter<std::io::StdoutLock<'static>>) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let stdin = std::io::stdin().lock();
    let mut out = BufWriter::new(std::io::stdout().lock());
    let mut buf = Vec::new();
    let mut reader = std::io::BufReader::new(stdin);
    loop {
        buf.clear();
        if reader
            .read_until(b'\n', &mut buf)
            .context("reading stdin")?
            == 0
        {
            break;
        }
        // Input from other tools is not always clean UTF-8; answer every line rather than stop.
        let text = String::from_utf8_lossy(&buf);
        let line = text.trim_end_matches(['\n', '\r']);
        answer(line, &mut out)?;
        out.write_all(b"\n")?;
    }
    out.flush().context("writing stdout")?;
    Ok(())
}
