//! The parts of a job advert that are about the employer's terms and process, not the work:
//! skills named there ("our pension scheme", "we welcome applications from people with
//! disabilities") are not asked of the applicant.
//!
//! A sentence holding a boilerplate cue is boilerplate. A heading ("Benefits", "How to
//! apply", "About us") or a lead-in ending in a colon ("we offer a range of benefits
//! including:") that holds one opens a boilerplate section, which runs until a heading
//! about the job ("Main duties") or a lead-in without a cue ("you will need:").

use super::cues::{Cue, Found};
use super::tokens::{Break, Token};

/// A heading is a short line: a sentence of the job itself is rarely this short.
const HEADING_TOKENS: usize = 6;

/// Per token, whether it stands in boilerplate.
pub(crate) fn boilerplate(text: &str, tokens: &[Token], found: &Found, out: &mut Vec<bool>) {
    out.clear();
    out.resize(tokens.len(), false);
    let mut in_section = false;
    let mut start = 0;
    while start < tokens.len() {
        let end = sentence_end(tokens, start);
        let has = |kind: Cue| {
            found
                .hits
                .iter()
                .any(|&(cue, first, _)| cue == kind && (start..end).contains(&first))
        };
        let cue = has(Cue::Boilerplate);
        let next_gap = match tokens.get(end) {
            Some(next) => &text[tokens[end - 1].end..next.start],
            None => &text[tokens[end - 1].end..],
        };
        let colon = next_gap.trim_start().starts_with(':');
        let line_ends = tokens.get(end).is_none_or(|t| t.before == Break::Line);
        let heading = end - start <= HEADING_TOKENS && line_ends && !next_gap.contains('.');
        if heading || colon {
            if cue {
                in_section = true;
            } else if colon || has(Cue::JobSection) {
                in_section = false;
            }
        }
        if cue || in_section {
            out[start..end].fill(true);
        }
        start = end;
    }
}

fn sentence_end(tokens: &[Token], start: usize) -> usize {
    tokens[start + 1..]
        .iter()
        .position(|t| t.before >= Break::Sentence)
        .map_or(tokens.len(), |n| start + 1 + n)
}
