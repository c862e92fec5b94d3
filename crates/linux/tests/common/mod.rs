//! What the guest-program tests share: finding (and building) the crossrun binary.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The crossrun binary: $CROSSRUN_BIN, else `<target>[/<triple>]/<profile>/crossrun`, built
/// first.
pub fn crossrun() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        if let Some(b) = std::env::var_os("CROSSRUN_BIN") {
            return PathBuf::from(b);
        }
        // This test runs as <target>/<profile>/deps/guest_procs-<hash>.
        let exe = std::env::current_exe().expect("test executable path");
        let profile_dir = exe.parent().and_then(Path::parent).expect("target/<profile>");
        // Under an explicit target (.cargo/config.toml names one) the profile directory
        // sits in a directory named after the target triple.
        let mut target_dir = profile_dir.parent().expect("target dir");
        if target_dir.file_name().is_some_and(|n| n.to_string_lossy().contains("-linux-")) {
            target_dir = target_dir.parent().expect("target dir");
        }
        let release = profile_dir.file_name().is_some_and(|n| n == "release");
        let mut cmd = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
        cmd.args(["build", "-q", "-p", "crossrun", "--bin", "crossrun"]).env("CARGO_TARGET_DIR", target_dir);
        if release {
            cmd.arg("--release");
        }
        let status = cmd.current_dir(env!("CARGO_MANIFEST_DIR")).status().expect("running cargo build");
        assert!(status.success(), "building crossrun failed");
        profile_dir.join("crossrun")
    })
}

