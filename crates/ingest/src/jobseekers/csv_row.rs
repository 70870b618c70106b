//! One jobseeker per CSV row. Lists inside a cell use `;`; a held skill is its ESCO URI,
//! optionally followed by `|` and its source (`declared` when not given), e.g.
//! `http://data.europa.eu/esco/skill/…|caseworker-confirmed`. The group columns are
//! optional; a row that leaves all of them empty records no group membership.

use skillpath_domain::course::Mode;
use skillpath_domain::jobseeker::{GroupFlags, HeldSkill, Profile, SkillSource};
use skillpath_domain::vacancy::Location;

use super::{Built, RowErrors};
use crate::named_csv::{Row, enum_value, list};
use crate::vacancies::parse_date;

pub const COLUMNS: &[&str] = &[
    "id",
    "office",
    "skills",
    "work_history",
    "target_occupations",
    "municipality",
    "region",
    "postcode",
    "latitude",
    "longitude",
    "travel_radius_km",
    "available_from",
    "preferred_modes",
    "languages",
    "accessibility_needs",
    "budget",
    "funding_eligibility",
    "highest_eqf",
    "young",
    "long_term_unemployed",
    "minimum_income",
    "disability",
    "low_qualified",
    "older_worker",
    "lawful_basis",
];

pub fn build(row: &Row<'_>) -> Built {
    let mut errors = RowErrors::new();
    let text = |f: &str| row.get(f).map(str::to_owned);
    let mut number = |field: &str| -> Option<f64> {
        let raw = row.get(field)?;
        let parsed = raw
            .replace(',', ".")
            .parse::<f64>()
            .ok()
            .filter(|n| n.is_finite());
        if parsed.is_none() {
            errors.push((field.into(), format!("{raw:?} is not a number")));
        }
        parsed
    };
    let latitude = number("latitude");
    let longitude = number("longitude");
    let travel_radius_km = number("travel_radius_km");
    if row.get("travel_radius_km").is_none() {
        errors.push((
            "travel_radius_km".into(),
            "is empty; say how far the person can travel (0 for their own town)".into(),
        ));
    }
    let profile = Profile {
        id: text("id").unwrap_or_default(),
        office: text("office").unwrap_or_default(),
        skills: skills(row.get("skills"), &mut errors),
        work_history: list(row.get("work_history")),
        target_occupations: list(row.get("target_occupations")),
        location: Location {
            municipality: text("municipality"),
            region: text("region"),
            postcode: text("postcode"),
            latitude,
            longitude,
        },
        travel_radius_km: travel_radius_km.unwrap_or_default(),
        available_from: row.get("available_from").and_then(|raw| {
            let d = parse_date(raw);
            if d.is_none() {
                errors.push((
                    "available_from".into(),
                    format!("{raw:?} is not a date (expected e.g. 2027-03-01)"),
                ));
            }
            d
        }),
        preferred_modes: modes(row.get("preferred_modes"), &mut errors),
        languages: list(row.get("languages")),
        accessibility_needs: list(row.get("accessibility_needs")),
        budget_minor: row.get("budget").and_then(|raw| {
            let b = minor_units(raw);
            if b.is_none() {
                errors.push((
                    "budget".into(),
                    format!("{raw:?} is not an amount (expected e.g. 450.00)"),
                ));
            }
            b
        }),
        funding_eligibility: list(row.get("funding_eligibility")),
        highest_eqf: row.get("highest_eqf").and_then(|raw| {
            let l = raw.parse::<u8>().ok();
            if l.is_none() {
                errors.push((
                    "highest_eqf".into(),
                    format!("{raw:?} is not a level 1 to 8"),
                ));
            }
            l
        }),
    };
    if let Err(e) = profile.validate() {
        errors.extend(e.violations.into_iter().map(|v| (v.field, v.reason)));
    }
    let groups = groups(row, &mut errors);
    if errors.is_empty() {
        Ok((profile, groups))
    } else {
        Err(errors)
    }
}

fn skills(raw: Option<&str>, errors: &mut RowErrors) -> Vec<HeldSkill> {
    list(raw)
        .into_iter()
        .enumerate()
        .filter_map(|(i, item)| {
            let (uri, source) = match item.split_once('|') {
                Some((uri, source)) => match enum_value::<SkillSource>(source, '-') {
                    Some(s) => (uri.trim(), s),
                    None => {
                        errors.push((
                            format!("skills[{i}]"),
                            format!(
                                "{source:?} is not a skill source (declared, extracted-from-cv, credential, caseworker-confirmed)"
                            ),
                        ));
                        return None;
                    }
                },
                None => (item.as_str(), SkillSource::Declared),
            };
            Some(HeldSkill {
                uri: uri.to_owned(),
                source,
            })
        })
        .collect()
}

fn modes(raw: Option<&str>, errors: &mut RowErrors) -> Vec<Mode> {
    list(raw)
        .into_iter()
        .enumerate()
        .filter_map(|(i, m)| {
            let mode = enum_value::<Mode>(&m, '-');
            if mode.is_none() {
                errors.push((
                    format!("preferred_modes[{i}]"),
                    format!("{m:?} is not online, on-site or blended"),
                ));
            }
            mode
        })
        .collect()
}

/// "450", "450.5", "450,50": an amount in major units, as cents.
fn minor_units(raw: &str) -> Option<u64> {
    let raw = raw.replace(',', ".");
    let (whole, fraction) = raw.split_once('.').unwrap_or((&raw, ""));
    if whole.is_empty()
        || fraction.len() > 2
        || !(whole.bytes().chain(fraction.bytes())).all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let cents = format!("{fraction:0<2}").parse::<u64>().ok()?;
    whole
        .parse::<u64>()
        .ok()?
        .checked_mul(100)?
        .checked_add(cents)
}

fn groups(row: &Row<'_>, errors: &mut RowErrors) -> Option<GroupFlags> {
    let recorded = GroupFlags::NAMES
        .iter()
        .chain(&["lawful_basis"])
        .any(|c| row.get(c).is_some());
    if !recorded {
        return None;
    }
    let mut flag = |name: &str| match row.get(name).map(str::to_ascii_lowercase).as_deref() {
        None | Some("false" | "no" | "n" | "0") => false,
        Some("true" | "yes" | "y" | "1") => true,
        Some(other) => {
            errors.push((name.into(), format!("{other:?} is not yes or no")));
            false
        }
    };
    let flags = GroupFlags {
        young: flag("young"),
        long_term_unemployed: flag("long_term_unemployed"),
        minimum_income: flag("minimum_income"),
        disability: flag("disability"),
        low_qualified: flag("low_qualified"),
        older_worker: flag("older_worker"),
        lawful_basis: row.get("lawful_basis").unwrap_or_default().to_owned(),
    };
    if let Err(e) = flags.validate() {
        errors.extend(e.violations.into_iter().map(|v| (v.field, v.reason)));
    }
    Some(flags)
}

#[cfg(test)]
mod tests {
    use super::minor_units;

    #[test]
    fn budgets_become_exact_cents() {
        assert_eq!(minor_units("450"), Some(45_000));
        assert_eq!(minor_units("450,5"), Some(45_050));
        assert_eq!(minor_units("0.07"), Some(7));
        assert_eq!(minor_units("1.234"), None);
        assert_eq!(minor_units("-3"), None);
        assert_eq!(minor_units("lots"), None);
    }
}
