#!/usr/bin/env python3
"""Real-program benchmarks: Debian's builds of python3, xz, sqlite3, lua5.4 and gcc
(cc1, as and ld as three guest processes), plus 100 starts of a dynamically linked
program, each run under crossrun, under the guest's qemu-user and natively (the x86_64
builds of the same Debian programs) in one run, for each guest of GUESTS below. Prints
one table per guest: CPU time (user + system, best of --runs), the ratios, the
geometric mean crossrun/qemu, and the peak RSS of each emulator.

Outputs are compared first: a workload whose output differs between the three, or that
fails in one of them, is reported in its row and the script exits non-zero.

usage: bench/real.py [--guest aarch64|riscv64|arm|all] [--runs N] [--only NAME,...]
  CROSSRUN   emulator command (default: target/x86_64-unknown-linux-gnu/release/crossrun)
  QEMU_AARCH64, QEMU_RISCV64, QEMU_ARM   qemu command per guest (default: GUESTS' qemu)
  CROSSRUN_CACHE  where the sysroots are built (default: target/deps-cache)
"""
import argparse
import hashlib
import json
import math
import os
import shlex
import shutil
import subprocess
import sys
from typing import NamedTuple

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HERE = os.path.join(ROOT, "bench", "real")
OUT = os.path.join(ROOT, "target", "bench", "real")
CACHE = os.environ.get("CROSSRUN_CACHE", os.path.join(ROOT, "target", "deps-cache"))


class Guest(NamedTuple):
    suite: str  # Debian release of the guest's packages, and of the native ones
    debian_arch: str
    triple: str  # GNU triple: the prefix of gcc's and binutils' programs
    qemu: str
    python: str  # the python3.X package and program
    gcc: str  # gcc's major version: the gcc-N package, the TRIPLE-gcc-N driver


# riscv64 is official in Debian only from trixie; its native column is then trixie's
# amd64 builds (see native_side), so that both run the same versions.
GUESTS = {
    "aarch64": Guest("bookworm", "arm64", "aarch64-linux-gnu", "qemu-aarch64", "python3.11", "12"),
    "riscv64": Guest("trixie", "riscv64", "riscv64-linux-gnu", "qemu-riscv64", "python3.13", "14"),
    "arm": Guest("bookworm", "armhf", "arm-linux-gnueabihf", "qemu-arm", "python3.11", "12"),
}
NATIVE_TRIPLE = "x86_64-linux-gnu"


def packages(g):
    return f"coreutils,{g.python},xz-utils,sqlite3,lua5.4,gcc-{g.gcc},libc6-dev,binutils"


class Side(NamedTuple):
    """One column: how its programs are started and where they are."""
    run: list  # argv prefix: an emulator, the sysroot's ld.so, or nothing
    root: str  # the sysroot the programs are in ("" for the host's own)
    triple: str
    check: list  # argv prefix that runs the program its gcc built


def host_suite():
    with open("/etc/os-release") as f:
        fields = dict(line.rstrip("\n").split("=", 1) for line in f if "=" in line)
    return fields.get("VERSION_CODENAME")


def sysroot(suite, debian_arch, package_list):
    path = os.path.join(CACHE, f"bench-sysroot-{suite}-{debian_arch}")
    subprocess.run(["bash", os.path.join(ROOT, "tests/userland/make-sysroot.sh"), path, package_list],
                   check=True, stdout=subprocess.DEVNULL,
                   env=dict(os.environ, DEBIAN_SUITE=suite, DEBIAN_ARCH=debian_arch, CROSSRUN_CACHE=CACHE))
    return path


def native_side(g):
    """The host's own programs when the host runs the guest's Debian release, else the
    same release's amd64 programs from a sysroot, started through that sysroot's ld.so."""
    if host_suite() == g.suite:
        host_packages = {g.python: g.python, "xz": "xz-utils", "sqlite3": "sqlite3", "lua5.4": "lua5.4",
                         f"gcc-{g.gcc}": f"gcc-{g.gcc}", "true": "coreutils"}
        missing = [pkg for cmd, pkg in host_packages.items() if shutil.which(cmd, path="/usr/bin:/bin") is None]
        if missing:
            if os.geteuid() != 0:
                sys.exit("bench/real.py: install these host packages first: " + " ".join(missing))
            subprocess.run(["apt-get", "install", "-y", "-qq"] + missing, check=True,
                           env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"), stdout=subprocess.DEVNULL)
        return Side([], "", NATIVE_TRIPLE, [])
    root = sysroot(g.suite, "amd64", packages(g))
    ld_so = [f"{root}/usr/lib64/ld-linux-x86-64.so.2", "--library-path", f"{root}/usr/lib/{NATIVE_TRIPLE}"]
    return Side(ld_so, root, NATIVE_TRIPLE, ld_so)


def write_inputs():
    """Deterministic inputs, identical for all runs."""
    os.makedirs(OUT, exist_ok=True)
    text = os.path.join(OUT, "input.txt")
    if not os.path.exists(text):
        words = ["emulator", "aarch64", "x86_64", "translation", "block", "cache", "signal",
                 "syscall", "guest", "host", "register", "memory", "kernel", "thread"]
        state, lines = 1, []
        for i in range(120000):
            state = (state * 6364136223846793005 + 1442695040888963407) % 2**64
            lines.append(" ".join(words[(state >> s) % len(words)] for s in range(8, 56, 6)) + f" {i}")
        with open(text, "w") as f:
            f.write("\n".join(lines) + "\n")
    csrc = os.path.join(OUT, "compile_me.c")
    if not os.path.exists(csrc):
        funcs = []
        for i in range(150):
            funcs.append(f"""
static int table_{i}[64];
unsigned work_{i}(const char *s, unsigned n) {{
    unsigned acc = {i};
    for (unsigned j = 0; j < n; j++) {{
        acc = acc * 31 + s[j % 17] + table_{i}[j & 63];
        if (acc & 1) acc ^= j << 3; else acc += j / {i % 7 + 1};
        switch (acc & 3) {{ case 0: acc += 7; break; case 1: acc -= 3; break; default: acc ^= 0x55; }}
    }}
    for (int k = 0; k < 64; k++) table_{i}[k] = acc + k;
    return acc;
}}""")
        calls = " + ".join(f"work_{i}(\"a fixed string..\", argc * {i + 3})" for i in range(150))
        with open(csrc, "w") as f:
            f.write("#include <stdio.h>\n" + "".join(funcs) +
                    f"\nint main(int argc, char **argv) {{ (void)argv; printf(\"%u\\n\", {calls}); return 0; }}\n")


def gcc_steps(g, side, exe):
    """cc1, as and ld command lines for `gcc -O2 compile_me.c`, taken from the driver's
    own -### output, so each step runs as a separate process under the runner (qemu-user
    cannot follow the driver's execve of foreign binaries without binfmt_misc).
    A sysroot's gcc gets --sysroot, so that it finds the sysroot's headers, crt files
    and libc without -L's redirection: qemu-user redirects open but not faccessat, with
    which the driver probes where crt1.o is (riscv64's gcc-14 has no relocated path to
    it, and on x86_64 there is no -L at all)."""
    bindir = f"{side.root}/usr/bin/{side.triple}"
    base = os.path.join(OUT, os.path.basename(exe))
    asm, obj = base + ".s", base + ".o"
    sysroot = [f"--sysroot={side.root}"] if side.root else []
    cmd = side.run + [f"{bindir}-gcc-{g.gcc}", "-###", "-O2"] + sysroot + [os.path.join(OUT, "compile_me.c"), "-o", exe]
    listing = subprocess.run(cmd, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, check=True).stderr
    steps = [shlex.split(line) for line in listing.splitlines() if line.startswith(" ")]
    cc1, as_, collect2 = steps
    # Fixed file names instead of the driver's random temporaries, and ld called
    # directly: collect2 only forwards its arguments to ld.
    cc1[cc1.index("-o") + 1] = asm
    as_[as_.index("-o") + 1] = obj
    as_[-1] = asm
    as_[0] = f"{bindir}-as"
    link = [f"{bindir}-ld.bfd"]
    args = iter(collect2[1:])
    for a in args:
        if a == "-plugin":
            next(args)  # the plugin's path: LTO is not used here
        elif not a.startswith("-plugin-opt="):
            link.append(obj if a.startswith("/tmp/") and a.endswith(".o") else a)
    return [cc1, as_, link]


def workloads(g, name, side):
    """workload -> (list of argv to run in sequence, program its gcc built or None)."""
    r = lambda p: side.root + p  # noqa: E731
    w = {
        "python3": ([[r(f"/usr/bin/{g.python}"), os.path.join(HERE, "work.py")]], None),
        "xz": ([[r("/usr/bin/xz"), "-T1", "-6", "-k", "-f", "-c", os.path.join(OUT, "input.txt")]], None),
        "sqlite3": ([[r("/usr/bin/sqlite3"), ":memory:", ".read " + os.path.join(HERE, "work.sql")]], None),
        "lua5.4": ([[r("/usr/bin/lua5.4"), os.path.join(HERE, "work.lua")]], None),
        "spawn100": ([[r("/bin/true")]] * 100, None),
    }
    exe = os.path.join(OUT, f"compiled.{g.debian_arch}.{name}")
    w["gcc -O2"] = (gcc_steps(g, side, exe), exe)
    return {k: ([side.run + a for a in argvs], exe) for k, (argvs, exe) in w.items()}


def measure(argvs):
    """(CPU seconds, peak RSS in MiB) of running argvs in sequence, measured by
    bench/cputime.py in a process of its own."""
    cmd = [sys.executable, os.path.join(ROOT, "bench", "cputime.py"), "--rusage", json.dumps(argvs)]
    cpu, rss_kb = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, check=True).stdout.split()
    return float(cpu), int(rss_kb) / 1024


def output_of(argvs, exe, side):
    """Hash of what argvs print (and of what the program they compiled prints), or the
    first failure: its exit status, command line and last line of stderr."""
    h = hashlib.sha256()
    for a in argvs + ([side.check + [exe]] if exe else []):
        p = subprocess.run(a, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if p.returncode != 0:
            last = (p.stderr.decode(errors="replace").strip().splitlines() or [""])[-1]
            return f"exit {p.returncode}: {shlex.join(a)}: {last}"
        h.update(p.stdout)
    return h.hexdigest()


def bench_guest(key, g, crossrun, args):
    guest_root = sysroot(g.suite, g.debian_arch, packages(g))
    qemu = shlex.split(os.environ.get(f"QEMU_{key.upper()}", g.qemu)) + ["-L", guest_root]
    sides = {
        "native": native_side(g),
        "qemu": Side(qemu, guest_root, g.triple, qemu),
        "crossrun": Side(crossrun + ["-L", guest_root], guest_root, g.triple, qemu),
    }
    native = "the host's" if not sides["native"].root else f"{g.suite} amd64"
    print(f"\n{key} guests ({g.suite} {g.debian_arch} under {g.qemu} and crossrun; native: {native} x86_64 builds):\n")
    runners = {k: workloads(g, k, s) for k, s in sides.items()}
    only = set(filter(None, args.only.split(",")))
    print("| workload | native CPU s | qemu CPU s | crossrun CPU s | crossrun/native | crossrun/qemu | qemu peak RSS MiB | crossrun peak RSS MiB | RSS crossrun/qemu |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    logs, status = [], 0
    for name in runners["native"]:
        if only and name not in only:
            continue
        outs = {k: output_of(*runners[k][name], sides[k]) for k in runners}
        failed = {k: o for k, o in outs.items() if o.startswith("exit ")}
        if failed or len(set(outs.values())) != 1:
            print(f"| {name} | {'failed: ' + json.dumps(failed) if failed else 'output mismatch: ' + json.dumps(outs)} |||||||")
            status = 1
            continue
        best = {}
        for k in runners:
            runs = [measure(runners[k][name][0]) for _ in range(args.runs)]
            best[k] = (min(c for c, _ in runs), max(m for _, m in runs))
        (n, _), (q, qm), (c, cm) = best["native"], best["qemu"], best["crossrun"]
        logs.append(math.log(c / q))
        print(f"| {name} | {n:.3f} | {q:.3f} | {c:.3f} | {c / n:.2f} | {c / q:.2f} | {qm:.0f} | {cm:.0f} | {cm / qm:.2f} |", flush=True)
    if logs:
        print(f"| **geometric mean crossrun/qemu** | | | | | {math.exp(sum(logs) / len(logs)):.2f} | | | |")
    return status


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--guest", choices=list(GUESTS) + ["all"], default="all")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--only", default="")
    args = ap.parse_args()
    crossrun = shlex.split(os.environ.get("CROSSRUN", os.path.join(ROOT, "target/x86_64-unknown-linux-gnu/release/crossrun")))
    write_inputs()
    status = 0
    for key, g in GUESTS.items():
        if args.guest in (key, "all"):
            status |= bench_guest(key, g, crossrun, args)
    return status


if __name__ == "__main__":
    sys.exit(main())
