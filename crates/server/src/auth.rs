//! Bearer-token authentication. The token is looked up by its digest (see the store's
//! `users` module); what a handler receives is the account behind it. Tokens are never logged.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};
use skillpath_store::{Role, User};

use crate::policy::{self, Roles};
use crate::{ApiError, AppState};

/// The authenticated caller. Extracting it answers 401 when the request carries no valid
/// token; it admits every role, so handlers normally take [`Allowed`] instead.
#[derive(Debug, Clone)]
pub struct Principal(User);

impl Principal {
    pub fn new(user: User) -> Self {
        Self(user)
    }

    pub fn user(&self) -> &User {
        &self.0
    }

    pub fn id(&self) -> i64 {
        self.0.id
    }

    pub fn role(&self) -> Role {
        self.0.role
    }
}

type Extracting<T> = Pin<Box<dyn Future<Output = Result<T, ApiError>>>>;

impl FromRequest for Principal {
    type Error = ApiError;
    type Future = Extracting<Self>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        // Several extractors of one request share one lookup.
        if let Some(known) = req.extensions().get::<Principal>() {
            let known = known.clone();
            return Box::pin(async move { Ok(known) });
        }
        let token = bearer(req);
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let req = req.clone();
        Box::pin(async move {
            let token = token?;
            let state = state.ok_or_else(|| ApiError::internal("no application state"))?;
            let store = state.store.clone();
            let user = web::block(move || store.authenticate(&token))
                .await
                .map_err(ApiError::internal)?
                .map_err(ApiError::internal)?
                .ok_or_else(|| {
                    ApiError::unauthorized(
                        Some("invalid_token"),
                        "the token is unknown, revoked or malformed",
                    )
                })?;
            let principal = Principal(user);
            req.extensions_mut().insert(principal.clone());
            Ok(principal)
        })
    }
}

/// The token from `Authorization: Bearer …`.
fn bearer(req: &HttpRequest) -> Result<String, ApiError> {
    let Some(value) = req.headers().get("authorization") else {
        return Err(ApiError::unauthorized(
            None,
            "this endpoint needs a bearer token",
        ));
    };
    let token = value
        .to_str()
        .ok()
        .and_then(|v| {
            let (scheme, token) = v.split_once(' ')?;
            scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
        })
        .filter(|t| !t.is_empty())
        .ok_or_else(|| {
            ApiError::unauthorized(
                Some("invalid_request"),
                "send the token as `Authorization: Bearer TOKEN`",
            )
        })?;
    Ok(token.to_owned())
}

/// An authenticated caller whose role is in `ROLES` (a set from [`crate::policy`]); other
/// roles get 403. Declaring it in the handler's signature is the whole of the role check:
///
/// ```text
/// async fn create_user(who: Allowed<ADMINISTRATION>, …)
/// ```
#[derive(Debug, Clone)]
pub struct Allowed<const ROLES: Roles>(pub Principal);

impl<const ROLES: Roles> std::ops::Deref for Allowed<ROLES> {
    type Target = Principal;

    fn deref(&self) -> &Principal {
        &self.0
    }
}

impl<const ROLES: Roles> FromRequest for Allowed<ROLES> {
    type Error = ApiError;
    type Future = Extracting<Self>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let principal = Principal::from_request(req, payload);
        Box::pin(async move {
            let principal = principal.await?;
            if !policy::admits(ROLES, principal.role()) {
                return Err(ApiError::forbidden(format!(
                    "the {} role may not use this endpoint",
                    principal.role()
                )));
            }
            Ok(Allowed(principal))
        })
    }
}
