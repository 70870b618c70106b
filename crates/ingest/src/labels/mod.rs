//! Free text to ESCO concepts: job titles to occupations ([`OccupationIndex`]) and job-ad
//! sentences to the skills they mention ([`SkillIndex`]).
//!
//! Both keep an in-RAM tantivy index with one document per distinct label (preferred,
//! alternative and hidden), analysed by one English analyzer (ASCII folding, stop words,
//! Snowball stemming). tantivy finds the labels sharing a term with the text; each is then
//! scored on the whole label, with terms weighted by how few concepts use them, and a concept
//! scores as its best label. Queries are built from analysed tokens, never parsed, so no user
//! text can be a syntax error.

mod analyzer;
mod collector;
mod descriptions;
mod eigen;
mod error;
mod index;
mod occupations;
mod overlap;
mod skills;
mod title;
mod vectors;

use serde::{Deserialize, Serialize};

pub use error::LabelIndexError;
pub use occupations::OccupationIndex;
pub use skills::SkillIndex;

/// One concept found for a text. Scores order the matches of one query; they are not
/// comparable across queries or between the two indexes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Match {
    pub uri: String,
    /// The concept's preferred label, whichever of its labels matched.
    pub label: String,
    pub score: f32,
}
