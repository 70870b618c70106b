//! The schema, embedded at compile time (see `build.rs`) and applied on connect.

use diesel::connection::SimpleConnection;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use crate::StoreError;
use crate::conn::Conn;

const SQLITE: EmbeddedMigrations = embed_migrations!("../../migrations/sqlite");
const POSTGRES: EmbeddedMigrations = embed_migrations!("../../migrations/postgres");

/// Any fixed number works, as long as nothing else in the database uses it.
const PG_MIGRATION_LOCK: i64 = 0x736b_696c_6c70_6174;

pub(crate) fn run_pending(conn: &mut Conn) -> Result<(), StoreError> {
    match conn {
        Conn::Sqlite(c) => c.run_pending_migrations(SQLITE).map(drop),
        // Several server instances may start at once; without the lock two of them would
        // both see a migration as pending and the second would fail half-way.
        Conn::Pg(c) => {
            c.batch_execute(&format!("SELECT pg_advisory_lock({PG_MIGRATION_LOCK})"))?;
            let result = c.run_pending_migrations(POSTGRES).map(drop);
            c.batch_execute(&format!("SELECT pg_advisory_unlock({PG_MIGRATION_LOCK})"))?;
            result
        }
    }
    .map_err(StoreError::Migration)
}

#[cfg(any(test, feature = "testing"))]
pub(crate) fn revert_all(conn: &mut Conn) -> Result<(), StoreError> {
    match conn {
        Conn::Sqlite(c) => c.revert_all_migrations(SQLITE).map(drop),
        Conn::Pg(c) => c.revert_all_migrations(POSTGRES).map(drop),
    }
    .map_err(StoreError::Migration)
}
