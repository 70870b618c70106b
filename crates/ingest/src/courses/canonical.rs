//! Builds a `Course` from a row in our own one-row-per-course layout (see `columns::FIELDS`).
//! Lists inside a cell use `;`, except learning outcomes, which are sentences and use `|`.

use skillpath_domain::course::{Cost, Course, LearningOutcome, Mode, Pace, Participation, Session};
use skillpath_domain::vacancy::Location;

use super::codes;
use super::record::{Built, RowErrors, finish};
use super::values::{self, NO_CURRENCY, list};
use crate::vacancies::parse_date;

/// A row's value for one of our field names, trimmed, `None` when empty.
pub trait Fields {
    fn get(&self, field: &str) -> Option<&str>;
}

pub fn build(row: &dyn Fields) -> Built {
    let mut errors = RowErrors::new();
    let mut assumed = Vec::new();
    let text = |f: &str| row.get(f).map(str::to_owned);
    let mut number = |field: &str| {
        row.get(field)
            .and_then(|raw| note(&mut errors, field, values::number(raw)))
    };
    let ects = number("ects");
    let hours = number("hours");
    let location = Location {
        municipality: text("municipality"),
        region: text("region"),
        postcode: text("postcode"),
        latitude: number("latitude"),
        longitude: number("longitude"),
    };
    let eqf_level = row
        .get("eqf_level")
        .and_then(|raw| note(&mut errors, "eqf_level", values::eqf_level(raw)));
    let mode = match row.get("mode") {
        Some(raw) => note(&mut errors, "mode", values::mode(raw)),
        None => note(
            &mut errors,
            "mode",
            Err("is empty; must be online, on-site or blended".into()),
        ),
    };
    let pace = match row.get("pace") {
        Some(raw) => note(&mut errors, "pace", values::pace(raw)),
        None => {
            assumed.push("participation.pace");
            None
        }
    };
    let date_of_issue = row.get("date_of_issue").and_then(|raw| {
        let date =
            parse_date(raw).ok_or_else(|| format!("{raw:?} is not a date (e.g. 2026-03-01)"));
        note(&mut errors, "date_of_issue", date)
    });
    let sessions = sessions(row, location, &mut errors);
    let course = Course {
        id: text("id").unwrap_or_default(),
        title: text("title").unwrap_or_default(),
        issuer_country: country(row, &mut errors),
        issuer_region: text("issuer_region"),
        awarding_body: text("awarding_body").unwrap_or_default(),
        date_of_issue,
        learning_outcomes: outcomes(row, &mut errors),
        ects,
        eqf_level,
        assessment: text("assessment"),
        participation: Participation {
            // A refused mode is already an error, so the placeholder never reaches a record.
            mode: mode.unwrap_or(Mode::Online),
            // An absent pace is listed in `assumed`, a refused one is an error.
            pace: pace.unwrap_or(Pace::PartTime),
        },
        quality_assurance: text("quality_assurance"),
        provider: text("provider").unwrap_or_default(),
        hours,
        sessions,
        cost: cost(row, &mut errors, &mut assumed),
        languages: languages(row, &mut errors),
        accessibility: list(row.get("accessibility"), ';'),
        prerequisites: list(row.get("prerequisites"), ';'),
        stacks_into: text("stacks_into"),
        url: text("url"),
    };
    finish(course, assumed, errors)
}

/// Records a refused value under its field and carries on, so one row reports every problem.
pub fn note<T>(errors: &mut RowErrors, field: &str, value: Result<T, String>) -> Option<T> {
    value.map_err(|e| errors.push((field.to_owned(), e))).ok()
}

fn country(row: &dyn Fields, errors: &mut RowErrors) -> Option<String> {
    let raw = row.get("issuer_country")?;
    let code = match raw.len() {
        3 => codes::country_alpha2(raw).map(str::to_owned),
        _ => Some(raw.to_ascii_uppercase()),
    };
    if code.is_none() {
        errors.push((
            "issuer_country".into(),
            format!("{raw:?} is not a country code we know; use ISO 3166-1 alpha-2 such as DE"),
        ));
    }
    code
}

/// Outcomes and skills come as two lists; when they have the same length the n-th skill
/// evidences the n-th outcome, otherwise which skill goes with which outcome is unknown and
/// all of them are attached to the first.
fn outcomes(row: &dyn Fields, errors: &mut RowErrors) -> Vec<LearningOutcome> {
    let texts = list(row.get("learning_outcomes"), '|');
    let uris: Vec<String> = row
        .get("skill_uris")
        .unwrap_or_default()
        .split([';', ',', ' ', '\n'])
        .filter(|u| !u.is_empty())
        .map(str::to_owned)
        .collect();
    if texts.is_empty() {
        if !uris.is_empty() {
            errors.push((
                "skill_uris".into(),
                "skills need a learning outcome to attach to; fill learning_outcomes".into(),
            ));
        }
        return Vec::new();
    }
    if texts.len() == uris.len() {
        return texts
            .into_iter()
            .zip(uris)
            .map(|(text, uri)| LearningOutcome {
                text,
                skill_uris: vec![uri],
            })
            .collect();
    }
    let mut uris = Some(uris);
    texts
        .into_iter()
        .map(|text| LearningOutcome {
            text,
            skill_uris: uris.take().unwrap_or_default(),
        })
        .collect()
}

fn sessions(row: &dyn Fields, location: Location, errors: &mut RowErrors) -> Vec<Session> {
    let has_place = location != Location::default();
    list(row.get("session_starts"), ';')
        .into_iter()
        .filter_map(|raw| {
            let start = parse_date(&raw);
            if start.is_none() {
                errors.push((
                    "session_starts".into(),
                    format!("{raw:?} is not a date (e.g. 2026-09-01)"),
                ));
            }
            Some(Session {
                start: start?,
                end: None,
                location: has_place.then(|| location.clone()),
                seats: None,
            })
        })
        .collect()
}

/// Without a price the cost is unknown, not zero: the placeholder is reported as assumed.
fn cost(row: &dyn Fields, errors: &mut RowErrors, assumed: &mut Vec<&'static str>) -> Cost {
    let eligible_funding = list(row.get("funding"), ';');
    let named = row.get("currency").map(str::to_ascii_uppercase);
    if let Some(code) = &named
        && !(code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()))
    {
        errors.push((
            "currency".into(),
            format!("{code:?} is not an ISO 4217 code such as EUR"),
        ));
    }
    let Some(raw) = row.get("price") else {
        assumed.push("cost");
        return Cost {
            amount_minor: 0,
            currency: named.unwrap_or_else(|| NO_CURRENCY.into()),
            eligible_funding,
        };
    };
    let (amount_minor, written) = note(errors, "price", values::price(raw)).unwrap_or((0, None));
    let currency = named.or(written).unwrap_or_else(|| {
        if amount_minor > 0 {
            errors.push((
                "currency".into(),
                "a price needs a currency (e.g. EUR)".into(),
            ));
        }
        NO_CURRENCY.into()
    });
    Cost {
        amount_minor,
        currency,
        eligible_funding,
    }
}

fn languages(row: &dyn Fields, errors: &mut RowErrors) -> Vec<String> {
    let mut out = Vec::new();
    for raw in list(row.get("languages"), ';') {
        let code = raw.to_ascii_lowercase();
        if code.len() == 2 && code.bytes().all(|b| b.is_ascii_lowercase()) {
            out.push(code);
            continue;
        }
        let hint = codes::language_from_name(&raw)
            .map(|c| format!(" (for {raw} write {c})"))
            .unwrap_or_default();
        errors.push((
            "languages".into(),
            format!("{raw:?} is not an ISO 639-1 code such as en{hint}"),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    impl Fields for HashMap<&str, &str> {
        fn get(&self, field: &str) -> Option<&str> {
            HashMap::get(self, field).copied().filter(|v| !v.is_empty())
        }
    }

    fn row(extra: &[(&'static str, &'static str)]) -> HashMap<&'static str, &'static str> {
        let mut row: HashMap<&str, &str> = [
            ("id", "C1"),
            ("title", "Solar PV basics"),
            ("awarding_body", "HWK Leipzig"),
            ("provider", "BZ Leipzig"),
            ("mode", "online"),
        ]
        .into();
        row.extend(extra.iter().copied());
        row
    }

    #[test]
    fn skills_pair_with_outcomes_only_when_the_counts_match() {
        let paired = build(&row(&[
            ("learning_outcomes", "Mount panels | Wire inverters"),
            (
                "skill_uris",
                "http://data.europa.eu/esco/skill/a;http://data.europa.eu/esco/skill/b",
            ),
        ]))
        .unwrap();
        let lo = &paired.course.learning_outcomes;
        assert_eq!(lo[1].skill_uris, ["http://data.europa.eu/esco/skill/b"]);

        let lumped = build(&row(&[
            ("learning_outcomes", "Mount panels|Wire inverters|Test"),
            (
                "skill_uris",
                "http://data.europa.eu/esco/skill/a;http://data.europa.eu/esco/skill/b",
            ),
        ]))
        .unwrap();
        let lo = &lumped.course.learning_outcomes;
        assert_eq!((lo[0].skill_uris.len(), lo[1].skill_uris.len()), (2, 0));
    }

    #[test]
    fn an_absent_price_or_pace_is_reported_not_presented_as_fact() {
        let d = build(&row(&[])).unwrap();
        assert_eq!(d.assumed, ["participation.pace", "cost"]);
        assert_eq!(d.course.cost.currency, NO_CURRENCY);

        let priced = build(&row(&[("price", "450.00"), ("currency", "eur")])).unwrap();
        assert_eq!(priced.course.cost.amount_minor, 45_000);
        assert_eq!(priced.course.cost.currency, "EUR");
        assert_eq!(priced.assumed, ["participation.pace"]);
    }

    #[test]
    fn every_bad_value_is_named_with_its_field() {
        let errors = build(&row(&[
            ("eqf_level", "nine"),
            ("languages", "de;English"),
            ("price", "450"),
            ("mode", "sometimes"),
            ("session_starts", "next spring"),
        ]))
        .unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(
            fields,
            [
                "eqf_level",
                "mode",
                "session_starts",
                "currency",
                "languages"
            ]
        );
        assert!(errors[4].1.contains("for English write en"), "{errors:?}");
    }
}
