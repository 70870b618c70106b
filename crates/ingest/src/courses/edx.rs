//! The edX catalogue layout (title, summary, institution, Level, language, course_effort,
//! course_length, price, course_url, …), as scraped catalogues of MOOCs publish it.
//!
//! What the catalogue does not say stays missing: it names no issuer country, date of issue,
//! ECTS, assessment or quality assurance, and its Introductory/Intermediate/Advanced level is
//! not an EQF level. The summary is kept as the one learning outcome, without skills: skill
//! extraction from text happens later in the pipeline.
//!
//! Price: edX courses are free to audit, but the credential — the verified certificate — is
//! what costs "$49 USD". A PES refers someone to the credential, so that is the cost.

use std::collections::HashMap;

use skillpath_domain::course::{Cost, Course, LearningOutcome, Mode, Pace, Participation};

use super::canonical::{Fields, note};
use super::codes;
use super::columns::normalise;
use super::record::{Built, RowErrors, finish};
use super::values::{self, NO_CURRENCY};

/// The columns that identify the layout; the others are read when present.
const REQUIRED: &[&str] = &[
    "title",
    "institution",
    "course_effort",
    "course_length",
    "price",
    "course_url",
];

const OPTIONAL: &[&str] = &["summary", "language"];

/// The column index of each edX field, when the header is the edX layout.
pub fn columns(header: &[&str]) -> Option<HashMap<&'static str, usize>> {
    let normalised: Vec<String> = header.iter().map(|h| normalise(h)).collect();
    let find = |name: &str| normalised.iter().position(|h| h == name);
    let mut out = HashMap::new();
    for &name in REQUIRED {
        out.insert(name, find(name)?);
    }
    for &name in OPTIONAL {
        if let Some(i) = find(name) {
            out.insert(name, i);
        }
    }
    Some(out)
}

pub fn build(row: &dyn Fields) -> Built {
    let mut errors = RowErrors::new();
    let mut assumed = Vec::new();
    let institution = row.get("institution").unwrap_or_default().to_owned();
    let url = row.get("course_url");
    let id = match url.and_then(slug) {
        Some(slug) => format!("edx:{slug}"),
        None => {
            errors.push((
                "course_url".into(),
                "no course URL to take a stable id from".into(),
            ));
            String::new()
        }
    };
    let weekly = row
        .get("course_effort")
        .and_then(|raw| note(&mut errors, "course_effort", weekly_hours(raw)));
    let weeks = row
        .get("course_length")
        .and_then(|raw| note(&mut errors, "course_length", weeks(raw)));
    let pace = weekly
        .map(values::pace_for_weekly_hours)
        .unwrap_or_else(|| {
            assumed.push("participation.pace");
            Pace::PartTime
        });
    let languages = row
        .get("language")
        .and_then(|raw| {
            let code = codes::language_from_name(raw).ok_or_else(|| {
                format!("{raw:?} is not a language name we know; map it to an ISO 639-1 code")
            });
            note(&mut errors, "language", code)
        })
        .map(|code| vec![code.to_owned()])
        .unwrap_or_default();
    let cost = match row.get("price") {
        Some(raw) => note(&mut errors, "price", certificate_price(raw)),
        None => {
            assumed.push("cost");
            None
        }
    }
    .unwrap_or_else(|| Cost {
        amount_minor: 0,
        currency: NO_CURRENCY.into(),
        eligible_funding: Vec::new(),
    });
    let course = Course {
        id,
        title: row.get("title").unwrap_or_default().to_owned(),
        issuer_country: None,
        issuer_region: None,
        awarding_body: institution.clone(),
        date_of_issue: None,
        learning_outcomes: row
            .get("summary")
            .filter(|s| is_outcome(s))
            .map(|text| LearningOutcome {
                text: text.to_owned(),
                skill_uris: Vec::new(),
            })
            .into_iter()
            .collect(),
        ects: None,
        eqf_level: None,
        assessment: None,
        participation: Participation {
            mode: Mode::Online,
            pace,
        },
        quality_assurance: None,
        provider: institution,
        hours: weekly.zip(weeks).map(|(w, n)| w * n),
        sessions: Vec::new(),
        cost,
        languages,
        accessibility: Vec::new(),
        prerequisites: Vec::new(),
        stacks_into: None,
        url: url.map(str::to_owned),
    };
    finish(course, assumed, errors)
}

/// The last path segment of the course URL: edX keeps it when a course is re-run.
fn slug(url: &str) -> Option<&str> {
    let path = url.split(['?', '#']).next()?.trim_end_matches('/');
    path.rsplit('/')
        .next()
        .filter(|s| !s.is_empty() && !s.contains(':'))
}

/// "NA" is the scraper's empty value, and "This course is part of a MicroMasters® Program"
/// describes the programme, not what the learner will be able to do.
fn is_outcome(summary: &str) -> bool {
    !summary.eq_ignore_ascii_case("na") && !summary.starts_with("This course is part of a")
}

/// "2–3 hours per week" is 2.5 hours; "3 hours per week" is 3.
fn weekly_hours(raw: &str) -> Result<f64, String> {
    let refuse = || format!("{raw:?} is not an effort such as \"2–3 hours per week\"");
    let range = raw
        .trim()
        .strip_suffix("hours per week")
        .or_else(|| raw.trim().strip_suffix("hour per week"))
        .ok_or_else(refuse)?;
    let bounds: Vec<f64> = range
        .split(['–', '-'])
        .map(|n| n.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .map_err(|_| refuse())?;
    match bounds.as_slice() {
        [one] if *one > 0.0 => Ok(*one),
        [low, high] if *low > 0.0 && high >= low => Ok((low + high) / 2.0),
        _ => Err(refuse()),
    }
}

/// "4 Weeks" is 4.
fn weeks(raw: &str) -> Result<f64, String> {
    let lower = raw.trim().to_ascii_lowercase();
    lower
        .strip_suffix("weeks")
        .or_else(|| lower.strip_suffix("week"))
        .and_then(|n| n.trim().parse::<f64>().ok())
        .filter(|n| *n > 0.0)
        .ok_or_else(|| format!("{raw:?} is not a length such as \"4 Weeks\""))
}

/// "FREE-Add a Verified Certificate for $49 USD" costs 49 USD: the certificate is the
/// credential. A plain "FREE" costs nothing.
fn certificate_price(raw: &str) -> Result<Cost, String> {
    let priced = raw
        .split_once("Certificate for")
        .map_or(raw, |(_, price)| price);
    let (amount_minor, currency) = values::price(priced).map_err(|_| {
        format!("{raw:?} is not a price such as \"FREE-Add a Verified Certificate for $49 USD\"")
    })?;
    Ok(Cost {
        amount_minor,
        currency: currency.unwrap_or_else(|| NO_CURRENCY.into()),
        eligible_funding: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn effort_length_and_price_read_as_edx_writes_them() {
        assert_eq!(weekly_hours("2–3 hours per week"), Ok(2.5));
        assert_eq!(weekly_hours("10–30 hours per week"), Ok(20.0));
        assert!(weekly_hours("a few hours").is_err());
        assert_eq!(weeks("4 Weeks"), Ok(4.0));
        assert_eq!(weeks("1 Weeks"), Ok(1.0));
        let cost = certificate_price("FREE-Add a Verified Certificate for $49.99 USD").unwrap();
        assert_eq!((cost.amount_minor, cost.currency.as_str()), (4_999, "USD"));
        assert_eq!(certificate_price("FREE").unwrap().amount_minor, 0);
        assert_eq!(
            slug("https://www.edx.org/course/how-to-learn-online/?x=1"),
            Some("how-to-learn-online")
        );
    }

    #[test]
    fn the_header_is_recognised_without_a_map() {
        let header = [
            "title",
            "summary",
            "institution",
            "Level",
            "language",
            "course_effort",
            "course_length",
            "price",
            "course_url",
        ];
        let cols = columns(&header).unwrap();
        assert_eq!((cols["language"], cols["course_url"]), (4, 8));
        assert!(columns(&["id", "title"]).is_none());
    }
}
