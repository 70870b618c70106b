//! Maximal marginal relevance over the gap skills courses close: each pick maximises
//! `λ · relevance / best_relevance − (1 − λ) · max_similarity`, where similarity is the
//! Jaccard overlap of closed gap skills with a course already picked. Ten courses teaching
//! the same three skills give way to ones that close something else.

use super::score::ScoreBreakdown;

/// Reorders `items` (any order) into MMR order, keeps `n`, and fills in `max_similarity` and
/// `mmr_score`. Ties go to the earlier item, so callers pass a stable order.
pub(crate) fn diversify<T>(
    mut items: Vec<(T, ScoreBreakdown)>,
    lambda: f64,
    n: usize,
) -> Vec<(T, ScoreBreakdown)> {
    let best = items
        .iter()
        .map(|(_, s)| s.relevance)
        .fold(0.0_f64, f64::max);
    if best <= 0.0 {
        items.truncate(n);
        return items;
    }
    let mut picked: Vec<(T, ScoreBreakdown)> = Vec::with_capacity(n.min(items.len()));
    while picked.len() < n && !items.is_empty() {
        let mut choice = 0;
        let mut choice_value = f64::NEG_INFINITY;
        let mut choice_sim = 0.0;
        for (i, (_, s)) in items.iter().enumerate() {
            let sim = picked
                .iter()
                .map(|(_, p)| jaccard(&s.skills_closed, &p.skills_closed))
                .fold(0.0_f64, f64::max);
            let value = lambda * s.relevance / best - (1.0 - lambda) * sim;
            if value > choice_value {
                (choice, choice_value, choice_sim) = (i, value, sim);
            }
        }
        let (item, mut s) = items.remove(choice);
        s.max_similarity = choice_sim;
        s.mmr_score = choice_value;
        picked.push((item, s));
    }
    picked
}

fn jaccard(a: &[String], b: &[String]) -> f64 {
    let shared = a.iter().filter(|x| b.contains(x)).count();
    let union = a.len() + b.len() - shared;
    if union == 0 {
        0.0
    } else {
        shared as f64 / union as f64
    }
}
