//! Opening a jobseeker's record from a page: the same ownership rule and the same audit row
//! as the API, then the matcher's recommendations for that person.

use std::sync::Arc;

use actix_web::web;
use skillpath_domain::course::Course;
use skillpath_domain::jobseeker::Profile;
use skillpath_engine::Snapshot;
use skillpath_matcher::{RecommendOptions, Recommendations};

use super::session::{PageError, Visitor};
use crate::AppState;
use crate::audit;
use crate::policy::{self, Owner};

/// The profile of `id` if the visitor may see it; the read is written to the audit log
/// under `action` before anything is shown. Missing and out-of-scope records are both 404.
pub async fn open(
    state: &AppState,
    visitor: &Visitor,
    id: &str,
    action: &'static str,
) -> Result<Profile, PageError> {
    let store = state.store.clone();
    let key = id.to_owned();
    let profile = web::block(move || store.jobseeker(&key))
        .await
        .map_err(|_| PageError::Internal)?
        .map_err(|_| PageError::Internal)?
        .ok_or(PageError::NotFound("no such jobseeker"))?;
    let purpose = policy::person_record(
        &visitor.principal,
        &Owner {
            jobseeker_id: &profile.id,
            office: Some(&profile.office),
        },
    )?;
    audit::record(
        state,
        &visitor.principal,
        action,
        Some(profile.id.clone()),
        purpose,
    )
    .await?;
    Ok(profile)
}

/// Recommendations from the current matcher, computed off the request thread.
pub async fn recommend(
    state: &AppState,
    profile: Profile,
    courses: usize,
) -> Result<(Arc<Snapshot>, Profile, Recommendations), PageError> {
    let snapshot = state.engine.current();
    let options = RecommendOptions {
        courses,
        ..Default::default()
    };
    crate::compute::run(&state.compute, move || {
        let recs = snapshot.matcher.recommend(&profile, &options);
        recs.map(|r| (snapshot, profile, r))
    })
    .await
    .map_err(|_| PageError::Internal)?
    .map_err(|e| {
        tracing::error!(error = %e, "recommendation failed");
        PageError::Internal
    })
}

/// The catalogue entry of a recommended course.
pub fn course<'a>(snapshot: &'a Snapshot, id: &str) -> Option<&'a Course> {
    snapshot
        .matcher
        .catalogue
        .courses()
        .iter()
        .find(|c| c.id == id)
}

/// A skill's preferred label, or its URI when the taxonomy lacks it.
pub fn skill_label(snapshot: &Snapshot, uri: &str) -> String {
    let t = &snapshot.matcher.taxonomy;
    t.skill_id(uri)
        .map(|id| t.skill(id).label.clone())
        .unwrap_or_else(|| uri.to_owned())
}
