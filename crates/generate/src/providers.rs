//! A few hundred training providers, each at home in one region. Courses cluster by
//! provider (a few big ones run many courses) as catalogues do.

use std::collections::HashSet;

use rand::Rng;

use crate::pick::{self, Alias};
use crate::regions::REGIONS;

const PROVIDERS: usize = 300;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Public,
    Private,
    University,
    Chamber,
    /// Teaches only online, from anywhere.
    Online,
}

#[derive(Debug, Clone)]
pub struct Provider {
    pub name: String,
    pub awarding_body: String,
    pub region: usize,
    pub kind: Kind,
    pub quality_assurance: &'static str,
}

const WORDS: &[&str] = &[
    "Nova", "Atlas", "Prima", "Vertex", "Aurora", "Meridian", "Horizon", "Impuls", "Kompass",
    "Delta", "Orbit", "Forum", "Vita", "Pioneer", "Quadra", "Lumen", "Civitas", "Stella", "Fokus",
    "Agora",
];

pub fn make(regions: &Alias, rng: &mut impl Rng) -> Vec<Provider> {
    let mut seen = HashSet::new();
    let mut out = Vec::with_capacity(PROVIDERS);
    while out.len() < PROVIDERS {
        let region = regions.sample(rng);
        let place = &REGIONS[region];
        let city = place.city;
        let word = pick::one(rng, WORDS);
        let kind = pick::weighted(
            rng,
            &[
                (Kind::Public, 0.3),
                (Kind::Private, 0.35),
                (Kind::University, 0.1),
                (Kind::Chamber, 0.15),
                (Kind::Online, 0.1),
            ],
        );
        let name = match kind {
            Kind::Public => match rng.random_range(0..3) {
                0 => format!("{city} Adult Education Centre"),
                1 => format!("Vocational Training Centre {city}"),
                _ => format!("{word} Skills Institute {city}"),
            },
            Kind::Private => match rng.random_range(0..3) {
                0 => format!("{word} Academy {city}"),
                1 => format!("{word} Training Services"),
                _ => format!("{word} Vocational Academy {city}"),
            },
            Kind::University => format!("University of {city} Continuing Education"),
            Kind::Chamber => match rng.random_range(0..2) {
                0 => format!("Chamber of Crafts {city}"),
                _ => format!("Chamber of Commerce and Industry {city}"),
            },
            Kind::Online => match rng.random_range(0..3) {
                0 => format!("{word} Online Academy"),
                1 => format!("{word}Learn"),
                _ => format!("Open {word} Courses"),
            },
        };
        // Repeated names would merge two providers in any report by provider.
        if !seen.insert(name.clone()) {
            continue;
        }
        let awarding_body = match kind {
            Kind::Private | Kind::Online if rng.random_bool(0.4) => {
                format!("{} Qualifications Authority", place.country)
            }
            _ => name.clone(),
        };
        let quality_assurance = if place.country == "DE" && kind != Kind::Online {
            "AZAV certified provider"
        } else {
            pick::one(
                rng,
                &[
                    "ISO 21001",
                    "ISO 29993",
                    "EQAVET-aligned internal review",
                    "national accreditation",
                ],
            )
        };
        out.push(Provider {
            name,
            awarding_body,
            region,
            kind,
            quality_assurance,
        });
    }
    out
}
