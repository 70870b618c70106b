//! How a label and an analysed text overlap: the raw features both rankings combine.

use super::index::{Label, Query};

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Overlap {
    /// Weight of the label's distinct terms that the text contains.
    pub matched: f32,
    /// The same terms' weight as the text says them (see `Query::emphasis`).
    pub said: f32,
    /// Share of the label's weight that the text covers, 0..=1.
    pub label_coverage: f32,
    /// How many distinct label terms the text contains.
    pub found: u32,
    /// How many distinct terms the label has.
    pub terms: u32,
}

impl Overlap {
    pub fn new(label: &Label, matched: f32, said: f32, found: u32) -> Self {
        let label_coverage = if label.weight > 0.0 {
            matched / label.weight
        } else {
            0.0
        };
        Self {
            matched,
            said,
            label_coverage,
            found,
            terms: label.terms,
        }
    }

    pub fn complete(&self) -> bool {
        self.found == self.terms
    }
}

/// True when the text is the label, token for token and word form for word form.
pub(crate) fn is_exact(query: &Query, label: &Label) -> bool {
    query.sequence.len() == label.tokens.len()
        && query
            .sequence
            .iter()
            .zip(label.tokens.iter())
            .all(|(q, l)| *q == Some(*l))
        && query.derivations[..] == label.derivations[..]
}

/// Reusable buffers for [`window`], which runs once per candidate label.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    hits: Vec<(usize, usize)>,
    counts: Vec<u32>,
}

/// The length, in tokens, of the shortest stretch of the text holding every label term the
/// text contains (`found` of them): equal to `found` when they stand together, longer when
/// the text scatters them. `None` when nothing is found.
pub(crate) fn window(
    query: &Query,
    label: &Label,
    found: u32,
    scratch: &mut Scratch,
) -> Option<u32> {
    match found {
        0 => return None,
        // Most candidates share a single term with the text; no need to walk it.
        1 => return Some(1),
        _ => {}
    }
    let slot = |term: u32| label.tokens.iter().position(|&t| t == term);
    scratch.hits.clear();
    scratch.hits.extend(
        query
            .sequence
            .iter()
            .enumerate()
            .filter_map(|(at, t)| t.and_then(slot).map(|s| (at, s))),
    );
    scratch.counts.clear();
    scratch.counts.resize(label.tokens.len(), 0);
    let (mut have, mut low, mut best) = (0, 0, u32::MAX);
    for high in 0..scratch.hits.len() {
        let (end, s) = scratch.hits[high];
        if scratch.counts[s] == 0 {
            have += 1;
        }
        scratch.counts[s] += 1;
        while have == found {
            let (start, s) = scratch.hits[low];
            best = best.min((end - start + 1) as u32);
            scratch.counts[s] -= 1;
            if scratch.counts[s] == 0 {
                have -= 1;
            }
            low += 1;
        }
    }
    (best != u32::MAX).then_some(best)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::labels::index::LabelKind;

    fn label(tokens: &[u32]) -> Label {
        let mut terms = tokens.to_vec();
        terms.sort_unstable();
        terms.dedup();
        Label {
            concept: 0,
            kind: LabelKind::Preferred,
            tokens: tokens.into(),
            derivations: vec![0; tokens.len()].into(),
            terms: terms.len() as u32,
            weight: 1.0,
        }
    }

    fn query(sequence: &[Option<u32>]) -> Query {
        let mut terms: Vec<u32> = sequence.iter().flatten().copied().collect();
        terms.sort_unstable();
        terms.dedup();
        Query {
            sequence: sequence.to_vec(),
            derivations: vec![0; sequence.len()],
            emphasis: vec![1.0; sequence.len()],
            term_weights: vec![1.0; terms.len()],
            terms,
            weight: 1.0,
        }
    }

    #[test]
    fn window_is_the_shortest_stretch_holding_the_found_terms() {
        let mut scratch = Scratch::default();
        let q = query(&[Some(1), None, Some(2), Some(3), Some(1)]);
        assert_eq!(window(&q, &label(&[2, 3]), 2, &mut scratch), Some(2));
        assert_eq!(window(&q, &label(&[3, 2]), 2, &mut scratch), Some(2));
        assert_eq!(window(&q, &label(&[2, 1]), 2, &mut scratch), Some(3));
        assert_eq!(window(&q, &label(&[1, 9]), 1, &mut scratch), Some(1));
        assert_eq!(window(&q, &label(&[9]), 0, &mut scratch), None);
        let q = query(&[Some(1), None, None, Some(2)]);
        assert_eq!(window(&q, &label(&[1, 2]), 2, &mut scratch), Some(4));
    }

    #[test]
    fn exact_needs_every_token_in_order() {
        assert!(is_exact(&query(&[Some(1), Some(2)]), &label(&[1, 2])));
        assert!(!is_exact(&query(&[Some(2), Some(1)]), &label(&[1, 2])));
        assert!(!is_exact(
            &query(&[Some(1), Some(2), None]),
            &label(&[1, 2])
        ));
    }
}
