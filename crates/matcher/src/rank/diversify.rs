//! Maximal marginal relevance over the gap skills courses close: each pick maximises
//! `λ · relevance / best_relevance − (1 − λ) · max_similarity`, where similarity is the
//! Jaccard overlap of closed gap skills with a course already picked. Ten courses teaching
//! the same three skills give way to ones that close something else.
//!
//! Candidates come sorted by relevance, so `λ · relevance / best` bounds the value of every
//! later one: a pass stops at the first candidate whose bound cannot beat the value already
//! found. That gives exactly the picks of a full scan (ties still go to the earlier item) while
//! looking at a few dozen of the thousands of candidates a large catalogue yields.

use super::score::Factors;

/// One chosen item: its index in the input, and the MMR figures the breakdown reports.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Pick {
    pub index: usize,
    pub max_similarity: f64,
    pub mmr_score: f64,
}

/// Picks up to `n` of `items` in MMR order. `items` must be sorted best relevance first, in
/// the stable order ties should be broken by.
pub(crate) fn diversify<T>(items: &[(T, Factors)], lambda: f64, n: usize) -> Vec<Pick> {
    let best = items
        .iter()
        .map(|(_, f)| f.relevance)
        .fold(0.0_f64, f64::max);
    if best <= 0.0 {
        return (0..n.min(items.len()))
            .map(|index| Pick {
                index,
                max_similarity: 0.0,
                mmr_score: items[index].1.relevance,
            })
            .collect();
    }
    let mut taken = vec![false; items.len()];
    let mut picked: Vec<Pick> = Vec::with_capacity(n.min(items.len()));
    while picked.len() < n.min(items.len()) {
        let mut choice = Pick {
            index: usize::MAX,
            max_similarity: 0.0,
            mmr_score: f64::NEG_INFINITY,
        };
        for (i, (_, f)) in items.iter().enumerate() {
            if taken[i] {
                continue;
            }
            let bound = lambda * f.relevance / best;
            if bound <= choice.mmr_score {
                break;
            }
            let sim = picked
                .iter()
                .map(|p| jaccard(&f.closed, &items[p.index].1.closed))
                .fold(0.0_f64, f64::max);
            let value = bound - (1.0 - lambda) * sim;
            if value > choice.mmr_score {
                choice = Pick {
                    index: i,
                    max_similarity: sim,
                    mmr_score: value,
                };
            }
        }
        taken[choice.index] = true;
        picked.push(choice);
    }
    picked
}

/// Jaccard overlap of two sets of gap positions, each sorted ascending.
fn jaccard(a: &[u32], b: &[u32]) -> f64 {
    let shared = a.iter().filter(|x| b.binary_search(x).is_ok()).count();
    let union = a.len() + b.len() - shared;
    if union == 0 {
        0.0
    } else {
        shared as f64 / union as f64
    }
}
