//! Analyst reports: the outcome funnel derived from outcome events, statistical disclosure
//! control applied to every table before it leaves the process, and the fairness monitor.
//!
//! Nothing here reads a database or knows about HTTP: the server and the CLI feed events in
//! and print what comes out, so both output paths go through the same disclosure control.
//!
//! Error policy: one `thiserror` enum for the caller's mistakes (unknown dimension names,
//! a period that ends before it starts); disclosure control itself cannot fail.

pub mod fairness;
pub mod funnel;
pub mod published;
pub mod sdc;
pub mod sparse;
pub mod stream;
pub mod table;
pub mod uptake;
pub mod wilson;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ReportError {
    #[error("unknown dimension {0:?}; expected one of {1}")]
    UnknownDimension(String, String),
    #[error("the period ends ({to}) before it starts ({from})")]
    EmptyPeriod { from: String, to: String },
    #[error("a report groups by at most {0} dimensions")]
    TooManyDimensions(usize),
    #[error("a dimension has more than {0} distinct values; group by something coarser")]
    TooManyValues(usize),
}
