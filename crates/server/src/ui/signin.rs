//! Signing in with a role token, signing out, and the start page that sends each role to
//! its own pages.

use actix_web::{HttpRequest, HttpResponse, web};
use maud::html;
use serde::Deserialize;
use skillpath_store::Role;

use super::layout::{html_response, page};
use super::session::{self, PageError};

#[derive(Debug, Deserialize)]
pub struct SignInForm {
    token: String,
}

#[derive(Debug, Deserialize)]
pub struct CsrfForm {
    csrf: String,
}

/// `/` and `/ui`: the visitor's own start page, or the sign-in page.
pub async fn home(req: HttpRequest) -> HttpResponse {
    let to = match session::anyone(&req).await.map(|v| v.role()) {
        Some(Role::Caseworker) => "/ui/caseworker",
        Some(Role::Jobseeker) => "/ui/me",
        Some(Role::Analyst) => "/ui/analyst",
        Some(Role::Admin) | None => "/ui/signin",
    };
    HttpResponse::SeeOther()
        .insert_header(("location", to))
        .finish()
}

pub async fn form(req: HttpRequest) -> HttpResponse {
    let visitor = session::anyone(&req).await;
    html_response(signin_page(visitor.as_ref(), None))
}

fn signin_page(visitor: Option<&session::Visitor>, problem: Option<&str>) -> maud::Markup {
    page(
        "Sign in",
        visitor,
        html! {
            @if let Some(v) = visitor {
                p { "You are signed in as " (v.role()) ". " a href="/ui" { "Go to your pages" } }
            }
            @if let Some(problem) = problem {
                p.problem role="alert" #signin-problem { (problem) }
            }
            p { "Paste the access token you were given. It is kept in a cookie that only this \
                 site can read, until you sign out." }
            form method="post" action="/ui/signin" {
                label for="token" { "Access token" }
                input #token type="password" name="token" autocomplete="off" required
                    aria-describedby=[problem.map(|_| "signin-problem")];
                button type="submit" { "Sign in" }
            }
        },
    )
}

/// Signing in needs no CSRF token: there is no session yet to ride on, and the token itself
/// is the secret a forger lacks.
pub async fn submit(
    req: HttpRequest,
    form: web::Form<SignInForm>,
) -> Result<HttpResponse, PageError> {
    let token = form.into_inner().token.trim().to_owned();
    let state = session::state(&req)?;
    let store = state.store.clone();
    let lookup = token.clone();
    let user = if token.is_empty() {
        None
    } else {
        web::block(move || store.authenticate(&lookup))
            .await
            .map_err(|_| PageError::Internal)?
            .map_err(|_| PageError::Internal)?
    };
    if user.is_none() {
        let page = signin_page(None, Some("That token is unknown, revoked or mistyped."));
        return Ok(HttpResponse::Unauthorized()
            .content_type("text/html; charset=utf-8")
            .body(page.into_string()));
    }
    Ok(HttpResponse::SeeOther()
        .cookie(session::session_cookie(&req, token))
        .insert_header(("location", "/ui"))
        .finish())
}

pub async fn signout(
    req: HttpRequest,
    form: web::Form<CsrfForm>,
) -> Result<HttpResponse, PageError> {
    let visitor = session::anyone(&req).await.ok_or(PageError::SignIn)?;
    visitor.check_csrf(&form.csrf)?;
    Ok(HttpResponse::SeeOther()
        .cookie(session::cleared_cookie(&req))
        .insert_header(("location", "/ui/signin"))
        .finish())
}
