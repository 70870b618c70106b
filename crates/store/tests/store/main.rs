//! One integration-test binary (one link step) for the whole store; each module runs its
//! suite on SQLite and, when reachable, on PostgreSQL.

mod connect;
mod esco;
mod fixture;
mod migrations;
