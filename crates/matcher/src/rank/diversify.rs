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
    let sets = Sets::of(items);
    // Each item's largest similarity to the picks so far, brought up to date only when a pass
    // reaches it: `upto[i]` picks are accounted for.
    let mut similarity = vec![0.0_f64; items.len()];
    let mut upto = vec![0usize; items.len()];
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
            for p in &picked[upto[i]..] {
                similarity[i] = similarity[i].max(sets.jaccard(i, p.index));
            }
            upto[i] = picked.len();
            let sim = similarity[i];
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

/// The closed gap positions of every item as bits, `words` words each: a similarity is a
/// few popcounts, where searching one sorted list for each element of the other made MMR
/// over a thousand similar courses cost milliseconds.
struct Sets {
    words: usize,
    bits: Vec<u64>,
}

impl Sets {
    fn of<T>(items: &[(T, Factors)]) -> Self {
        let highest = items
            .iter()
            .filter_map(|(_, f)| f.closed.last())
            .max()
            .map_or(0, |&p| p as usize);
        let words = highest / 64 + 1;
        let mut bits = vec![0u64; items.len() * words];
        for (i, (_, f)) in items.iter().enumerate() {
            for &p in &f.closed {
                bits[i * words + p as usize / 64] |= 1 << (p % 64);
            }
        }
        Self { words, bits }
    }

    /// Jaccard overlap of two items' sets.
    fn jaccard(&self, a: usize, b: usize) -> f64 {
        let (a, b) = (
            &self.bits[a * self.words..][..self.words],
            &self.bits[b * self.words..][..self.words],
        );
        let (mut shared, mut union) = (0u32, 0u32);
        for (x, y) in a.iter().zip(b) {
            shared += (x & y).count_ones();
            union += (x | y).count_ones();
        }
        if union == 0 {
            0.0
        } else {
            f64::from(shared) / f64::from(union)
        }
    }
}

/// Jaccard overlap of two sets of gap positions, each sorted ascending: the definition the
/// bit sets are tested against.
#[cfg(test)]
fn jaccard(a: &[u32], b: &[u32]) -> f64 {
    let shared = a.iter().filter(|x| b.binary_search(x).is_ok()).count();
    let union = a.len() + b.len() - shared;
    if union == 0 {
        0.0
    } else {
        shared as f64 / union as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The definition: every pass scans every item and compares it with every pick.
    fn full_scan(items: &[((), Factors)], lambda: f64, n: usize) -> Vec<(usize, f64, f64)> {
        let best = items.iter().map(|(_, f)| f.relevance).fold(0.0, f64::max);
        let mut picked: Vec<(usize, f64, f64)> = Vec::new();
        while picked.len() < n.min(items.len()) {
            let mut choice = (usize::MAX, 0.0, f64::NEG_INFINITY);
            for (i, (_, f)) in items.iter().enumerate() {
                if picked.iter().any(|p| p.0 == i) {
                    continue;
                }
                let sim = picked
                    .iter()
                    .map(|p| jaccard(&f.closed, &items[p.0].1.closed))
                    .fold(0.0, f64::max);
                let value = lambda * f.relevance / best - (1.0 - lambda) * sim;
                if value > choice.2 {
                    choice = (i, sim, value);
                }
            }
            picked.push(choice);
        }
        picked
    }

    #[test]
    fn picks_equal_a_full_scan_on_random_similar_items() {
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = |n: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % n
        };
        for round in 0..300 {
            // Few distinct relevances and few gap positions: ties and overlaps everywhere,
            // and positions past 64 in some rounds.
            let span = if round % 3 == 0 { 150 } else { 12 };
            let mut items: Vec<((), Factors)> = (0..1 + next(80))
                .map(|_| {
                    let mut closed: Vec<u32> =
                        (0..1 + next(5)).map(|_| next(span) as u32).collect();
                    closed.sort_unstable();
                    closed.dedup();
                    ((), Factors::for_test((1 + next(6)) as f64, closed))
                })
                .collect();
            items.sort_by(|a, b| b.1.relevance.total_cmp(&a.1.relevance));
            let n = 1 + next(12) as usize;
            let got: Vec<(usize, f64, f64)> = diversify(&items, 0.7, n)
                .iter()
                .map(|p| (p.index, p.max_similarity, p.mmr_score))
                .collect();
            assert_eq!(got, full_scan(&items, 0.7, n), "round {round}");
        }
    }
}
