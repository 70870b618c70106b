//! Skills named in long free text (vacancy descriptions, course learning outcomes), with
//! where each was found and how sure the finding is.
//!
//! Every ESCO label (preferred, alternative, hidden, and each without its bracketed
//! qualifier) becomes a sequence of Snowball stems; one Aho-Corasick automaton finds all of
//! them in a text in a single pass over its stems. A match does not count when it stands in
//! advert boilerplate ([`boilerplate`]) or under a negation ([`negation`]); a match inside a
//! longer one ("nursing" inside "mental health nursing") counts for less. Unlike
//! [`crate::labels::SkillIndex`], which ranks partial matches for one sentence, this finds
//! only whole labels, which is what a long text needs: precise, and linear in its length.

mod boilerplate;
mod cues;
mod negation;
mod phrases;
mod score;
mod terms;
mod tokens;

use serde::{Deserialize, Serialize};
use skillpath_domain::esco::Skill;

use cues::{Cues, Found};
use phrases::{Hit, Phrases};
use terms::{Encoded, Vocabulary};

#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    #[error("skill extractor: {0}")]
    Automaton(#[from] aho_corasick::BuildError),
}

/// Where in the text a skill was named.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    /// Byte offsets into the text, `end` exclusive, on character boundaries.
    pub start: usize,
    pub end: usize,
    /// `text[start..end]`.
    pub text: String,
}

/// One skill a text asks for or teaches.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Extracted {
    pub uri: String,
    /// The skill's preferred label, whichever of its labels matched.
    pub label: String,
    /// 0..1: higher for whole specific labels, the preferred label, and several mentions.
    pub confidence: f32,
    /// Every place the skill was named, in text order.
    pub spans: Vec<Span>,
}

/// Finds ESCO skills in text. Built once per taxonomy; `extract` takes `&self` and can run
/// on many threads at once.
#[derive(Debug)]
pub struct SkillExtractor {
    vocabulary: Vocabulary,
    cues: Cues,
    phrases: Phrases,
    skills: Vec<(String, String)>,
}

/// Buffers one extraction needs, kept so a long run allocates once.
#[derive(Debug, Default)]
struct Work {
    encoded: Encoded,
    found: Found,
    hits: Vec<Hit>,
    negated: Vec<bool>,
    boilerplate: Vec<bool>,
}

thread_local! {
    static WORK: std::cell::RefCell<Work> = std::cell::RefCell::new(Work::default());
}

impl SkillExtractor {
    pub fn build(skills: &[Skill]) -> Result<Self, ExtractError> {
        let mut vocabulary = Vocabulary::new();
        let cues = Cues::build(&mut vocabulary)?;
        let phrases = Phrases::build(skills, &mut vocabulary)?;
        tracing::debug!(
            skills = skills.len(),
            phrases = phrases.phrases.len(),
            terms = vocabulary.len(),
            "built skill extractor"
        );
        Ok(Self {
            vocabulary,
            cues,
            phrases,
            skills: skills
                .iter()
                .map(|s| (s.uri.clone(), s.labels.preferred.clone()))
                .collect(),
        })
    }

    /// The skills `text` names outside boilerplate and negations, most confident first.
    pub fn extract(&self, text: &str) -> Vec<Extracted> {
        WORK.with_borrow_mut(|work| {
            let Work {
                encoded,
                found,
                hits,
                negated,
                boilerplate,
            } = work;
            self.vocabulary.encode(text, encoded);
            self.cues.find(encoded, found);
            negation::negated(&encoded.tokens, found, negated);
            boilerplate::boilerplate(text, &encoded.tokens, found, boilerplate);
            self.phrases.find(encoded, hits);
            hits.retain(|hit| {
                (hit.from..hit.to).all(|p| {
                    let token = encoded.positions[p];
                    !negated[token] && !boilerplate[token]
                })
            });
            score::rank(&self.phrases, hits)
                .into_iter()
                .map(|found| {
                    let (uri, label) = &self.skills[found.skill as usize];
                    Extracted {
                        uri: uri.clone(),
                        label: label.clone(),
                        confidence: found.confidence,
                        spans: found
                            .ranges
                            .into_iter()
                            .map(|(from, to)| {
                                let start = encoded.tokens[encoded.positions[from]].start;
                                let end = encoded.tokens[encoded.positions[to - 1]].end;
                                Span {
                                    start,
                                    end,
                                    text: text[start..end].to_owned(),
                                }
                            })
                            .collect(),
                    }
                })
                .collect()
        })
    }
}
