//! Debian bookworm's arm64 gcc-12 compiling C under `crossrun -L SYSROOT`, and
//! the program it produced running under crossrun too.
//!
//! The gcc driver execs cc1, as (through PATH), collect2 and ld by absolute
//! sysroot paths, so this goes through -L path translation, exec of guest
//! programs from a guest, pipes and temporary files. The sysroot (gcc-12,
//! binutils, libc6-dev and their dependency closure) is built by
//! tests/userland/make-sysroot.sh into `$CROSSRUN_CACHE/toolchain-sysroot`
//! (default `target/deps-cache`). If it cannot be built (no network), the
//! test prints `SKIPPED: ...` and passes, as the userland tests do; with
//! `CROSSRUN_USERLAND_REQUIRED=1` that is a failure.
//!
//! The expected output is the same C program compiled by the host's `cc` and
//! run natively. `CROSSRUN` overrides the emulator command.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

mod common;
use common::{emulator, repo_root};

fn sysroot() -> Result<PathBuf, String> {
    let cache = std::env::var("CROSSRUN_CACHE")
        .map(PathBuf::from)
        .unwrap_or_else(|_| repo_root().join("target/deps-cache"));
    let out = cache.join("toolchain-sysroot");
    let res = Command::new("bash")
        .arg(repo_root().join("tests/userland/make-sysroot.sh"))
        .arg(&out)
        .arg("gcc-12,binutils,libc6-dev")
        .env("CROSSRUN_CACHE", &cache)
        .stdout(Stdio::inherit())
        .output();
    match res {
        Ok(o) if o.status.success() && out.join("usr/bin/gcc-12").exists() => Ok(out),
        Ok(o) => Err(format!("make-sysroot.sh failed ({}): {}", o.status, String::from_utf8_lossy(&o.stderr).trim())),
        Err(e) => Err(format!("cannot run make-sysroot.sh: {e}")),
    }
}

// Two translation units and a header, so the compile, assemble and link steps are
// separate guest processes; libm for a library beyond libc. Nothing in it depends on
// what differs between the host and arm64 ABIs (char signedness, long double), and
// both compilers get -ffp-contract=off (gcc fuses a*b+c into FMA on arm64 otherwise).
const HEADER: &str = r#"
#include <stddef.h>
struct item { const char *name; unsigned weight; };
unsigned long checksum(const void *p, size_t n);
int by_weight_then_name(const void *a, const void *b);
"#;

const UTIL: &str = r#"
#include <string.h>
#include "util.h"
unsigned long checksum(const void *p, size_t n) {
    const unsigned char *b = p;
    unsigned long h = 1469598103934665603UL;
    for (size_t i = 0; i < n; i++) h = (h ^ b[i]) * 1099511628211UL;
    return h;
}
int by_weight_then_name(const void *a, const void *b) {
    const struct item *x = a, *y = b;
    if (x->weight != y->weight) return x->weight < y->weight ? -1 : 1;
    return strcmp(x->name, y->name);
}
"#;

const MAIN: &str = r#"
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "util.h"

static int say(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vprintf(fmt, ap);
    va_end(ap);
    return n;
}

int main(int argc, char **argv) {
    struct item items[] = {
        {"pear", 3}, {"apple", 7}, {"fig", 3}, {"kiwi", 1}, {"plum", 7}, {"date", 2},
    };
    size_t n = sizeof items / sizeof items[0];
    qsort(items, n, sizeof items[0], by_weight_then_name);
    for (size_t i = 0; i < n; i++) say("%zu %s %u\n", i, items[i].name, items[i].weight);

    int primes = 0;
    char *sieve = calloc(100000, 1);
    for (int i = 2; i < 100000; i++) {
        if (sieve[i]) continue;
        primes++;
        for (long j = (long)i * i; j < 100000; j += i) sieve[j] = 1;
    }
    say("primes below 100000: %d\n", primes);
    say("checksum %lx\n", checksum(sieve, 100000));
    free(sieve);

    for (int i = 2; i <= 5; i++) say("sqrt(%d) = %.9f\n", i, sqrt((double)i));
    char buf[64];
    snprintf(buf, sizeof buf, "%s|%5d|%-4s|%x", "fmt", 42, "ab", 0xbeef);
    say("%s len %zu\n", buf, strlen(buf));
    say("argc %d last %s\n", argc, argv[argc - 1]);
    return 3;
}
"#;

fn text(o: &Output) -> String {
    format!("status {}\nstdout:\n{}\nstderr:\n{}", o.status, String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

#[test]
fn gcc_compiles_and_links_a_program_that_then_runs() {
    let root = match sysroot() {
        Ok(r) => r,
        Err(why) => {
            if std::env::var("CROSSRUN_USERLAND_REQUIRED").is_ok_and(|v| v == "1") {
                panic!("toolchain sysroot unavailable: {why}");
            }
            let msg = format!("SKIPPED toolchain: Debian arm64 gcc sysroot unavailable: {why}\n");
            let _ = std::io::stderr().write_all(msg.as_bytes());
            return;
        }
    };
    let dir = std::env::temp_dir().join(format!("crossrun-toolchain-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("util.h"), HEADER).unwrap();
    fs::write(dir.join("util.c"), UTIL).unwrap();
    fs::write(dir.join("main.c"), MAIN).unwrap();

    let emu = emulator();
    let guest = |prog: &Path, args: &[&str]| {
        let o = Command::new(&emu[0])
            .args(&emu[1..])
            .arg("-L")
            .arg(&root)
            .arg(prog)
            .args(args)
            .current_dir(&dir)
            .stdin(Stdio::null())
            .output()
            .expect("starting the emulator");
        eprintln!("{} {args:?}: {}", prog.display(), o.status);
        o
    };
    let gcc = root.join("usr/bin/gcc-12");
    let flags = ["-O2", "-Wall", "-Werror", "-ffp-contract=off"];

    let version = guest(&gcc, &["--version"]);
    assert!(version.status.success(), "{}", text(&version));
    assert!(String::from_utf8_lossy(&version.stdout).starts_with("gcc-12 (Debian 12.2.0"), "{}", text(&version));

    // Compile only, then compile the other file and link both (cc1, as, collect2, ld).
    let c = guest(&gcc, &[&flags[..], &["-c", "util.c", "-o", "util.o"]].concat());
    assert!(c.status.success() && c.stderr.is_empty(), "{}", text(&c));
    let l = guest(&gcc, &[&flags[..], &["main.c", "util.o", "-o", "prog", "-lm"]].concat());
    assert!(l.status.success() && l.stderr.is_empty(), "{}", text(&l));
    let elf = fs::read(dir.join("prog")).unwrap();
    assert_eq!(&elf[..4], b"\x7fELF");
    assert_eq!(u16::from_le_bytes([elf[18], elf[19]]), 183, "e_machine is EM_AARCH64");

    let host = Command::new("cc")
        .args(flags)
        .args(["main.c", "util.c", "-o", "prog-host", "-lm"])
        .current_dir(&dir)
        .output()
        .expect("the host C compiler (cc) computes the expected output");
    assert!(host.status.success(), "{}", text(&host));
    let want = Command::new(dir.join("prog-host")).args(["x", "last-arg"]).output().unwrap();
    assert_eq!(want.status.code(), Some(3));

    let got = guest(&dir.join("prog"), &["x", "last-arg"]);
    assert_eq!(String::from_utf8_lossy(&got.stdout), String::from_utf8_lossy(&want.stdout), "{}", text(&got));
    assert_eq!(got.status.code(), Some(3), "{}", text(&got));
    assert!(got.stderr.is_empty(), "{}", text(&got));
    let _ = fs::remove_dir_all(&dir);
}
