//! The frame every page shares: language, landmarks, skip link, one h1, the navigation of
//! the visitor's role; and the HTML pages for errors, so that a browser never gets JSON.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use maud::{DOCTYPE, Markup, html};
use skillpath_store::Role;

use super::session::{PageError, Visitor};

/// A whole page. `title` is the page's only h1 and the start of the document title.
pub fn page(title: &str, visitor: Option<&Visitor>, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · skillpath" }
                link rel="stylesheet" href="/ui/static/site.css";
            }
            body {
                a.skip href="#main" { "Skip to main content" }
                header.site {
                    a.brand href="/ui" { "skillpath" }
                    @if let Some(v) = visitor {
                        nav aria-label="Main" {
                            ul { (nav(v)) }
                        }
                    }
                }
                main #main tabindex="-1" {
                    h1 { (title) }
                    (body)
                }
                footer.site {
                    p { "Public Employment Service · course recommendations with reasons" }
                }
            }
        }
    }
}

/// The signed-in visitor's pages and the sign-out form. A visitor who is not signed in
/// gets no navigation: every page they can reach says where to sign in.
fn nav(v: &Visitor) -> Markup {
    html! {
        @match v.role() {
            Role::Caseworker => li { a href="/ui/caseworker" { "Find a jobseeker" } },
            Role::Jobseeker => li { a href="/ui/me" { "My courses" } },
            Role::Analyst => li { a href="/ui/analyst" { "Dashboard" } },
            Role::Admin => {},
        }
        li {
            form.inline method="post" action="/ui/signout" {
                input type="hidden" name="csrf" value=(v.csrf());
                button type="submit" { "Sign out (" (v.role()) ")" }
            }
        }
    }
}

/// Money in minor units as "1,234.50 EUR".
pub fn money(minor: u64, currency: &str) -> String {
    let major = minor / 100;
    let cents = minor % 100;
    let digits = major.to_string();
    let mut grouped = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    format!("{grouped}.{cents:02} {currency}")
}

pub fn html_response(markup: Markup) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header(("cache-control", "no-store"))
        .body(markup.into_string())
}

impl std::fmt::Display for PageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PageError::SignIn => f.write_str("please sign in"),
            PageError::Forbidden(why) | PageError::NotFound(why) => f.write_str(why),
            PageError::BadRequest(why) => f.write_str(why),
            PageError::Internal => f.write_str("something went wrong on our side"),
        }
    }
}

impl ResponseError for PageError {
    fn status_code(&self) -> StatusCode {
        match self {
            PageError::SignIn => StatusCode::SEE_OTHER,
            PageError::Forbidden(_) => StatusCode::FORBIDDEN,
            PageError::NotFound(_) => StatusCode::NOT_FOUND,
            PageError::BadRequest(_) => StatusCode::BAD_REQUEST,
            PageError::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let PageError::SignIn = self {
            return HttpResponse::SeeOther()
                .insert_header(("location", "/ui/signin"))
                .finish();
        }
        let (title, advice) = match self {
            PageError::NotFound(_) => (
                "Not found",
                "Check the address, or start again from your start page.",
            ),
            PageError::Forbidden(_) => (
                "Not allowed",
                "If another account of yours may open it, sign in with that account.",
            ),
            PageError::BadRequest(_) => (
                "Please check your input",
                "Go back, correct the value named above and try again.",
            ),
            _ => (
                "Something went wrong",
                "Please try again in a moment; if it keeps happening, tell the service desk.",
            ),
        };
        // The error knows nothing of the request, so the page shows no session controls
        // (it cannot tell a signed-in visitor from a stranger) and offers both ways on.
        let body = page(
            title,
            None,
            html! {
                p.problem { (sentence(&self.to_string())) }
                p { (advice) }
                ul.next {
                    li { a href="/ui" { "Go to your start page" } }
                    li { a href="/ui/signin" { "Sign in" } " (or sign in with another account)" }
                }
            },
        );
        HttpResponse::build(self.status_code())
            .content_type("text/html; charset=utf-8")
            .insert_header(("cache-control", "no-store"))
            .body(body.into_string())
    }
}

/// "no such record" as "No such record."; a message that starts with the name of the
/// field at fault ("from: …") keeps the name as the visitor typed it.
fn sentence(s: &str) -> String {
    let names_a_field = s.split(' ').next().is_some_and(|w| w.ends_with(':'));
    let mut c = s.chars();
    let mut out = match c.next() {
        Some(f) if !names_a_field => f.to_uppercase().collect::<String>() + c.as_str(),
        _ => s.to_owned(),
    };
    if !out.ends_with(['.', '!', '?']) {
        out.push('.');
    }
    out
}
