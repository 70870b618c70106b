//! Course ranking: candidates from the tantivy index's skill posting lists (courses covering
//! any gap skill, in a language the person speaks; `closed`), hard filters (`filter`), the score (`score`, whose module
//! documentation defines every field of `ScoreBreakdown`), diversification (`diversify`) and
//! one sentence of explanation each (`explain`).
//!
//! The entry point takes a `Profile`, never `GroupFlags`: group membership cannot reach the
//! score (design.md, "Protected attributes never enter the score").

pub mod band;
mod catalogue;
mod closed;
mod diversify;
mod explain;
pub mod filter;
mod gate;
mod index;
pub mod score;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use ndarray::Array1;
use serde::Serialize;
use skillpath_domain::course::Mode;
use skillpath_domain::jobseeker::Profile;

pub use catalogue::{Catalogue, OutcomeEvidence};
pub use filter::Exclusion;
pub use score::ScoreBreakdown;

use crate::gap::Gap;
use crate::policy::Policy;
use crate::taxonomy::Taxonomy;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Recommendation {
    pub course_id: String,
    pub title: String,
    pub provider: String,
    pub mode: Mode,
    pub session_start: NaiveDate,
    pub distance_km: Option<f64>,
    pub score: ScoreBreakdown,
    pub explanation: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Ranked {
    pub courses: Vec<Recommendation>,
    /// Candidates covering a gap skill, and how many each hard filter removed.
    pub candidates: usize,
    pub excluded: BTreeMap<Exclusion, u32>,
}

#[allow(clippy::too_many_arguments)]
pub fn rank_courses(
    taxonomy: &Taxonomy,
    catalogue: &Catalogue,
    policy: &Policy,
    profile: &Profile,
    held_cover: &Array1<f32>,
    gap: &Gap,
    today: NaiveDate,
    n: usize,
) -> tantivy::Result<Ranked> {
    let first_batch = n.saturating_mul(4).max(32);
    rank(
        taxonomy,
        catalogue,
        policy,
        profile,
        held_cover,
        gap,
        today,
        n,
        first_batch,
    )
}

/// `rank_courses` scoring every eligible candidate at once: the reference the lazy path is
/// tested against.
#[cfg(test)]
#[allow(clippy::too_many_arguments)]
pub(crate) fn rank_courses_scoring_all(
    taxonomy: &Taxonomy,
    catalogue: &Catalogue,
    policy: &Policy,
    profile: &Profile,
    held_cover: &Array1<f32>,
    gap: &Gap,
    today: NaiveDate,
    n: usize,
) -> tantivy::Result<Ranked> {
    rank(
        taxonomy,
        catalogue,
        policy,
        profile,
        held_cover,
        gap,
        today,
        n,
        usize::MAX,
    )
}

#[allow(clippy::too_many_arguments)]
fn rank(
    taxonomy: &Taxonomy,
    catalogue: &Catalogue,
    policy: &Policy,
    profile: &Profile,
    held_cover: &Array1<f32>,
    gap: &Gap,
    today: NaiveDate,
    n: usize,
    first_batch: usize,
) -> tantivy::Result<Ranked> {
    let (found, closed) = closed::candidates(catalogue, gap, &profile.languages)?;
    let mut ranked = Ranked {
        candidates: found.len(),
        ..Ranked::default()
    };
    let needs = catalogue.gates().needs(&profile.accessibility_needs);
    let all_bits = catalogue.gates().all_bits(&profile.accessibility_needs);
    // Every candidate is filtered, so that `excluded` counts them all; the full score is
    // computed lazily, best bound first (`score::Bound`).
    let mut eligible: Vec<Pending> = Vec::with_capacity(found.len());
    for (k, c) in found.into_iter().enumerate() {
        let checked = filter::check_packed(
            catalogue, c, profile, needs, all_bits, held_cover, policy, today,
        );
        match checked {
            Err(why) => *ranked.excluded.entry(why).or_insert(0) += 1,
            Ok(_) if closed.of(k).is_empty() => {}
            Ok(e) => {
                let bound = score::bound(catalogue, c, closed.of(k), gap, policy);
                eligible.push(Pending {
                    course: c,
                    eligible: e,
                    candidate: k,
                    bound,
                });
            }
        }
    }
    let (scored, picks) = best_first(
        catalogue,
        &closed,
        eligible,
        profile,
        policy,
        n,
        first_batch,
    );
    for pick in picks {
        let ((c, e), f) = &scored[pick.index];
        let course = catalogue.course(*c);
        let mut s = f.breakdown(catalogue, *c, gap, profile);
        s.max_similarity = pick.max_similarity;
        s.mmr_score = pick.mmr_score;
        ranked.courses.push(Recommendation {
            course_id: course.id.clone(),
            title: course.title.clone(),
            provider: course.provider.clone(),
            mode: course.participation.mode,
            session_start: e.start,
            distance_km: e.distance_km,
            explanation: explain::sentence(taxonomy, course, gap, &s),
            score: s,
        });
    }
    Ok(ranked)
}

/// An eligible candidate whose score is not computed yet.
struct Pending {
    course: u32,
    eligible: filter::Eligible,
    /// Position among the candidates, for its `closed::Closed` list.
    candidate: usize,
    bound: score::Bound,
}

type Scored = ((u32, filter::Eligible), score::Factors);

/// Scores candidates in order of their bound, a batch at a time, until no candidate left
/// could change the picks: the picks equal those of scoring every candidate.
///
/// An unscored candidate's relevance is at most its bound `b`, and its MMR value at most
/// `λ · b / best`. Once `b` is below the best relevance scored (so `best` is the true
/// maximum) and `λ · b / best` is below every pick's MMR value, it would lose every pick,
/// as would all after it (their bounds are no larger).
#[allow(clippy::too_many_arguments)]
fn best_first(
    catalogue: &Catalogue,
    closed: &closed::Closed,
    pending: Vec<Pending>,
    profile: &Profile,
    policy: &Policy,
    n: usize,
    first_batch: usize,
) -> (Vec<Scored>, Vec<diversify::Pick>) {
    // Candidates are visited through (bound, index) pairs, the next batch of highest bounds
    // selected at a time (a batch is scored whole, so it needs no order of its own): the
    // pending records (over a hundred bytes each, thousands of them) are never moved or
    // sorted. Among equal bounds the choice does not matter: the stop test treats them alike.
    let mut order: Vec<(f64, u32)> = pending
        .iter()
        .enumerate()
        .map(|(i, p)| (p.bound.value, i as u32))
        .collect();
    let highest_first = |a: &(f64, u32), b: &(f64, u32)| b.0.total_cmp(&a.0);
    let mut done = 0usize;
    let mut scored: Vec<Scored> = Vec::new();
    let mut batch = first_batch;
    loop {
        let end = done.saturating_add(batch).min(order.len());
        let rest = &mut order[done..];
        if end - done < rest.len() && end > done {
            rest.select_nth_unstable_by(end - done - 1, highest_first);
        }
        for &(_, i) in &order[done..end] {
            let p = &pending[i as usize];
            let session = p.eligible.session;
            if let Some(f) = score::factors(
                catalogue,
                p.course,
                closed.of(p.candidate).to_vec(),
                p.bound,
                profile,
                policy,
                session,
            ) {
                scored.push(((p.course, p.eligible.clone()), f));
            }
        }
        done = end;
        // Best first, ties by ascending course id: deterministic whatever order the catalogue
        // was loaded in, the same order a SQL `ORDER BY score DESC, id` gives, and the stable
        // input MMR's tie-breaking needs.
        scored.sort_by(|a, b| {
            b.1.relevance.total_cmp(&a.1.relevance).then_with(|| {
                let id = |c: u32| catalogue.course(c).id.as_str();
                id(a.0.0).cmp(id(b.0.0))
            })
        });
        let picks = diversify::diversify(&scored, policy.mmr_lambda, n);
        if done == order.len() {
            return (scored, picks);
        }
        let best = scored.first().map_or(0.0, |s| s.1.relevance);
        let bound = order[done..]
            .iter()
            .map(|o| o.0)
            .fold(f64::NEG_INFINITY, f64::max);
        let settled = picks.len() == n
            && best > 0.0
            && bound < best
            && picks
                .iter()
                .all(|p| policy.mmr_lambda * bound / best < p.mmr_score);
        if settled {
            return (scored, picks);
        }
        batch = batch.saturating_mul(2);
    }
}
