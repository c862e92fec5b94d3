#!/usr/bin/env python3
"""Random differential test of crossrun's interpreter (or, with --jit, its JIT) against Unicorn.

Draws random instructions from exactly the encodings crossrun implements (the rows
printed by `crossrun-difftest --arch ARCH --rows`), runs each once under crossrun and
once under Unicorn (an independent CPU model derived from QEMU) from the same random
registers and memory, and compares every register, the PC, the FP status and every byte
of the data region the instruction wrote.

Where Unicorn disagrees with the architecture's specification, crossrun follows the
specification: such cases are listed in the architecture's module (aarch64.py,
riscv64.py, arm.py) as KNOWN_UNICORN_DEVIATIONS, each a precise rule with the reason, and are
reported but not counted as failures. Extensions only one side implements, and results
no two correct models share (counters), are counted and reported separately.

Usage: run.py [--arch aarch64|riscv64|arm|thumb] [--count N] [--seed S] [--binary PATH] [--only REGEX] [--jit]
"""
import argparse
import importlib
import random
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

# The per-architecture modules live beside this script; leave no bytecode there.
sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import OK, UNDEFINED, encode_case, pattern_bytes, random_word, read_outcome  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


def disassemble(arch, words):
    """Disassembly of the mismatching words, for the report (best effort): each is placed
    at its own 4-byte slot in memory form and found again by its address."""
    import struct
    import tempfile
    if not words:
        return {}
    with tempfile.NamedTemporaryFile(suffix=".bin") as f:
        for w, bits in words:
            f.write(struct.pack("<I", memory_word(arch, w, bits)))
        f.flush()
        try:
            out = subprocess.run(arch.OBJDUMP + [f.name], capture_output=True, text=True, check=True).stdout
        except (OSError, subprocess.CalledProcessError):
            return {}
    result = {}
    for line in out.splitlines():
        m = re.match(r"\s*([0-9a-f]+):\s+((?:[0-9a-f]{2,8} )+)\s*(.*)", line)
        if m and int(m.group(1), 16) % 4 == 0 and int(m.group(1), 16) // 4 < len(words):
            result[words[int(m.group(1), 16) // 4][0]] = m.group(3).strip()
    return result


def memory_word(arch, word, bits):
    """The 32-bit value that puts `word` (as its row's pattern spells it) in memory."""
    return arch.code_word(word, bits) if hasattr(arch, "code_word") else word


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--arch", default="aarch64", choices=["aarch64", "riscv64", "arm", "thumb"])
    ap.add_argument("--count", type=int, default=100000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--binary", default=str(ROOT / "target/x86_64-unknown-linux-gnu/release/crossrun-difftest"))
    ap.add_argument("--only", help="only rows whose name matches this regex")
    ap.add_argument("--jit", action="store_true", help="run crossrun's side under the JIT instead of the interpreter")
    ap.add_argument("--report", help="where to write the mismatches (default target/difftest-ARCH-mismatches.txt)")
    args = ap.parse_args()
    arch = importlib.import_module(args.arch)
    executor = "jit" if args.jit else "interp"
    report = args.report or str(ROOT / f"target/difftest-{args.arch}-{executor}-mismatches.txt")

    rows_text = subprocess.run([args.binary, "--arch", args.arch, "--rows"], capture_output=True, text=True, check=True).stdout
    rows = [tuple(line.split("\t")) for line in rows_text.splitlines() if line]
    rows = [(n, p) for n, p in rows if not arch.EXCLUDED_ROWS.search(n)]
    if args.only:
        rows = [(n, p) for n, p in rows if re.search(args.only, n)]
    if not rows:
        print("difftest: no rows to test", file=sys.stderr)
        return 1
    rng = random.Random(args.seed)
    pristine = pattern_bytes()
    model = arch.UnicornModel(pristine)
    proc = subprocess.Popen([args.binary, "--arch", args.arch] + (["--jit"] if args.jit else []), stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    mismatches, per_row, known, optional, uncomparable = [], {}, {}, {}, {}
    started = time.time()
    batch = 500
    done = 0
    while done < args.count:
        n = min(batch, args.count - done)
        cases = []
        for _ in range(n):
            name, pattern = rows[rng.randrange(len(rows))]
            word = random_word(rng, pattern)
            while arch.never_drawn(word, pattern):
                word = random_word(rng, pattern)
            cases.append((name, word, len(pattern), arch.random_state(rng)))
        # Written from another thread: the driver answers case by case, and a batch is
        # larger than a pipe buffer, so writing it all before reading would deadlock.
        payload = b"".join(encode_case(memory_word(arch, w, bits), s) for _, w, bits, s in cases)
        writer = threading.Thread(target=lambda: (proc.stdin.write(payload), proc.stdin.flush()))
        writer.start()
        for name, word, bits, state in cases:
            ours = read_outcome(proc.stdout)
            theirs = model.run(memory_word(arch, word, bits), state)
            diffs = arch.differences(ours, theirs)
            per_row[name] = per_row.get(name, 0) + 1
            feature = arch.optional_feature(name, word)
            if diffs and feature and UNDEFINED in (ours["kind"], theirs["kind"]) and OK in (ours["kind"], theirs["kind"]):
                optional[feature] = optional.get(feature, 0) + 1
            elif diffs:
                reason = next((why for matches, why in arch.KNOWN_UNICORN_DEVIATIONS if matches(name, word, ours, theirs, state)), None)
                why_not = arch.not_comparable(name, word, ours, theirs)
                if reason:
                    known[reason] = known.get(reason, 0) + 1
                elif why_not:
                    uncomparable[why_not] = uncomparable.get(why_not, 0) + 1
                else:
                    mismatches.append((name, word, bits, state, diffs))
        writer.join()
        done += n
    proc.stdin.close()
    proc.wait()
    elapsed = time.time() - started

    names = disassemble(arch, sorted({(w, bits) for _, w, bits, _, _ in mismatches})[:2000])
    Path(report).parent.mkdir(parents=True, exist_ok=True)
    with open(report, "w") as f:
        for name, word, _, state, diffs in mismatches:
            f.write(f"{word:08x} {names.get(word, '?'):40} [{name}]\n")
            for d in diffs:
                f.write(f"    {d}\n")
            f.write(f"    start: x {' '.join(f'{v:x}' for v in state.x)}\n")
            f.write(f"           v {' '.join(f'{v:x}' for v in state.v)} nzcv {state.nzcv:x} fpcr {state.fpcr:x}\n")
    by_row = {}
    for name, *_ in mismatches:
        by_row[name] = by_row.get(name, 0) + 1
    print(f"difftest {args.arch} ({executor}): {done} random instructions from {len(rows)} encodings in {elapsed:.1f}s "
          f"({len(per_row)} encodings drawn)")
    for feature, count in optional.items():
        print(f"difftest: {count} words of {feature}")
    for why, count in uncomparable.items():
        print(f"difftest: {count} cases not comparable: {why}")
    for why, count in known.items():
        print(f"difftest: {count} cases where Unicorn deviates from the specification and crossrun follows it: {why}")
    for name, count in sorted(by_row.items(), key=lambda kv: -kv[1])[:40]:
        print(f"  {count:6} mismatches in {name}")
    for name, word, _, state, diffs in mismatches[:20]:
        print(f"  {word:08x} {names.get(word, '?')} [{name}]: {diffs[0]}")
    print(f"{done - len(mismatches)} passed, {len(mismatches)} failed")
    if mismatches:
        print(f"difftest: details in {report}")
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
