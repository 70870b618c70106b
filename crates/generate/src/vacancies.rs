//! `vacancies.csv`: the columns of `data/sample/vacancies.csv`, which the vacancy reader of
//! skillpath-ingest recognises without a column map.

use std::fmt::Write as _;
use std::ops::Range;

use chrono::{Days, NaiveDate};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

use crate::GenerateError;
use crate::pick;
use crate::regions::{self, REGIONS};
use crate::text::{article, capitalise, push_joined};
use crate::world::World;
use crate::write::Rows;

pub const FILE: &str = "vacancies.csv";

pub const HEADER: [&str; 18] = [
    "id",
    "title",
    "employer",
    "region",
    "municipality",
    "postcode",
    "latitude",
    "longitude",
    "date_posted",
    "valid_through",
    "employment_type",
    "salary_min",
    "salary_max",
    "salary_currency",
    "salary_unit",
    "description",
    "occupation_uri",
    "skill_uris",
];

/// One CSV row; the field order is `HEADER`'s.
#[derive(Serialize)]
struct Row<'a> {
    id: String,
    title: String,
    employer: String,
    region: &'a str,
    municipality: &'a str,
    postcode: &'a str,
    latitude: f64,
    longitude: f64,
    date_posted: NaiveDate,
    valid_through: NaiveDate,
    employment_type: &'a str,
    salary_min: Option<u64>,
    salary_max: Option<u64>,
    salary_currency: &'a str,
    salary_unit: &'a str,
    description: String,
    occupation_uri: &'a str,
    skill_uris: String,
}

pub fn header() -> Vec<u8> {
    let mut line = HEADER.join(",");
    line.push('\n');
    line.into_bytes()
}

#[derive(Debug)]
pub struct Vacancies<'w, 'a> {
    pub world: &'w World<'a>,
}

impl Rows for Vacancies<'_, '_> {
    fn write_rows(
        &self,
        rng: &mut ChaCha8Rng,
        range: Range<u64>,
        out: &mut Vec<u8>,
    ) -> Result<u64, GenerateError> {
        let mut csv = csv::WriterBuilder::new()
            .has_headers(false)
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(out);
        let mut asked = Vec::new();
        let mut nice = Vec::new();
        for n in range {
            let row = self.row(rng, n, &mut asked, &mut nice);
            csv.serialize(&row).map_err(|e| encode(e.to_string()))?;
        }
        csv.flush().map_err(|e| encode(e.to_string()))?;
        Ok(0)
    }
}

fn encode(reason: String) -> GenerateError {
    GenerateError::Encode {
        what: "vacancy",
        reason,
    }
}

const SUFFIXES: &[(&str, f64)] = &[
    ("", 0.45),
    (" (m/f/d)", 0.2),
    (" (m/w/d)", 0.08),
    (" (f/m/x)", 0.05),
    (" - full time", 0.07),
    (" - part time", 0.05),
    (" wanted", 0.05),
    (" - immediate start", 0.05),
];

const EMPLOYER_WORDS: &[&str] = &[
    "Nord", "Alpha", "Euro", "Metro", "Delta", "Prima", "Vita", "Atlas", "Nova", "Union",
    "Central", "Stadt", "Rhein", "Alpen", "Baltic", "Iberia", "Adria", "Pannonia", "Helios",
    "Orion",
];

fn employer_kinds(major: u8) -> &'static [&'static str] {
    match major {
        1..=4 => &[
            "Consulting",
            "Solutions",
            "Partners",
            "Digital",
            "Services",
            "Group",
        ],
        5 => &[
            "Care",
            "Retail",
            "Hospitality",
            "Services",
            "Markets",
            "Kitchen",
        ],
        6 => &["Farms", "Agrar", "Gardens", "Forestry"],
        7 | 8 => &[
            "Bau",
            "Werke",
            "Industries",
            "Engineering",
            "Manufacturing",
            "Logistics",
        ],
        _ => &["Facility Services", "Logistics", "Cleaning", "Staffing"],
    }
}

/// Yearly gross salary in EUR at the EU average wage level, by ISCO major group.
fn base_salary(major: u8) -> f64 {
    match major {
        0 => 38_000.0,
        1 => 62_000.0,
        2 => 50_000.0,
        3 => 40_000.0,
        4 => 32_000.0,
        5 => 27_000.0,
        6 => 26_000.0,
        7 => 34_000.0,
        8 => 31_000.0,
        _ => 24_000.0,
    }
}

fn round_to(x: f64, step: f64) -> u64 {
    ((x / step).round() * step) as u64
}

impl<'a> Vacancies<'_, 'a> {
    fn row(
        &self,
        rng: &mut ChaCha8Rng,
        n: u64,
        asked: &mut Vec<u32>,
        nice: &mut Vec<u32>,
    ) -> Row<'a> {
        let w = self.world;
        let r = w.regions.sample(rng);
        let region = &REGIONS[r];
        let occ = &w.occs[w.vacancy_occ[r].sample(rng)];

        let label = if !occ.alternative.is_empty() && rng.random_bool(0.4) {
            occ.alternative[rng.random_range(0..occ.alternative.len())].as_str()
        } else {
            occ.preferred
        };
        let prefix = pick::weighted(
            rng,
            &[
                ("", 0.85),
                ("Senior ", 0.08),
                ("Junior ", 0.05),
                ("Trainee ", 0.02),
            ],
        );
        let title = if prefix.is_empty() {
            capitalise(label)
        } else {
            format!("{prefix}{label}")
        } + pick::weighted(rng, SUFFIXES);

        let employer = if rng.random_bool(0.15) {
            match rng.random_range(0..3) {
                0 => format!("City of {}", region.city),
                1 => format!("{} University Hospital", region.city),
                _ => format!("Regional Authority {}", region.code),
            }
        } else {
            format!(
                "{} {} {}",
                pick::one(rng, EMPLOYER_WORDS),
                pick::one(rng, employer_kinds(occ.major)),
                region.city
            )
        };
        let (latitude, longitude) = regions::around(region, 12.0, rng);
        let date_posted = w.as_of - Days::new(rng.random_range(0..365));
        let valid_through = date_posted + Days::new(rng.random_range(14..=56));
        let employment_type = pick::weighted(
            rng,
            &[
                ("FULL_TIME", 0.6),
                ("PART_TIME", 0.2),
                ("TEMPORARY", 0.12),
                ("CONTRACTOR", 0.03),
                ("INTERN", 0.05),
            ],
        );

        let (mut salary_min, mut salary_max) = (None, None);
        let (mut salary_currency, mut salary_unit) = ("", "");
        if rng.random_bool(0.7) {
            let (noise, _) = pick::normal_pair(rng);
            let yearly = base_salary(occ.major) * region.wage_level * (0.15 * noise).exp();
            let spread = rng.random_range(1.1..1.35);
            let with_max = rng.random_bool(0.5);
            let (amount, step, unit) = if rng.random_bool(0.85) {
                (yearly, 500.0, "YEAR")
            } else {
                (yearly / 12.0, 50.0, "MONTH")
            };
            salary_min = Some(round_to(amount, step));
            salary_max = with_max.then(|| round_to(amount * spread, step));
            salary_currency = "EUR";
            salary_unit = unit;
        }

        asked.clear();
        nice.clear();
        let k = rng.random_range(3..=12);
        pick::distinct_into(rng, &occ.essential, k, asked);
        let k = pick::weighted(rng, &[(0, 0.35), (1, 0.3), (2, 0.2), (3, 0.15)]);
        pick::distinct_into(rng, &occ.optional, k, nice);
        let description = self.describe(rng, occ.preferred, region.city, asked, nice);

        // Half the sources code their adverts to ESCO; the rest leave it to text extraction.
        let coded = rng.random_bool(0.5);
        let mut skill_uris = String::new();
        if coded {
            push_joined(
                &mut skill_uris,
                asked
                    .iter()
                    .chain(nice.iter())
                    .map(|&s| w.skill_uris[s as usize]),
                ";",
            );
        }
        Row {
            id: format!("V-{:08}", n + 1),
            title,
            employer,
            region: region.code,
            municipality: region.city,
            postcode: region.postcode,
            latitude,
            longitude,
            date_posted,
            valid_through,
            employment_type,
            salary_min,
            salary_max,
            salary_currency,
            salary_unit,
            description,
            occupation_uri: if coded { occ.uri } else { "" },
            skill_uris,
        }
    }

    /// Prose that names every asked skill by its ESCO label: tasks for competences, "knowledge
    /// of" for knowledge, so a skill extractor has something true to find.
    fn describe(
        &self,
        rng: &mut ChaCha8Rng,
        occupation: &str,
        city: &str,
        asked: &[u32],
        nice: &[u32],
    ) -> String {
        let w = self.world;
        let label = |s: &u32| w.skill_labels[*s as usize];
        let opener = pick::one(
            rng,
            &[
                "We are looking for",
                "We are hiring",
                "Join our team as",
                "Wanted:",
            ],
        );
        let mut d = String::with_capacity(600);
        let _ = write!(
            d,
            "{opener} {} {occupation} in {city}.",
            article(occupation)
        );
        let (knowledge, tasks): (Vec<&u32>, Vec<&u32>) = asked
            .iter()
            .partition(|&&s| w.skill_is_knowledge[s as usize]);
        if !tasks.is_empty() {
            d.push_str(" Your tasks: ");
            push_joined(&mut d, tasks.into_iter().map(label), "; ");
            d.push('.');
        }
        if !knowledge.is_empty() {
            d.push_str(" You bring knowledge of ");
            push_joined(&mut d, knowledge.into_iter().map(label), ", ");
            d.push('.');
        }
        if !nice.is_empty() {
            d.push_str(" Nice to have: ");
            push_joined(&mut d, nice.iter().map(label), "; ");
            d.push('.');
        }
        d.push(' ');
        d.push_str(pick::one(
            rng,
            &[
                "We offer a permanent contract and flexible hours.",
                "We are an equal opportunity employer and offer a company pension.",
                "Training on the job is provided.",
                "Applications from career changers are welcome.",
                "We offer a team that values safety and good work.",
            ],
        ));
        d
    }
}
