//! What a reader hands back: the records it could build and every row it could not, each
//! with the file, line, field and reason a person needs to fix the source.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Rejected {
    pub file: String,
    pub line: usize,
    pub field: String,
    pub reason: String,
}

impl fmt::Display for Rejected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} line {}, field {}: {}",
            self.file, self.line, self.field, self.reason
        )
    }
}

#[derive(Debug, Clone)]
pub struct ReadOutcome<T> {
    pub records: Vec<T>,
    pub rejected: Vec<Rejected>,
    /// Rows seen, accepted or not.
    pub rows: usize,
}

impl<T> Default for ReadOutcome<T> {
    fn default() -> Self {
        Self {
            records: Vec::new(),
            rejected: Vec::new(),
            rows: 0,
        }
    }
}

impl<T> ReadOutcome<T> {
    /// Rows with at least one rejection (a row can break several rules).
    pub fn rejected_rows(&self) -> usize {
        let mut lines: Vec<usize> = self.rejected.iter().map(|r| r.line).collect();
        lines.dedup();
        lines.len()
    }
}
