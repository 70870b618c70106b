//! `jobseekers.jsonl`: `{"profile": Profile, "groups": GroupFlags}` per line, as in
//! `data/sample/jobseekers.jsonl`.

use std::ops::Range;

use chrono::Days;
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use serde::Serialize;
use skillpath_domain::course::Mode;
use skillpath_domain::jobseeker::{GroupFlags, HeldSkill, Profile, SkillSource};
use skillpath_domain::vacancy::Location;

use crate::GenerateError;
use crate::pick;
use crate::regions::{self, OTHER_LANGUAGES, REGIONS, Region};
use crate::world::World;
use crate::write::Rows;

pub const FILE: &str = "jobseekers.jsonl";

#[derive(Serialize)]
struct Line<'p> {
    profile: &'p Profile,
    groups: &'p GroupFlags,
}

#[derive(Debug)]
pub struct Jobseekers<'w, 'a> {
    pub world: &'w World<'a>,
}

impl Rows for Jobseekers<'_, '_> {
    fn write_rows(
        &self,
        rng: &mut ChaCha8Rng,
        range: Range<u64>,
        out: &mut Vec<u8>,
    ) -> Result<u64, GenerateError> {
        for n in range {
            let (profile, groups) = self.person(rng, n);
            debug_assert!(profile.validate().is_ok(), "{:?}", profile.validate());
            debug_assert!(groups.validate().is_ok(), "{:?}", groups.validate());
            let line = Line {
                profile: &profile,
                groups: &groups,
            };
            serde_json::to_writer(&mut *out, &line).map_err(|e| GenerateError::Encode {
                what: "jobseeker",
                reason: e.to_string(),
            })?;
            out.push(b'\n');
        }
        Ok(0)
    }
}

/// Rates from the brief: young 15%, long-term unemployed 30%, minimum income 15%, disability
/// 8%, low-qualified 20%, older worker 15%. Young and older exclude each other, and minimum
/// income is likelier after long unemployment, as in PES registers.
fn groups(rng: &mut ChaCha8Rng, region: &Region) -> GroupFlags {
    let age = rng.random::<f64>();
    let long_term_unemployed = rng.random_bool(0.30);
    // 0.30 * 0.30 + 0.70 * 0.0857 = 0.15 overall.
    let minimum_income = rng.random_bool(if long_term_unemployed { 0.30 } else { 0.0857 });
    let mut flags = GroupFlags {
        young: age < 0.15,
        older_worker: age >= 0.85,
        long_term_unemployed,
        minimum_income,
        disability: rng.random_bool(0.08),
        low_qualified: rng.random_bool(0.20),
        lawful_basis: String::new(),
    };
    if flags.any() {
        flags.lawful_basis = match region.country {
            "DE" => "SGB III s.35 (placement)",
            "FR" => "Code du travail L5312-1",
            _ => "GDPR Art. 6(1)(e) and 9(2)(b); national PES mandate",
        }
        .to_owned();
    }
    flags
}

const SOURCES: &[(SkillSource, f64)] = &[
    (SkillSource::Declared, 0.45),
    (SkillSource::ExtractedFromCv, 0.30),
    (SkillSource::CaseworkerConfirmed, 0.20),
    (SkillSource::Credential, 0.05),
];

const NEEDS: &[&str] = &[
    "step-free-access",
    "screen-reader",
    "sign-language",
    "hearing-loop",
    "captions",
];

impl Jobseekers<'_, '_> {
    pub(crate) fn person(&self, rng: &mut ChaCha8Rng, n: u64) -> (Profile, GroupFlags) {
        let w = self.world;
        let region = &REGIONS[w.regions.sample(rng)];
        let groups = groups(rng, region);

        // Some young people come straight from school: no history, a few skills from training.
        let school_leaver = groups.young && rng.random_bool(0.3);
        let mut history: Vec<usize> = Vec::new();
        if !school_leaver {
            let first = w.supply_occ.sample(rng);
            history.push(first);
            let extra = pick::weighted(rng, &[(0, 0.5), (1, 0.35), (2, 0.15)]);
            for _ in 0..extra {
                let next = match w.neighbour(first, rng) {
                    Some(o) if rng.random_bool(0.6) => o,
                    _ => w.supply_occ.sample(rng),
                };
                if !history.contains(&next) {
                    history.push(next);
                }
            }
        }

        let mut targets: Vec<usize> = Vec::new();
        if school_leaver || rng.random_bool(0.6) {
            let k = pick::weighted(rng, &[(1, 0.6), (2, 0.3), (3, 0.1)]);
            // A few more tries than needed: a draw may repeat the history or another target.
            for _ in 0..k * 4 {
                if targets.len() == k {
                    break;
                }
                let near = history.first().and_then(|&h| w.neighbour(h, rng));
                let t = match near {
                    Some(o) if rng.random_bool(0.6) => o,
                    _ => w.course_occ.sample(rng),
                };
                if !targets.contains(&t) && !history.contains(&t) {
                    targets.push(t);
                }
            }
        }

        let skills = self.held_skills(rng, &history, &targets, school_leaver);
        let (latitude, longitude) = regions::around(region, 15.0, rng);
        let available_from = rng
            .random_bool(0.9)
            .then(|| w.as_of + Days::new(rng.random_range(0..=120)) - Days::new(30));
        let preferred_modes = pick::weighted(
            rng,
            &[
                (&[Mode::OnSite][..], 0.2),
                (&[Mode::Online][..], 0.15),
                (&[Mode::OnSite, Mode::Blended][..], 0.25),
                (&[Mode::Online, Mode::Blended][..], 0.1),
                (&[Mode::Online, Mode::OnSite, Mode::Blended][..], 0.3),
            ],
        )
        .to_vec();
        let languages = languages(rng, region);
        // About 5% overall: 40% of people with a disability state a need, 2% of the others.
        let needs_p = if groups.disability { 0.4 } else { 0.0196 };
        let accessibility_needs = if rng.random_bool(needs_p) {
            vec![pick::one(rng, NEEDS).to_owned()]
        } else {
            Vec::new()
        };
        let budget_minor = pick::weighted(rng, &[(0, 0.4), (1, 0.25), (2, 0.35)]);
        let budget_minor = match budget_minor {
            0 => None,
            1 => Some(0),
            _ => Some(rng.random_range(200..=2000) * 100),
        };
        let mut funding_eligibility = Vec::new();
        if rng.random_bool(0.8) {
            funding_eligibility.push("education-voucher");
        }
        for (flag, scheme) in [
            (groups.young, "youth-guarantee"),
            (groups.long_term_unemployed, "esf-plus"),
            (groups.disability, "disability-support"),
            (groups.minimum_income, "minimum-income-support"),
        ] {
            if flag {
                funding_eligibility.push(scheme);
            }
        }
        if rng.random_bool(0.1) {
            funding_eligibility.push("individual-learning-account");
        }
        let highest_eqf = if groups.low_qualified {
            Some(rng.random_range(1..=2))
        } else if rng.random_bool(0.03) {
            None
        } else if groups.young {
            Some(pick::one(rng, &[3, 3, 4, 4, 5]))
        } else {
            Some(pick::one(rng, &[3, 3, 4, 4, 4, 5, 6, 6, 7]))
        };

        let profile = Profile {
            id: format!("J-{:08}", n + 1),
            office: format!(
                "office-{}-{}",
                region.code.to_ascii_lowercase(),
                rng.random_range(1..=3)
            ),
            skills,
            work_history: history.iter().map(|&o| w.occs[o].uri.to_owned()).collect(),
            target_occupations: targets.iter().map(|&o| w.occs[o].uri.to_owned()).collect(),
            location: Location {
                municipality: Some(region.city.to_owned()),
                region: Some(region.code.to_owned()),
                postcode: Some(region.postcode.to_owned()),
                latitude: Some(latitude),
                longitude: Some(longitude),
            },
            travel_radius_km: pick::weighted(
                rng,
                &[
                    (5.0, 0.05),
                    (10.0, 0.15),
                    (15.0, 0.1),
                    (20.0, 0.15),
                    (25.0, 0.15),
                    (30.0, 0.1),
                    (40.0, 0.1),
                    (50.0, 0.1),
                    (75.0, 0.05),
                    (100.0, 0.05),
                ],
            ),
            available_from,
            preferred_modes,
            languages,
            accessibility_needs,
            budget_minor,
            funding_eligibility: funding_eligibility.into_iter().map(str::to_owned).collect(),
            highest_eqf,
        };
        (profile, groups)
    }

    /// 3 to 20 skills: mostly essential skills of the history (the latest job most), some
    /// optional ones, a few picked up toward a target, and the odd unrelated one.
    fn held_skills(
        &self,
        rng: &mut ChaCha8Rng,
        history: &[usize],
        targets: &[usize],
        school_leaver: bool,
    ) -> Vec<HeldSkill> {
        let w = self.world;
        let want = if school_leaver {
            rng.random_range(3..=6)
        } else {
            rng.random_range(3..=20)
        }
        .min(w.skill_uris.len());
        let mut held: Vec<u32> = Vec::with_capacity(want);
        let mut scratch = Vec::new();
        let mut add = |from: &[u32], k: usize, held: &mut Vec<u32>, rng: &mut ChaCha8Rng| {
            scratch.clear();
            pick::distinct_into(rng, from, k, &mut scratch);
            for &s in &scratch {
                if held.len() < want && !held.contains(&s) {
                    held.push(s);
                }
            }
        };
        for (i, &o) in history.iter().enumerate() {
            let occ = &w.occs[o];
            let share = if i == 0 { 0.7 } else { 0.3 };
            let k = ((want as f64) * share).ceil() as usize;
            add(&occ.essential, k, &mut held, rng);
            add(&occ.optional, k / 4, &mut held, rng);
        }
        if let Some(&t) = targets.first() {
            let k = rng.random_range(0..=2);
            add(&w.occs[t].essential, k, &mut held, rng);
        }
        // Whatever is still missing (short lists, school leavers) comes from anywhere.
        while held.len() < want {
            let s = rng.random_range(0..w.skill_uris.len()) as u32;
            if !held.contains(&s) {
                held.push(s);
            }
        }
        held.into_iter()
            .map(|s| HeldSkill {
                uri: w.skill_uris[s as usize].to_owned(),
                source: pick::weighted(rng, SOURCES),
            })
            .collect()
    }
}

/// The region's languages; English for almost half; a few people who speak none of the local
/// languages, which is what makes a course's language a real filter.
fn languages(rng: &mut ChaCha8Rng, region: &Region) -> Vec<String> {
    let mut langs: Vec<&str> = if rng.random_bool(0.06) {
        vec![pick::one(rng, OTHER_LANGUAGES)]
    } else {
        vec![region.languages[0]]
    };
    if rng.random_bool(0.45) && !langs.contains(&"en") {
        langs.push("en");
    }
    if rng.random_bool(0.1) {
        let other = pick::one(rng, OTHER_LANGUAGES);
        if !langs.contains(&other) {
            langs.push(other);
        }
    }
    langs.into_iter().map(str::to_owned).collect()
}
