//! Referring from the caseworker's page: one button per suggested course, and a form to
//! refer to any other course with the reason for overriding the suggestions. Both go through
//! the API's referral rule (`routes::referrals::record`), so the server decides whether the
//! caseworker followed the matcher, and an override without a reason is refused alike.

use actix_web::{HttpRequest, HttpResponse, web};
use maud::{Markup, html};
use serde::Deserialize;
use skillpath_engine::Snapshot;
use skillpath_matcher::Recommendation;
use skillpath_store::{Decision, Referral};

use super::person;
use super::session::{self, PageError, Visitor};
use crate::policy::CASEWORKER;
use crate::routes::referrals;

#[derive(Debug, Deserialize)]
pub struct ReferForm {
    csrf: String,
    course_id: String,
    #[serde(default)]
    reason: String,
}

pub async fn refer(
    req: HttpRequest,
    id: web::Path<String>,
    form: web::Form<ReferForm>,
) -> Result<HttpResponse, PageError> {
    let visitor = session::visitor(&req, CASEWORKER).await?;
    visitor.check_csrf(&form.csrf)?;
    let state = session::state(&req)?;
    let profile = person::open(&state, &visitor, &id, "ui.jobseeker.refer").await?;
    let jobseeker_id = profile.id.clone();
    let form = form.into_inner();
    let reason = Some(form.reason).filter(|r| !r.trim().is_empty());
    referrals::record(
        &state,
        visitor.principal.id(),
        profile,
        form.course_id,
        reason,
    )
    .await?;
    Ok(HttpResponse::SeeOther()
        .insert_header((
            "location",
            format!("/ui/caseworker/jobseekers/{jobseeker_id}?referred=1#referrals-h"),
        ))
        .finish())
}

/// The one-action referral of a suggested course.
pub fn button(visitor: &Visitor, jobseeker_id: &str, rec: &Recommendation) -> Markup {
    html! {
        form method="post" action={ "/ui/caseworker/jobseekers/" (jobseeker_id) "/referrals" } {
            input type="hidden" name="csrf" value=(visitor.csrf());
            input type="hidden" name="course_id" value=(rec.course_id);
            button type="submit" aria-label={ "Refer to " (rec.title) } { "Refer" }
        }
    }
}

/// Past referrals, then the form for a course the matcher did not suggest.
pub fn section(
    visitor: &Visitor,
    snapshot: &Snapshot,
    jobseeker_id: &str,
    past: &[Referral],
    just_referred: bool,
) -> Markup {
    html! {
        section aria-labelledby="referrals-h" {
            h2 #referrals-h { "Referrals" }
            @if just_referred {
                p.notice role="status" { "Referral recorded." }
            }
            @if past.is_empty() {
                p { "No referral yet." }
            } @else {
                div.scroll {
                    table {
                        caption { "Referrals of this jobseeker, oldest first" }
                        thead { tr {
                            th scope="col" { "Date" } th scope="col" { "Course" }
                            th scope="col" { "Decision" } th scope="col" { "Reason" }
                        } }
                        tbody {
                            @for r in past {
                                tr {
                                    td { (r.decided_at.format("%Y-%m-%d")) }
                                    td { (person::course(snapshot, &r.course_id).map_or(r.course_id.as_str(), |c| c.title.as_str())) }
                                    td { (decision(r)) }
                                    td { (r.reason.as_deref().unwrap_or("")) }
                                }
                            }
                        }
                    }
                }
            }
            h3 { "Refer to a course that was not suggested" }
            form method="post" action={ "/ui/caseworker/jobseekers/" (jobseeker_id) "/referrals" } {
                input type="hidden" name="csrf" value=(visitor.csrf());
                label for="override-course" { "Course id" }
                input #override-course type="text" name="course_id" required;
                label for="override-reason" { "Why this course instead of the suggestions" }
                textarea #override-reason name="reason" rows="3" cols="40" required {}
                button type="submit" { "Refer with this reason" }
            }
        }
    }
}

fn decision(r: &Referral) -> String {
    match (r.decision, r.suggested_rank) {
        (Decision::Followed, Some(rank)) => format!("followed suggestion no. {rank}"),
        (Decision::Followed, None) => "followed a suggestion".into(),
        (Decision::Overridden, _) => "overrode the suggestions".into(),
    }
}
