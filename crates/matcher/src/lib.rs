//! Matching: the ESCO taxonomy held in memory as dense ids and sparse adjacency, on which
//! gap analysis and course ranking are computed.

pub mod taxonomy;

pub use taxonomy::{OccupationId, SkillId, Taxonomy};
