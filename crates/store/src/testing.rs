//! Fresh databases for tests of this and other crates, on either backend.
//!
//! Helpers here panic instead of returning errors: a test that cannot set up its database
//! has nothing useful to do, and the panic message says why.

use std::ops::Deref;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::Text;
use diesel::{PgConnection, QueryableByName};

use crate::conn::Conn;
use crate::url::redact;
use crate::{Backend, Store, StoreError, migrate};

pub const DEFAULT_POSTGRES_URL: &str = "postgres://postgres@127.0.0.1:5432/test";

/// A store on a database that exists only for one test.
#[derive(Debug)]
pub struct TestDb {
    /// An `Option` only so that `drop` can close the pool before dropping the database.
    store: Option<Store>,
    url: String,
    guard: Guard,
}

#[derive(Debug)]
enum Guard {
    Sqlite(
        #[allow(dead_code, reason = "keeps the directory until the test ends")] tempfile::TempDir,
    ),
    Postgres {
        admin_url: String,
        name: String,
    },
}

static COUNTER: AtomicU64 = AtomicU64::new(0);

impl TestDb {
    /// A store on a new SQLite file in a temporary directory.
    pub fn sqlite() -> TestDb {
        let dir = tempfile::tempdir().expect("cannot create a temporary directory");
        let url = format!("sqlite://{}", dir.path().join("skillpath.db").display());
        let store = Store::connect(&url, 4).unwrap_or_else(|e| panic!("cannot open {url}: {e}"));
        TestDb {
            store: Some(store),
            url,
            guard: Guard::Sqlite(dir),
        }
    }

    /// A store on a new database on the server named by `SKILLPATH_TEST_POSTGRES_URL`
    /// (default [`DEFAULT_POSTGRES_URL`]), dropped again with the `TestDb`. `None` when the
    /// server cannot be reached, unless `SKILLPATH_REQUIRE_POSTGRES=1`, which turns that
    /// into a panic so CI cannot pass by skipping.
    pub fn postgres() -> Option<TestDb> {
        let admin_url = std::env::var("SKILLPATH_TEST_POSTGRES_URL")
            .unwrap_or_else(|_| DEFAULT_POSTGRES_URL.to_owned());
        let mut admin = match PgConnection::establish(&admin_url) {
            Ok(conn) => conn,
            Err(e) => {
                let reason = e.to_string().trim().replace('\n', " ");
                let shown = redact(&admin_url);
                if std::env::var("SKILLPATH_REQUIRE_POSTGRES").as_deref() == Ok("1") {
                    panic!(
                        "PostgreSQL not reachable at {shown}: {reason} (SKILLPATH_REQUIRE_POSTGRES=1)"
                    );
                }
                eprintln!(
                    "skipping: PostgreSQL not reachable at {shown}: {reason} (set SKILLPATH_REQUIRE_POSTGRES=1 to make this fail)"
                );
                return None;
            }
        };
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let name = format!(
            "skillpath_t_{}_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed),
            nanos
        );
        create_database(&mut admin, &name);
        let url = with_database(&admin_url, &name);
        // Built before connecting, so a failed connect still drops the database.
        let mut db = TestDb {
            store: None,
            url,
            guard: Guard::Postgres { admin_url, name },
        };
        let store = Store::connect(&db.url, 4)
            .unwrap_or_else(|e| panic!("cannot open {}: {e}", redact(&db.url)));
        db.store = Some(store);
        Some(db)
    }

    pub fn store(&self) -> &Store {
        self
    }

    /// The URL of this database, e.g. to open a second store on it.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Reverts every migration, leaving only diesel's own bookkeeping table.
    pub fn migrate_down(&self) -> Result<(), StoreError> {
        migrate::revert_all(&mut *self.conn()?)
    }

    pub fn migrate_up(&self) -> Result<(), StoreError> {
        migrate::run_pending(&mut *self.conn()?)
    }

    /// The tables of the database, sorted, so a test can see what a migration did.
    pub fn table_names(&self) -> Result<Vec<String>, StoreError> {
        #[derive(QueryableByName)]
        struct Name {
            #[diesel(sql_type = Text)]
            name: String,
        }
        let sql = match self.backend() {
            Backend::Sqlite => {
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            }
            Backend::Postgres => {
                "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name"
            }
        };
        let mut conn = self.conn()?;
        let names = match &mut *conn {
            Conn::Sqlite(c) => diesel::sql_query(sql).load::<Name>(c)?,
            Conn::Pg(c) => diesel::sql_query(sql).load::<Name>(c)?,
        };
        Ok(names.into_iter().map(|n| n.name).collect())
    }

    /// Runs one statement as written, for a test that must make a state the store's own
    /// writes never make (an event numbered below the newest, as a late PostgreSQL commit
    /// leaves). Returns the rows it touched.
    pub fn execute_sql(&self, sql: &str) -> Result<usize, StoreError> {
        let mut conn = self.conn()?;
        Ok(match &mut *conn {
            Conn::Sqlite(c) => diesel::sql_query(sql).execute(c)?,
            Conn::Pg(c) => diesel::sql_query(sql).execute(c)?,
        })
    }

    /// The value of a SQLite pragma as one pooled connection sees it; `None` on PostgreSQL.
    pub fn sqlite_pragma(&self, pragma: &str) -> Result<Option<String>, StoreError> {
        #[derive(QueryableByName)]
        struct Value {
            #[diesel(sql_type = Text)]
            value: String,
        }
        let mut conn = self.conn()?;
        let Conn::Sqlite(c) = &mut *conn else {
            return Ok(None);
        };
        // Pragma names cannot be bound; the callers are tests passing literals. The CTE
        // renames the result column, which some pragmas name differently from themselves.
        let sql = format!(
            "WITH p(v) AS (SELECT * FROM pragma_{pragma}) SELECT CAST(v AS TEXT) AS value FROM p"
        );
        let value = diesel::sql_query(sql).get_result::<Value>(c)?;
        Ok(Some(value.value))
    }
}

impl Deref for TestDb {
    type Target = Store;

    fn deref(&self) -> &Store {
        self.store
            .as_ref()
            .expect("the store lives as long as the TestDb")
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        drop(self.store.take());
        let Guard::Postgres { admin_url, name } = &self.guard else {
            return;
        };
        if let Err(e) = drop_database(admin_url, name) {
            eprintln!("warning: cannot drop test database {name}: {e}");
        }
    }
}

fn create_database(admin: &mut PgConnection, name: &str) {
    // Concurrent CREATE DATABASE from the same template can fail with "source database is
    // being accessed by other users"; it clears within moments.
    let mut attempt = 0;
    loop {
        match admin.batch_execute(&format!("CREATE DATABASE \"{name}\"")) {
            Ok(()) => return,
            Err(e) if attempt < 10 && e.to_string().contains("being accessed by other users") => {
                attempt += 1;
                std::thread::sleep(std::time::Duration::from_millis(100 * attempt));
            }
            Err(e) => panic!("cannot create test database {name}: {e}"),
        }
    }
}

fn drop_database(admin_url: &str, name: &str) -> Result<(), Box<dyn std::error::Error>> {
    let mut admin = PgConnection::establish(admin_url)?;
    // WITH (FORCE) needs PostgreSQL 13; older servers get their backends terminated first.
    if admin
        .batch_execute(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
        .is_ok()
    {
        return Ok(());
    }
    admin.batch_execute(&format!(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}' AND pid <> pg_backend_pid()"
    ))?;
    admin.batch_execute(&format!("DROP DATABASE IF EXISTS \"{name}\""))?;
    Ok(())
}

/// `admin_url` with its database name replaced, keeping any query string.
fn with_database(admin_url: &str, name: &str) -> String {
    let (base, query) = match admin_url.find('?') {
        Some(i) => admin_url.split_at(i),
        None => (admin_url, ""),
    };
    let authority_start = base.find("://").map_or(0, |i| i + 3);
    let server = match base[authority_start..].find('/') {
        Some(i) => &base[..authority_start + i],
        None => base,
    };
    format!("{server}/{name}{query}")
}

/// Instantiates test functions taking `&TestDb` once per backend, in modules `sqlite` and
/// `postgres` (which skip when PostgreSQL is unreachable, see [`TestDb::postgres`]).
///
/// ```text
/// fn round_trip(db: &TestDb) { … }
/// skillpath_store::store_test_suite!(round_trip);
/// ```
#[macro_export]
macro_rules! store_test_suite {
    ($($test:ident),+ $(,)?) => {
        mod sqlite {
            $(
                #[test]
                fn $test() {
                    let db = $crate::testing::TestDb::sqlite();
                    super::$test(&db);
                }
            )+
        }

        mod postgres {
            $(
                #[test]
                fn $test() {
                    let Some(db) = $crate::testing::TestDb::postgres() else {
                        return;
                    };
                    super::$test(&db);
                }
            )+
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_database_name_is_replaced_and_the_query_kept() {
        assert_eq!(
            with_database("postgres://postgres@127.0.0.1:5432/test", "t1"),
            "postgres://postgres@127.0.0.1:5432/t1"
        );
        assert_eq!(
            with_database("postgres://u:p@h/db?sslmode=disable", "t1"),
            "postgres://u:p@h/t1?sslmode=disable"
        );
        assert_eq!(with_database("postgres://h", "t1"), "postgres://h/t1");
    }
}
