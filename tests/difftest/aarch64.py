"""The aarch64 side of the differential test: Unicorn's "max" ARM64 CPU, the A64
register file, and where Unicorn (QEMU) departs from the Arm Architecture Reference
Manual."""
import re
import struct

from unicorn import Uc, UC_ARCH_ARM64, UC_MODE_ARM
from unicorn import arm64_const as a64

from common import DATA_BASE, CODE_BASE, INSN_OFFSET, EXEC_PAGE, OK, MEMORY_FAULT, State, compare
from unicorn_cpu import UnicornCpu

OBJDUMP = ["aarch64-linux-gnu-objdump", "-D", "-b", "binary", "-m", "aarch64"]
WORD_BYTES = 4


# Rows whose results legitimately differ between two correct models, so they are not
# drawn: system calls and debug traps (no kernel here), and system registers whose values
# are implementation-defined (ID registers, counters, cache geometry).
EXCLUDED_ROWS = re.compile(r"SVC|HVC|SMC|BRK|HLT|DCPS|ERET|MRS|MSR|SYS|DC |IC |CNT", re.I)

# Cases where Unicorn (QEMU) deviates from the Arm Architecture Reference Manual; crossrun
# follows the manual. Each is a predicate on (row name, word, crossrun's outcome,
# Unicorn's outcome, start state) with the reason. Matching cases are counted and
# reported, not failed.
def _store_exclusive_alignment_first(name, word, ours, theirs, _state):
    # Arm ARM, AArch64.ExclusiveMonitorsPass: the alignment check comes before the monitor
    # check, so a misaligned STXR/STXP takes an alignment fault even with no reservation.
    # QEMU compares the reservation address first and fails with status 1, no fault.
    return name.startswith(("STXR", "STXP")) and ours["kind"] == MEMORY_FAULT and theirs["kind"] == OK


def _store_exclusive_without_reservation_is_not_translated(name, word, ours, theirs, _state):
    # AArch64.ExclusiveMonitorsPass translates the address only after the monitor passes,
    # so a failing STXR (no reservation) to an unmapped address just writes status 1.
    # QEMU probes the address first and faults.
    status = ours["x"][(word >> 16) & 31] if (word >> 16) & 31 != 31 else 1
    return name.startswith(("STXR", "STXP")) and ours["kind"] == OK and theirs["kind"] == MEMORY_FAULT and status == 1


def _signed_min_max_below_64_bits(name, word, ours, theirs, _state):
    # LDSMAX/LDSMIN on bytes, halfwords and words compare the operands as signed values of
    # that size (Arm ARM: SInt of the low bits). Unicorn 2.1 compares them unsigned, e.g.
    # LDSMAXB of memory 0x80 (-128) and register 0x7f (127) stores 0x80 instead of 0x7f.
    # Only the stored memory value differs; the register result (the old value) agrees.
    opc = (word >> 12) & 7
    size = word >> 30
    only_memory = ours["kind"] == theirs["kind"] == OK and ours["x"] == theirs["x"] and ours["mem"] != theirs["mem"]
    return name.startswith("LDADD/") and opc in (4, 5) and size != 3 and only_memory


KNOWN_UNICORN_DEVIATIONS = [
    (_store_exclusive_alignment_first,
     "misaligned store-exclusive: the Arm ARM checks alignment before the monitor (alignment fault); "
     "Unicorn reports failure (status 1) instead"),
    (_store_exclusive_without_reservation_is_not_translated,
     "store-exclusive with no reservation: the Arm ARM translates the address only if the monitor passes "
     "(status 1, no fault); Unicorn faults on an unmapped address"),
    (_signed_min_max_below_64_bits,
     "LDSMAX/LDSMIN on 8/16/32 bits: Unicorn compares unsigned; the Arm ARM compares signed"),
]


ONLY_UNICORN = (", which Unicorn's 'max' CPU has and crossrun neither implements nor advertises in AT_HWCAP: "
                "crossrun's SIGILL is right for the CPU it describes")


def optional_feature(name, word):
    """The optional architecture feature Unicorn's "max" CPU has and crossrun does not
    implement (nor advertise in AT_HWCAP) that `word` belongs to, if any. For such words
    crossrun's SIGILL is the right answer for the CPU it describes."""
    # FEAT_FP16 scalar half-precision data processing: the floating-point data-processing
    # groups (bits 28:24 = 11110 or 11111, bit 30 = 0) with ftype (bits 23:22) = 11.
    if (word >> 24) & 0x5F in (0x1E, 0x1F) and (word >> 22) & 3 == 3 and not (word >> 29) & 1:
        # FMOV between a general register and a half-precision register is FEAT_FP16 too.
        return "FEAT_FP16 half-precision arithmetic" + ONLY_UNICORN
    if word & 0xFFFFFC00 == 0x1E7E0000:
        return "FEAT_JSCVT (FJCVTZS)" + ONLY_UNICORN
    return None


def fp16_advsimd(word):
    """Whether `word` lies in the AdvSIMD FEAT_FP16 encoding spaces (three-same FP16 and
    two-register-misc FP16, vector and scalar). crossrun does not implement FEAT_FP16, and
    Unicorn 2.1 aborts the whole process (a QEMU "should not be reached") on some of these
    words, so they are never drawn."""
    three_same_fp16 = (word & 0x9F60C400) == 0x0E400400 or (word & 0xDF60C400) == 0x5E400400
    two_misc_fp16 = (word & 0x9F7E0C00) == 0x0E780800 or (word & 0xDF7E0C00) == 0x5E780800
    return three_same_fp16 or two_misc_fp16


SPECIAL_X = [0, 1, 2, 0x7F, 0x80, 0xFF, 0xFFFF, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF,
             0x100000000, 0x7FFFFFFFFFFFFFFF, 0x8000000000000000, 0xFFFFFFFFFFFFFFFF]
SPECIAL_F64 = [0x0000000000000000, 0x8000000000000000, 0x3FF0000000000000, 0xBFF0000000000000,
               0x7FF0000000000000, 0xFFF0000000000000, 0x7FF8000000000000, 0x7FF4000000000001,
               0x0000000000000001, 0x000FFFFFFFFFFFFF, 0x7FEFFFFFFFFFFFFF, 0x4340000000000000,
               0x41DFFFFFFFC00000, 0xC3E0000000000000]
SPECIAL_F32 = [0x00000000, 0x80000000, 0x3F800000, 0xBF800000, 0x7F800000, 0xFF800000,
               0x7FC00000, 0x7FA00001, 0x00000001, 0x007FFFFF, 0x7F7FFFFF, 0x4F000000,
               0xCF000000, 0x3F000000]


def random_x(rng):
    r = rng.random()
    if r < 0.35:  # a pointer into the data region, often aligned
        addr = DATA_BASE + 0x8000 + rng.randrange(-0x800, 0x800)
        return addr & ~rng.choice([0, 0, 1, 3, 7, 15])
    if r < 0.55:
        return rng.choice(SPECIAL_X)
    if r < 0.75:
        return rng.getrandbits(rng.choice([8, 16, 32, 64]))
    return rng.getrandbits(64)


def random_v(rng):
    r = rng.random()
    if r < 0.3:
        return rng.getrandbits(128)
    if r < 0.6:
        return rng.choice(SPECIAL_F64) | (rng.choice(SPECIAL_F64) << 64)
    lanes = [rng.choice(SPECIAL_F32 + [rng.getrandbits(32)]) for _ in range(4)]
    return sum(l << (32 * i) for i, l in enumerate(lanes))


def random_state(rng):
    x = [random_x(rng) for _ in range(31)]
    sp = (DATA_BASE + 0x8000 + rng.randrange(-0x400, 0x400)) & ~15
    nzcv = rng.getrandbits(4) << 28
    fpcr = 0
    if rng.random() < 0.3:
        fpcr = (rng.getrandbits(2) << 22) | (rng.getrandbits(1) << 24) | (rng.getrandbits(1) << 25)
    v = [random_v(rng) for _ in range(32)]
    return State(x=x + [sp], nzcv=nzcv, fpcr=fpcr, v=v)


class UnicornModel(UnicornCpu):
    CLREX = 0xD503305F
    # QEMU's AArch64 exception numbers.
    UNDEFINED_EXCEPTIONS, FETCH_EXCEPTIONS, DATA_EXCEPTIONS = (1,), (3,), (4,)

    def __init__(self, pristine):
        uc = Uc(UC_ARCH_ARM64, UC_MODE_ARM)
        uc.ctl_set_cpu_model(a64.UC_CPU_ARM64_MAX)
        lo, hi = EXEC_PAGE
        super().__init__(uc, pristine, bytes(hi - lo))
        self.xregs = [getattr(a64, f"UC_ARM64_REG_X{i}") for i in range(29)] + [a64.UC_ARM64_REG_X29, a64.UC_ARM64_REG_X30]
        self.qregs = [getattr(a64, f"UC_ARM64_REG_Q{i}") for i in range(32)]

    def run(self, insn, state):
        uc = self.uc
        x, sp, nzcv, fpcr, v = state.x[:31], state.x[31], state.nzcv, state.fpcr, state.v
        pc = CODE_BASE + INSN_OFFSET
        # A CLREX first, so no exclusive reservation survives from an earlier case
        # (crossrun starts every case with a clear monitor).
        uc.mem_write(pc - 4, struct.pack("<II", self.CLREX, insn))
        # Unicorn does not notice code rewritten with mem_write: drop its translation.
        uc.ctl_remove_cache(pc - 4, pc + 4)
        for r, val in zip(self.xregs, x):
            uc.reg_write(r, val)
        uc.reg_write(a64.UC_ARM64_REG_SP, sp)
        uc.reg_write(a64.UC_ARM64_REG_NZCV, nzcv)
        uc.reg_write(a64.UC_ARM64_REG_FPCR, fpcr)
        uc.reg_write(a64.UC_ARM64_REG_FPSR, 0)
        for r, val in zip(self.qregs, v):
            uc.reg_write(r, val)
        kind = self.execute(pc - 4, 2)
        return dict(
            kind=kind,
            x=[uc.reg_read(r) for r in self.xregs] + [uc.reg_read(a64.UC_ARM64_REG_SP)],
            pc=uc.reg_read(a64.UC_ARM64_REG_PC),
            nzcv=uc.reg_read(a64.UC_ARM64_REG_NZCV) & 0xF0000000,
            fpsr=uc.reg_read(a64.UC_ARM64_REG_FPSR),
            v=[uc.reg_read(r) for r in self.qregs],
            mem=self.changed_memory(),
        )


def differences(ours, theirs):
    """Every register A64 has (x0..x30, SP, PC, NZCV, FPSR, V0..V31) and memory."""
    regs = [(f"x{i}", ours["x"][i], theirs["x"][i]) for i in range(31)]
    regs.append(("sp", ours["x"][31], theirs["x"][31]))
    regs += [(key, ours[key], theirs[key]) for key in ("pc", "nzcv", "fpsr")]
    regs += [(f"v{i}", ours["v"][i], theirs["v"][i]) for i in range(32)]
    return compare(ours, theirs, regs)




def never_drawn(word, _pattern):
    """Words not drawn at all: see fp16_advsimd."""
    return fp16_advsimd(word)


def not_comparable(name, word, ours, theirs):
    """Every A64 row that is drawn has one architecturally defined result."""
    return None
