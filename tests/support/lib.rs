//! Helpers shared by the integration tests of every crate: where the real data lives and
//! what to do when it is absent. A user's fresh clone has no `../shared`, so those tests
//! skip with a message; CI sets `SKILLPATH_REQUIRE_SHARED=1` so that they cannot silently skip.

use std::path::{Path, PathBuf};

/// The workspace root, wherever the test binary runs from.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

/// The shipped sample data.
pub fn sample_dir() -> PathBuf {
    workspace_root().join("data/sample")
}

/// `relative` inside the shared data folder (`$SKILLPATH_SHARED`, else `../shared` beside the
/// project), or `None` after printing why the calling test skips.
///
/// # Panics
/// When the file is absent and `SKILLPATH_REQUIRE_SHARED=1` or `CI` is set: there a skip
/// would hide a test that did not run.
pub fn shared_path(relative: &str) -> Option<PathBuf> {
    let base = std::env::var_os("SKILLPATH_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("../shared"));
    let path = base.join(relative);
    if path.exists() {
        return Some(path);
    }
    let required = std::env::var("SKILLPATH_REQUIRE_SHARED").is_ok_and(|v| v == "1")
        || std::env::var_os("CI").is_some();
    assert!(
        !required,
        "{} is missing and SKILLPATH_REQUIRE_SHARED=1 or CI is set",
        path.display()
    );
    eprintln!(
        "skipping: {} not found (set SKILLPATH_SHARED to the shared data folder)",
        path.display()
    );
    None
}

/// Copies the files of `from` into a fresh temporary folder, so a test can corrupt a copy.
pub fn copy_dir(from: &Path) -> std::io::Result<tempfile::TempDir> {
    let dir = tempfile::tempdir()?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        if entry.file_type()?.is_file() {
            std::fs::copy(entry.path(), dir.path().join(entry.file_name()))?;
        }
    }
    Ok(dir)
}
