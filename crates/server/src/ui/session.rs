//! Who is signed in to the web pages. The session cookie holds the caller's own API token
//! (HttpOnly, so page scripts never see it; SameSite=Strict, so other sites cannot ride on
//! it), and every page looks the token up exactly as the API does: the roles, offices and
//! revocations of `/api/v1` apply unchanged. Form posts carry a CSRF token derived from the
//! session token, which a page can only know after the server rendered it for that session.

use actix_web::cookie::{Cookie, SameSite};
use actix_web::{HttpRequest, web};
use sha2::{Digest, Sha256};
use skillpath_store::Role;

use crate::auth::Principal;
use crate::policy::{self, Roles};
use crate::{ApiError, AppState};

pub const COOKIE: &str = "skillpath_session";

/// A signed-in page visitor: the account and the token that proved it.
#[derive(Debug, Clone)]
pub struct Visitor {
    pub principal: Principal,
    token: String,
}

impl Visitor {
    pub fn role(&self) -> Role {
        self.principal.role()
    }

    /// The value every POST form of this session must echo back.
    pub fn csrf(&self) -> String {
        csrf_for(&self.token)
    }

    /// Refuses a form whose CSRF field does not belong to this session.
    pub fn check_csrf(&self, sent: &str) -> Result<(), PageError> {
        let want = self.csrf();
        // Compared in full whatever the content, so timing does not reveal a prefix.
        let same = want.len() == sent.len()
            && want
                .bytes()
                .zip(sent.bytes())
                .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                == 0;
        if same {
            Ok(())
        } else {
            Err(PageError::Forbidden(
                "the form expired or came from another site; reload the page and try again",
            ))
        }
    }
}

pub fn csrf_for(token: &str) -> String {
    let digest = Sha256::digest(format!("skillpath-ui-csrf:{token}").as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Why a page cannot be shown; rendered as an HTML page by `layout::error_page`.
#[derive(Debug)]
pub enum PageError {
    /// No (valid) session: go to the sign-in page.
    SignIn,
    /// Signed in, but this role has no such page.
    Forbidden(&'static str),
    /// Missing, or out of the visitor's scope (answered alike, as in the API).
    NotFound(&'static str),
    BadRequest(String),
    Internal,
}

impl From<ApiError> for PageError {
    fn from(e: ApiError) -> Self {
        match e.status_code {
            404 => PageError::NotFound("no such record"),
            401 => PageError::SignIn,
            403 => PageError::Forbidden("your role may not open this page"),
            400 | 409 | 422 => PageError::BadRequest(e.detail.clone()),
            _ => {
                tracing::error!(status = e.status_code, "a page failed");
                PageError::Internal
            }
        }
    }
}

/// The session's visitor, when the role is in `roles`.
pub async fn visitor(req: &HttpRequest, roles: Roles) -> Result<Visitor, PageError> {
    let token = req
        .cookie(COOKIE)
        .map(|c| c.value().to_owned())
        .filter(|t| !t.is_empty())
        .ok_or(PageError::SignIn)?;
    let state = state(req)?;
    let store = state.store.clone();
    let lookup = token.clone();
    let user = web::block(move || store.authenticate(&lookup))
        .await
        .map_err(|_| PageError::Internal)?
        .map_err(|_| PageError::Internal)?
        .ok_or(PageError::SignIn)?;
    let principal = Principal::new(user);
    if !policy::admits(roles, principal.role()) {
        return Err(PageError::Forbidden("your role may not open this page"));
    }
    Ok(Visitor { principal, token })
}

/// The signed-in visitor of any role, or `None`.
pub async fn anyone(req: &HttpRequest) -> Option<Visitor> {
    visitor(req, policy::ANY_ROLE).await.ok()
}

pub fn state(req: &HttpRequest) -> Result<web::Data<AppState>, PageError> {
    req.app_data::<web::Data<AppState>>()
        .cloned()
        .ok_or(PageError::Internal)
}

pub fn session_cookie(req: &HttpRequest, token: String) -> Cookie<'static> {
    Cookie::build(COOKIE, token)
        .path("/ui")
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(req.connection_info().scheme() == "https")
        .finish()
}

pub fn cleared_cookie(req: &HttpRequest) -> Cookie<'static> {
    let mut c = session_cookie(req, String::new());
    c.make_removal();
    c
}
