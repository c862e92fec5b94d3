//! Shared by crossrun's integration tests: where the repository is and which emulator
//! command runs the guests.
// Each test crate includes this module and uses only part of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The emulator command: `$CROSSRUN` split on spaces (e.g. "path/to/crossrun -interp"),
/// or the crossrun binary built with these tests.
pub fn emulator() -> Vec<String> {
    let cmd = std::env::var("CROSSRUN").ok().filter(|s| !s.trim().is_empty());
    let cmd = cmd.unwrap_or_else(|| env!("CARGO_BIN_EXE_crossrun").to_string());
    cmd.split_whitespace().map(str::to_string).collect()
}
