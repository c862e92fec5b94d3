#!/usr/bin/env python3
"""Real-program benchmarks: Debian bookworm arm64 builds of python3, xz, sqlite3, lua5.4
and gcc-12 (cc1, as and ld as three guest processes), plus 100 starts of a dynamically
linked program, each run under crossrun, under qemu-aarch64 and natively (the x86_64
builds of the same Debian programs) in one run. Prints CPU time (user + system, best of
--runs), the ratios, the geometric mean crossrun/qemu, and the peak RSS of each
emulator.

Outputs are compared first: a workload whose output differs between the three is
reported as a mismatch and the script exits non-zero.

usage: bench/real.py [--runs N] [--only NAME,...]
  CROSSRUN   emulator command (default: target/x86_64-unknown-linux-gnu/release/crossrun)
  QEMU       qemu command (default: qemu-aarch64)
  CROSSRUN_CACHE  where the arm64 sysroot is built (default: target/deps-cache)
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

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HERE = os.path.join(ROOT, "bench", "real")
OUT = os.path.join(ROOT, "target", "bench", "real")
CACHE = os.environ.get("CROSSRUN_CACHE", os.path.join(ROOT, "target", "deps-cache"))
SYSROOT = os.path.join(CACHE, "bench-sysroot")
GUEST_PACKAGES = "coreutils,python3.11,xz-utils,sqlite3,lua5.4,gcc-12,libc6-dev,binutils"
# Host command -> Debian package providing it, for the native column.
HOST_PACKAGES = {"python3.11": "python3.11", "xz": "xz-utils", "sqlite3": "sqlite3",
                 "lua5.4": "lua5.4", "gcc-12": "gcc-12", "true": "coreutils"}
GCC_TRIPLE = {"guest": "aarch64-linux-gnu", "native": "x86_64-linux-gnu"}


def setup():
    missing = [pkg for cmd, pkg in HOST_PACKAGES.items() if shutil.which(cmd, path="/usr/bin:/bin") is None]
    if missing:
        if os.geteuid() != 0:
            sys.exit("bench/real.py: install these host packages first: " + " ".join(missing))
        subprocess.run(["apt-get", "install", "-y", "-qq"] + missing, check=True,
                       env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"), stdout=subprocess.DEVNULL)
    subprocess.run(["bash", os.path.join(ROOT, "tests/userland/make-sysroot.sh"), SYSROOT, GUEST_PACKAGES],
                   check=True, stdout=subprocess.DEVNULL)
    os.makedirs(OUT, exist_ok=True)
    write_inputs()


def write_inputs():
    """Deterministic inputs, identical for all three runs."""
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


def gcc_steps(runner, where):
    """cc1, as and ld command lines for `gcc -O2 compile_me.c`, taken from the driver's
    own -### output, so each step runs as a separate process under the runner (qemu-user
    cannot follow the driver's execve of foreign binaries without binfmt_misc)."""
    prefix = SYSROOT if where == "guest" else ""
    driver = f"{prefix}/usr/bin/{GCC_TRIPLE[where]}-gcc-12"
    exe = os.path.join(OUT, f"compiled.{where}")
    asm, obj = os.path.join(OUT, f"compile_me.{where}.s"), os.path.join(OUT, f"compile_me.{where}.o")
    cmd = runner + [driver, "-###", "-O2", os.path.join(OUT, "compile_me.c"), "-o", exe]
    listing = subprocess.run(cmd, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, check=True).stderr
    steps = [shlex.split(line) for line in listing.splitlines() if line.startswith(" ")]
    cc1, as_, collect2 = steps
    # Fixed file names instead of the driver's random temporaries, and ld called
    # directly: collect2 only forwards its arguments to ld.
    cc1[cc1.index("-o") + 1] = asm
    as_[as_.index("-o") + 1] = obj
    as_[-1] = asm
    as_[0] = f"{prefix}/usr/bin/{GCC_TRIPLE[where]}-as"
    link = [f"{prefix}/usr/bin/{GCC_TRIPLE[where]}-ld.bfd"]
    args = iter(collect2[1:])
    for a in args:
        if a == "-plugin":
            next(args)  # the plugin's path: LTO is not used here
        elif not a.startswith("-plugin-opt="):
            link.append(obj if a.startswith("/tmp/") and a.endswith(".o") else a)
    return [cc1, as_, link], exe


def workloads(emu, where):
    """name -> (list of argv to run in sequence, file whose content is the output or None)."""
    r = (lambda p: SYSROOT + p) if where == "guest" else (lambda p: p)
    w = {
        "python3": ([emu + [r("/usr/bin/python3.11"), os.path.join(HERE, "work.py")]], None),
        "xz": ([emu + [r("/usr/bin/xz"), "-T1", "-6", "-k", "-f", "-c", os.path.join(OUT, "input.txt")]], None),
        "sqlite3": ([emu + [r("/usr/bin/sqlite3"), ":memory:", ".read " + os.path.join(HERE, "work.sql")]], None),
        "lua5.4": ([emu + [r("/usr/bin/lua5.4"), os.path.join(HERE, "work.lua")]], None),
        "spawn100": ([emu + [r("/bin/true")]] * 100, None),
    }
    steps, exe = gcc_steps(emu, where)
    w["gcc -O2"] = ([emu + s for s in steps], exe)
    return w


def measure(argvs):
    """(CPU seconds, peak RSS in MiB) of running argvs in sequence, measured by
    bench/cputime.py in a process of its own."""
    cmd = [sys.executable, os.path.join(ROOT, "bench", "cputime.py"), "--rusage", json.dumps(argvs)]
    cpu, rss_kb = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, check=True).stdout.split()
    return float(cpu), int(rss_kb) / 1024


def output_of(argvs, outfile, qemu):
    h = hashlib.sha256()
    for a in argvs:
        h.update(subprocess.run(a, stdout=subprocess.PIPE, check=True).stdout)
    if outfile:
        # A compiled program: what matters is that it was built and what it prints.
        h.update(subprocess.run([outfile] if outfile.endswith("native") else qemu + [outfile],
                                stdout=subprocess.PIPE, check=True, env=dict(os.environ, QEMU_LD_PREFIX=SYSROOT)).stdout)
    return h.hexdigest()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--only", default="")
    args = ap.parse_args()
    crossrun = shlex.split(os.environ.get("CROSSRUN", os.path.join(ROOT, "target/x86_64-unknown-linux-gnu/release/crossrun"))) + ["-L", SYSROOT]
    qemu = shlex.split(os.environ.get("QEMU", "qemu-aarch64")) + ["-L", SYSROOT]
    setup()
    runners = {"native": workloads([], "native"), "qemu": workloads(qemu, "guest"), "crossrun": workloads(crossrun, "guest")}
    only = set(filter(None, args.only.split(",")))
    print("| workload | native CPU s | qemu CPU s | crossrun CPU s | crossrun/native | crossrun/qemu | qemu peak RSS MiB | crossrun peak RSS MiB | RSS crossrun/qemu |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    logs, status = [], 0
    for name in runners["native"]:
        if only and name not in only:
            continue
        outs = {k: output_of(*runners[k][name], qemu) for k in runners}
        if not (outs["native"] == outs["qemu"] == outs["crossrun"]):
            print(f"| {name} | output mismatch: {outs} |||||||")
            status = 1
            continue
        best = {}
        for k in runners:
            runs = [measure(runners[k][name][0]) for _ in range(args.runs)]
            best[k] = (min(c for c, _ in runs), max(m for _, m in runs))
        (n, _), (q, qm), (c, cm) = best["native"], best["qemu"], best["crossrun"]
        logs.append(math.log(c / q))
        print(f"| {name} | {n:.3f} | {q:.3f} | {c:.3f} | {c / n:.2f} | {c / q:.2f} | {qm:.0f} | {cm:.0f} | {cm / qm:.2f} |")
    if logs:
        print(f"| **geometric mean crossrun/qemu** | | | | | {math.exp(sum(logs) / len(logs)):.2f} | | | |")
    return status


if __name__ == "__main__":
    sys.exit(main())
