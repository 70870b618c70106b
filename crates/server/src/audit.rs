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
    if state.store.writes_in_background() {
        // Queueing does not block, and no thread waits for the commit's fsync meanwhile.
        return queue(&state.store, who, action, subject, purpose)?.await;
    }
    let store = state.store.clone();
    let who = who.clone();
    web::block(move || queue(&store, &who, action, subject, purpose))
        .await
        .map_err(ApiError::internal)??
        .await
}

/// Writes the access on the calling thread (a blocking one) where that is how the store
/// writes (PostgreSQL), or queues it for the writer thread (SQLite); the returned future is
/// ready once the row is durable. Either way the request must await it before answering.
pub fn queue(
    store: &skillpath_store::Store,
    who: &Principal,
    action: &'static str,
    subject: Option<String>,
    purpose: Purpose,
) -> Result<impl std::future::Future<Output = Result<(), ApiError>> + use<>, ApiError> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    store
        .write_audit_then(
            &AuditEntry {
                user_id: who.id(),
                action,
                subject: subject.as_deref(),
                purpose: purpose.as_str(),
            },
            move |outcome| {
                let _ = tx.send(outcome);
            },
        )
        .map_err(ApiError::internal)?;
    Ok(async move {
        rx.await
            .map_err(ApiError::internal)?
            .map_err(ApiError::internal)
    })
}
