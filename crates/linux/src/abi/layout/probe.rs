//! Every layout against the C compiler of its architecture.
//!
//! For each guest in [`crate::arch::GUESTS`] (its compiler named by its cross sysroot,
//! `/usr/aarch64-linux-gnu` → `aarch64-linux-gnu-gcc`) and for the host (x86_64), the test writes C files listing
//! `sizeof` of every structure and `offsetof`/`sizeof` of every member the layouts
//! describe (the guest's [`Layouts`], its signal frame, the fixed-width records), as a
//! `const unsigned long long probe[]`, compiles them with `-c` (no guest code runs),
//! and reads the array back from the object file's `.rodata` with the `object` crate.
//! The uapi headers and the C library's conflict, so each header set is its own file.
//! A missing compiler is a failure under `CROSSRUN_USERLAND_REQUIRED=1` (as
//! scripts/test.sh sets) and a printed skip otherwise.

use super::{fixed, CStruct, Headers, Layouts};
use crate::arch::GUESTS;
use object::{Object, ObjectSection, ObjectSymbol};
use std::path::Path;
use std::process::Command;

/// The uapi headers every Linux architecture has, for [`Headers::Kernel`].
const KERNEL_HEADERS: &str = "\
#include <stddef.h>
#include <asm/stat.h>
#include <asm/statfs.h>
#include <asm/signal.h>
#include <asm/siginfo.h>
#include <asm/termbits.h>
#include <asm/termios.h>
#include <asm/poll.h>
#include <linux/fcntl.h>
#include <linux/utsname.h>
#include <linux/sysinfo.h>
#include <linux/times.h>
#include <linux/resource.h>
#include <linux/uio.h>
#include <linux/time.h>
#include <linux/ipc.h>
#include <linux/shm.h>
#include <linux/sem.h>
#include <linux/msg.h>
#include <linux/mqueue.h>
#include <linux/eventpoll.h>
#include <linux/stat.h>
#include <linux/openat2.h>
#include <linux/sched.h>
#include <linux/sched/types.h>
#include <linux/signalfd.h>
#include <linux/inotify.h>
#include <linux/capability.h>
#include <linux/futex.h>
#include <linux/fiemap.h>
#include <linux/fs.h>
#include <linux/filter.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/un.h>
#include <linux/socket.h>
";

/// The C library's headers, for [`Headers::Libc`].
const LIBC_HEADERS: &str = "\
#define _GNU_SOURCE
#include <stddef.h>
#include <sys/socket.h>
#include <sys/select.h>
#include <net/if.h>
";

/// One architecture to check: its compiler and what it describes.
struct Target {
    name: String,
    triplet: String,
    layouts: &'static Layouts,
    /// Its signal frame's structures (none for the host).
    frame: Vec<CStruct>,
}

fn targets() -> Vec<Target> {
    let mut t: Vec<Target> = GUESTS
        .iter()
        .map(|g| Target {
            name: g.name.to_string(),
            triplet: Path::new(g.libraries[0].cross_sysroot).file_name().expect("a sysroot directory").to_string_lossy().into_owned(),
            layouts: g.abi.layouts,
            frame: (g.signals.frame_layouts)(),
        })
        .collect();
    t.push(Target { name: "host".into(), triplet: "x86_64-linux-gnu".into(), layouts: &crate::abi::host::LAYOUTS, frame: vec![] });
    t
}

/// One expression of a probe and what the layout says it is.
struct Check {
    expr: String,
    want: u64,
}

/// The checks of one structure.
fn checks(s: &CStruct) -> Vec<Check> {
    let t = s.c_type;
    let mut v = vec![Check { expr: format!("sizeof({t})"), want: s.size as u64 }];
    for (m, f) in &s.members {
        v.push(Check { expr: format!("offsetof({t}, {m})"), want: f.offset as u64 });
        // A flexible array member has no size.
        if f.size != 0 {
            v.push(Check { expr: format!("sizeof((({t} *)0)->{m})"), want: f.size as u64 });
        }
    }
    v.extend(s.exprs.iter().map(|(e, want)| Check { expr: e.clone(), want: *want }));
    v
}

/// Compiles `prelude` and the checks with `cc` and returns the values, in order.
fn compile(cc: &str, dir: &Path, name: &str, prelude: &str, checks: &[Check]) -> Result<Vec<u64>, String> {
    let mut src = prelude.to_string();
    src.push_str("const unsigned long long probe[] = {\n");
    for c in checks {
        src.push_str(&format!("    {},\n", c.expr));
    }
    src.push_str("};\n");
    let c_file = dir.join(format!("{name}.c"));
    let o_file = dir.join(format!("{name}.o"));
    std::fs::write(&c_file, &src).map_err(|e| e.to_string())?;
    let out = Command::new(cc).arg("-c").arg(&c_file).arg("-o").arg(&o_file).output().map_err(|e| format!("{cc}: {e}"))?;
    if !out.status.success() {
        return Err(format!("{cc} failed on {}:\n{}", c_file.display(), String::from_utf8_lossy(&out.stderr)));
    }
    let data = std::fs::read(&o_file).map_err(|e| e.to_string())?;
    let obj = object::File::parse(&*data).map_err(|e| e.to_string())?;
    let sym = obj.symbol_by_name("probe").ok_or("no `probe` symbol")?;
    let section = obj.section_by_index(sym.section_index().ok_or("`probe` is in no section")?).map_err(|e| e.to_string())?;
    let bytes = section.data().map_err(|e| e.to_string())?;
    let start = (sym.address() - section.address()) as usize;
    let bytes = bytes.get(start..start + 8 * checks.len()).ok_or("`probe` is shorter than its checks")?;
    // Every architecture here is little-endian.
    Ok(bytes.chunks(8).map(|c| u64::from_le_bytes(c.try_into().expect("8 bytes"))).collect())
}

/// The structures of `t` grouped by the header set that declares them, each group with
/// its prelude (includes, then the declarations its structures need).
fn probe_files(t: &Target) -> Vec<(String, String, Vec<Check>)> {
    let mut all: Vec<CStruct> = t.layouts.describe().into_iter().map(|(_, c)| c).collect();
    all.extend(fixed::describe_all());
    all.extend(t.frame.iter().cloned());
    let mut files: Vec<(Headers, String, Vec<Check>)> = Vec::new();
    for s in &all {
        let i = match files.iter().position(|(h, ..)| *h == s.headers) {
            Some(i) => i,
            None => {
                let prelude = match s.headers {
                    Headers::Kernel => format!("{KERNEL_HEADERS}{}\n", t.layouts.probe.kernel_decls),
                    Headers::Libc => LIBC_HEADERS.to_string(),
                    Headers::Own(p) => p.to_string(),
                };
                files.push((s.headers, prelude, Vec::new()));
                files.len() - 1
            }
        };
        let (_, prelude, checks_of) = &mut files[i];
        if !s.decl.is_empty() && !prelude.contains(s.decl) {
            prelude.push_str(s.decl);
            prelude.push('\n');
        }
        checks_of.extend(checks(s));
    }
    files
        .into_iter()
        .enumerate()
        .map(|(i, (h, prelude, c))| {
            let name = match h {
                Headers::Kernel => "kernel".to_string(),
                Headers::Libc => "libc".to_string(),
                Headers::Own(_) => format!("own{i}"),
            };
            (name, prelude, c)
        })
        .collect()
}

fn compiler_present(cc: &str) -> bool {
    Command::new(cc).arg("--version").output().is_ok_and(|o| o.status.success())
}

#[test]
fn every_layout_matches_its_compilers_offsetof_and_sizeof() {
    let required = std::env::var_os("CROSSRUN_USERLAND_REQUIRED").is_some_and(|v| v == "1");
    let dir = tempfile::tempdir().unwrap();
    let mut wrong = Vec::new();
    let mut missing = Vec::new();
    for t in targets() {
        let cc = format!("{}-gcc", t.triplet);
        if !compiler_present(&cc) {
            missing.push(format!("{}: {cc} is not installed (scripts/setup-deps.sh installs it)", t.name));
            continue;
        }
        let mut fields = 0;
        for (file, prelude, checks) in probe_files(&t) {
            let name = format!("{}-{file}", t.triplet);
            let got = compile(&cc, dir.path(), &name, &prelude, &checks).unwrap_or_else(|e| panic!("{}: {e}", t.name));
            fields += checks.iter().filter(|c| c.expr.starts_with("offsetof")).count();
            for (c, g) in checks.iter().zip(got) {
                if c.want != g {
                    wrong.push(format!("{}: {} is {g}, the layout says {}", t.name, c.expr, c.want));
                }
            }
        }
        println!("{}: {fields} fields checked with {cc}", t.name);
    }
    for m in &missing {
        println!("skipped {m}");
    }
    assert!(wrong.is_empty(), "layouts that differ from the compiler's:\n{}", wrong.join("\n"));
    assert!(!required || missing.is_empty(), "CROSSRUN_USERLAND_REQUIRED=1 and {}", missing.join("; "));
}

/// The probe reads what the compiler says, not what it is told: a deliberately wrong
/// layout is caught.
#[test]
fn a_wrong_offset_is_reported() {
    let cc = "x86_64-linux-gnu-gcc";
    if !compiler_present(cc) {
        println!("skipped: {cc} is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut s = fixed::POLLFD.describe();
    s.members[1].1.offset = 5;
    let c = checks(&s);
    let got = compile(cc, dir.path(), "wrong", KERNEL_HEADERS, &c).unwrap();
    let differing: Vec<&str> = c.iter().zip(&got).filter(|(c, g)| c.want != **g).map(|(c, _)| c.expr.as_str()).collect();
    assert_eq!(differing, ["offsetof(struct pollfd, events)"]);
}
