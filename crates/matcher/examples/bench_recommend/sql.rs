//! The same course scoring in SQL, in its strongest form (issue 4 item 8): gap skills and
//! their weights passed as arrays and unnested, joined to the `course_skill(skill, course)`
//! primary key, SUM(weight) per course, the matcher's hard filters and score formula, ORDER BY
//! score DESC, course id ASC, LIMIT 10. Diversification (MMR) has no SQL form, so agreement
//! is checked against the matcher's pure-score order (`mmr_lambda = 1`) on the same gap.

use std::time::{Duration, Instant};

use chrono::{Days, NaiveDate};
use diesel::pg::PgConnection;
use diesel::sql_types::{Array, BigInt, Date, Double, Integer, Nullable, Text};
use diesel::{Connection, QueryableByName, RunQueryDsl};
use skillpath_domain::jobseeker::Profile;
use skillpath_matcher::{Matcher, RecommendOptions, gap, rank};

use crate::{Stats, load, ms};

const QUERY: &str = "
WITH gap AS (
    SELECT skill, weight FROM unnest($1::int4[], $2::float8[]) AS g(skill, weight)
), closed AS (
    SELECT cs.course, SUM(g.weight) AS gap_closed
    FROM gap g JOIN course_skill cs ON cs.skill = g.skill
    GROUP BY cs.course
)
SELECT c.id,
    cl.gap_closed / (c.effort_ects + $3) * c.outcome_factor * c.stackable_factor
    * (1.0::float8 / (1.0::float8 + GREATEST(
        CASE WHEN c.funding && $4::text[] THEN 0 ELSE c.price END - $5, 0)::float8 / $6))
    * (1.0::float8 / (1.0::float8 + COALESCE(s.days, 0)::float8 / $7)) AS score
FROM closed cl
JOIN course c ON c.ord = cl.course
JOIN LATERAL (
    SELECT s.days FROM course_session s
    WHERE s.course = c.ord AND s.start BETWEEN $8 AND $9 AND (s.seats IS NULL OR s.seats > 0)
      AND (s.anywhere
        OR (s.lat IS NOT NULL AND $10::float8 IS NOT NULL
            AND 6371.0 * 2.0 * asin(sqrt(
                power(sin(radians(s.lat - $10) / 2.0), 2)
                + cos(radians($10)) * cos(radians(s.lat))
                  * power(sin(radians(s.lon - $11) / 2.0), 2))) <= $12)
        OR ((s.lat IS NULL OR $10::float8 IS NULL)
            AND ((s.region IS NOT NULL AND s.region = $13)
              OR (s.municipality IS NOT NULL AND s.municipality = $14))))
    ORDER BY s.start, s.idx LIMIT 1
) s ON true
WHERE (cardinality($15::text[]) = 0 OR c.mode = ANY($15))
  AND c.accessibility @> $16::text[]
  AND (c.eqf IS NULL OR $17::int4 IS NULL OR c.eqf <= $17 + $18)
  AND c.prereq <@ $19::int4[]
  AND (cardinality($20::text[]) = 0 OR cardinality(c.languages) = 0 OR c.languages && $20)
ORDER BY score DESC, c.id ASC
LIMIT 10";

#[derive(QueryableByName)]
struct Row {
    #[diesel(sql_type = Text)]
    id: String,
    #[diesel(sql_type = Double)]
    score: f64,
}

/// A temporary database on the server, dropped when this goes out of scope.
pub struct Postgres {
    server: String,
    name: String,
}

impl Postgres {
    /// `None` when no server answers (the SQL side is then skipped, saying so).
    pub fn connect() -> Result<Option<Self>, Box<dyn std::error::Error>> {
        let server = std::env::var("SKILLPATH_BENCH_PG")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());
        let mut admin = match PgConnection::establish(&server) {
            Ok(c) => c,
            Err(e) => {
                println!("PostgreSQL at {server}: {e}");
                return Ok(None);
            }
        };
        let name = format!("skillpath_bench_{}", std::process::id());
        diesel::sql_query(format!("CREATE DATABASE {name}")).execute(&mut admin)?;
        Ok(Some(Self { server, name }))
    }

    fn url(&self) -> String {
        let base = self
            .server
            .rsplit_once('/')
            .map_or(&*self.server, |(b, _)| b);
        format!("{base}/{}", self.name)
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        if let Ok(mut c) = PgConnection::establish(&self.server) {
            let drop = format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name);
            if let Err(e) = diesel::sql_query(drop).execute(&mut c) {
                eprintln!("could not drop {}: {e}", self.name);
            }
        }
    }
}

pub fn compare(
    pg: &Postgres,
    matcher: &Matcher,
    profiles: &[Profile],
    options: &RecommendOptions,
    ours: Stats,
) -> Result<(), Box<dyn std::error::Error>> {
    let mut conn = PgConnection::establish(&pg.url())?;
    let t = Instant::now();
    let rows = load::catalogue(&mut conn, matcher)?;
    println!(
        "PostgreSQL: loaded {} courses, {rows} course_skill rows, keys, VACUUM ANALYZE: {:.1} s",
        matcher.catalogue.len(),
        t.elapsed().as_secs_f64()
    );
    let mut pure = matcher.policy.clone();
    pure.mmr_lambda = 1.0;
    let today = matcher.demand.as_of();
    let (mut times, mut same, mut same_set, mut float_ties) = (Vec::new(), 0, 0, 0);
    let mut shown = 0;
    for (i, p) in profiles.iter().enumerate() {
        let r = matcher.recommend(p, options)?;
        let held = gap::held_skills(&matcher.taxonomy, p);
        let cover = matcher.taxonomy.coverage(&held);
        let ranked = rank::rank_courses(
            &matcher.taxonomy,
            &matcher.catalogue,
            &pure,
            p,
            &cover,
            &r.gap,
            today,
            options.courses,
        )?;
        let covered: Vec<i32> = (0..cover.len())
            .filter(|&s| cover[s] >= 1.0)
            .map(|s| s as i32)
            .collect();
        let query = bind(&r.gap, p, &matcher.policy, today, covered);
        // The first few queries warm the server's caches and are not timed.
        let t = Instant::now();
        let got: Vec<Row> = query.load(&mut conn)?;
        if i >= 20 {
            times.push(t.elapsed());
        }
        let a: Vec<&str> = ranked
            .courses
            .iter()
            .map(|c| c.course_id.as_str())
            .collect();
        let b: Vec<&str> = got.iter().map(|r| r.id.as_str()).collect();
        if a == b {
            same += 1;
        } else {
            let mut sa = a.clone();
            let mut sb = b.clone();
            sa.sort_unstable();
            sb.sort_unstable();
            same_set += usize::from(sa == sb);
            // Same scores position by position: only a rounding-level tie was broken
            // differently (SUM adds the weights in another order than the matcher).
            let close = a.len() == b.len()
                && ranked.courses.iter().zip(&got).all(|(x, y)| {
                    (x.score.relevance - y.score).abs() <= 1e-9 * x.score.relevance.abs()
                });
            float_ties += usize::from(close);
            if !close && shown < 3 {
                shown += 1;
                println!("  differs for {}: matcher {a:?} / SQL {b:?}", p.id);
            }
        }
    }
    let theirs = Stats::of(&mut times);
    let n = profiles.len();
    println!(
        "SQL scoring query, {} profiles: p50 {} p99 {} max {}",
        times.len(),
        ms(theirs.p50),
        ms(theirs.p99),
        ms(theirs.max)
    );
    let ratio = |a: Duration, b: Duration| b.as_secs_f64() / a.as_secs_f64();
    println!(
        "in-process vs SQL: {:.1}× faster at p50, {:.1}× at p99   [target ≥ 10×]",
        ratio(ours.p50, theirs.p50),
        ratio(ours.p99, theirs.p99)
    );
    println!(
        "top-10 agreement: {same}/{n} identical in order; of the rest {same_set} same set, {float_ties} differ only where scores agree to 1e-9"
    );
    Ok(())
}

type Query =
    diesel::query_builder::BoxedSqlQuery<'static, diesel::pg::Pg, diesel::query_builder::SqlQuery>;

fn bind(
    gap: &skillpath_matcher::Gap,
    p: &Profile,
    policy: &skillpath_matcher::Policy,
    today: NaiveDate,
    covered: Vec<i32>,
) -> Query {
    let from = p.available_from.map_or(today, |d| d.max(today));
    let until = from + Days::new(u64::from(policy.session_window_days));
    let (skills, weights): (Vec<i32>, Vec<f64>) =
        gap.skills.iter().map(|g| (g.id as i32, g.weight)).unzip();
    let modes: Vec<String> = p.preferred_modes.iter().map(|&m| load::mode(m)).collect();
    diesel::sql_query(QUERY)
        .into_boxed()
        .bind::<Array<Integer>, _>(skills)
        .bind::<Array<Double>, _>(weights)
        .bind::<Double, _>(policy.effort_offset_ects)
        .bind::<Array<Text>, _>(p.funding_eligibility.clone())
        .bind::<BigInt, _>(p.budget_minor.unwrap_or(0) as i64)
        .bind::<Double, _>(policy.price_halving_minor)
        .bind::<Double, _>(policy.duration_halving_days)
        .bind::<Date, _>(from)
        .bind::<Date, _>(until)
        .bind::<Nullable<Double>, _>(p.location.latitude)
        .bind::<Nullable<Double>, _>(p.location.longitude)
        .bind::<Double, _>(p.travel_radius_km)
        .bind::<Nullable<Text>, _>(p.location.region.clone())
        .bind::<Nullable<Text>, _>(p.location.municipality.clone())
        .bind::<Array<Text>, _>(modes)
        .bind::<Array<Text>, _>(p.accessibility_needs.clone())
        .bind::<Nullable<Integer>, _>(p.highest_eqf.map(i32::from))
        .bind::<Integer, _>(i32::from(policy.eqf_stretch))
        .bind::<Array<Integer>, _>(covered)
        .bind::<Array<Text>, _>(p.languages.clone())
}
