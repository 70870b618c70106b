//! The catalogue as a team would model it in PostgreSQL: one row per course with what the
//! hard filters and the score read, one per session, and the normalised
//! `course_skill(skill, course)` table with that primary key, holding every skill a course
//! fully covers (its own and, through the hierarchy, the broader ones) as the matcher does.
//! Per-course constants of the score (effort, outcome and stackable factors) are stored
//! precomputed, as they would be. Rows go in as multi-row literal INSERTs in batches; keys
//! are added afterwards and the tables vacuumed, so the query can use index-only scans.

use diesel::connection::SimpleConnection;
use diesel::{PgConnection, RunQueryDsl};
use skillpath_domain::course::{Course, Mode};
use skillpath_matcher::rank::score::{ASSUMED_ECTS, HOURS_PER_ECTS};
use skillpath_matcher::{Matcher, Policy};

const BATCH: usize = 2_000;

const SCHEMA: &str = "
CREATE TABLE course (
    ord int4 NOT NULL, id text NOT NULL, mode text NOT NULL,
    languages text[] NOT NULL, accessibility text[] NOT NULL, eqf int4,
    prereq int4[] NOT NULL, effort_ects float8 NOT NULL, outcome_factor float8 NOT NULL,
    stackable_factor float8 NOT NULL, price int8 NOT NULL, funding text[] NOT NULL);
CREATE TABLE course_session (
    course int4 NOT NULL, idx int4 NOT NULL, start date NOT NULL, days int4, seats int4,
    anywhere bool NOT NULL, lat float8, lon float8, region text, municipality text);
CREATE TABLE course_skill (skill int4 NOT NULL, course int4 NOT NULL);";

const KEYS: &str = "
ALTER TABLE course ADD PRIMARY KEY (ord);
ALTER TABLE course_session ADD PRIMARY KEY (course, idx);
ALTER TABLE course_skill ADD PRIMARY KEY (skill, course);";

pub fn mode(m: Mode) -> String {
    format!("{m:?}")
}

pub fn catalogue(conn: &mut PgConnection, matcher: &Matcher) -> diesel::QueryResult<usize> {
    conn.batch_execute(SCHEMA)?;
    let cat = &matcher.catalogue;
    let policy = &matcher.policy;
    let mut rows = 0;
    let ords: Vec<u32> = (0..cat.len() as u32).collect();
    for chunk in ords.chunks(BATCH) {
        let values: Vec<String> = chunk
            .iter()
            .map(|&n| course_row(n, cat.course(n), matcher, policy))
            .collect();
        insert(conn, "course", &values)?;
        let sessions: Vec<String> = chunk
            .iter()
            .flat_map(|&n| session_rows(n, cat.course(n)))
            .collect();
        insert(conn, "course_session", &sessions)?;
        let skills: Vec<String> = chunk
            .iter()
            .flat_map(|&n| cat.covers(n).iter().map(move |s| format!("({s},{n})")))
            .collect();
        rows += skills.len();
        for part in skills.chunks(BATCH * 10) {
            insert(conn, "course_skill", part)?;
        }
    }
    conn.batch_execute(KEYS)?;
    conn.batch_execute("VACUUM ANALYZE")?;
    Ok(rows)
}

fn insert(conn: &mut PgConnection, table: &str, values: &[String]) -> diesel::QueryResult<()> {
    if !values.is_empty() {
        diesel::sql_query(format!("INSERT INTO {table} VALUES {}", values.join(",")))
            .execute(conn)?;
    }
    Ok(())
}

fn course_row(n: u32, c: &Course, matcher: &Matcher, policy: &Policy) -> String {
    let cat = &matcher.catalogue;
    let effort = match (c.ects, c.hours) {
        (Some(e), _) if e > 0.0 => e,
        (_, Some(h)) if h > 0.0 => h / HOURS_PER_ECTS,
        _ => ASSUMED_ECTS,
    };
    let outcome = match (cat.outcome(n), cat.outcome_mean()) {
        (Some(o), Some(mean)) if mean > 0.0 => {
            let m = policy.outcome_prior_completers;
            (f64::from(o.employed) + m * mean) / (f64::from(o.completers) + m) / mean
        }
        _ => 1.0,
    };
    let stack = if c.stacks_into.is_some() {
        policy.stackable_bonus
    } else {
        1.0
    };
    let prereq: Vec<String> = c
        .prerequisites
        .iter()
        .filter_map(|p| matcher.taxonomy.skill_id(p))
        .map(|s| s.to_string())
        .collect();
    format!(
        "({n},{},{},{},{},{},ARRAY[{}]::int4[],{effort:?},{outcome:?},{stack:?},{},{})",
        text(&c.id),
        text(&mode(c.participation.mode)),
        texts(&c.languages),
        texts(&c.accessibility),
        c.eqf_level.map_or("NULL".into(), |l| l.to_string()),
        prereq.join(","),
        c.cost.amount_minor,
        texts(&c.cost.eligible_funding),
    )
}

fn session_rows(n: u32, c: &Course) -> impl Iterator<Item = String> + '_ {
    let online = c.participation.mode == Mode::Online;
    c.sessions.iter().enumerate().map(move |(i, s)| {
        let place = s.location.as_ref();
        let opt = |v: Option<String>| v.unwrap_or_else(|| "NULL".into());
        format!(
            "({n},{i},'{}',{},{},{},{},{},{},{})",
            s.start,
            opt(s.end.map(|e| (e - s.start).num_days().to_string())),
            opt(s.seats.map(|x| x.to_string())),
            online || place.is_none(),
            opt(place.and_then(|p| p.latitude).map(|x| format!("{x:?}"))),
            opt(place.and_then(|p| p.longitude).map(|x| format!("{x:?}"))),
            opt(place.and_then(|p| p.region.as_deref()).map(text)),
            opt(place.and_then(|p| p.municipality.as_deref()).map(text)),
        )
    })
}

/// A string literal; standard_conforming_strings (on since PostgreSQL 9.1) keeps backslashes.
fn text(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

fn texts(list: &[String]) -> String {
    let items: Vec<String> = list.iter().map(|s| text(s)).collect();
    format!("ARRAY[{}]::text[]", items.join(","))
}
