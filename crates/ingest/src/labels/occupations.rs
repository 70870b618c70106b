//! Job titles to ESCO occupations.

use skillpath_domain::esco::Occupation;

use super::descriptions::Descriptions;
use super::index::{LabelIndex, LabelKind, Query};
use super::overlap::{Overlap, Scratch, is_exact, window};
use super::title::Title;
use super::vectors::{ConceptText, Vectors};
use super::{LabelIndexError, Match};

/// What a title word counts for against a label word of the same stem but another
/// derivation ("development" for "developer"): a job title names the agent, and the field
/// alone is weaker evidence (validation titles: MRR 0.358 → 0.364 at 0.5; 0.3 and 0.7 do
/// less).
const DERIVED: f32 = 0.5;

/// Added when the title is one of the occupation's labels, token for token: nothing partial
/// should outrank that.
const EXACT_BONUS: f32 = 1.0;
/// Multiplier when all of a label's terms stand together in the title.
const PHRASE_BONUS: f32 = 1.3;
/// Share of a concept's second-best label added to its best: an occupation that several of
/// its labels match is more likely meant than one matched by a single odd label
/// (validation titles: MRR +0.012 at 0.3, flat beyond).
const RUNNER_UP: f32 = 0.3;

/// How many of the best label matches the description may reorder.
const CANDIDATES: usize = 60;
/// A candidate's label score is multiplied by 1 + this x the cosine between the title and
/// the occupation's description and labels as TF-IDF vectors (validation titles: MRR
/// 0.3665 -> 0.3704 at 1; 0.3 and 2 did less; the description alone, without the labels,
/// 0.3691).
const DESCRIPTION: f32 = 1.0;

/// ESCO gives some occupations an alternative label of one generic word ("clerk" for the
/// lottery cashier, "supervisor" for the oil refinery control room operator) that then
/// claims every title ending in it. An alternative or hidden label scores times n^-GENERIC,
/// n the number of occupations with a label holding all its words (validation titles: MRR
/// +0.003 at 0.1, R@1 +0.004; 0.2 gains R@1 but loses R@10; applied to preferred labels
/// too it costs 0.006 even at 0.1, as "cashier" is as generic as "clerk" by this count).
const GENERIC: f32 = 0.1;

/// Added to a candidate's score (relative to the best candidate's) per unit of cosine between
/// the title and the occupation in the word vectors learned from the occupations' texts
/// (validation titles: MRR 0.3734 -> 0.3819, R@10 0.5670 -> 0.5771 at 1; 0.5 and 1.5 did
/// about as well).
const MEANING: f32 = 1.0;

/// Levels below the ISCO unit group in an ESCO occupation code: `2654.1` is 0, `2654.1.7`
/// is 1; a code without a dotted position counts as 0.
fn code_depth(code: &str) -> f32 {
    code.matches('.').count().saturating_sub(1) as f32
}

/// Subtracted from a candidate's score per level its ESCO code sits below the first level
/// under the ISCO unit group (`2654.1.7` is one level below `2654.1`): a job title names the
/// occupation a specialisation refines more often than the specialisation, so between near
/// ties the broader one goes first (validation titles: MRR 0.3819 -> 0.3838, R@10 0.5771 ->
/// 0.5808 at 0.1; 0.05 and 0.2 did less for MRR, 0.3 lost).
const SPECIALISED: f32 = 0.1;

/// Occupations by their labels, for normalising vacancy and jobseeker job titles.
#[derive(Debug)]
pub struct OccupationIndex {
    labels: LabelIndex,
    descriptions: Descriptions,
    /// Per label: how far its own words single its concept out (see `GENERIC`).
    specificity: Vec<f32>,
    vectors: Vectors,
    /// Per concept: how many levels below its ISCO unit group ESCO places it (see
    /// `SPECIALISED`).
    depth: Vec<f32>,
}

impl OccupationIndex {
    /// Indexes every preferred, alternative and hidden label of `occupations`.
    pub fn build(occupations: &[Occupation]) -> Result<Self, LabelIndexError> {
        let labels = LabelIndex::build(occupations.iter().map(|o| (o.uri.as_str(), &o.labels)))?;
        let descriptions = Descriptions::build(occupations.iter().map(|o| {
            let labels = std::iter::once(&o.labels.preferred).chain(&o.labels.alternative);
            std::iter::once(&o.description).chain(labels)
        }));
        let specificity = labels
            .extensions()
            .into_iter()
            .enumerate()
            .map(
                |(ordinal, concepts)| match labels.label(ordinal as u32).kind {
                    LabelKind::Preferred => 1.0,
                    _ => (concepts as f32).powf(-GENERIC),
                },
            )
            .collect();
        let texts: Vec<ConceptText<'_>> = occupations
            .iter()
            .map(|o| ConceptText {
                description: &o.description,
                labels: std::iter::once(&o.labels.preferred)
                    .chain(&o.labels.alternative)
                    .map(String::as_str)
                    .collect(),
            })
            .collect();
        let vectors = Vectors::learn(&texts);
        let depth = occupations.iter().map(|o| code_depth(&o.code)).collect();
        Ok(Self {
            labels,
            descriptions,
            specificity,
            vectors,
            depth,
        })
    }

    /// The `top` occupations whose labels best match `title`, best first, one entry each.
    /// A title with no word of any label gives no match.
    pub fn match_title(&self, title: &str, top: usize) -> Result<Vec<Match>, LabelIndexError> {
        let parsed = Title::parse(title);
        let query = self
            .labels
            .analyze_with(title, |token| parsed.emphasis(token));
        if query.is_empty() || top == 0 {
            return Ok(Vec::new());
        }
        let overlaps = self.labels.overlaps(&query, DERIVED)?;
        let mut scratch = Scratch::default();
        let scored = overlaps.into_iter().map(|(ordinal, overlap)| {
            (
                ordinal,
                score(&self.labels, &query, ordinal, overlap, &mut scratch)
                    * self.specificity[ordinal as usize],
            )
        });
        // The labels find the candidates; what ESCO says of each only reorders them.
        let mut ranked = self
            .labels
            .best_concepts(scored, top.max(CANDIDATES), RUNNER_UP);
        let vector = self
            .descriptions
            .vector_with(title, |token| parsed.emphasis(token));
        if !vector.is_empty() {
            for (concept, score) in &mut ranked {
                *score *= 1.0 + DESCRIPTION * self.descriptions.similarity(*concept, &vector);
            }
        }
        let best = ranked.iter().map(|r| r.1).fold(f32::MIN_POSITIVE, f32::max);
        let meaning = self.vectors.text(title, |token| parsed.emphasis(token));
        for (concept, score) in &mut ranked {
            *score = *score / best + MEANING * self.vectors.similarity(*concept, &meaning)
                - SPECIALISED * self.depth[*concept as usize];
        }
        ranked.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked.truncate(top);
        Ok(self.labels.matches(ranked))
    }
}

/// A label scores by how much of the title it explains times how much of itself the title
/// contains (both weighted by term rarity): a long label matched on one common word and a
/// short label that ignores the title's most telling word both score low.
fn score(
    index: &LabelIndex,
    query: &Query,
    ordinal: u32,
    overlap: Overlap,
    scratch: &mut Scratch,
) -> f32 {
    let label = index.label(ordinal);
    if overlap.found == 0 || query.weight <= 0.0 {
        return 0.0;
    }
    let query_coverage = overlap.said / query.weight;
    // Titles carry words that no label of the intended occupation has ("senior", a
    // department, "trainee"); the square root makes leaving one out cost less than a label's
    // own unmatched words (validation titles: MRR +0.01 over the plain product; a power of
    // 0.7 did as well, but powf per candidate costs a tenth of the query time).
    let mut score = overlap.label_coverage * query_coverage.sqrt();
    if is_exact(query, label) {
        score += EXACT_BONUS;
    } else if overlap.complete()
        && overlap.terms > 1
        && window(query, label, overlap.found, scratch) == Some(overlap.found)
    {
        score *= PHRASE_BONUS;
    }
    score * label.kind.factor()
}
