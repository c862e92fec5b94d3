//! Real-kernel tests of `crossrun binfmt`: they register entries with the
//! running kernel's binfmt_misc and execute aarch64 and riscv64 programs
//! directly.
//!
//! They need:
//! - `CROSSRUN_BIN`: the interpreter to register (crossrun itself, or for
//!   now any emulator such as `/usr/bin/qemu-aarch64`), best a static build;
//! - `CROSSRUN_AARCH64_PROGRAM`: a static aarch64 program that prints its
//!   arguments, one per line, as `argv[N]=VALUE`
//!   (`aarch64-linux-gnu-gcc -static -O2 -o print_argv tests/data/print_argv.c`);
//! - `CROSSRUN_RISCV64_PROGRAM`: the same program for riscv64, for the riscv64
//!   test (`riscv64-linux-gnu-gcc -static -O2 ...`);
//! - root, and a kernel where binfmt_misc is mounted or can be mounted.
//!
//! Each test skips (passes, printing why) when one of these is missing.
//!
//! Entries are named `crossrun-test-<pid>-<test>` and removed by a Drop
//! guard even when an assertion fails; no other entry is ever touched. Other
//! entries for aarch64 (e.g. qemu-user-binfmt's) may exist: the kernel tries
//! the most recently registered entry first (fs/binfmt_misc.c adds new
//! entries at the head of its list), so an entry registered by the test
//! wins over every older one. Assertions that only hold when no other entry
//! handles the program (exec failing once ours is gone) are skipped, with
//! the reason printed, when such an entry exists; so are assertions made
//! after some other process registered a matching entry mid-test.

use clap::Parser;
use crossrun_binfmt::{
    mount_if_missing, BinfmtCommand, BinfmtError, KernelRegistry, Registry, DEFAULT_MOUNT,
};
use std::fs::{self, OpenOptions};
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Mutex;

/// The tests share the kernel's one binfmt_misc list, and several of their
/// entries match the same program: run them one at a time.
static KERNEL: Mutex<()> = Mutex::new(());

#[derive(Parser)]
struct Cli {
    #[command(subcommand)]
    binfmt: BinfmtCommand,
}

struct Setup {
    /// The architecture of the test program, as `crossrun binfmt install` names it.
    arch: &'static str,
    interpreter: PathBuf,
    /// A copy of the test program, executable, in a private directory.
    program: PathBuf,
    _workdir: tempfile::TempDir,
    mount: PathBuf,
}

fn skip(test: &str, reason: &str) -> Option<Setup> {
    println!("SKIPPED kernel test {test}: {reason}");
    None
}

fn setup(test: &str) -> Option<Setup> {
    setup_for(test, "aarch64", "CROSSRUN_AARCH64_PROGRAM")
}

/// The setup for a test with the `arch` program named by the variable `program_var`.
fn setup_for(test: &str, arch: &'static str, program_var: &str) -> Option<Setup> {
    let (Some(interpreter), Some(program)) = (
        std::env::var_os("CROSSRUN_BIN"),
        std::env::var_os(program_var),
    ) else {
        return skip(test, &format!("set CROSSRUN_BIN and {program_var} to run it"));
    };
    // SAFETY: geteuid has no preconditions and cannot fail.
    if unsafe { libc::geteuid() } != 0 {
        return skip(test, "needs root to register binfmt_misc entries");
    }
    let mount = PathBuf::from(DEFAULT_MOUNT);
    if let Err(err) = mount_if_missing(&mount) {
        return skip(test, &format!("binfmt_misc cannot be mounted: {err}"));
    }
    let interpreter = fs::canonicalize(&interpreter).expect("CROSSRUN_BIN must exist");
    let workdir = tempfile::tempdir().unwrap();
    let copy = workdir.path().join(format!("{arch}-prog"));
    fs::copy(&program, &copy).unwrap_or_else(|e| panic!("{program_var} must be readable: {e}"));
    fs::set_permissions(&copy, fs::Permissions::from_mode(0o755)).unwrap();
    Some(Setup {
        arch,
        interpreter,
        program: copy,
        _workdir: workdir,
        mount,
    })
}

/// Removes the entry on drop, whatever happened, by writing -1 to it
/// directly (not through the code under test).
struct EntryGuard {
    path: PathBuf,
}

impl Drop for EntryGuard {
    fn drop(&mut self) {
        if let Ok(mut file) = OpenOptions::new().write(true).open(&self.path) {
            let _ = file.write_all(b"-1");
        }
    }
}

impl Setup {
    fn entry_name(&self, test: &str) -> String {
        format!("crossrun-test-{}-{test}", std::process::id())
    }

    fn guard(&self, name: &str) -> EntryGuard {
        EntryGuard {
            path: self.mount.join(name),
        }
    }

    /// Runs `crossrun binfmt ARGS...` through the library, returning stdout.
    fn binfmt(&self, args: &[&str]) -> Result<String, BinfmtError> {
        let cli = Cli::try_parse_from(std::iter::once("binfmt").chain(args.iter().copied()))
            .unwrap_or_else(|err| panic!("bad test arguments {args:?}: {err}"));
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let result =
            crossrun_binfmt::run_with_output(cli.binfmt, &self.interpreter, &mut out, &mut err);
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out),
            String::from_utf8_lossy(&err)
        );
        result.map(|()| text)
    }

    fn install(&self, name: &str, flags: &[&str]) -> Result<String, BinfmtError> {
        let interpreter = self.interpreter.to_str().unwrap();
        let mut args = vec![
            "install",
            self.arch,
            "--name",
            name,
            "--interpreter",
            interpreter,
        ];
        args.extend_from_slice(flags);
        self.binfmt(&args)
    }

    fn exists(&self, name: &str) -> bool {
        self.mount.join(name).exists()
    }

    /// Enabled entries other than ours that would catch the test program.
    fn other_matching_entries(&self, ours: &str) -> Vec<String> {
        let head = program_head(&self.program);
        let listing = KernelRegistry::new(&self.mount).list().unwrap_or_default();
        listing
            .entries
            .iter()
            .filter(|entry| entry.name != ours && entry.enabled)
            .filter(|entry| {
                entry
                    .pattern()
                    .is_some_and(|pattern| pattern.matches(&head))
            })
            .map(|entry| entry.name.clone())
            .collect()
    }
}

fn program_head(program: &Path) -> Vec<u8> {
    let mut head = fs::read(program).unwrap();
    head.truncate(256);
    head
}

fn run(program: &Path, argv0: &str, args: &[&str]) -> std::io::Result<Output> {
    Command::new(program).arg0(argv0).args(args).output()
}

fn stdout_lines(output: &Output) -> Vec<String> {
    assert!(output.status.success(), "program failed: {output:?}");
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(str::to_owned)
        .collect()
}

/// What the program saw as /proc/self/exe.
fn exe_seen(output: &Output) -> String {
    let lines = stdout_lines(output);
    let exe = lines.iter().find_map(|l| l.strip_prefix("exe="));
    exe.expect("the test program prints exe=").to_owned()
}

/// Asserts the program ran with exactly `expected` as argv, unless an entry
/// registered after ours (by someone else, mid-test) may have handled it.
fn assert_argv(
    setup: &Setup,
    ours: &str,
    older_entries: &[String],
    output: &Output,
    expected: &[&str],
) {
    let newer: Vec<String> = setup
        .other_matching_entries(ours)
        .into_iter()
        .filter(|name| !older_entries.contains(name))
        .collect();
    if !newer.is_empty() {
        println!("SKIPPED argv assertion: {newer:?} registered during the test and may have handled the program");
        return;
    }
    let expected: Vec<String> = expected
        .iter()
        .enumerate()
        .map(|(i, arg)| format!("argv[{i}]={arg}"))
        .collect();
    let argv: Vec<String> = stdout_lines(output).into_iter().filter(|l| l.starts_with("argv[")).collect();
    assert_eq!(argv, expected);
}

fn argv0_marker() -> String {
    format!("custom-argv0-{}", std::process::id())
}

#[test]
fn registered_program_runs_with_the_path_as_argv0() {
    let _lock = KERNEL
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let Some(setup) = setup("plain") else { return };
    let name = setup.entry_name("plain");
    let _guard = setup.guard(&name);
    let older = setup.other_matching_entries(&name);

    let out = setup.install(&name, &[]).unwrap();
    assert!(out.contains(&format!("registered {name}")), "{out}");
    let output = run(&setup.program, &argv0_marker(), &["one", "two words"]).unwrap();
    let path = setup.program.to_str().unwrap();
    assert_argv(&setup, &name, &older, &output, &[path, "one", "two words"]);
    // The guest sees itself, not its emulator, as /proc/self/exe.
    let canonical = fs::canonicalize(&setup.program).unwrap();
    if setup.other_matching_entries(&name).iter().all(|n| older.contains(n)) {
        assert_eq!(exe_seen(&output), canonical.to_str().unwrap());
    }

    // Status sees it, recognises the CPU, and marks it as crossrun's.
    let json: serde_json::Value =
        serde_json::from_str(&setup.binfmt(&["status", "--json"]).unwrap()).unwrap();
    let entry = json["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == name.as_str())
        .unwrap()
        .clone();
    assert_eq!(entry["arches"], serde_json::json!(["aarch64"]));
    assert_eq!(entry["owned"], true);
    assert_eq!(entry["interpreter"], setup.interpreter.to_str().unwrap());

    // Installing the same again is a no-op; a different entry needs --force.
    let again = setup.install(&name, &[]).unwrap();
    assert!(
        again.contains("already registered with the same settings"),
        "{again}"
    );
    let err = setup.install(&name, &["--preserve-argv0"]).unwrap_err();
    assert!(matches!(err, BinfmtError::AlreadyExists { .. }), "{err}");
    let replaced = setup
        .install(&name, &["--preserve-argv0", "--force"])
        .unwrap();
    assert!(
        replaced.contains("removed the previous") && replaced.contains("(flags P)"),
        "{replaced}"
    );
}

#[test]
fn newest_entry_wins_and_removing_it_uncovers_the_older_one() {
    let _lock = KERNEL
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let Some(setup) = setup("order") else { return };
    // Two entries for the same CPU that behave differently: the older one
    // preserves argv[0], the newer one does not.
    let older_name = setup.entry_name("order-older");
    let newer_name = setup.entry_name("order-newer");
    let _older_guard = setup.guard(&older_name);
    let newer_guard = setup.guard(&newer_name);
    let before = setup.other_matching_entries("");
    setup.install(&older_name, &["--preserve-argv0"]).unwrap();
    let out = setup.install(&newer_name, &[]).unwrap();
    assert!(
        out.contains(&format!(
            "note: '{older_name}' also handles aarch64 programs"
        )),
        "{out}"
    );
    let marker = argv0_marker();
    let path = setup.program.to_str().unwrap();
    let output = run(&setup.program, &marker, &[]).unwrap();
    let mut known = before.clone();
    known.push(older_name.clone());
    assert_argv(&setup, &newer_name, &known, &output, &[path]);

    drop(newer_guard);
    let output = run(&setup.program, &marker, &[]).unwrap();
    assert_argv(&setup, &older_name, &before, &output, &[&marker]);
}

#[test]
fn preserve_argv0_passes_the_original_argv0() {
    let _lock = KERNEL
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let Some(setup) = setup("preserve") else {
        return;
    };
    let release = fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default();
    let mut numbers = release
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|n| n.parse::<u32>().ok());
    if (numbers.next().unwrap_or(0), numbers.next().unwrap_or(0)) < (5, 12) {
        println!("SKIPPED kernel test preserve: kernel {release} cannot report P via AT_FLAGS (needs 5.12)");
        return;
    }
    let name = setup.entry_name("preserve");
    let _guard = setup.guard(&name);
    let older = setup.other_matching_entries(&name);
    setup.install(&name, &["--preserve-argv0"]).unwrap();
    let marker = argv0_marker();
    let output = run(&setup.program, &marker, &["x"]).unwrap();
    assert_argv(&setup, &name, &older, &output, &[&marker, "x"]);
}

#[test]
fn open_binary_entry_runs_the_program() {
    let _lock = KERNEL
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let Some(setup) = setup("open") else { return };
    let name = setup.entry_name("open");
    let _guard = setup.guard(&name);
    let older = setup.other_matching_entries(&name);
    let out = setup.install(&name, &["--open-binary"]).unwrap();
    assert!(out.contains("(flags O)"), "{out}");
    let output = run(&setup.program, "ignored", &["fd"]).unwrap();
    assert_argv(
        &setup,
        &name,
        &older,
        &output,
        &[setup.program.to_str().unwrap(), "fd"],
    );
}

#[test]
fn persistent_entry_works_in_a_chroot_without_the_interpreter() {
    let _lock = KERNEL
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let Some(setup) = setup("chroot") else { return };
    let root = tempfile::tempdir().unwrap();
    fs::copy(&setup.program, root.path().join("prog")).unwrap();
    let in_chroot = || {
        Command::new("chroot")
            .arg(root.path())
            .args(["/prog", "inside"])
            .output()
    };

    // Without F the kernel looks the interpreter up inside the chroot: fails.
    let name = setup.entry_name("chroot-lazy");
    let guard = setup.guard(&name);
    let older = setup.other_matching_entries(&name);
    setup.install(&name, &[]).unwrap();
    if older.is_empty() {
        let output = in_chroot().unwrap();
        assert!(
            !output.status.success(),
            "ran without F and without an interpreter in the chroot: {output:?}"
        );
    } else {
        println!("SKIPPED no-F chroot assertion: {older:?} also handle aarch64 and may carry F");
    }
    drop(guard);
    assert!(!setup.exists(&name));

    // With F the interpreter was opened at registration: runs.
    let name = setup.entry_name("chroot-fixed");
    let _guard = setup.guard(&name);
    setup.install(&name, &["--persistent"]).unwrap();
    let output = in_chroot().unwrap();
    assert_argv(&setup, &name, &older, &output, &["/prog", "inside"]);
    // Inside the chroot, /proc/self/exe names the program by its path there.
    assert_eq!(exe_seen(&output), "/prog");
}

#[test]
fn disable_enable_and_uninstall_change_what_exec_does() {
    let _lock = KERNEL
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let Some(setup) = setup("toggle") else { return };
    let name = setup.entry_name("toggle");
    let _guard = setup.guard(&name);
    let older = setup.other_matching_entries(&name);
    setup.install(&name, &[]).unwrap();
    let exec_fails_with_enoexec = |when: &str| {
        if !older.is_empty() {
            println!("SKIPPED ENOEXEC assertion ({when}): {older:?} also handle aarch64 programs");
            return;
        }
        let err = run(&setup.program, "p", &[]).expect_err("exec should fail");
        assert_eq!(err.raw_os_error(), Some(libc::ENOEXEC), "{when}: {err}");
    };

    let out = setup.binfmt(&["disable", "--name", &name]).unwrap();
    assert!(out.contains(&format!("disabled {name}")), "{out}");
    exec_fails_with_enoexec("disabled");
    setup.binfmt(&["enable", "--name", &name]).unwrap();
    assert!(run(&setup.program, "p", &[]).unwrap().status.success());

    let dry = setup
        .binfmt(&["uninstall", "--name", &name, "--dry-run"])
        .unwrap();
    assert_eq!(
        dry.trim(),
        format!("would write '-1' to {}", setup.mount.join(&name).display())
    );
    assert!(setup.exists(&name), "dry run removed the entry");
    let out = setup.binfmt(&["uninstall", "--name", &name]).unwrap();
    assert!(out.contains(&format!("removed {name}")), "{out}");
    assert!(!setup.exists(&name));
    exec_fails_with_enoexec("uninstalled");
}

#[test]
fn dry_run_install_registers_nothing() {
    let _lock = KERNEL
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let Some(setup) = setup("dry") else { return };
    let name = setup.entry_name("dry");
    let _guard = setup.guard(&name);
    let out = setup.install(&name, &["--dry-run", "-p"]).unwrap();
    let register = setup.mount.join("register");
    assert!(
        out.contains(&format!("would write ':{name}:M:0:\\x7f\\x45\\x4c\\x46")),
        "{out}"
    );
    assert!(
        out.contains(&format!(":F' to {}", register.display())),
        "{out}"
    );
    assert!(!setup.exists(&name));
}

#[test]
fn kernel_refusal_is_a_clear_error_and_leaves_nothing() {
    let _lock = KERNEL
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let Some(setup) = setup("missing") else {
        return;
    };
    let name = setup.entry_name("missing");
    let _guard = setup.guard(&name);
    let missing = "/nonexistent/crossrun-test-interpreter";
    let err = setup
        .binfmt(&[
            "install",
            "aarch64",
            "--name",
            &name,
            "--interpreter",
            missing,
            "-p",
        ])
        .unwrap_err();
    assert!(
        matches!(err, BinfmtError::InterpreterUnopenable { .. }),
        "{err}"
    );
    assert!(err.to_string().contains(missing), "{err}");
    assert!(!setup.exists(&name));
}

/// A riscv64 program runs through its own entry, and `install all` registers riscv64
/// beside aarch64 and arm (for real only when none of its entries exists, since those
/// names may be the machine's own registration).
#[test]
fn riscv64_program_runs_through_its_entry_and_all_covers_it() {
    let _lock = KERNEL
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let Some(setup) = setup_for("riscv64", "riscv64", "CROSSRUN_RISCV64_PROGRAM") else {
        return;
    };
    let name = setup.entry_name("riscv64");
    let guard = setup.guard(&name);
    let older = setup.other_matching_entries(&name);
    let out = setup.install(&name, &[]).unwrap();
    assert!(out.contains(&format!("registered {name}")), "{out}");
    let path = setup.program.to_str().unwrap();
    let output = run(&setup.program, &argv0_marker(), &["one", "two words"]).unwrap();
    assert_argv(&setup, &name, &older, &output, &[path, "one", "two words"]);
    if setup.other_matching_entries(&name).iter().all(|n| older.contains(n)) {
        let canonical = fs::canonicalize(&setup.program).unwrap();
        assert_eq!(exe_seen(&output), canonical.to_str().unwrap());
    }
    let json: serde_json::Value =
        serde_json::from_str(&setup.binfmt(&["status", "--json"]).unwrap()).unwrap();
    let entry = json["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == name.as_str())
        .unwrap()
        .clone();
    assert_eq!(entry["arches"], serde_json::json!(["riscv64"]));
    drop(guard);

    // --force: the dry run lists every entry `install all` writes even where one of that
    // name exists already.
    let dry = setup.binfmt(&["install", "all", "--dry-run", "-p", "--force"]).unwrap();
    for (arch, machine) in [("aarch64", "\\xb7\\x00"), ("riscv64", "\\xf3\\x00"), ("arm", "\\x28\\x00")] {
        let line = dry
            .lines()
            .find(|l| l.contains(&format!(":crossrun-{arch}:M:0:")))
            .unwrap_or_else(|| panic!("install all --dry-run registers no {arch} entry:\n{dry}"));
        assert!(line.contains(machine), "{arch}'s entry does not match its e_machine: {line}");
    }
    // Every entry `install all` makes, so each is removed again however the test ends.
    let defaults: Vec<String> = dry
        .lines()
        .filter(|l| l.contains("/register"))
        .filter_map(|l| l.split(":crossrun-").nth(1)?.split(':').next().map(|arch| format!("crossrun-{arch}")))
        .collect();
    if let Some(existing) = defaults.iter().find(|n| setup.exists(n)) {
        println!("SKIPPED real `install all`: the machine already has an entry named {existing}");
        return;
    }
    let _guards: Vec<EntryGuard> = defaults.iter().map(|n| setup.guard(n)).collect();
    let out = setup.binfmt(&["install", "all", "-p"]).unwrap();
    for n in &defaults {
        assert!(setup.exists(n), "install all did not register {n}: {out}");
    }
    let output = run(&setup.program, "p", &["via-all"]).unwrap();
    assert_argv(&setup, "crossrun-riscv64", &older, &output, &[path, "via-all"]);
}
