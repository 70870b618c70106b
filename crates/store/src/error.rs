//! Error policy: every fallible call returns `StoreError`; nothing in this crate panics on a
//! database problem. Variants say which side is at fault: the caller's configuration
//! (`UnsupportedUrl`, `PoolSize`, `CreateDir`), the environment (`Connect`, `Pool`,
//! `Migration`), the data handed to a write (`InvalidData`, rejected before anything is
//! written), or the stored rows themselves (`Corrupt`). Database errors keep diesel's error as
//! the source so a caller can still match on e.g. a foreign-key violation. Messages are
//! lowercase and never contain a password.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "unsupported database url scheme {scheme:?}: expected sqlite://PATH, sqlite::memory:, postgres://… or postgresql://…"
    )]
    UnsupportedUrl { scheme: String },

    #[error("the database pool needs at least one connection, got pool size 0")]
    PoolSize,

    #[error("cannot create the directory {path} for the sqlite database: {source}")]
    CreateDir {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("cannot connect to {url}: {source}")]
    Connect {
        /// The URL with any password masked.
        url: String,
        #[source]
        source: diesel::ConnectionError,
    },

    #[error("no database connection available: {0}")]
    Pool(#[from] diesel::r2d2::PoolError),

    #[error("cannot start the database writer thread: {0}")]
    Writer(#[source] std::io::Error),

    #[error("cannot apply the database migrations: {0}")]
    Migration(#[source] Box<dyn std::error::Error + Send + Sync>),

    #[error("database error: {0}")]
    Query(#[from] diesel::result::Error),

    #[error("cannot store {table} {key}: {reason}")]
    InvalidData {
        table: &'static str,
        key: String,
        reason: String,
    },

    /// A row that must be new already exists: the caller asked to create, not to replace.
    #[error("{table} {key} already exists")]
    Conflict { table: &'static str, key: String },

    #[error("stored {table} row {key} is corrupt: {reason}")]
    Corrupt {
        table: &'static str,
        key: String,
        reason: String,
    },
}

impl StoreError {
    pub(crate) fn invalid(
        table: &'static str,
        key: impl Into<String>,
        reason: impl Into<String>,
    ) -> Self {
        Self::InvalidData {
            table,
            key: key.into(),
            reason: reason.into(),
        }
    }

    pub(crate) fn corrupt(
        table: &'static str,
        key: impl Into<String>,
        reason: impl Into<String>,
    ) -> Self {
        Self::Corrupt {
            table,
            key: key.into(),
            reason: reason.into(),
        }
    }
}
