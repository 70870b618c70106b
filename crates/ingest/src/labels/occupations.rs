//! Job titles to ESCO occupations.

use skillpath_domain::esco::Occupation;

use super::index::{LabelIndex, LabelKind, Query};
use super::overlap::{Overlap, Scratch, is_exact, window};
use super::{LabelIndexError, Match};

/// Added when the title is one of the occupation's labels, token for token: nothing partial
/// should outrank that.
const EXACT_BONUS: f32 = 1.0;
/// Multiplier when all of a label's terms stand together in the title.
const PHRASE_BONUS: f32 = 1.2;

/// Occupations by their labels, for normalising vacancy and jobseeker job titles.
#[derive(Debug)]
pub struct OccupationIndex {
    labels: LabelIndex,
}

impl OccupationIndex {
    /// Indexes every preferred, alternative and hidden label of `occupations`.
    pub fn build(occupations: &[Occupation]) -> Result<Self, LabelIndexError> {
        let labels = LabelIndex::build(occupations.iter().map(|o| (o.uri.as_str(), &o.labels)))?;
        Ok(Self { labels })
    }

    /// The `top` occupations whose labels best match `title`, best first, one entry each.
    /// A title with no word of any label gives no match.
    pub fn match_title(&self, title: &str, top: usize) -> Result<Vec<Match>, LabelIndexError> {
        let query = self.labels.analyze(title);
        if query.is_empty() || top == 0 {
            return Ok(Vec::new());
        }
        let overlaps = self.labels.overlaps(&query)?;
        let mut scratch = Scratch::default();
        let scored = overlaps.into_iter().map(|(ordinal, overlap)| {
            (
                ordinal,
                score(&self.labels, &query, ordinal, overlap, &mut scratch),
            )
        });
        Ok(self.labels.best_per_concept(scored, top))
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
    let mut score = overlap.label_coverage * (overlap.matched / query.weight);
    if is_exact(query, label) {
        score += EXACT_BONUS;
    } else if overlap.complete()
        && overlap.terms > 1
        && window(query, label, overlap.found, scratch) == Some(overlap.found)
    {
        score *= PHRASE_BONUS;
    }
    score * kind_factor(label.kind)
}

/// Preferred labels are the names ESCO stands behind; hidden ones are misspellings and
/// outdated terms, right only when nothing better matches.
fn kind_factor(kind: LabelKind) -> f32 {
    match kind {
        LabelKind::Preferred => 1.0,
        LabelKind::Alternative => 0.97,
        LabelKind::Hidden => 0.9,
    }
}
