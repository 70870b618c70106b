//! Who the token belongs to, so that a client can show it and adapt its screens to the role.

use actix_web::{HttpResponse, get};
use chrono::NaiveDateTime;
use serde::Serialize;
use skillpath_store::User;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::ApiError;
use crate::auth::Allowed;
use crate::policy::ANY_ROLE;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(me);
}

/// An account as the API shows it; the token is never part of it.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct UserView {
    id: i64,
    #[schema(example = "caseworker")]
    role: String,
    office: Option<String>,
    jobseeker_id: Option<String>,
    /// UTC.
    created_at: NaiveDateTime,
    disabled: bool,
}

impl From<&User> for UserView {
    fn from(u: &User) -> Self {
        UserView {
            id: u.id,
            role: u.role.to_string(),
            office: u.office.clone(),
            jobseeker_id: u.jobseeker_id.clone(),
            created_at: u.created_at,
            disabled: u.disabled,
        }
    }
}

#[utoipa::path(
    tag = "accounts",
    security(("bearer" = [])),
    responses(
        (status = 200, body = UserView, description = "the account behind the token"),
        (status = 401, body = ApiError, content_type = "application/problem+json"),
    )
)]
#[get("/me")]
async fn me(who: Allowed<ANY_ROLE>) -> HttpResponse {
    HttpResponse::Ok().json(UserView::from(who.user()))
}
