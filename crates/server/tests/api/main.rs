//! The HTTP contract, through the same app factory that `skillpath serve` runs. One binary
//! (one link step), one module per concern.

mod accounts;
mod bad_input;
mod catalogue;
mod credentials;
mod groups;
mod logs;
mod matrix;
mod openapi;
mod outcomes;
mod people;
mod recommendations;
mod referrals;
mod reports;
mod support;
mod taxonomy;
