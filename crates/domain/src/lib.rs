//! Plain types shared by every skillpath crate, and the rules that make a value valid.
//!
//! This crate does no I/O and knows nothing of databases, HTTP or search indexes, so that
//! the rules here are the same wherever a value comes from.

pub mod course;
pub mod error;
pub mod esco;
pub mod jobseeker;
pub mod outcome;
pub mod vacancy;

pub use error::{ValidationError, Violation};
