//! Storage for skillpath over diesel: SQLite as the embedded default, PostgreSQL for
//! deployments with several server instances. The URL scheme picks the backend; migrations
//! from the top-level `migrations/` directory are embedded and applied on connect.
//!
//! Every method blocks; async callers run them on a blocking thread (`web::block`).

mod audit;
mod codec;
mod conn;
mod courses;
mod credentials;
mod error;
mod esco_load;
mod esco_read;
mod jobseekers;
mod migrate;
mod models;
mod outcomes;
mod referrals;
mod schema;
mod stamp;
mod sync;
mod url;
mod users;
mod vacancies;
mod writer;

#[cfg(any(test, feature = "testing"))]
pub mod testing;

use std::fmt;
use std::sync::Arc;

use diesel::r2d2::{Pool, PooledConnection};

pub use audit::{AuditEntry, AuditQuery, AuditRecord};
pub use courses::{CourseCounts, CourseInput, CourseLoadSummary, StoredCourse};
pub use credentials::{CredentialInsert, StoredCredential};
pub use error::StoreError;
pub use esco_load::EscoLoadSummary;
pub use esco_read::{ConceptCounts, EscoCounts, EscoRelease};
pub use jobseekers::{
    JobseekerInput, JobseekerLoadSummary, PeopleMark, PersonReportFacts, RegisterCounts,
};
pub use outcomes::{
    Appended, FunnelEvent, OnConflict, OutcomeChanges, OutcomeLoadSummary, OutcomeMark,
    PersonRange, StoredOutcome,
};
pub use referrals::{Decision, NewReferral, Referral, Referred};
pub use stamp::DataStamp;
pub use sync::TableChanges;
pub use users::{NewUser, Role, Token, User};
pub use vacancies::{EXTRACTED, GIVEN, VacancyLoadSummary, VacancyQuery, VacancySkill};

use conn::{Manager, SqlitePragmas};
use url::Target;
use writer::GroupCommit;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A pool of connections to one database. Cheap to clone: clones share the pool.
#[derive(Clone)]
pub struct Store {
    pool: Pool<Manager>,
    backend: Backend,
    display_url: String,
    /// SQLite's single writer (`writer`); `None` on PostgreSQL.
    writer: Option<Arc<GroupCommit>>,
}

impl fmt::Debug for Store {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Store")
            .field("url", &self.display_url)
            .field("pool", &self.pool.state())
            .finish()
    }
}

impl Store {
    /// Opens a pool of up to `pool_size` connections to `url` (`sqlite://PATH`,
    /// `sqlite::memory:`, `postgres://…`) and applies pending migrations.
    pub fn connect(url: &str, pool_size: u32) -> Result<Store, StoreError> {
        if pool_size == 0 {
            return Err(StoreError::PoolSize);
        }
        let target = Target::parse(url)?;
        target.prepare()?;
        let display_url = target.display();
        let manager = Manager { target };

        // r2d2 reports a failed connection only as a timeout, after 30 seconds; one direct
        // attempt first gives the caller the real reason at once.
        manager.open().map_err(|source| StoreError::Connect {
            url: display_url.clone(),
            source,
        })?;

        let backend = match manager.target {
            Target::Postgres(_) => Backend::Postgres,
            Target::SqliteFile(_) | Target::SqliteMemory => Backend::Sqlite,
        };
        // No idle minimum: with one, r2d2 opens replacement connections on its own worker
        // threads, and a CLI command that exits while one is half-open crashed in libc
        // (seen with PostgreSQL in CI). Connections are opened by the caller that needs one
        // and kept for reuse up to `pool_size`.
        let builder = Pool::builder()
            .connection_customizer(Box::new(SqlitePragmas))
            .min_idle(Some(0));
        let builder = if manager.target == Target::SqliteMemory {
            // Each in-memory connection is a database of its own, so there must be exactly
            // one, and it must never be recycled.
            builder.max_size(1).idle_timeout(None).max_lifetime(None)
        } else {
            builder.max_size(pool_size)
        };
        let pool = builder.build(manager)?;
        let writer = match backend {
            Backend::Sqlite => Some(Arc::new(
                GroupCommit::start(pool.clone()).map_err(StoreError::Writer)?,
            )),
            Backend::Postgres => None,
        };
        let store = Store {
            pool,
            backend,
            display_url,
            writer,
        };
        migrate::run_pending(&mut *store.conn()?)?;
        tracing::info!(url = %store.display_url, pool_size, "database ready");
        Ok(store)
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Whether small writes (audit rows) are committed by a writer thread of their own, so
    /// that [`Store::write_audit_then`] returns without waiting (SQLite).
    pub fn writes_in_background(&self) -> bool {
        self.writer.is_some()
    }

    pub(crate) fn conn(&self) -> Result<PooledConnection<Manager>, StoreError> {
        Ok(self.pool.get()?)
    }

    /// Runs a small write in a transaction of its own, durable when this returns: on SQLite
    /// through the group commit (`writer`), on PostgreSQL on a pooled connection. The caller
    /// must hold no connection of its own meanwhile (an in-memory database has only one).
    pub(crate) fn write<R, F>(&self, work: F) -> Result<R, StoreError>
    where
        R: Send + 'static,
        F: FnOnce(&mut conn::Conn) -> Result<R, StoreError> + Send + 'static,
    {
        match &self.writer {
            Some(writer) => writer.write(work),
            None => {
                let mut conn = self.conn()?;
                diesel::Connection::transaction(&mut *conn, work)
            }
        }
    }
}
