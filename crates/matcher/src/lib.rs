//! skillpath-matcher
