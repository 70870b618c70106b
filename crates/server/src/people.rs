//! Opening one person's record from a handler: fetch it, decide whether the caller may see
//! it (out of scope answers 404, like a missing record), and log the access. Every route
//! under `/jobseekers/{id}` starts here, so none can forget a step.

use actix_web::web;
use skillpath_domain::jobseeker::Profile;
use skillpath_store::StoreError;

use crate::auth::Principal;
use crate::policy::{self, Owner, Purpose};
use crate::{ApiError, AppState, audit};

/// Longest jobseeker id accepted in a path or body; ids are register codes.
pub const MAX_ID: usize = 100;

/// Runs a store call on the blocking pool; its failures are ours, not the client's.
pub async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, StoreError> + Send + 'static,
) -> Result<T, ApiError> {
    web::block(f)
        .await
        .map_err(ApiError::internal)?
        .map_err(ApiError::internal)
}

pub fn check_id(field: &str, id: &str) -> Result<(), ApiError> {
    if id.trim().is_empty() || id.len() > MAX_ID || id.chars().any(char::is_control) {
        return Err(ApiError::invalid(
            field,
            format!("a jobseeker id is 1 to {MAX_ID} printable characters"),
        ));
    }
    Ok(())
}

/// The profile, if the caller may see it, and the purpose under which they do. Logs
/// nothing: for handlers that log under an action and purpose of their own.
pub async fn owned(
    state: &AppState,
    who: &Principal,
    id: &str,
) -> Result<(Profile, Purpose), ApiError> {
    check_id("id", id)?;
    let store = state.store.clone();
    let key = id.to_owned();
    let profile = blocking(move || store.jobseeker(&key))
        .await?
        .ok_or_else(|| ApiError::not_found("no such jobseeker"))?;
    let purpose = policy::person_record(
        who,
        &Owner {
            jobseeker_id: &profile.id,
            office: Some(&profile.office),
        },
    )?;
    Ok((profile, purpose))
}

/// [`owned`], then the access is written to the audit log under `action`.
pub async fn open(
    state: &AppState,
    who: &Principal,
    id: &str,
    action: &'static str,
) -> Result<(Profile, Purpose), ApiError> {
    let (profile, purpose) = owned(state, who, id).await?;
    audit::record(state, who, action, Some(profile.id.clone()), purpose).await?;
    Ok((profile, purpose))
}

/// [`open`], then `then` with the profile on the ranking pool (`compute`): the access is
/// queued for the audit log before `then` runs and the answer waits until it is durable, so
/// the work (a ranking) overlaps the log's commit instead of following it.
pub async fn open_then<T: Send + 'static>(
    state: &AppState,
    who: &Principal,
    id: &str,
    action: &'static str,
    then: impl FnOnce(Profile, Purpose) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    check_id("id", id)?;
    let store = state.store.clone();
    let key = id.to_owned();
    let who = who.clone();
    let (profile, purpose, logged) = web::block(move || {
        let profile = store
            .jobseeker(&key)
            .map_err(ApiError::internal)?
            .ok_or_else(|| ApiError::not_found("no such jobseeker"))?;
        let purpose = policy::person_record(
            &who,
            &Owner {
                jobseeker_id: &profile.id,
                office: Some(&profile.office),
            },
        )?;
        let logged = audit::queue(&store, &who, action, Some(profile.id.clone()), purpose)?;
        Ok::<_, ApiError>((profile, purpose, logged))
    })
    .await
    .map_err(ApiError::internal)??;
    let answer = crate::compute::run(&state.compute, move || then(profile, purpose)).await;
    logged.await?;
    answer?
}

/// Replaces a stored profile (its group flags stay as they are).
pub async fn save(state: &AppState, profile: Profile) -> Result<Profile, ApiError> {
    let store = state.store.clone();
    web::block(move || {
        let input = skillpath_store::JobseekerInput {
            profile: &profile,
            groups: None,
        };
        store.upsert_jobseekers(&[input], "api").map(|_| profile)
    })
    .await
    .map_err(ApiError::internal)?
    .map_err(|e| match e {
        StoreError::InvalidData { reason, .. } => ApiError::new(
            actix_web::http::StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_value",
            reason,
        ),
        other => ApiError::internal(other),
    })
}
