//! The jobseeker's own page: suggested courses with filters, why each is suggested, their
//! skills, and "I'm interested", recorded as a `viewed` outcome event.

use std::collections::HashSet;

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{NaiveDate, Utc};
use maud::{Markup, html};
use serde::Deserialize;
use skillpath_domain::course::{Course, Mode};
use skillpath_domain::outcome::{EventKind, OutcomeEvent};
use skillpath_matcher::Recommendation;
use skillpath_store::Appended;

use super::courses::{self, mode_label};
use super::layout::{html_response, page};
use super::person;
use super::session::{self, PageError, Visitor};
use crate::policy::JOBSEEKER;

/// Courses asked of the matcher before filtering, and shown after.
const CANDIDATES: usize = 40;
const SHOWN: usize = 10;

/// The filters; empty form fields arrive as empty strings and mean "any".
#[derive(Debug, Default, Deserialize)]
pub struct Filters {
    #[serde(default)]
    mode: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    max_cost: String,
    #[serde(default)]
    max_days: String,
    #[serde(default)]
    max_eqf: String,
    #[serde(default)]
    noted: String,
}

/// The filters parsed; a malformed one is a 400 page naming the field.
struct Parsed {
    mode: Option<Mode>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    max_cost_minor: Option<u64>,
    max_days: Option<i64>,
    max_eqf: Option<u8>,
}

fn field<T: std::str::FromStr>(
    name: &str,
    value: &str,
    expect: &str,
) -> Result<Option<T>, PageError> {
    let v = value.trim();
    if v.is_empty() {
        return Ok(None);
    }
    v.parse()
        .map(Some)
        .map_err(|_| PageError::BadRequest(format!("{name}: {v:?} is not {expect}")))
}

impl Filters {
    fn parse(&self) -> Result<Parsed, PageError> {
        let mode = match self.mode.as_str() {
            "" => None,
            "online" => Some(Mode::Online),
            "on-site" => Some(Mode::OnSite),
            "blended" => Some(Mode::Blended),
            other => {
                return Err(PageError::BadRequest(format!(
                    "mode: {other:?} is not online, on-site or blended"
                )));
            }
        };
        let cost: Option<f64> = field("max_cost", &self.max_cost, "an amount")?;
        if cost.is_some_and(|c| !(0.0..=1e9).contains(&c)) {
            return Err(PageError::BadRequest(
                "max_cost: must be between 0 and 1,000,000,000".into(),
            ));
        }
        Ok(Parsed {
            mode,
            from: field("from", &self.from, "a date (YYYY-MM-DD)")?,
            to: field("to", &self.to, "a date (YYYY-MM-DD)")?,
            max_cost_minor: cost.map(|c| (c * 100.0).round() as u64),
            max_days: field("max_days", &self.max_days, "a whole number of days")?,
            max_eqf: field("max_eqf", &self.max_eqf, "an EQF level from 1 to 8")?,
        })
    }
}

impl Parsed {
    fn keeps(&self, rec: &Recommendation, course: Option<&Course>) -> bool {
        let s = &rec.score;
        self.mode.is_none_or(|m| m == rec.mode)
            && self.from.is_none_or(|d| rec.session_start >= d)
            && self.to.is_none_or(|d| rec.session_start <= d)
            && self.max_cost_minor.is_none_or(|c| s.net_price_minor <= c)
            && self
                .max_days
                .is_none_or(|d| s.duration_days.is_some_and(|x| x <= d))
            && self
                .max_eqf
                .is_none_or(|l| course.and_then(|c| c.eqf_level).is_some_and(|x| x <= l))
    }
}

fn own_id(visitor: &Visitor) -> Result<String, PageError> {
    visitor
        .principal
        .user()
        .jobseeker_id
        .clone()
        .ok_or(PageError::NotFound(
            "this account is not linked to a jobseeker record",
        ))
}

pub async fn mine(
    req: HttpRequest,
    filters: web::Query<Filters>,
) -> Result<HttpResponse, PageError> {
    let visitor = session::visitor(&req, JOBSEEKER).await?;
    let state = session::state(&req)?;
    let wanted = filters.parse()?;
    let id = own_id(&visitor)?;
    let profile = person::open(&state, &visitor, &id, "ui.jobseeker.recommendations").await?;
    let store = state.store.clone();
    let key = id.clone();
    let noted: HashSet<String> = web::block(move || store.outcomes_for_jobseeker(&key))
        .await
        .map_err(|_| PageError::Internal)?
        .map_err(|_| PageError::Internal)?
        .into_iter()
        .filter(|o| o.event.kind == EventKind::Viewed)
        .filter_map(|o| o.event.course_id)
        .collect();
    let (snapshot, profile, recs) = person::recommend(&state, profile, CANDIDATES).await?;
    let shown: Vec<(&Recommendation, Option<&Course>)> = recs
        .ranked
        .courses
        .iter()
        .map(|r| (r, person::course(&snapshot, &r.course_id)))
        .filter(|(r, c)| wanted.keeps(r, *c))
        .take(SHOWN)
        .collect();
    let csrf = visitor.csrf();
    let body = html! {
        @if !filters.noted.is_empty() {
            p.notice role="status" { "Thank you: your interest is noted and your caseworker can see it." }
        }
        (filter_form(&filters))
        section aria-labelledby="courses-h" {
            h2 #courses-h { "Courses suggested for you (" (shown.len()) ")" }
            @if shown.is_empty() { p { "No suggested course matches these filters. Try widening them." } }
            @for (n, (rec, course)) in shown.iter().enumerate() {
                (courses::card(n + 1, rec, *course, interest(&csrf, rec, noted.contains(&rec.course_id))))
            }
        }
        section aria-labelledby="skills-h" {
            h2 #skills-h { "Your skills" }
            ul.tags { @for s in &profile.skills { li { (person::skill_label(&snapshot, &s.uri)) } } }
        }
    };
    Ok(html_response(page(
        "Your suggested courses",
        Some(&visitor),
        body,
    )))
}

fn interest(csrf: &str, rec: &Recommendation, noted: bool) -> Markup {
    html! {
        @if noted {
            p.noted { "You told us you are interested in this course." }
        } @else {
            form method="post" action="/ui/me/interest" {
                input type="hidden" name="csrf" value=(csrf);
                input type="hidden" name="course_id" value=(rec.course_id);
                button type="submit" aria-label={ "I'm interested in " (rec.title) } { "I'm interested" }
            }
        }
    }
}

fn filter_form(f: &Filters) -> Markup {
    let option = |value: &str, label: &str| {
        html! {
            option value=(value) selected[f.mode == value] { (label) }
        }
    };
    html! {
        form.filters method="get" action="/ui/me" aria-label="Filter courses" {
            fieldset {
                legend { "Filter courses" }
                div { label for="mode" { "Where" }
                    select #mode name="mode" {
                        (option("", "Any")) (option("online", mode_label(Mode::Online)))
                        (option("on-site", mode_label(Mode::OnSite))) (option("blended", mode_label(Mode::Blended)))
                    } }
                div { label for="from" { "Starts on or after" } input #from type="date" name="from" value=(f.from); }
                div { label for="to" { "Starts on or before" } input #to type="date" name="to" value=(f.to); }
                div { label for="max_cost" { "Most I pay after funding (EUR)" }
                      input #max_cost type="number" min="0" step="1" name="max_cost" value=(f.max_cost); }
                div { label for="max_days" { "Longest duration (days)" }
                      input #max_days type="number" min="1" name="max_days" value=(f.max_days); }
                div { label for="max_eqf" { "Highest EQF level" }
                      input #max_eqf type="number" min="1" max="8" name="max_eqf" value=(f.max_eqf); }
                button type="submit" { "Apply filters" }
            }
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct Interest {
    csrf: String,
    course_id: String,
}

/// Records interest once per person and course: the idempotency key is derived from both, so
/// a double click or a resubmitted form stores one event.
pub async fn express(
    req: HttpRequest,
    form: web::Form<Interest>,
) -> Result<HttpResponse, PageError> {
    let visitor = session::visitor(&req, JOBSEEKER).await?;
    visitor.check_csrf(&form.csrf)?;
    let state = session::state(&req)?;
    let id = own_id(&visitor)?;
    let snapshot = state.engine.current();
    if person::course(&snapshot, &form.course_id).is_none() {
        return Err(PageError::BadRequest(format!(
            "course_id: no course {:?} in the catalogue",
            form.course_id
        )));
    }
    let event = OutcomeEvent {
        idempotency_key: format!("ui-interest:{id}:{}", form.course_id),
        kind: EventKind::Viewed,
        jobseeker_id: id,
        course_id: Some(form.course_id.clone()),
        occurred_at: Utc::now(),
        occupation_uri: None,
        contract_type: None,
        employment_start: None,
    };
    let store = state.store.clone();
    let appended = web::block(move || store.append_outcome(&event))
        .await
        .map_err(|_| PageError::Internal)?
        .map_err(|_| PageError::Internal)?;
    // A conflict here is the same interest stored earlier at another moment: already noted.
    if let Appended::Created(_) = appended {
        tracing::info!("interest recorded from the web interface");
    }
    Ok(HttpResponse::SeeOther()
        .insert_header(("location", "/ui/me?noted=1"))
        .finish())
}
