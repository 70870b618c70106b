//! skillpath-server
