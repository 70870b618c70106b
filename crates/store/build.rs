//! `embed_migrations!` reads the SQL at compile time; without these lines cargo would not
//! rebuild the crate when only a migration changed, and a stale schema would be embedded.

fn main() {
    println!("cargo:rerun-if-changed=../../migrations/sqlite");
    println!("cargo:rerun-if-changed=../../migrations/postgres");
}
