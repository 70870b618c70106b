//! Opening stores: URL schemes, SQLite's per-connection settings.

use skillpath_store::testing::TestDb;
use skillpath_store::{Backend, Store, StoreError};

use crate::fixture::{self, sorted};

#[test]
fn sqlite_connections_run_with_wal_busy_timeout_and_foreign_keys() {
    let db = TestDb::sqlite();
    // Several checkouts, so more than one pooled connection is looked at.
    for _ in 0..3 {
        assert_eq!(
            db.sqlite_pragma("journal_mode").unwrap().as_deref(),
            Some("wal")
        );
        assert_eq!(
            db.sqlite_pragma("foreign_keys").unwrap().as_deref(),
            Some("1")
        );
        assert_eq!(
            db.sqlite_pragma("busy_timeout").unwrap().as_deref(),
            Some("5000")
        );
        // FULL: an acknowledged outcome event must survive a power cut, not only a crash.
        assert_eq!(
            db.sqlite_pragma("synchronous").unwrap().as_deref(),
            Some("2")
        );
    }
}

#[test]
fn a_sqlite_file_in_a_missing_directory_is_created() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("var/nested/skillpath.db");
    let store = Store::connect(&format!("sqlite://{}", path.display()), 2).unwrap();
    assert_eq!(store.backend(), Backend::Sqlite);
    store.ping().unwrap();
    assert!(path.is_file());
}

#[test]
fn an_in_memory_sqlite_store_keeps_its_data_across_checkouts() {
    let store = Store::connect("sqlite::memory:", 8).unwrap();
    store.load_esco(&fixture::v1(), "v1").unwrap();
    assert_eq!(sorted(store.taxonomy().unwrap()), sorted(fixture::v1()));
}

#[test]
fn unknown_schemes_and_empty_pools_are_refused() {
    let err = Store::connect("mysql://root@localhost/skillpath", 4).unwrap_err();
    assert!(
        matches!(err, StoreError::UnsupportedUrl { ref scheme } if scheme == "mysql"),
        "{err}"
    );
    let err = Store::connect("sqlite::memory:", 0).unwrap_err();
    assert!(matches!(err, StoreError::PoolSize), "{err}");
}

#[test]
fn an_unreachable_postgres_fails_at_once_with_the_reason_and_no_password() {
    let started = std::time::Instant::now();
    let err = Store::connect("postgres://app:hunter2@127.0.0.1:1/skillpath", 4).unwrap_err();
    let message = err.to_string();
    assert!(matches!(err, StoreError::Connect { .. }), "{message}");
    assert!(!message.contains("hunter2"), "{message}");
    assert!(message.contains("app:***@127.0.0.1:1"), "{message}");
    assert!(
        started.elapsed().as_secs() < 10,
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn postgres_stores_report_their_backend() {
    let Some(db) = TestDb::postgres() else {
        return;
    };
    assert_eq!(db.backend(), Backend::Postgres);
    assert_eq!(db.sqlite_pragma("journal_mode").unwrap(), None);
}
