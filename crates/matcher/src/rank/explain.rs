//! The sentence a jobseeker reads beside each recommendation.

use std::fmt::Write;

use skillpath_domain::course::Course;

use super::score::ScoreBreakdown;
use crate::gap::Gap;
use crate::taxonomy::Taxonomy;

const MAX_NAMED: usize = 3;

pub(crate) fn sentence(
    taxonomy: &Taxonomy,
    course: &Course,
    gap: &Gap,
    score: &ScoreBreakdown,
) -> String {
    let closed: Vec<&crate::gap::GapSkill> = gap
        .skills
        .iter()
        .filter(|g| score.skills_closed.contains(&g.uri))
        .collect();
    let mut skills: Vec<String> = closed
        .iter()
        .take(MAX_NAMED)
        .map(|g| format!("\"{}\"", g.label))
        .collect();
    if closed.len() > MAX_NAMED {
        skills.push(format!("{} more", closed.len() - MAX_NAMED));
    }
    let mut occupations: Vec<&str> = Vec::new();
    for g in &closed {
        for &o in &g.occupations {
            let label = taxonomy.occupation(o).label.as_str();
            if !occupations.contains(&label) {
                occupations.push(label);
            }
        }
    }
    // Vacancies asking for several skills would be counted twice in a sum; the largest
    // single count is a true lower bound.
    let asking = closed.iter().map(|g| g.open_asking).max().unwrap_or(0);
    let mut text = format!(
        "\"{}\" teaches {} that you are missing for {}",
        course.title,
        list(&skills),
        list(&occupations)
    );
    match asking {
        0 => text.push_str("; no open vacancy nearby names these skills right now"),
        1 => text.push_str("; at least 1 open vacancy nearby asks for them"),
        n => {
            let _ = write!(text, "; at least {n} open vacancies nearby ask for them");
        }
    }
    let price = money(score.price_minor, &score.currency);
    if score.price_minor == 0 {
        text.push_str(". It is free.");
    } else if !score.funded_by.is_empty() {
        let _ = write!(
            text,
            ". It costs {price}, which {} may pay for you.",
            list(&score.funded_by)
        );
    } else if score.over_budget_minor == 0 {
        let _ = write!(text, ". It costs {price}, within your budget.");
    } else if score.budget_minor.is_none() {
        let _ = write!(
            text,
            ". It costs {price}, and no funding you are eligible for covers it."
        );
    } else {
        let _ = write!(
            text,
            ". It costs {price}, {} more than your budget, and no funding you are eligible for covers it.",
            money(score.over_budget_minor, &score.currency)
        );
    }
    if let Some(band) = &score.employment_band {
        let _ = write!(text, " Of those who completed it, {band}.");
    }
    text
}

fn money(minor: u64, currency: &str) -> String {
    format!("{}.{:02} {currency}", minor / 100, minor % 100)
}

fn list<S: AsRef<str>>(items: &[S]) -> String {
    match items {
        [] => "your target".into(),
        [one] => one.as_ref().into(),
        [init @ .., last] => format!(
            "{} and {}",
            init.iter()
                .map(AsRef::as_ref)
                .collect::<Vec<_>>()
                .join(", "),
            last.as_ref()
        ),
    }
}
