//! One integration-test binary (one link step) for the whole store; each module runs its
//! suite on SQLite and, when reachable, on PostgreSQL.

mod connect;
mod courses;
mod credentials;
mod esco;
mod fixture;
mod jobseekers;
mod migrations;
mod outcome_changes;
mod outcomes;
mod referrals;
