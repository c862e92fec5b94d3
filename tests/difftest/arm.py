"""The arm side of the differential test (A32; thumb.py reuses it for T32): Unicorn's
"max" 32-bit Arm CPU run in User mode with VFP and AdvSIMD enabled, the AArch32
register file, and where Unicorn (QEMU) departs from the Arm Architecture Reference
Manual or from what Linux makes of the architecture."""
import re
import struct

from unicorn import Uc, UC_ARCH_ARM, UC_MODE_ARM, UC_MODE_THUMB
from unicorn import arm_const as uc_arm

from common import (DATA_BASE, CODE_BASE, INSN_OFFSET, EXEC_PAGE, OK, UNDEFINED, MEMORY_FAULT, OTHER_TRAP, UNPREDICTABLE,
                    KIND_NAMES, State, compare)
from unicorn_cpu import UnicornCpu

THUMB = False
OBJDUMP = ["arm-linux-gnueabihf-objdump", "-D", "-b", "binary", "-m", "arm"]
WORD_BYTES = 4

# Rows whose results legitimately differ between two correct models, so they are not
# drawn: coprocessor 15 (the thread ID registers hold what Linux put there, the counter
# counts time) and the state changes only privileged software makes.
EXCLUDED_ROWS = re.compile(r"^(MRC|MCR|MRRC|CPS)\b")

# The bit of a location (crossrun-a32's `location`) holding Thumb state, where the IT
# state starts, and the bit saying FPSCR.Len or FPSCR.Stride is non-zero.
THUMB_BIT, IT_SHIFT, FP_VECTOR = 1 << 32, 33, 1 << 41
# FPSCR bits a core without trapping support keeps (crossrun-a32's FPSCR_CONTROL and
# FPSCR_STATUS).
FPSCR_MASK = 0x07F70000 | 0xF800009F


def _linux_breakpoint(name, word, ours, theirs):
    # Linux's ptrace code hooks the UDF encodings it uses as breakpoints (A32
    # 0x?7f001f0, T32 0xde01 and 0xf7f0a000) and sends SIGTRAP for them; crossrun traps
    # them as breakpoints. A bare CPU (Unicorn) takes the undefined instruction. The
    # word decides, not the drawn encoding's name: 0xde01 is also drawn as a T16
    # conditional branch whose condition field reads 1110, which is UDF.
    breakpoint = word == 0xde01 if THUMB and word <= 0xFFFF else (
        word == 0xf7f0a000 if THUMB else word & 0x0FFFFFFF == 0x07f001f0)
    return breakpoint and ours["kind"] == OTHER_TRAP and theirs["kind"] == UNDEFINED


def _store_exclusive(name):
    return re.match(r"ST[RL]EX", name) is not None


def _store_exclusive_alignment_first(name, word, ours, theirs, _state):
    # Arm ARM, AArch32.ExclusiveMonitorsPass: the alignment check comes before the
    # monitor check, so a misaligned STREX takes an alignment fault even with no
    # reservation. QEMU compares the reservation first and fails with status 1.
    return _store_exclusive(name) and ours["kind"] == MEMORY_FAULT and theirs["kind"] == OK


def _t32_store_to_pc_base(name, word, ours, _theirs, _state):
    # Arm ARM, STR/STRB/STRH (immediate and register) in T32: "if Rn == '1111' then
    # UNDEFINED". QEMU performs a PC-relative store.
    return THUMB and word > 0xFFFF and name.startswith("STR") and (word >> 16) & 15 == 15 and ours["kind"] == UNDEFINED


def _vfp_unaligned(name, word, ours, theirs, _state):
    # VLDR, VSTR, VLDM, VSTM, VPUSH and VPOP access memory with the Arm ARM's MemA: a
    # word-misaligned address is an alignment fault whatever SCTLR.A says (and Linux's
    # alignment fixup does not emulate them, so the process gets SIGBUS). QEMU performs
    # the access.
    return re.match(r"V(LD|ST)(R|M)", name) is not None and ours["kind"] == MEMORY_FAULT and theirs["kind"] == OK


def _advsimd_alignment_qualifier(name, word, ours, theirs, _state):
    # VLDn/VSTn with an alignment qualifier (:64, :128, ...) take an alignment fault at
    # an address that is not a multiple of it (Arm ARM, and SIGBUS under Linux). Unicorn
    # 2.1 (QEMU 5.0) ignores the qualifier. Unicorn could access the memory, so the only
    # fault crossrun can have taken there is the alignment fault.
    return re.match(r"V(LD|ST)1-", name) is not None and ours["kind"] == MEMORY_FAULT and theirs["kind"] == OK


KNOWN_UNICORN_DEVIATIONS = [
    (_advsimd_alignment_qualifier,
     "VLDn/VSTn with an alignment qualifier at a misaligned address: an alignment fault in the Arm ARM; "
     "Unicorn ignores the qualifier"),
    (_vfp_unaligned,
     "word-misaligned VLDR/VSTR/VLDM/VSTM: an alignment fault in the Arm ARM (MemA); Unicorn performs it"),
    (_t32_store_to_pc_base,
     "T32 STR/STRB/STRH with Rn = PC: UNDEFINED in the Arm ARM; Unicorn stores PC-relative"),
    (_store_exclusive_alignment_first,
     "misaligned store-exclusive: the Arm ARM checks alignment before the monitor (alignment fault); "
     "Unicorn reports failure (status 1) instead"),
]


def optional_feature(name, word):
    """The optional feature Unicorn's "max" CPU has and crossrun does not implement (nor
    advertise) that `word` belongs to, if any."""
    return None


def not_comparable(name, word, ours, theirs):
    if _linux_breakpoint(name, word, ours, theirs):
        return "UDF encodings Linux uses as breakpoints: SIGTRAP under Linux, undefined on a bare CPU"
    if name == "SETEND" and ours["kind"] == UNDEFINED and theirs["kind"] == OK:
        return ("SETEND BE: big-endian data is not implemented, so crossrun makes it undefined (as Linux "
                "on arm64 does without abi.setend); Unicorn switches endianness")
    if name.startswith("NOP, YIELD, WFE, WFI") and ours["kind"] == OK and theirs["kind"] == UNDEFINED:
        return ("WFE/WFI in User mode: they trap while SCTLR.nTWE/nTWI are clear (Unicorn's reset value); "
                "Linux sets them, so they execute (crossrun: as no-ops)")
    if THUMB and name == "IT":
        return ("IT: QEMU translates IT together with the instruction after it, so Unicorn cannot stop between "
                "them (IT is covered by crossrun's own tests)")
    if ours["kind"] == UNPREDICTABLE:
        return ("operands the Arm ARM makes UNPREDICTABLE (the PC or SP where not allowed, write-back to a "
                "transferred register, ...): crossrun takes the UNDEFINED choice, Unicorn executes them")
    return None


def never_drawn(word, pattern):
    """A32 rows with a condition field are not drawn with condition 1111 (the
    unconditional space)."""
    return not THUMB and pattern.startswith("----") and word >> 28 == 0xF


def code_word(word, bits):
    """The 32-bit little-endian value that puts `word` (as its row's pattern spells it)
    in memory."""
    return word


SPECIAL_X = [0, 1, 2, 0x7F, 0x80, 0xFF, 0x7FFF, 0x8000, 0xFFFF, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF,
             0xFFFFFFFE, 31, 32, 33]
SPECIAL_F64 = [0x0000000000000000, 0x8000000000000000, 0x3FF0000000000000, 0xBFF0000000000000,
               0x7FF0000000000000, 0xFFF0000000000000, 0x7FF8000000000000, 0x7FF4000000000001,
               0x0000000000000001, 0x000FFFFFFFFFFFFF, 0x7FEFFFFFFFFFFFFF, 0x4340000000000000,
               0x41DFFFFFFFC00000, 0xC3E0000000000000]
SPECIAL_F32 = [0x00000000, 0x80000000, 0x3F800000, 0xBF800000, 0x7F800000, 0xFF800000,
               0x7FC00000, 0x7FA00001, 0x00000001, 0x007FFFFF, 0x7F7FFFFF, 0x4F000000,
               0xCF000000, 0x3F000000]


def random_r(rng):
    r = rng.random()
    if r < 0.4:  # a pointer into the data region, often aligned
        addr = DATA_BASE + 0x8000 + rng.randrange(-0x800, 0x800)
        return addr & ~rng.choice([0, 0, 0, 1, 3, 7])
    if r < 0.6:
        return rng.choice(SPECIAL_X)
    if r < 0.8:
        return rng.getrandbits(rng.choice([5, 8, 16]))
    return rng.getrandbits(32)


def random_d(rng):
    r = rng.random()
    if r < 0.4:
        return rng.getrandbits(64)
    if r < 0.7:
        return rng.choice(SPECIAL_F64)
    return rng.choice(SPECIAL_F32 + [rng.getrandbits(32)]) | (rng.choice(SPECIAL_F32 + [rng.getrandbits(32)]) << 32)


def d_regs(v):
    """D0..D31 from crossrun's vector registers: D<2n> and D<2n+1> are the low and high
    halves of V(n), which is Q<n>."""
    return [v[i // 2] >> (64 * (i % 2)) & (2**64 - 1) for i in range(32)]


def q_regs(d):
    """crossrun's vector registers holding D0..D31 (the inverse of `d_regs`)."""
    return [d[2 * n] | d[2 * n + 1] << 64 for n in range(16)] + [0] * 16


def random_state(rng):
    x = [random_r(rng) for _ in range(15)]
    x[13] = (DATA_BASE + 0x8000 + rng.randrange(-0x400, 0x400)) & ~7
    ge = rng.getrandbits(4)
    q = rng.getrandbits(1)
    extra = [0, q, 0, sum(0xFF << (8 * i) for i in range(4) if ge >> i & 1)]
    x = x + extra + [0] * (32 - 15 - len(extra))
    nzcv = rng.getrandbits(4) << 28
    fpscr = rng.getrandbits(4) << 28
    if rng.random() < 0.3:
        fpscr |= (rng.getrandbits(2) << 22) | (rng.getrandbits(1) << 24) | (rng.getrandbits(1) << 25)
    v = q_regs([random_d(rng) for _ in range(32)])
    return State(x=x, nzcv=nzcv, fpcr=fpscr, v=v)


class UnicornModel(UnicornCpu):
    # CLREX, in the memory form `code_word` gives.
    PREAMBLE_ARM = 0xF57FF01F
    PREAMBLE_THUMB = 0x8F2FF3BF
    FILL_ARM = 0xE7F000F0
    FILL_THUMB = 0xDE00DE00
    # QEMU's Arm exception numbers.
    UNDEFINED_EXCEPTIONS, FETCH_EXCEPTIONS, DATA_EXCEPTIONS = (1,), (3,), (4,)
    NEVER_REACHED = 0xFFFFFFFF

    def __init__(self, pristine):
        uc = Uc(UC_ARCH_ARM, UC_MODE_THUMB if THUMB else UC_MODE_ARM)
        uc.ctl_set_cpu_model(uc_arm.UC_CPU_ARM_MAX)
        lo, hi = EXEC_PAGE
        self.fill = self.FILL_THUMB if THUMB else self.FILL_ARM
        super().__init__(uc, pristine, struct.pack("<I", self.fill) * ((hi - lo) // 4))
        # VFP and AdvSIMD enabled for User mode (CPACR cp10, cp11 full access; FPEXC.EN).
        uc.reg_write(uc_arm.UC_ARM_REG_C1_C0_2, 0xF00000)
        uc.reg_write(uc_arm.UC_ARM_REG_FPEXC, 0x40000000)
        self.rregs = [getattr(uc_arm, f"UC_ARM_REG_R{i}") for i in range(13)] + [uc_arm.UC_ARM_REG_SP, uc_arm.UC_ARM_REG_LR]
        self.dregs = [getattr(uc_arm, f"UC_ARM_REG_D{i}") for i in range(32)]

    def run(self, insn, state):
        uc = self.uc
        pc = CODE_BASE + INSN_OFFSET
        preamble = self.PREAMBLE_THUMB if THUMB else self.PREAMBLE_ARM
        # A CLREX first, so no exclusive reservation survives from an earlier case.
        uc.mem_write(pc - 4, struct.pack("<III", preamble, insn, self.fill))
        uc.ctl_remove_cache(pc - 4, pc + 8)
        # CPSR (User mode) first: writing the mode switches the banked R13 and R14.
        ge = sum(1 << i for i in range(4) if state.x[18] >> (8 * i) & 0x80)
        uc.reg_write(uc_arm.UC_ARM_REG_CPSR, state.nzcv | state.x[16] << 27 | ge << 16 | 0x10 | (0x20 if THUMB else 0))
        for r, val in zip(self.rregs, state.x[:15]):
            uc.reg_write(r, val)
        uc.reg_write(uc_arm.UC_ARM_REG_FPSCR, state.fpcr)
        for r, val in zip(self.dregs, d_regs(state.v)):
            uc.reg_write(r, val)
        kind = self.execute((pc - 4) | (1 if THUMB else 0), 2)
        # A PC-relative store may have written into the code region.
        self.restore_code()
        changed = self.changed_memory()
        cpsr = uc.reg_read(uc_arm.UC_ARM_REG_CPSR)
        ge_mask = sum(0xFF << (8 * i) for i in range(4) if cpsr >> (16 + i) & 1)
        it = (cpsr >> 25 & 3) | (cpsr >> 10 & 0x3F) << 2
        thumb = cpsr >> 5 & 1
        fpscr = uc.reg_read(uc_arm.UC_ARM_REG_FPSCR)
        vector = FP_VECTOR if fpscr & 0x370000 else 0
        location = uc.reg_read(uc_arm.UC_ARM_REG_PC) | thumb * THUMB_BIT | (it << IT_SHIFT if thumb else 0) | vector
        x = [uc.reg_read(r) for r in self.rregs] + [0, cpsr >> 27 & 1, 0, ge_mask] + [0] * 13
        return dict(kind=kind, x=x, pc=location, nzcv=cpsr & 0xF0000000,
                    fpsr=fpscr & FPSCR_MASK, fpcr=0,
                    v=[uc.reg_read(r) for r in self.dregs], mem=changed)


def differences(ours, theirs):
    """R0..R14, the PC with its state, the flags, Q, GE, FPSCR, D0..D31 and memory. A
    word crossrun's row refused agrees with Unicorn's undefined instruction."""
    if ours["kind"] == UNPREDICTABLE:
        return [] if theirs["kind"] == UNDEFINED else [f"outcome: crossrun {KIND_NAMES[UNPREDICTABLE]}, unicorn {KIND_NAMES[theirs['kind']]}"]
    regs = [(f"r{i}", ours["x"][i], theirs["x"][i]) for i in range(15)]
    regs += [("pc", ours["pc"], theirs["pc"]), ("nzcv", ours["nzcv"], theirs["nzcv"]),
             ("q", ours["x"][16], theirs["x"][16]), ("ge", ours["x"][18], theirs["x"][18]),
             ("fpscr", (ours["fpsr"] | ours["fpcr"]) & FPSCR_MASK, theirs["fpsr"])]
    regs += [(f"d{i}", d, theirs["v"][i]) for i, d in enumerate(d_regs(ours["v"]))]
    return compare(ours, theirs, regs)
