//! Matching: the ESCO taxonomy held in memory as dense ids and sparse adjacency, labour-market
//! demand from vacancies, skill gaps, career pathways and course ranking with explanations.
//!
//! Entry points: `Taxonomy::from_dataset`, `Demand::build`, `Catalogue::build`, then
//! `Matcher::new(..).recommend(&profile, ..)` or `recommend_all`. Nothing here takes
//! `GroupFlags`.

pub mod demand;
pub mod gap;
pub mod pathways;
pub mod policy;
pub mod rank;
pub mod recommend;
pub mod taxonomy;

#[cfg(test)]
mod fixtures;
#[cfg(test)]
mod tests;

pub use demand::{Area, AreaKind, Demand, DemandBuilder};
pub use gap::{Gap, GapReason, GapSkill};
pub use pathways::Pathway;
pub use policy::Policy;
pub use rank::{Catalogue, Exclusion, OutcomeEvidence, Ranked, Recommendation, ScoreBreakdown};
pub use recommend::{MatchError, Matcher, RecommendOptions, Recommendations};
pub use taxonomy::{OccupationId, SkillId, Taxonomy};
