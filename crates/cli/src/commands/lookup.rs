//! The two stable lookup commands: one JSON object per input line, in input order, so that
//! other tools can zip our output with their input.

use std::io::{BufRead, BufWriter, Write};

use anyhow::Context;
use serde::Serialize;
use skillpath_ingest::extract::{SkillExtractor, Span};
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
    skills: &'a [SkillAnswer],
}

/// A stable-shape skill match, with where the text named it when it named a whole label.
#[derive(Serialize)]
struct SkillAnswer {
    uri: String,
    label: String,
    score: f32,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    spans: Vec<Span>,
}

/// How many ranked candidates the partial-match ranking offers to the fusion: the whole-label
/// finds can lift one from below the top N.
const CANDIDATES: usize = 50;

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
    let extractor = SkillExtractor::build(&skills).context("building the skill extractor")?;
    each_line(|line, out| {
        let ranked = index.extract(line, top.max(CANDIDATES))?;
        let skills = fuse(ranked, &extractor, line, top);
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

/// What a whole-label find adds to a candidate, against the best partial match scoring 1.
/// Validation (debug build, `scripts/eval-quality --only skills`): 0.1 keeps HOUSE RP@5 at
/// 0.497 and lifts RP@10 0.578 → 0.585 and TECH MRR 0.629 → 0.634; 0.3 lifts HOUSE MRR to
/// 0.507 but drops HOUSE RP@5 to 0.479; 1 and 2 lose on both splits.
const WHOLE_LABEL_WEIGHT: f32 = 0.1;

/// Partial-match ranking (good at sentences that paraphrase a label) fused with whole-label
/// finds (precise, and aware of negation and boilerplate): each candidate scores its
/// partial-match score relative to the best one, plus the whole-label confidence.
fn fuse(
    ranked: Vec<Match>,
    extractor: &SkillExtractor,
    line: &str,
    top: usize,
) -> Vec<SkillAnswer> {
    let best = ranked
        .first()
        .map_or(1.0, |m| m.score)
        .max(f32::MIN_POSITIVE);
    let mut answers: Vec<SkillAnswer> = ranked
        .into_iter()
        .map(|m| SkillAnswer {
            uri: m.uri,
            label: m.label,
            score: m.score / best,
            spans: Vec::new(),
        })
        .collect();
    for found in extractor.extract(line) {
        let bonus = WHOLE_LABEL_WEIGHT * found.confidence;
        match answers.iter_mut().find(|a| a.uri == found.uri) {
            Some(answer) => {
                answer.score += bonus;
                answer.spans = found.spans;
            }
            None => answers.push(SkillAnswer {
                uri: found.uri,
                label: found.label,
                score: bonus,
                spans: found.spans,
            }),
        }
    }
    answers.sort_by(|a, b| b.score.total_cmp(&a.score));
    answers.truncate(top);
    answers
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
