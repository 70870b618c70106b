//! Issuing, verifying and importing credentials end to end. One test binary, one module per
//! concern.

mod import;
mod issue_verify;
mod rejections;
mod support;
