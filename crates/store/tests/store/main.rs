//! The repository suite, instantiated for SQLite and for PostgreSQL: both backends must
//! behave the same for every caller.

mod esco;

/// Runs each listed test against a fresh SQLite file and a fresh PostgreSQL database.
macro_rules! both_backends {
    ($($test:ident),+ $(,)?) => {
        mod sqlite {
            $(#[test] fn $test() { super::$test(&skillpath_store::testing::TestDb::sqlite()); })+
        }
        mod postgres {
            $(#[test] fn $test() {
                if let Some(db) = skillpath_store::testing::TestDb::postgres() { super::$test(&db); }
            })+
        }
    };
}
pub(crate) use both_backends;
