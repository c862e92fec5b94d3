//! `perf record crossrun -perfmap PROGRAM` then `perf report` names guest functions: one
//! of the program's (from its symbol table) and one of the C library's that the guest's
//! dynamic linker mapped from the `-L` sysroot (from its dynamic symbols).
//!
//! Skipped, with the reason printed, where perf or the cross compiler is missing or perf
//! events cannot be opened (containers often forbid them); the software event
//! `cpu-clock` is used because hardware counters are often absent in VMs.

use std::path::Path;
use std::process::Command;

const SYSROOT: &str = "/usr/aarch64-linux-gnu";

fn skip(why: &str) {
    assert!(std::env::var_os("CROSSRUN_USERLAND_REQUIRED").is_none() || why.contains("events"), "{why}");
    println!("SKIPPED: {why}");
}

#[test]
fn perf_report_names_guest_functions() {
    if !Command::new("perf").arg("--version").output().is_ok_and(|o| o.status.success()) {
        return skip("perf is not installed (Debian: linux-perf; scripts/setup-deps.sh installs it)");
    }
    let usable = Command::new("perf").args(["stat", "-e", "cpu-clock", "true"]).output();
    if !usable.as_ref().is_ok_and(|o| o.status.success()) {
        return skip(&format!(
            "perf events are unavailable here: {}",
            usable.map(|o| String::from_utf8_lossy(&o.stderr).trim().to_owned()).unwrap_or_default()
        ));
    }
    if !Command::new("aarch64-linux-gnu-gcc").arg("--version").output().is_ok_and(|o| o.status.success()) || !Path::new(SYSROOT).is_dir() {
        return skip("aarch64-linux-gnu-gcc and its sysroot are not installed");
    }
    let dir = tempfile::tempdir().unwrap();
    let prog = dir.path().join("hot");
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/perf/hot.c");
    assert!(Command::new("aarch64-linux-gnu-gcc").args(["-O1", "-g"]).arg(&src).arg("-o").arg(&prog).status().unwrap().success());
    let data = dir.path().join("perf.data");
    let rec = Command::new("perf")
        .args(["record", "-q", "-e", "cpu-clock", "-o"])
        .arg(&data)
        .arg(env!("CARGO_BIN_EXE_crossrun"))
        .args(["-L", SYSROOT, "-perfmap"])
        .arg(&prog)
        .output()
        .unwrap();
    assert!(rec.status.success(), "perf record: {}", String::from_utf8_lossy(&rec.stderr));
    let out = String::from_utf8_lossy(&rec.stdout);
    assert!(out.ends_with('\n') && out.split_whitespace().count() == 2, "the guest's output: {out}");
    let report = Command::new("perf").args(["report", "--stdio", "--sort", "sym", "-i"]).arg(&data).output().unwrap();
    assert!(report.status.success(), "perf report: {}", String::from_utf8_lossy(&report.stderr));
    let report = String::from_utf8_lossy(&report.stdout);
    let share = |name: &str| -> f64 {
        report
            .lines()
            .filter(|l| l.split_whitespace().last() == Some(name))
            .filter_map(|l| l.split_whitespace().next()?.trim_end_matches('%').parse::<f64>().ok())
            .sum()
    };
    // Most of the time is in hot_loop, a fair share in the C library's random_r.
    assert!(share("hot_loop") > 20.0, "hot_loop is named:\n{report}");
    assert!(share("random_r") > 1.0, "random_r (libc.so.6 from -L) is named:\n{report}");
}
