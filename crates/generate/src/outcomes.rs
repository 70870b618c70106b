//! `outcomes.jsonl`: each generated jobseeker's outcome events, in the form
//! `skillpath ingest outcomes` reads — recommended → (viewed) → referred → enrolled →
//! completed or dropped out → credential issued, and a job some months after completion
//! (sometimes in one of the person's target occupations), then leaving the register.
//!
//! Recommendations fall in the year that ends a year before the as-of day, so that their
//! follow-up (a job up to 12 months after completion) is mostly observed; anything that
//! would happen after the as-of day is not written, as in an extract taken that day.
//!
//! The file is written in chunks of people aligned with `jobseekers.jsonl`'s: a chunk
//! regenerates its people from the jobseekers' own random stream, so each history belongs
//! to the person with that id, groups and targets, without holding the register in memory.
//! Rates and where they come from: `outcome_rates.rs`.

use std::ops::Range;

use chrono::{Datelike, Days, NaiveDate};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use serde::Serialize;
use skillpath_domain::jobseeker::{GroupFlags, Profile};

use crate::GenerateError;
use crate::jobseekers::Jobseekers;
use crate::outcome_rates::{self as rates, Factors, p};
use crate::pick::{self, Alias};
use crate::world::World;
use crate::write::{CHUNK_ROWS, Rows, stream_rng};

pub const FILE: &str = "outcomes.jsonl";
/// The random stream of per-course quality; files use 1 to 4.
const QUALITY_STREAM: u64 = 5;

#[derive(Serialize)]
struct Line<'a> {
    idempotency_key: String,
    kind: &'static str,
    jobseeker_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    course_id: Option<String>,
    occurred_at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    occupation_uri: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    contract_type: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    employment_start: Option<NaiveDate>,
}

struct Event<'a> {
    day: NaiveDate,
    minute: u16,
    kind: &'static str,
    course: Option<u64>,
    job: Option<(NaiveDate, &'a str, &'static str)>,
}

pub struct Outcomes<'w, 'a> {
    pub world: &'w World<'a>,
    pub people: Jobseekers<'w, 'a>,
    pub seed: u64,
    pub people_stream: u64,
    courses: u64,
    popularity: Alias,
    /// Per course, a multiplier of its completers' chance of a job: some courses lead to
    /// work more often than others, which is what the outcome evidence should find.
    quality: Vec<f32>,
    /// Share of the register recommended something, and mean pairs per such person.
    active: f64,
    pairs: f64,
}

impl<'w, 'a> Outcomes<'w, 'a> {
    /// `events` is the tier's target; the count written is close to it, not exact.
    pub fn new(
        world: &'w World<'a>,
        seed: u64,
        people_stream: u64,
        courses: u64,
        jobseekers: u64,
        events: u64,
    ) -> Self {
        let courses = courses.max(1);
        let mut rng = stream_rng(seed, QUALITY_STREAM, 0);
        let quality = (0..courses)
            .map(|_| (0.3 * pick::normal_pair(&mut rng).0).exp() as f32)
            .collect();
        // Solve events ≈ people × (active × pairs × per pair + per person) for the pairs,
        // and when even one pair each is too many (tier L), for the active share instead.
        let per_person = events as f64 / jobseekers.max(1) as f64;
        let (ep, eo) = (rates::events_per_pair(), rates::events_per_person());
        let mut active = 1.0 - rates::NOT_RECOMMENDED;
        let mut pairs = (per_person - eo) / (active * ep);
        if pairs < 1.0 {
            pairs = 1.0;
            active = ((per_person - eo) / ep).clamp(0.05, active);
        }
        Outcomes {
            world,
            people: Jobseekers { world },
            seed,
            people_stream,
            courses,
            popularity: Alias::new(&pick::zipf_weights(courses as usize, 0.8)),
            quality,
            active,
            pairs,
        }
    }

    /// A popular rank spread over the catalogue (the multiplier is a prime, so the map is
    /// one to one), so popularity does not follow course numbers.
    fn course(&self, rng: &mut ChaCha8Rng) -> u64 {
        (self.popularity.sample(rng) as u64).wrapping_mul(2_654_435_761) % self.courses
    }

    fn pair_count(&self, rng: &mut ChaCha8Rng) -> u64 {
        let extra = self.pairs - 1.0;
        let whole = extra.floor() as u64;
        1 + rng.random_range(0..=2 * whole) + u64::from(rng.random_bool(extra - whole as f64))
    }

    fn history<'p>(
        &self,
        rng: &mut ChaCha8Rng,
        person: &'p Profile,
        groups: &GroupFlags,
        out: &mut Vec<Event<'p>>,
    ) where
        'a: 'p,
    {
        let as_of = self.world.as_of;
        let start = as_of - Days::new(730);
        let f: Factors = rates::factors(groups);
        let after = |rng: &mut ChaCha8Rng, day: NaiveDate, lo: u64, hi: u64| {
            day + Days::new(rng.random_range(lo..=hi))
        };
        let mut completions: Vec<(NaiveDate, u64)> = Vec::new();
        if rng.random_bool(p(self.active, f.recommended)) {
            for _ in 0..self.pair_count(rng) {
                let course = self.course(rng);
                let mut push =
                    |day, kind| out.push(event(rng_minute(day), day, kind, Some(course)));
                let day = after(rng, start, 0, 364);
                push(day, "recommended");
                if rng.random_bool(rates::VIEWED) {
                    push(after(rng, day, 0, 7), "viewed");
                }
                if !rng.random_bool(p(rates::REFERRED, f.referred)) {
                    continue;
                }
                let day = after(rng, day, 1, 14);
                push(day, "referred");
                if !rng.random_bool(p(rates::ENROLLED, f.enrolled)) {
                    continue;
                }
                let day = after(rng, day, 5, 30);
                push(day, "enrolled");
                if !rng.random_bool(p(rates::COMPLETED, f.completed)) {
                    if rng.random_bool(rates::DROPOUT_RECORDED) {
                        push(after(rng, day, 5, 40), "dropped_out");
                    }
                    continue;
                }
                let day = after(rng, day, 14, 120);
                push(day, "completed");
                completions.push((day, course));
                if rng.random_bool(rates::CREDENTIAL) {
                    push(after(rng, day, 0, 10), "credential_issued");
                }
            }
        }
        completions.sort_unstable();
        let mut job = None;
        for &(done, course) in &completions {
            let chance =
                rates::EMPLOYED_AFTER_COMPLETION * f64::from(self.quality[course as usize]);
            if rng.random_bool(p(chance, f.employed)) {
                let (lo, hi) = pick::weighted(rng, &rates::JOB_DELAY);
                job = Some(after(rng, done, lo, hi));
                break;
            }
        }
        if completions.is_empty() && rng.random_bool(p(rates::EMPLOYED_WITHOUT_COURSE, f.employed))
        {
            job = Some(after(rng, start, 0, (as_of - start).num_days() as u64 - 1));
        }
        if let Some(begins) = job {
            let occupation = self.occupation(rng, person);
            let contract = pick::weighted(
                rng,
                &[
                    ("permanent", 0.45),
                    ("fixed-term", 0.40),
                    ("temporary", 0.15),
                ],
            );
            let reported = after(rng, begins, 0, 14);
            out.push(Event {
                job: Some((begins, occupation, contract)),
                ..event(rng_minute(reported), reported, "employed", None)
            });
            if rng.random_bool(rates::LEFT_REGISTER) {
                let day = after(rng, begins, 0, 30);
                out.push(event(rng_minute(day), day, "left_register", None));
            }
        }
        out.retain(|e| e.day < as_of);
        out.sort_by_key(|e| (e.day, e.minute));
    }

    fn occupation<'p>(&self, rng: &mut ChaCha8Rng, person: &'p Profile) -> &'p str
    where
        'a: 'p,
    {
        let targets = &person.target_occupations;
        if !targets.is_empty() && rng.random_bool(rates::IN_TARGET) {
            return &targets[rng.random_range(0..targets.len())];
        }
        match person.work_history.first() {
            Some(h) if rng.random_bool(0.5) => h,
            _ => self.world.occs[self.world.course_occ.sample(rng)].uri,
        }
    }
}

/// A minute of the working day, derived from the date so it costs no draw.
fn rng_minute(day: NaiveDate) -> u16 {
    let d = u64::try_from(day.num_days_from_ce()).unwrap_or_default();
    (8 * 60 + (d.wrapping_mul(7919) % 540)) as u16
}

fn event<'p>(minute: u16, day: NaiveDate, kind: &'static str, course: Option<u64>) -> Event<'p> {
    Event {
        day,
        minute,
        kind,
        course,
        job: None,
    }
}

impl Rows for Outcomes<'_, '_> {
    fn write_rows(
        &self,
        rng: &mut ChaCha8Rng,
        range: Range<u64>,
        out: &mut Vec<u8>,
    ) -> Result<u64, GenerateError> {
        // The same stream and rows as the jobseekers file's chunk: the same people.
        let mut people_rng = stream_rng(self.seed, self.people_stream, range.start / CHUNK_ROWS);
        let mut written = 0;
        for n in range {
            let (person, groups) = self.people.person(&mut people_rng, n);
            let mut events = Vec::new();
            self.history(rng, &person, &groups, &mut events);
            for (k, e) in events.iter().enumerate() {
                let line = Line {
                    idempotency_key: format!("{}-e{k}", person.id),
                    kind: e.kind,
                    jobseeker_id: &person.id,
                    course_id: e.course.map(|c| format!("C-{:08}", c + 1)),
                    occurred_at: format!("{}T{:02}:{:02}:00Z", e.day, e.minute / 60, e.minute % 60),
                    occupation_uri: e.job.map(|j| j.1),
                    contract_type: e.job.map(|j| j.2),
                    employment_start: e.job.map(|j| j.0),
                };
                serde_json::to_writer(&mut *out, &line).map_err(|e| GenerateError::Encode {
                    what: "outcome event",
                    reason: e.to_string(),
                })?;
                out.push(b'\n');
            }
            written += events.len() as u64;
        }
        Ok(written)
    }
}
