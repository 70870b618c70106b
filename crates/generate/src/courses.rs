//! `courses.jsonl`: one `skillpath_domain::course::Course` per line, in its serde form.

use std::ops::Range;

use chrono::{Days, NaiveDate};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use skillpath_domain::course::{Cost, Course, LearningOutcome, Mode, Pace, Participation, Session};
use skillpath_domain::vacancy::Location;

use crate::GenerateError;
use crate::pick;
use crate::providers::Kind;
use crate::regions::{self, REGIONS, Region};
use crate::text::capitalise;
use crate::world::{Occ, World};
use crate::write::Rows;

pub const FILE: &str = "courses.jsonl";

/// Shared with jobseekers' eligibility, so that "who may pay" can match.
pub const FUNDING: &[&str] = &[
    "education-voucher",
    "esf-plus",
    "youth-guarantee",
    "disability-support",
    "minimum-income-support",
    "individual-learning-account",
];

#[derive(Debug)]
pub struct Courses<'w, 'a> {
    pub world: &'w World<'a>,
}

impl Rows for Courses<'_, '_> {
    fn write_rows(
        &self,
        rng: &mut ChaCha8Rng,
        range: Range<u64>,
        out: &mut Vec<u8>,
    ) -> Result<u64, GenerateError> {
        let mut sessions = 0;
        for n in range {
            let course = self.course(rng, n);
            debug_assert!(course.validate().is_ok(), "{:?}", course.validate());
            sessions += course.sessions.len() as u64;
            serde_json::to_writer(&mut *out, &course).map_err(|e| GenerateError::Encode {
                what: "course",
                reason: e.to_string(),
            })?;
            out.push(b'\n');
        }
        Ok(sessions)
    }
}

/// EQF levels a course for this ISCO major group is usually at.
fn eqf_choices(major: u8) -> &'static [u8] {
    match major {
        1 | 2 => &[4, 5, 5, 6, 6],
        3 => &[4, 4, 5, 5, 6],
        6 | 9 => &[2, 2, 3, 3, 4],
        _ => &[2, 3, 3, 4, 4, 5],
    }
}

const ECTS: &[(f64, f64)] = &[
    (1.0, 0.15),
    (1.5, 0.05),
    (2.0, 0.15),
    (3.0, 0.15),
    (4.0, 0.12),
    (5.0, 0.12),
    (6.0, 0.1),
    (8.0, 0.08),
    (10.0, 0.08),
];

impl Courses<'_, '_> {
    fn course(&self, rng: &mut ChaCha8Rng, n: u64) -> Course {
        let w = self.world;
        // Most courses follow demand; a quarter serve the long tail of occupations.
        let occ_index = if rng.random_bool(0.75) {
            w.course_occ.sample(rng)
        } else {
            rng.random_range(0..w.occs.len())
        };
        let occ = &w.occs[occ_index];
        let taught = self.taught_skills(rng, occ);
        let provider = &w.providers[w.provider_pick.sample(rng)];
        let home = &REGIONS[provider.region];

        let mode = if provider.kind == Kind::Online {
            Mode::Online
        } else {
            pick::weighted(
                rng,
                &[
                    (Mode::Online, 0.22),
                    (Mode::OnSite, 0.55),
                    (Mode::Blended, 0.23),
                ],
            )
        };
        let pace = if rng.random_bool(0.6) {
            Pace::PartTime
        } else {
            Pace::FullTime
        };
        let ects = pick::weighted(rng, ECTS);
        let hours = (ects * rng.random_range(25.0..=30.0)).round();
        let eqf = pick::one(rng, eqf_choices(occ.major));

        let first = taught[0] as usize;
        let topic = w.skill_labels[first];
        let title = match rng.random_range(0..6) {
            0 => format!("{} - micro-credential", capitalise(topic)),
            1 if w.skill_is_knowledge[first] => format!("Introduction to {topic}"),
            1 => format!("Learning to {topic}"),
            2 => format!("{}: {topic}", capitalise(occ.preferred)),
            3 => format!("{} essentials", capitalise(topic)),
            4 => format!("Certificate module: {topic}"),
            _ => format!("{} for {} roles", capitalise(topic), occ.preferred),
        };
        let learning_outcomes = taught
            .iter()
            .map(|&s| {
                let label = w.skill_labels[s as usize];
                let text = if w.skill_is_knowledge[s as usize] {
                    format!("The learner can explain and apply {label}.")
                } else {
                    format!("The learner can {label}.")
                };
                LearningOutcome {
                    text,
                    skill_uris: vec![w.skill_uris[s as usize].to_owned()],
                }
            })
            .collect();

        let sessions = self.sessions(rng, mode, pace, hours, home);
        let languages = languages(rng, mode, home);
        let accessibility = accessibility(rng, mode);

        let free = rng.random_bool(0.35);
        let amount_minor = if free {
            0
        } else {
            (pick::log_uniform(rng, 100.0, 3000.0) / 10.0).round() as u64 * 1000
        };
        let mut eligible_funding = Vec::new();
        if !free && rng.random_bool(0.6) {
            let k = rng.random_range(1..=2);
            pick::distinct_into(rng, FUNDING, k, &mut eligible_funding);
        }
        let eligible_funding = eligible_funding.into_iter().map(str::to_owned).collect();

        // Prerequisites are ESCO skills of the same occupation that the course builds on.
        let mut prerequisites = Vec::new();
        if eqf >= 4 && rng.random_bool(0.15) {
            let candidates: Vec<u32> = occ
                .essential
                .iter()
                .copied()
                .filter(|s| !taught.contains(s))
                .collect();
            let mut chosen = Vec::new();
            pick::distinct_into(rng, &candidates, 1, &mut chosen);
            prerequisites = chosen
                .into_iter()
                .map(|s| w.skill_uris[s as usize].to_owned())
                .collect();
        }
        let stacks_into = rng.random_bool(0.25).then(|| {
            let kind = pick::one(rng, &["Certificate", "Advanced certificate", "Diploma"]);
            format!("{kind} in {}", occ.preferred)
        });
        let date_of_issue = w.as_of - Days::new(rng.random_range(30..3 * 365));

        let mut course = Course {
            id: format!("C-{:08}", n + 1),
            title,
            issuer_country: Some(home.country.to_owned()),
            issuer_region: rng.random_bool(0.8).then(|| home.code.to_owned()),
            awarding_body: provider.awarding_body.clone(),
            date_of_issue: Some(date_of_issue),
            learning_outcomes,
            ects: Some(ects),
            eqf_level: Some(eqf),
            assessment: Some(
                pick::one(
                    rng,
                    &[
                        "practical test",
                        "written exam",
                        "portfolio",
                        "project work",
                        "online quiz",
                        "oral exam",
                    ],
                )
                .to_owned(),
            ),
            participation: Participation { mode, pace },
            quality_assurance: Some(provider.quality_assurance.to_owned()),
            provider: provider.name.clone(),
            hours: Some(hours),
            sessions,
            cost: Cost {
                amount_minor,
                currency: "EUR".to_owned(),
                eligible_funding,
            },
            languages,
            accessibility,
            prerequisites,
            stacks_into,
            url: rng
                .random_bool(0.7)
                .then(|| format!("https://courses.example.org/c/{:08}", n + 1)),
        };
        // Real catalogues are patchy: about 30% of records lack one to three elements.
        if rng.random_bool(0.3) {
            let k = rng.random_range(1..=3);
            let mut gaps = Vec::new();
            pick::distinct_into(rng, &[0u8, 1, 2, 3, 4, 5], k, &mut gaps);
            for gap in gaps {
                match gap {
                    0 => {
                        course.issuer_country = None;
                        course.issuer_region = None;
                    }
                    1 => course.date_of_issue = None,
                    2 => course.ects = None,
                    3 => course.eqf_level = None,
                    4 => course.assessment = None,
                    _ => course.quality_assurance = None,
                }
            }
        }
        course
    }

    /// Two to six skills, mostly essential ones of the occupation, the first the headline.
    fn taught_skills(&self, rng: &mut ChaCha8Rng, occ: &Occ<'_>) -> Vec<u32> {
        let k = rng.random_range(2..=6);
        let mut taught = Vec::with_capacity(k);
        let optional = if occ.optional.is_empty() {
            0
        } else {
            rng.random_range(0..=k / 3)
        };
        pick::distinct_into(rng, &occ.essential, k - optional, &mut taught);
        pick::distinct_into(rng, &occ.optional, k - taught.len(), &mut taught);
        // An occupation with too few skills of its own borrows from the whole taxonomy.
        while taught.len() < 2.min(self.world.skill_uris.len()) {
            let s = rng.random_range(0..self.world.skill_uris.len()) as u32;
            if !taught.contains(&s) {
                taught.push(s);
            }
        }
        taught
    }

    /// One to seven starts over the coming year (four on average), at the provider's centre
    /// or online.
    fn sessions(
        &self,
        rng: &mut ChaCha8Rng,
        mode: Mode,
        pace: Pace,
        hours: f64,
        home: &Region,
    ) -> Vec<Session> {
        let count = rng.random_range(1..=7);
        let mut starts: Vec<NaiveDate> = (0..count)
            .map(|_| self.world.as_of + Days::new(rng.random_range(7..=365)))
            .collect();
        starts.sort_unstable();
        starts.dedup();
        let per_week = match pace {
            Pace::FullTime => 35.0,
            Pace::PartTime => rng.random_range(6.0..12.0),
        };
        let days = ((hours / per_week).ceil() * 7.0) as u64;
        let place = (mode != Mode::Online).then(|| {
            let (latitude, longitude) = regions::around(home, 2.0, rng);
            Location {
                municipality: Some(home.city.to_owned()),
                region: Some(home.code.to_owned()),
                postcode: Some(home.postcode.to_owned()),
                latitude: Some(latitude),
                longitude: Some(longitude),
            }
        });
        let self_paced = mode == Mode::Online && rng.random_bool(0.5);
        starts
            .into_iter()
            .map(|start| Session {
                start,
                end: (!self_paced).then(|| start + Days::new(days.saturating_sub(1))),
                location: place.clone(),
                seats: match mode {
                    Mode::Online if self_paced => None,
                    Mode::Online => Some(rng.random_range(30..=300)),
                    _ => Some(rng.random_range(8..=25)),
                },
            })
            .collect()
    }
}

fn languages(rng: &mut ChaCha8Rng, mode: Mode, home: &Region) -> Vec<String> {
    let local = home.languages[0];
    let langs: Vec<&str> = match (mode, rng.random_range(0..10)) {
        (Mode::Online, 0..=2) => vec!["en"],
        (Mode::Online, _) | (_, 7..=8) if local != "en" => vec![local, "en"],
        (_, 9) => vec!["en"],
        _ => home.languages.to_vec(),
    };
    langs.into_iter().map(str::to_owned).collect()
}

fn accessibility(rng: &mut ChaCha8Rng, mode: Mode) -> Vec<String> {
    let options: &[(&str, f64)] = if mode == Mode::Online {
        &[("screen-reader", 0.5), ("captions", 0.4)]
    } else {
        &[
            ("step-free-access", 0.5),
            ("hearing-loop", 0.15),
            ("sign-language", 0.05),
        ]
    };
    options
        .iter()
        .filter(|(_, p)| rng.random_bool(*p))
        .map(|(a, _)| (*a).to_owned())
        .collect()
}
