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
                    nav aria-label="Main" {
                        ul { (nav(visitor)) }
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

fn nav(visitor: Option<&Visitor>) -> Markup {
    let Some(v) = visitor else {
        return html! { li { a href="/ui/signin" { "Sign in" } } };
    };
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
        let title = match self {
            PageError::NotFound(_) => "Not found",
            PageError::Forbidden(_) => "Not allowed",
            PageError::BadRequest(_) => "Please check your input",
            _ => "Something went wrong",
        };
        let body = page(
            title,
            None,
            html! {
                p { (self.to_string()) }
                p { a href="/ui" { "Back to your start page" } }
            },
        );
        HttpResponse::build(self.status_code())
            .content_type("text/html; charset=utf-8")
            .body(body.into_string())
    }
}
