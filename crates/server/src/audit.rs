//! Writing the access log from handlers. A handler that opens someone's record records it
//! before answering; if the record cannot be written, the request fails rather than leaving
//! an access nobody can trace.

use actix_web::web;
use skillpath_store::AuditEntry;

use crate::auth::Principal;
use crate::policy::Purpose;
use crate::{ApiError, AppState};

pub async fn record(
    state: &AppState,
    who: &Principal,
    action: &'static str,
    subject: Option<String>,
    purpose: Purpose,
) -> Result<(), ApiError> {
    let store = state.store.clone();
    let user_id = who.id();
    web::block(move || {
        store.write_audit(&AuditEntry {
            user_id,
            action,
            subject: subject.as_deref(),
            purpose: purpose.as_str(),
        })
    })
    .await
    .map_err(ApiError::internal)?
    .map_err(ApiError::internal)
}
