//! Errors of the label indexes. Building can fail only inside tantivy or when the taxonomy is
//! too large for the 32-bit ordinals the indexes keep per label; querying only inside tantivy.

use thiserror::Error;

#[derive(Debug, Error)]
pub enum LabelIndexError {
    #[error("label index: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    #[error("label index: {count} labels exceed the {max} an index can hold")]
    TooManyLabels { count: usize, max: usize },
}
