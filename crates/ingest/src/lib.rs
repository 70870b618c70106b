//! skillpath-ingest
pub mod labels;
