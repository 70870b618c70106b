//! A recommended course as both the caseworker and the jobseeker see it: why it is
//! suggested, when and where it runs, what it costs and who may pay.

use maud::{Markup, html};
use skillpath_domain::course::{Course, Mode};
use skillpath_matcher::Recommendation;

use super::layout::money;

pub fn mode_label(mode: Mode) -> &'static str {
    match mode {
        Mode::Online => "Online",
        Mode::OnSite => "On site",
        Mode::Blended => "Blended",
    }
}

/// One course card. `actions` is rendered at its foot (the jobseeker's interest button).
pub fn card(rank: usize, rec: &Recommendation, course: Option<&Course>, actions: Markup) -> Markup {
    let s = &rec.score;
    html! {
        article.course aria-labelledby={ "course-" (rank) } {
            h3 #{ "course-" (rank) } { (rank) ". " (rec.title) }
            p.provider { (rec.provider) " · " (mode_label(rec.mode)) }
            p.why { strong { "Why: " } (rec.explanation) }
            dl {
                dt { "Next session" }
                dd {
                    (rec.session_start.format("%-d %b %Y"))
                    @if let Some(km) = rec.distance_km { " · " (format!("{km:.0}")) " km away" }
                }
                dt { "Cost" }
                dd {
                    (money(s.price_minor, &s.currency))
                    @if s.net_price_minor != s.price_minor {
                        " · after funding " (money(s.net_price_minor, &s.currency))
                    }
                }
                dt { "Funding" }
                dd {
                    @if s.funded_by.is_empty() { "No scheme you are eligible for" }
                    @else { (s.funded_by.join(", ")) }
                }
                dt { "Effort" }
                dd {
                    (format!("{:.1}", s.effort_ects)) " ECTS"
                    @if let Some(days) = s.duration_days { " over " (days) " days" }
                }
                @if let Some(level) = course.and_then(|c| c.eqf_level) {
                    dt { "EQF level" }
                    dd { (level) }
                }
                @if let (Some(done), Some(employed)) = (s.completers, s.employed) {
                    dt { "Past results" }
                    dd { (employed) " of " (done) " completers found work" }
                }
            }
            @if let Some(c) = course.filter(|c| c.sessions.len() > 1) {
                details {
                    summary { "All sessions (" (c.sessions.len()) ")" }
                    ul {
                        @for session in &c.sessions {
                            li {
                                (session.start.format("%-d %b %Y"))
                                @if let Some(end) = session.end { " to " (end.format("%-d %b %Y")) }
                                @if let Some(place) = session.location.as_ref()
                                    .and_then(|l| l.municipality.as_deref().or(l.region.as_deref())) {
                                    " · " (place)
                                }
                            }
                        }
                    }
                }
            }
            (actions)
        }
    }
}
