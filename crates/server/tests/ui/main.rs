//! Browser tests of the web interface: headless Chromium through chromedriver, on the
//! shipped sample, one scenario per role; every page is screenshotted to
//! target/ui-screenshots/ and checked with axe-core. Run `scripts/ui-deps` first.

// The API tests' sample loader; this binary uses only part of it.
#[allow(dead_code)]
#[path = "../api/support.rs"]
mod support;

mod analyst;
mod credential;
mod harness;
mod http;
mod scenarios;
