//! skillpath-store
