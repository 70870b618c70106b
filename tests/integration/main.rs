//! Cross-crate integration tests: real files in, through the readers, into both backends.

mod courses;
mod esco_full;
mod sample;
mod vacancies;
