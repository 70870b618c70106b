//! Unit tests of the product rules, one module per rule family, on `fixtures`.

mod demand;
mod filters;
mod gap;
mod lazy;
mod reach;
mod scoring;
