//! skillpath-ingest
