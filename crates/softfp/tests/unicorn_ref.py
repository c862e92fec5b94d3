#!/usr/bin/env python3
"""Generate AArch64 floating-point reference vectors with unicorn (QEMU's TCG).

Usage: python3 unicorn_ref.py COUNT_PER_OP [SEED] > vectors.txt   (random)
       python3 unicorn_ref.py specials > vectors.txt             (special pairs)

Each instruction under test is assembled with aarch64-linux-gnu-as and run
in unicorn (CPU model "max") once per vector:

    msr fpcr, x9 ; msr fpsr, xzr ; <insn> ; mrs x10, fpsr ; mrs x11, nzcv

Inputs go in v1/v2/v3 (or x1), the result is read from v0 (or x0, or NZCV
for compares).  Output lines: `op fpcr a b c result fpsr`, all hex; `op`
names are decoded by tests/unicorn.rs.  Unicorn is QEMU-based and can be
wrong; tests/unicorn.rs documents any case where we follow the Arm ARM
instead.
"""
import os
import random
import subprocess
import sys
import tempfile

from unicorn import Uc, UC_ARCH_ARM64, UC_MODE_ARM
import unicorn.arm64_const as A

FMT = {"h": (5, 10), "s": (8, 23), "d": (11, 52)}


def gen(rng, t, nans=True):
    e, f = FMT[t]
    n = 1 + e + f
    mx = (1 << e) - 1
    bias = (1 << (e - 1)) - 1
    fm = (1 << f) - 1
    sign = rng.getrandbits(1) << (n - 1)
    k = rng.randrange(6)
    if k <= 1:
        frac = rng.getrandbits(f)
    elif k == 2:
        frac = (1 << rng.randrange(f)) | (1 << rng.randrange(f))
    elif k == 3:
        frac = fm ^ (1 << rng.randrange(f))
    elif k == 4:
        frac = rng.getrandbits(f) & ~(fm >> rng.randrange(f + 1)) & fm
    else:
        frac = 0
    c = rng.randrange(20)
    if c == 0:
        return sign | rng.choice([0, 1, fm, 1 << f, ((mx - 1) << f) | fm, bias << f, (bias + 1) << f])
    if c == 1:
        if nans and rng.randrange(2):
            frac = frac or 1
            if rng.randrange(2):
                frac |= 1 << (f - 1)
            else:
                frac &= ~(1 << (f - 1))
                frac = frac or 1
        else:
            frac = 0
        return sign | (mx << f) | frac
    if c in (2, 3):
        return sign | frac
    if c in (4, 5):
        ex = rng.randint(1, min(f + 3, mx - 1))
    elif c in (6, 7):
        ex = rng.randint(mx - 4, mx - 1)
    elif c <= 13:
        ex = min(max(bias + rng.randint(-20, 20), 1), mx - 1)
    else:
        ex = rng.randint(1, mx - 1)
    return sign | (ex << f) | frac


def gen_int(rng, bits):
    k = rng.randrange(4)
    if k == 0:
        v = rng.getrandbits(bits)
    elif k == 1:
        v = rng.getrandbits(bits) >> rng.randrange(bits)
    elif k == 2:
        v = (1 << rng.randrange(bits)) + rng.randint(-2, 2)
    else:
        v = -(rng.getrandbits(bits) >> rng.randrange(bits))
    return v & ((1 << bits) - 1)


def gen_fpcr(rng):
    fpcr = rng.randrange(4) << 22
    for bit in (24, 25, 26, 19):  # FZ, DN, AHP, FZ16
        if rng.randrange(3) == 0:
            fpcr |= 1 << bit
    return fpcr


REG = {"h": "h", "s": "s", "d": "d"}

# (op name, asm template, kind).  Kinds:
#   "fN"   : N float inputs of type t, float result of type t
#   "cvt"  : one float input (type src), float result (type dst)
#   "toint": float input, integer result in x0
#   "frint": float input (int source), float result
#   "cmp"  : NZCV result
#   "mask" : scalar compare mask result
OPS = []


def add_ops():
    for t in "hsd":
        r = REG[t]
        for name in ["fadd", "fsub", "fmul", "fdiv", "fmulx", "fnmul", "fabd", "fmax", "fmin",
                     "fmaxnm", "fminnm", "frecps", "frsqrts"]:
            OPS.append((f"{name}.{t}", f"{name} {r}0, {r}1, {r}2", ("f2", t)))
        for name in ["fmadd", "fmsub", "fnmadd", "fnmsub"]:
            OPS.append((f"{name}.{t}", f"{name} {r}0, {r}1, {r}2, {r}3", ("f3", t)))
        for name in ["fsqrt", "frecpe", "frsqrte", "frecpx", "frintn", "frinta", "frintp", "frintm",
                     "frintz", "frinti", "frintx", "fabs", "fneg"]:
            OPS.append((f"{name}.{t}", f"{name} {r}0, {r}1", ("f1", t)))
        for name in ["fcmp", "fcmpe"]:
            OPS.append((f"{name}.{t}", f"{name} {r}1, {r}2", ("cmp", t)))
        for name in ["fcmeq", "fcmge", "fcmgt", "facge", "facgt"]:
            OPS.append((f"{name}.{t}", f"{name} {r}0, {r}1, {r}2", ("mask", t)))
        for src in "hsd":
            if src != t:
                OPS.append((f"fcvt.{src}{t}", f"fcvt {r}0, {REG[src]}1", ("cvt", src, t)))
        for rm in "napmz":
            for s in "su":
                for w in "wx":
                    OPS.append((f"fcvt{rm}{s}.{t}{w}", f"fcvt{rm}{s} {w}0, {r}1", ("toint", t, w, 0)))
        for s in "su":
            for w in "wx":
                OPS.append((f"{s}cvtf.{w}{t}", f"{s}cvtf {r}0, {w}1", ("fromint", t, w, 0)))
    OPS.append(("fcvtxn.ds", "fcvtxn s0, d1", ("cvt", "d", "s")))
    OPS.append(("urecpe", "urecpe v0.2s, v1.2s", ("u32",)))
    OPS.append(("ursqrte", "ursqrte v0.2s, v1.2s", ("u32",)))


add_ops()


def assemble(text):
    with tempfile.TemporaryDirectory() as d:
        src, obj, binf = (os.path.join(d, x) for x in ("a.s", "a.o", "a.bin"))
        with open(src, "w") as fh:
            fh.write(".arch armv8.2-a+fp16\n" + text + "\n")
        subprocess.run(["aarch64-linux-gnu-as", "-o", obj, src], check=True)
        subprocess.run(["aarch64-linux-gnu-objcopy", "-O", "binary", "-j", ".text", obj, binf], check=True)
        return open(binf, "rb").read()


BASE = 0x10000
CACHE = {}


def code_for(insn):
    if insn not in CACHE:
        CACHE[insn] = assemble(f"msr fpcr, x9\nmsr fpsr, xzr\n{insn}\nmrs x10, fpsr\nmrs x11, nzcv\n")
    return CACHE[insn]


def make_uc():
    uc = Uc(UC_ARCH_ARM64, UC_MODE_ARM)
    uc.ctl_set_cpu_model(A.UC_CPU_ARM64_MAX)
    uc.mem_map(BASE, 0x1000)
    uc.reg_write(A.UC_ARM64_REG_CPACR_EL1, 3 << 20)
    return uc


QREGS = [A.UC_ARM64_REG_Q0, A.UC_ARM64_REG_Q1, A.UC_ARM64_REG_Q2, A.UC_ARM64_REG_Q3]


def run_vector(uc, name, insn, kind, fpcr, ins, fbits=0):
    """Runs one instruction; returns the output line."""
    k = kind[0]
    asm = f"{insn}, #{fbits}" if fbits else insn
    code = code_for(asm)
    uc.mem_write(BASE, code)
    uc.reg_write(A.UC_ARM64_REG_X9, fpcr)
    uc.reg_write(A.UC_ARM64_REG_NZCV, 0)
    uc.reg_write(A.UC_ARM64_REG_Q0, 0)
    for i in range(3):
        uc.reg_write(QREGS[i + 1], ins[i])
    uc.reg_write(A.UC_ARM64_REG_X1, ins[0])
    uc.emu_start(BASE, BASE + len(code))
    fpsr = uc.reg_read(A.UC_ARM64_REG_X10)
    if k == "cmp":
        res = uc.reg_read(A.UC_ARM64_REG_X11)
    elif k == "toint":
        res = uc.reg_read(A.UC_ARM64_REG_X0)
    else:
        res = uc.reg_read(A.UC_ARM64_REG_Q0) & 0xFFFFFFFFFFFFFFFF
        if k == "u32":
            res &= 0xFFFFFFFF
    tag = f"{name}/{fbits}" if fbits else name
    return f"{tag} {fpcr:x} {ins[0]:x} {ins[1]:x} {ins[2]:x} {res:x} {fpsr:x}\n"


def random_vectors(uc, count, rng, out):
    for name, insn, kind in OPS:
        for _ in range(count):
            fpcr = gen_fpcr(rng)
            ins = [0, 0, 0]
            k = kind[0]
            if k in ("f1", "f2", "f3", "cmp", "mask"):
                t = kind[1]
                nin = {"f1": 1, "f2": 2, "f3": 3, "cmp": 2, "mask": 2}[k]
                ins = [gen(rng, t) for _ in range(nin)] + [0] * (3 - nin)
                if nin >= 2 and rng.randrange(4) == 0:
                    ins[1] = ins[0] ^ rng.getrandbits(4)
            elif k in ("cvt", "toint"):
                ins[0] = gen(rng, kind[1])
            elif k == "fromint":
                ins[0] = gen_int(rng, 32 if kind[2] == "w" else 64)
            elif k == "u32":
                ins[0] = gen_int(rng, 32)
            fbits = 0
            if k in ("toint", "fromint") and rng.randrange(3) == 0 and ("fcvtz" in name or "cvtf" in name):
                fbits = rng.randint(1, 32 if kind[2] == "w" else 64)
            out.write(run_vector(uc, name, insn, kind, fpcr, ins, fbits))


# Single-precision specials: +0, -0, 1.5, -denormal, +inf, -inf, -qNaN, +sNaN.
SPECIALS_S = [0x0, 0x80000000, 0x3FC00000, 0x80001234, 0x7F800000, 0xFF800000, 0xFFC00005, 0x7F800009]


def special_vectors(uc, out):
    """All pairs (all triples of a subset for FMA) of single-precision
    specials, with FPCR = 0 and FPCR = DN|FZ."""
    for name, insn, kind in OPS:
        if not name.endswith(".s") or kind[0] not in ("f2", "f3", "cmp", "mask"):
            continue
        vals = SPECIALS_S if kind[0] != "f3" else [SPECIALS_S[i] for i in (0, 1, 4, 6, 7)]
        for fpcr in (0, (1 << 25) | (1 << 24)):
            if kind[0] == "f3":
                combos = [(a, b, c) for a in vals for b in vals for c in vals]
                if fpcr:
                    combos = combos[::5]
            else:
                combos = [(a, b, 0) for a in vals for b in vals]
                if fpcr:
                    combos = combos[::3]
            for ins in combos:
                out.write(run_vector(uc, name, insn, kind, fpcr, list(ins)))


def main():
    uc = make_uc()
    if len(sys.argv) > 1 and sys.argv[1] == "specials":
        special_vectors(uc, sys.stdout)
        return
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
    random_vectors(uc, count, rng, sys.stdout)


if __name__ == "__main__":
    main()
