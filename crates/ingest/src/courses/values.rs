//! Reading single values the way course sources write them. Each parser returns the reason a
//! person needs when a value is refused; the callers attach the field name.

use skillpath_domain::course::{Mode, Pace};

/// Weekly study hours from which a course counts as full-time; below it, part-time. Full-time
/// study in the EHEA is 1,500–1,800 hours a year, about 36–45 hours a week; 30 leaves room
/// for catalogues that round down.
pub const FULL_TIME_WEEKLY_HOURS: f64 = 30.0;

/// Currency for a price that names none because nothing is paid (ISO 4217 "no currency").
pub const NO_CURRENCY: &str = "XXX";

pub fn mode(raw: &str) -> Result<Mode, String> {
    match squash(raw).as_str() {
        "online" | "elearning" | "distance" | "remote" | "virtual" => Ok(Mode::Online),
        "onsite" | "facetoface" | "inperson" | "classroom" | "presential" | "oncampus" => {
            Ok(Mode::OnSite)
        }
        "blended" | "hybrid" | "mixed" => Ok(Mode::Blended),
        _ => Err(format!("{raw:?} is not online, on-site or blended")),
    }
}

pub fn pace(raw: &str) -> Result<Pace, String> {
    match squash(raw).as_str() {
        "fulltime" | "ft" => Ok(Pace::FullTime),
        "parttime" | "pt" => Ok(Pace::PartTime),
        _ => Err(format!("{raw:?} is not full-time or part-time")),
    }
}

pub fn pace_for_weekly_hours(hours: f64) -> Pace {
    if hours >= FULL_TIME_WEEKLY_HOURS {
        Pace::FullTime
    } else {
        Pace::PartTime
    }
}

/// Lowercase letters and digits only, so "On-site", "on site" and "ONSITE" compare equal.
fn squash(raw: &str) -> String {
    raw.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// "4", "EQF 4", "Level 4" or the EQF concept URI `http://data.europa.eu/snb/eqf/4`.
pub fn eqf_level(raw: &str) -> Result<u8, String> {
    let lower = raw.trim().to_ascii_lowercase();
    let digits = lower
        .strip_prefix("http://data.europa.eu/snb/eqf/")
        .or_else(|| lower.strip_prefix("eqf"))
        .or_else(|| lower.strip_prefix("level"))
        .unwrap_or(&lower)
        .trim();
    match digits.parse::<u8>() {
        Ok(level) if (1..=8).contains(&level) => Ok(level),
        _ => Err(format!("{raw:?} is not an EQF level (1 to 8)")),
    }
}

/// A plain decimal number; a decimal comma is accepted because European exports use it.
pub fn number(raw: &str) -> Result<f64, String> {
    match raw.trim().replace(',', ".").parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        _ => Err(format!("{raw:?} is not a number")),
    }
}

/// A price such as "450.00", "450,00", "1,234.50", "€450" or "49 USD", in minor units, with
/// the currency when the text names one. "free" and "0" are zero.
pub fn price(raw: &str) -> Result<(u64, Option<String>), String> {
    let text = raw.trim();
    if text.eq_ignore_ascii_case("free") {
        return Ok((0, None));
    }
    let mut currency = None;
    for (symbol, code) in [('€', "EUR"), ('$', "USD"), ('£', "GBP")] {
        if text.contains(symbol) {
            currency = Some(code.to_owned());
        }
    }
    let letters: String = text.chars().filter(char::is_ascii_alphabetic).collect();
    if letters.len() == 3 {
        currency = Some(letters.to_ascii_uppercase());
    } else if !letters.is_empty() {
        return Err(format!("{raw:?} is not a price (expected e.g. 450.00)"));
    }
    let amount: String = text
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '.' || *c == ',')
        .collect();
    minor_units(&amount)
        .map(|m| (m, currency))
        .ok_or_else(|| format!("{raw:?} is not a price (expected e.g. 450.00)"))
}

/// Decimal text to hundredths without going through floating point, so 0.29 stays 29.
fn minor_units(amount: &str) -> Option<u64> {
    // The last separator is the decimal one when two or fewer digits follow it.
    let (whole, cents) = match amount.rfind(['.', ',']) {
        Some(i) if amount.len() - i - 1 <= 2 => (&amount[..i], &amount[i + 1..]),
        _ => (amount, ""),
    };
    let whole: String = whole.chars().filter(char::is_ascii_digit).collect();
    if whole.is_empty() && cents.is_empty() {
        return None;
    }
    let whole: u64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let cents: u64 = match cents.len() {
        0 => 0,
        1 => cents.parse::<u64>().ok()? * 10,
        _ => cents.parse().ok()?,
    };
    whole.checked_mul(100)?.checked_add(cents)
}

/// An ISO 8601 duration as hours, when it is made of fixed-length units (weeks, days, hours,
/// minutes, seconds). Years and months have no fixed length, so "P2M" gives no hour count.
pub fn duration_hours(raw: &str) -> Option<f64> {
    let rest = raw.trim().strip_prefix('P')?;
    let (date, time) = rest.split_once('T').unwrap_or((rest, ""));
    let mut hours = 0.0;
    let mut any = false;
    for (part, units) in [
        (date, &[('W', 168.0), ('D', 24.0)][..]),
        (
            time,
            &[('H', 1.0), ('M', 1.0 / 60.0), ('S', 1.0 / 3600.0)][..],
        ),
    ] {
        let mut number = String::new();
        for c in part.chars() {
            if c.is_ascii_digit() || c == '.' || c == ',' {
                number.push(if c == ',' { '.' } else { c });
                continue;
            }
            let factor = units.iter().find(|(u, _)| *u == c)?.1;
            hours += number.parse::<f64>().ok()? * factor;
            number.clear();
            any = true;
        }
        if !number.is_empty() {
            return None;
        }
    }
    (any && hours > 0.0).then_some(hours)
}

/// Splits a list field and drops empty items.
pub fn list(raw: Option<&str>, separator: char) -> Vec<String> {
    raw.unwrap_or_default()
        .split(separator)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes_and_paces_accept_common_spellings() {
        assert_eq!(mode("On-site"), Ok(Mode::OnSite));
        assert_eq!(mode("face to face"), Ok(Mode::OnSite));
        assert_eq!(mode("hybrid"), Ok(Mode::Blended));
        assert!(mode("sometimes").is_err());
        assert_eq!(pace("Part time"), Ok(Pace::PartTime));
        assert_eq!(pace_for_weekly_hours(24.0), Pace::PartTime);
    }

    #[test]
    fn eqf_levels_are_bounded_and_words_refused() {
        assert_eq!(eqf_level("EQF 4"), Ok(4));
        assert_eq!(eqf_level("http://data.europa.eu/snb/eqf/6"), Ok(6));
        assert_eq!(
            eqf_level("nine").unwrap_err(),
            "\"nine\" is not an EQF level (1 to 8)"
        );
        assert!(eqf_level("9").is_err());
    }

    #[test]
    fn prices_become_exact_minor_units() {
        assert_eq!(price("450.00"), Ok((45_000, None)));
        assert_eq!(price("450,5"), Ok((45_050, None)));
        assert_eq!(price("1,234.29"), Ok((123_429, None)));
        assert_eq!(price("€ 19"), Ok((1_900, Some("EUR".into()))));
        assert_eq!(price("49.99 usd"), Ok((4_999, Some("USD".into()))));
        assert_eq!(price("free"), Ok((0, None)));
        assert!(price("ask us").is_err());
    }

    #[test]
    fn only_fixed_length_durations_give_hours() {
        assert_eq!(duration_hours("PT60H"), Some(60.0));
        assert_eq!(duration_hours("PT1H30M"), Some(1.5));
        assert_eq!(duration_hours("P1DT2H"), Some(26.0));
        assert_eq!(duration_hours("P2M"), None);
        assert_eq!(duration_hours("P1Y"), None);
        assert_eq!(duration_hours("60"), None);
    }
}
