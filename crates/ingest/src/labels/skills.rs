//! Skills mentioned in free text (a job-ad sentence, a course outcome).

use skillpath_domain::esco::Skill;

use super::descriptions::Descriptions;
use super::index::{LabelIndex, Query};
use super::overlap::{Overlap, Scratch, window};
use super::vectors::{ConceptText, Vectors};
use super::{LabelIndexError, Match};

/// What a sentence word counts for against a label word of the same stem but another
/// derivation ("experience" for "experiment"; validation at 0.5: HOUSE RP@5 0.497 → 0.536,
/// MRR 0.481 → 0.507; TECH MRR 0.634 → 0.649; 0.3 and 0.7 do less).
const DERIVED: f32 = 0.5;

/// How many of the best label matches the description similarity may reorder.
const CANDIDATES: usize = 60;

/// How much a candidate gains per unit of cosine between the text and what ESCO says of the
/// skill (description and labels), as a factor on its label score. Validation, from 0 to
/// 2.5: HOUSE RP@5 0.536 -> 0.523, MRR 0.507 -> 0.525; TECH RP@5 0.720 -> 0.725, MRR 0.649 ->
/// 0.708; anywhere from 1.5 to 4 did about as well; adding it instead of multiplying, or the
/// description alone, cost HOUSE RP@5 more.
const DESCRIPTION: f32 = 2.5;

/// Added to a candidate's score (relative to the best candidate's) per unit of cosine between
/// the text and the skill in word vectors learned from the skills' descriptions and labels
/// (validation: HOUSE RP@5 0.523 -> 0.541, MRR 0.525 -> 0.526; TECH RP@5 0.725 -> 0.727, MRR
/// 0.708 -> 0.705; 0.6 lifts HOUSE further but takes TECH RP@5 to 0.705).
const MEANING: f32 = 0.3;

/// Skills by their labels, for finding the skills a text mentions.
#[derive(Debug)]
pub struct SkillIndex {
    labels: LabelIndex,
    descriptions: Descriptions,
    vectors: Vectors,
}

impl SkillIndex {
    /// Indexes every preferred, alternative and hidden label of `skills`.
    pub fn build(skills: &[Skill]) -> Result<Self, LabelIndexError> {
        let labels = LabelIndex::build(skills.iter().map(|s| (s.uri.as_str(), &s.labels)))?;
        let descriptions = Descriptions::build(skills.iter().map(|s| {
            let labels = std::iter::once(&s.labels.preferred).chain(&s.labels.alternative);
            std::iter::once(&s.description).chain(labels)
        }));
        let texts: Vec<ConceptText<'_>> = skills
            .iter()
            .map(|s| ConceptText {
                description: &s.description,
                labels: std::iter::once(&s.labels.preferred)
                    .chain(&s.labels.alternative)
                    .map(String::as_str)
                    .collect(),
            })
            .collect();
        let vectors = Vectors::learn(&texts);
        Ok(Self {
            labels,
            descriptions,
            vectors,
        })
    }

    /// The `top` skills that `text` most likely mentions, best first, one entry each.
    pub fn extract(&self, text: &str, top: usize) -> Result<Vec<Match>, LabelIndexError> {
        let query = self.labels.analyze(text);
        if query.is_empty() || top == 0 {
            return Ok(Vec::new());
        }
        let overlaps = self.labels.overlaps(&query, DERIVED)?;
        let mut scratch = Scratch::default();
        let scored = overlaps.into_iter().map(|(ordinal, overlap)| {
            (
                ordinal,
                score(&self.labels, &query, ordinal, overlap, &mut scratch),
            )
        });
        // Several labels of one skill matching is no extra evidence in a sentence: they are
        // usually the same words again (validation: flat either way).
        // The label ranking finds the candidates; the description only reorders them, so a
        // skill is never proposed for words its labels do not share.
        let mut ranked = self.labels.best_concepts(scored, top.max(CANDIDATES), 0.0);
        let best = ranked.first().map_or(1.0, |r| r.1).max(f32::MIN_POSITIVE);
        let vector = self.descriptions.vector(text);
        if !vector.is_empty() {
            for (concept, score) in &mut ranked {
                let similarity = self.descriptions.similarity(*concept, &vector);
                *score = *score / best * (1.0 + DESCRIPTION * similarity);
            }
        }
        let best = ranked.iter().map(|r| r.1).fold(f32::MIN_POSITIVE, f32::max);
        let meaning = self.vectors.text(text, |_| 1.0);
        for (concept, score) in &mut ranked {
            *score = *score / best + MEANING * self.vectors.similarity(*concept, &meaning);
        }
        ranked.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked.truncate(top);
        Ok(self.labels.matches(ranked))
    }
}

/// Unlike a title, a sentence holds far more than one label, so what the sentence leaves
/// out of a label costs nothing; what counts is how much of the label the sentence says
/// (squared: half a label is much weaker evidence than a whole one), how much information
/// that is (a whole two-word label outranks a whole one-word label of similar rarity), and
/// whether the words stand together.
fn score(
    index: &LabelIndex,
    query: &Query,
    ordinal: u32,
    overlap: Overlap,
    scratch: &mut Scratch,
) -> f32 {
    let label = index.label(ordinal);
    let Some(span) = window(query, label, overlap.found, scratch) else {
        return 0.0;
    };
    let proximity = overlap.found as f32 / span as f32;
    overlap.matched
        * overlap.label_coverage
        * overlap.label_coverage
        * (0.5 + 0.5 * proximity)
        * label.kind.factor()
}
