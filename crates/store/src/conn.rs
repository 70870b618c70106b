//! Connections to either backend behind one pool.
//!
//! `Conn` derives diesel's `MultiConnection`, so plain queries (all the reads) are written
//! once against it. Statements `MultiConnection` cannot express (multi-row inserts,
//! `immediate_transaction`, advisory locks) match on the variant and run on the inner
//! connection; `sync.rs` expands that code once per backend.

use diesel::Connection;
use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::r2d2::{self, CustomizeConnection, ManageConnection, R2D2Connection};
use diesel::sqlite::SqliteConnection;

use crate::url::Target;

/// The same diesel code for each backend's own connection type, for statements the
/// `MultiConnection` enum cannot run (multi-row inserts, `returning`).
macro_rules! on_backend {
    ($conn:expr, |$c:ident| $body:expr) => {
        match $conn {
            $crate::conn::Conn::Sqlite($c) => $body,
            $crate::conn::Conn::Pg($c) => $body,
        }
    };
}
pub(crate) use on_backend;

#[derive(diesel::MultiConnection)]
pub(crate) enum Conn {
    Sqlite(SqliteConnection),
    Pg(PgConnection),
}

/// Opens connections for exactly the backend the URL named. diesel's own
/// `ConnectionManager<Conn>` would try each backend in turn, and SQLite accepts any string
/// as a file name, so a mistyped PostgreSQL URL would silently create a local file.
pub(crate) struct Manager {
    pub(crate) target: Target,
}

impl Manager {
    pub(crate) fn open(&self) -> Result<Conn, diesel::ConnectionError> {
        match &self.target {
            Target::SqliteFile(path) => {
                SqliteConnection::establish(&path.to_string_lossy()).map(Conn::Sqlite)
            }
            Target::SqliteMemory => SqliteConnection::establish(":memory:").map(Conn::Sqlite),
            Target::Postgres(url) => PgConnection::establish(url).map(Conn::Pg),
        }
    }
}

impl ManageConnection for Manager {
    type Connection = Conn;
    type Error = r2d2::Error;

    fn connect(&self) -> Result<Conn, r2d2::Error> {
        self.open().map_err(r2d2::Error::ConnectionError)
    }

    fn is_valid(&self, conn: &mut Conn) -> Result<(), r2d2::Error> {
        conn.ping().map_err(r2d2::Error::QueryError)
    }

    fn has_broken(&self, conn: &mut Conn) -> bool {
        std::thread::panicking() || conn.is_broken()
    }
}

/// SQLite's defaults suit a single-user file, not a server: no write-ahead log (readers block
/// the writer), no waiting on a lock (immediate `SQLITE_BUSY`), foreign keys unchecked.
/// They are per connection, so every pooled connection gets them.
///
/// `synchronous = FULL`: the API acknowledges an outcome event once its transaction
/// commits, and the funding figures are built from those events, so an acknowledged commit
/// must survive a power cut, not only a killed process. In WAL mode `NORMAL` survives a
/// process crash but may lose the last commits on an OS crash or power loss; `FULL` syncs
/// the log on every commit, which costs one fsync per write transaction.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SqlitePragmas;

impl CustomizeConnection<Conn, r2d2::Error> for SqlitePragmas {
    fn on_acquire(&self, conn: &mut Conn) -> Result<(), r2d2::Error> {
        let Conn::Sqlite(conn) = conn else {
            return Ok(());
        };
        // busy_timeout first: switching to WAL takes a lock another connection may hold.
        // The page cache is 64 MiB a connection instead of SQLite's 2 MiB: a million
        // vacancies' skill rows make B-trees of gigabytes, and with 2 MiB every insert into
        // the skill index read its pages from the file again. It is filled only as used.
        conn.batch_execute(
            "PRAGMA busy_timeout = 5000;
             PRAGMA journal_mode = WAL;
             PRAGMA foreign_keys = ON;
             PRAGMA synchronous = FULL;
             PRAGMA cache_size = -65536;",
        )
        .map_err(r2d2::Error::QueryError)
    }
}
