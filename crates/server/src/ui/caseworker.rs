//! The caseworker's pages: find a jobseeker of the office, then their profile, skill gaps
//! beside local vacancy demand, suggested pathways and recommended courses.

use actix_web::{HttpRequest, HttpResponse, web};
use maud::{Markup, html};
use serde::Deserialize;
use skillpath_domain::jobseeker::Profile;
use skillpath_engine::Snapshot;
use skillpath_matcher::Recommendations;

use super::courses;
use super::layout::{html_response, page};
use super::person;
use super::referrals;
use super::session::{self, PageError};
use super::svg;
use crate::policy::CASEWORKER;

/// Courses a caseworker sees for one person.
const COURSES: usize = 10;

#[derive(Debug, Deserialize)]
pub struct Find {
    id: Option<String>,
}

pub async fn find(req: HttpRequest, query: web::Query<Find>) -> Result<HttpResponse, PageError> {
    let visitor = session::visitor(&req, CASEWORKER).await?;
    if let Some(id) = query.id.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        // The record page itself checks the office; searching reveals nothing more.
        let to = format!("/ui/caseworker/jobseekers/{}", encode(id));
        return Ok(HttpResponse::SeeOther()
            .insert_header(("location", to))
            .finish());
    }
    let office = visitor.principal.user().office.clone().unwrap_or_default();
    Ok(html_response(page(
        "Find a jobseeker",
        Some(&visitor),
        html! {
            p { "Jobseekers of office " strong { (office) } " can be opened here." }
            form method="get" action="/ui/caseworker" role="search" {
                label for="id" { "Jobseeker ID" }
                input #id type="search" name="id" required placeholder="J-3000";
                button type="submit" { "Open profile" }
            }
        },
    )))
}

/// Percent-encodes an id for a path segment.
fn encode(id: &str) -> String {
    id.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[derive(Debug, Deserialize)]
pub struct Shown {
    #[serde(default)]
    referred: Option<u8>,
}

pub async fn jobseeker(
    req: HttpRequest,
    id: web::Path<String>,
    shown: web::Query<Shown>,
) -> Result<HttpResponse, PageError> {
    let visitor = session::visitor(&req, CASEWORKER).await?;
    let state = session::state(&req)?;
    let profile = person::open(&state, &visitor, &id, "ui.jobseeker.recommendations").await?;
    let (snapshot, profile, recs) = person::recommend(&state, profile, COURSES).await?;
    let store = state.store.clone();
    let key = profile.id.clone();
    let past = web::block(move || store.referrals_for_jobseeker(&key))
        .await
        .map_err(|_| PageError::Internal)?
        .map_err(|_| PageError::Internal)?;
    let title = format!("Jobseeker {}", profile.id);
    Ok(html_response(page(
        &title,
        Some(&visitor),
        html! {
            (profile_section(&snapshot, &profile, &recs))
            (gap_section(&snapshot, &profile, &recs))
            (pathway_section(&recs))
            section aria-labelledby="courses-h" {
                h2 #courses-h { "Recommended courses" }
                @if recs.ranked.courses.is_empty() {
                    p { "No course in the catalogue closes this person's gap right now." }
                }
                @for (n, rec) in recs.ranked.courses.iter().enumerate() {
                    (courses::card(n + 1, rec, person::course(&snapshot, &rec.course_id),
                        referrals::button(&visitor, &profile.id, rec)))
                }
            }
            (referrals::section(&visitor, &snapshot, &profile.id, &past, shown.referred.is_some()))
        },
    )))
}

fn profile_section(snapshot: &Snapshot, p: &Profile, recs: &Recommendations) -> Markup {
    html! {
        section aria-labelledby="profile-h" {
            h2 #profile-h { "Profile" }
            dl {
                dt { "Office" } dd { (p.office) }
                dt { "Lives in" }
                dd { (p.location.municipality.as_deref().or(p.location.region.as_deref()).unwrap_or("not stated")) }
                dt { "Travels up to" } dd { (format!("{:.0}", p.travel_radius_km)) " km" }
                dt { "Open vacancies nearby" } dd { (recs.open_vacancies_in_area) }
                dt { "Highest EQF level" }
                dd { (p.highest_eqf.map_or_else(|| "not stated".to_owned(), |l| l.to_string())) }
            }
            h3 { "Skills held (" (p.skills.len()) ")" }
            ul.tags {
                @for s in &p.skills { li { (person::skill_label(snapshot, &s.uri)) } }
            }
        }
    }
}

fn gap_section(snapshot: &Snapshot, p: &Profile, recs: &Recommendations) -> Markup {
    let area = snapshot
        .matcher
        .demand
        .area_for(&p.location, p.travel_radius_km);
    let rows: Vec<(String, f64, u32)> = recs
        .gap
        .skills
        .iter()
        .take(12)
        .map(|s| (s.label.clone(), area.share(s.id), s.open_asking))
        .collect();
    html! {
        section aria-labelledby="gap-h" {
            h2 #gap-h { "Skill gaps and local demand" }
            p { "Skills the target occupations need that this person lacks, heaviest first, \
                 beside the share of open vacancies in the travel area asking for each." }
            (svg::bars("Share of local vacancies asking for each gap skill",
                &rows.iter().map(|(l, share, _)| (l.as_str(), *share)).collect::<Vec<_>>()))
            table {
                caption { "Gap skills" }
                thead { tr {
                    th scope="col" { "Skill" }
                    th scope="col" { "Essential" }
                    th scope="col" { "Vacancies asking" }
                    th scope="col" { "Local share" }
                    th scope="col" { "Why it matters" }
                } }
                tbody {
                    @for (skill, (_, share, asking)) in recs.gap.skills.iter().zip(&rows) {
                        tr {
                            th scope="row" { (skill.label) }
                            td { @if skill.essential { "yes" } @else { "no" } }
                            td { (asking) }
                            td { (format!("{:.0}%", share * 100.0)) }
                            td { (skill.text) }
                        }
                    }
                }
            }
        }
    }
}

fn pathway_section(recs: &Recommendations) -> Markup {
    html! {
        section aria-labelledby="pathways-h" {
            h2 #pathways-h { "Suggested pathways" }
            @if recs.pathways.is_empty() {
                p { "The profile states its target occupations: " (recs.gap.targets.len()) "." }
            } @else {
                ol {
                    @for pw in &recs.pathways {
                        li {
                            strong { (pw.label) } ": "
                            (pw.open_vacancies_nearby) " open vacancies nearby, "
                            (format!("{:.0}%", pw.essential_overlap * 100.0)) " of essential skills held, "
                            "about " (pw.courses_to_close) " courses to close the gap"
                        }
                    }
                }
            }
        }
    }
}
