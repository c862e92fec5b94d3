"""What both sides of the differential test share: the memory layout, the record
protocol of crates/difftest/src/main.rs, and comparing outcomes."""
import struct
from dataclasses import dataclass

DATA_BASE, CODE_BASE, REGION = 0x5000_0000, 0x6000_0000, 0x10000
INSN_OFFSET = 0x8800
# The only executable page, zero-filled around the instruction on both sides (UDF #0 in
# A64, the illegal all-zero parcel in RISC-V), so a branch can never make Unicorn
# translate random bytes (some of which abort it).
EXEC_PAGE = (0x8000, 0x9000)
OK, UNDEFINED, MEMORY_FAULT, OTHER_TRAP = 0, 1, 2, 3
# Undefined because the Arm ARM makes the word's operands UNPREDICTABLE and crossrun
# takes the UNDEFINED choice (arm only).
UNPREDICTABLE = 4
KIND_NAMES = {OK: "ok", UNDEFINED: "undefined", MEMORY_FAULT: "memory fault", OTHER_TRAP: "other trap",
              UNPREDICTABLE: "undefined (UNPREDICTABLE operands)"}


@dataclass
class State:
    """A start state: x[0..32] (A64: x[31] is SP), NZCV, FPCR (RISC-V: frm), V registers
    (RISC-V: f registers in the low 64 bits); FPSR (fflags) always starts 0."""
    x: list
    nzcv: int
    fpcr: int
    v: list


def pattern_bytes():
    """The fixed region content: xorshift64*, as in crates/difftest/src/main.rs."""
    s = 0x9E3779B97F4A7C15
    out = bytearray()
    mask = (1 << 64) - 1
    while len(out) < REGION:
        s ^= s >> 12
        s ^= (s << 25) & mask
        s ^= s >> 27
        out += struct.pack("<Q", (s * 0x2545F4914F6CDD1D) & mask)
    return bytes(out[:REGION])


def random_word(rng, pattern):
    word = 0
    for c in pattern:
        bit = 1 if c == "1" else 0 if c == "0" else rng.getrandbits(1)
        word = (word << 1) | bit
    return word


def encode_case(insn, state):
    b = struct.pack("<II", insn, 0) + struct.pack("<32Q", *state.x)
    b += struct.pack("<IIII", state.nzcv, state.fpcr, 0, 0)
    for q in state.v:
        b += q.to_bytes(16, "little")
    return b


def read_outcome(stream):
    head = stream.read(8 + 32 * 8 + 8 + 16 + 32 * 16 + 4)
    if len(head) < 8:
        raise RuntimeError("crossrun-difftest stopped early")
    kind = struct.unpack_from("<I", head, 0)[0]
    regs = struct.unpack_from("<32Q", head, 8)
    off = 8 + 256
    pc, = struct.unpack_from("<Q", head, off)
    nzcv, fpsr, fpcr = struct.unpack_from("<III", head, off + 8)
    off += 24
    v = [int.from_bytes(head[off + 16 * i: off + 16 * i + 16], "little") for i in range(32)]
    n, = struct.unpack_from("<I", head, off + 512)
    changed = {}
    if n:
        raw = stream.read(5 * n)
        for i in range(n):
            o, byte = struct.unpack_from("<IB", raw, 5 * i)
            changed[o] = byte
    return dict(kind=kind, x=list(regs), pc=pc, nzcv=nzcv, fpsr=fpsr, fpcr=fpcr, v=v, mem=changed)


def compare(ours, theirs, regs):
    """Differences between two outcomes: the kind, then (name, ours, theirs) registers,
    then the data region."""
    if ours["kind"] != theirs["kind"]:
        return [f"outcome: crossrun {KIND_NAMES[ours['kind']]}, unicorn {KIND_NAMES[theirs['kind']]}"]
    if ours["kind"] != OK:
        return []
    diffs = [f"{name}: crossrun {a:#x}, unicorn {b:#x}" for name, a, b in regs if a != b]
    if ours["mem"] != theirs["mem"]:
        keys = sorted(set(ours["mem"]) | set(theirs["mem"]))
        diffs.append(f"memory differs at data+{keys[0]:#x} ({len(keys)} bytes involved)")
    return diffs
