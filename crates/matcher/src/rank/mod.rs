//! Course ranking: candidates from the tantivy index's skill posting lists (courses covering
//! any gap skill, in a language the person speaks; `closed`), those out of the person's
//! reach set aside unread (`reach`), hard filters (`filter`) and the score (`score`, whose
//! module documentation defines every field of `ScoreBreakdown`) best bound first,
//! diversification (`diversify`) and one sentence of explanation each (`explain`).
//!
//! The entry point takes a `Profile`, never `GroupFlags`: group membership cannot reach the
//! score (design.md, "Protected attributes never enter the score").

pub mod band;
pub(crate) mod bits;
mod catalogue;
mod closed;
mod diversify;
mod explain;
pub mod filter;
mod gate;
mod index;
mod reach;
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
    /// Courses covering a gap skill in a language the person speaks.
    pub candidates: usize,
    /// Candidates put through the hard filters: those out of the person's reach (counted as
    /// `too_far` at once, without reading them), then the rest best score bound first until
    /// no candidate left could enter the list. All of them whenever fewer courses are
    /// returned than asked.
    pub examined: usize,
    /// How many of the examined candidates each hard filter removed.
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
        true,
    )
}

/// `rank_courses` filtering and scoring every candidate at once, without the reach
/// pre-filter: the reference the lazy path is tested against.
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
        false,
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
    prefilter: bool,
) -> tantivy::Result<Ranked> {
    let closed::Candidates {
        near: found,
        closed,
        far,
    } = closed::candidates(catalogue, gap, profile, prefilter)?;
    // Out of reach is too far whatever else would rule the course out: the place is the
    // only thing known of it.
    let mut ranked = Ranked {
        candidates: found.len() + far as usize,
        examined: far as usize,
        ..Ranked::default()
    };
    if far > 0 {
        ranked.excluded.insert(Exclusion::TooFar, far);
    }
    let person = Person {
        profile,
        needs: catalogue.gates().needs(&profile.accessibility_needs),
        all_bits: catalogue.gates().all_bits(&profile.accessibility_needs),
        held_cover,
        today,
    };
    // The bound of every candidate, from a few packed figures each; the hard filters and
    // the full score wait until a candidate's bound is among the best left (`best_first`).
    let order: Vec<(f64, u32)> = found
        .iter()
        .enumerate()
        .filter(|&(k, _)| !closed.of(k).is_empty())
        .map(|(k, &c)| {
            (
                score::bound(catalogue, c, closed.of(k), gap, policy).value,
                k as u32,
            )
        })
        .collect();
    let (scored, picks) = best_first(
        catalogue,
        &found,
        &closed,
        order,
        &person,
        gap,
        policy,
        n,
        first_batch,
        &mut ranked,
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

/// What the hard filters read of the person, worked out once per ranking.
struct Person<'a> {
    profile: &'a Profile,
    needs: gate::Needs,
    all_bits: bool,
    held_cover: &'a Array1<f32>,
    today: NaiveDate,
}

type Scored = ((u32, filter::Eligible), score::Factors);

/// Filters and scores candidates in order of their bound, a batch at a time, until no
/// candidate left could change the picks: the picks equal those of scoring every eligible
/// candidate. `order` holds each candidate's bound and position in `found`. Candidates never
/// reached are never filtered, so `ranked.excluded` counts the ones examined.
///
/// An unscored candidate's relevance is at most its bound `b`, and its MMR value at most
/// `λ · b / best`. Once `b` is below the best relevance scored (so `best` is the true
/// maximum) and `λ · b / best` is below every pick's MMR value, it would lose every pick,
/// as would all after it (their bounds are no larger), whether or not it passes the filters.
#[allow(clippy::too_many_arguments)]
fn best_first(
    catalogue: &Catalogue,
    found: &[u32],
    closed: &closed::Closed,
    mut order: Vec<(f64, u32)>,
    person: &Person<'_>,
    gap: &Gap,
    policy: &Policy,
    n: usize,
    first_batch: usize,
    ranked: &mut Ranked,
) -> (Vec<Scored>, Vec<diversify::Pick>) {
    // The next batch of highest bounds is selected at a time (a batch is examined whole, so
    // it needs no order of its own). Among equal bounds the choice does not matter: the stop
    // test treats them alike.
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
        for &(_, k) in &order[done..end] {
            let (c, of) = (found[k as usize], closed.of(k as usize));
            let p = person;
            let checked = filter::check_packed(
                catalogue,
                c,
                p.profile,
                p.needs,
                p.all_bits,
                p.held_cover,
                policy,
                p.today,
            );
            let e = match checked {
                Ok(e) => e,
                Err(why) => {
                    *ranked.excluded.entry(why).or_insert(0) += 1;
                    continue;
                }
            };
            let bound = score::bound(catalogue, c, of, gap, policy);
            let session = e.session;
            if let Some(f) =
                score::factors(catalogue, c, of.to_vec(), bound, p.profile, policy, session)
            {
                scored.push(((c, e), f));
            }
        }
        ranked.examined += end - done;
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
