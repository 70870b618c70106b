//! Cross-crate integration tests: real files in, through the readers, into both backends.

mod esco_full;
mod sample;
mod vacancies;
