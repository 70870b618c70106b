//! Which tokens a negation reaches, so that "no previous experience of nursing required"
//! does not count as asking for nursing.

use super::cues::{Cue, Found};
use super::tokens::{Break, Token};

/// How many tokens after a negation word it still reaches within its clause: enough for
/// "no previous experience in mental health nursing", short of the next requirement in a
/// run-on sentence.
const REACH: usize = 8;

/// Per token, whether it is negated.
pub(crate) fn negated(tokens: &[Token], found: &Found, out: &mut Vec<bool>) {
    out.clear();
    out.resize(tokens.len(), false);
    let cancelled = |at: usize| {
        found
            .hits
            .iter()
            .any(|&(cue, first, last)| cue == Cue::NotANegation && (first..=last).contains(&at))
    };
    for &(cue, first, last) in &found.hits {
        match cue {
            Cue::Negation if !cancelled(first) => {
                let end = clause_end(tokens, last).min(last + 1 + REACH);
                out[last + 1..end].fill(true);
            }
            Cue::NotNeeded if !cancelled(first) => {
                out[clause_start(tokens, first)..=last].fill(true);
            }
            _ => {}
        }
    }
}

/// The first token after `at` that starts a new clause (or the end).
fn clause_end(tokens: &[Token], at: usize) -> usize {
    tokens[at + 1..]
        .iter()
        .position(|t| t.before >= Break::Clause)
        .map_or(tokens.len(), |n| at + 1 + n)
}

/// The first token of the clause holding `at`.
fn clause_start(tokens: &[Token], at: usize) -> usize {
    (0..=at)
        .rev()
        .find(|&i| tokens[i].before >= Break::Clause)
        .unwrap_or(0)
}
