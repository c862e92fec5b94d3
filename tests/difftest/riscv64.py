"""The riscv64 side of the differential test: Unicorn's RV64GC CPU run in user mode,
the RISC-V register file, and where Unicorn 2.1 (QEMU 5.0) departs from the RISC-V
specifications (unprivileged ISA 20191213 and later ratified extensions)."""
import re
import struct

from unicorn import Uc, UC_ARCH_RISCV, UC_MODE_RISCV64
from unicorn import riscv_const as rv

from common import (DATA_BASE, CODE_BASE, INSN_OFFSET, EXEC_PAGE, OK, UNDEFINED, MEMORY_FAULT, OTHER_TRAP,
                    State, compare)
from unicorn_cpu import UnicornCpu

OBJDUMP = ["riscv64-linux-gnu-objdump", "-D", "-b", "binary", "-m", "riscv:rv64"]
WORD_BYTES = 2

# Every row is drawn: ECALL and EBREAK end as a trap on both sides (compared by kind).
EXCLUDED_ROWS = re.compile(r"^$")

CANONICAL_S = 0x7FC00000
BOXED = 0xFFFFFFFF_00000000


def _is_boxed(v):
    return v & BOXED == BOXED


def _unbox(v):
    return v & 0xFFFFFFFF if _is_boxed(v) else CANONICAL_S


def _single_fp_operands(name, word):
    """The f registers a single-precision instruction reads as operands (not the
    transfers FSW and FMV.X.W, which read the bits unchecked), or [] for any other
    instruction."""
    rs1, rs2, rs3 = (word >> 15) & 31, (word >> 20) & 31, (word >> 27) & 31
    single = (word >> 25) & 3 == 0
    if name in ("FMADD", "FMSUB", "FNMSUB", "FNMADD"):
        return [rs1, rs2, rs3] if single else []
    if name in ("FADD", "FSUB", "FMUL", "FDIV", "FMIN", "FMAX", "FSGNJ", "FSGNJN", "FSGNJX", "FEQ", "FLT", "FLE"):
        return [rs1, rs2] if single else []
    if name in ("FSQRT", "FCLASS"):
        return [rs1] if single else []
    if name.startswith("FCVT.") and name.endswith(".S") or name == "FCVT.D.S":
        return [rs1]
    return []


def _writes_single(name, word):
    """Whether the instruction writes a single-precision value to f register rd."""
    single = (word >> 25) & 3 == 0
    arith = ("FADD", "FSUB", "FMUL", "FDIV", "FSQRT", "FMIN", "FMAX", "FSGNJ", "FSGNJN", "FSGNJX",
             "FMADD", "FMSUB", "FNMSUB", "FNMADD")
    return (name in arith and single) or name.startswith("FCVT.S.") or name in ("FLW", "FMV.W.X")


# Cases where Unicorn (QEMU 5.0) deviates from the specifications; crossrun follows them.
# Each is a predicate on (row name, word, crossrun's outcome, Unicorn's outcome, start
# state) with the reason. Matching cases are counted and reported, not failed.
def _unboxed_single_operand(name, word, ours, theirs, state):
    # Unprivileged ISA, "NaN Boxing of Narrower Values": a single-precision operation
    # reading an f register whose upper 32 bits are not all ones reads the canonical NaN.
    # QEMU before 5.2 reads the low 32 bits, so the results differ.
    return any(not _is_boxed(state.v[r]) for r in _single_fp_operands(name, word))


def _same_but_f(rd, ours, theirs):
    """Whether two OK outcomes agree everywhere but f register `rd`."""
    rest_equal = all((ours["v"][i] & (2**64 - 1)) == theirs["v"][i] for i in range(32) if i != rd)
    return ours["kind"] == theirs["kind"] == OK and rest_equal and ours["x"][1:] == theirs["x"][1:] \
        and ours["fpsr"] == theirs["fpsr"] and ours["fpcr"] == theirs["fpcr"] and ours["mem"] == theirs["mem"] \
        and ours["pc"] == theirs["pc"]


def _single_result_not_boxed(name, word, ours, theirs, state):
    # Every single-precision result written to an f register is NaN-boxed (upper 32 bits
    # all ones). QEMU before 5.2 does not box: it leaves the upper bits zero (FMV.W.X
    # copies the source register's). Precisely: the outcomes agree but for f[rd], whose
    # low 32 bits agree and whose upper half is all ones in crossrun and not in Unicorn.
    rd = (word >> 7) & 31
    if not _writes_single(name, word) or not _same_but_f(rd, ours, theirs):
        return False
    mine, other = ours["v"][rd] & (2**64 - 1), theirs["v"][rd]
    return mine >> 32 == 0xFFFFFFFF and other >> 32 != 0xFFFFFFFF and mine & 0xFFFFFFFF == other & 0xFFFFFFFF


def _min_max_with_one_signalling_nan(name, word, ours, theirs, state):
    # F extension (2.2 onwards, IEEE 754-2019 minimumNumber/maximumNumber): FMIN/FMAX
    # with one signalling NaN operand return the other operand (and raise NV). QEMU 5.0
    # implements IEEE 754-2008 minNum/maxNum and returns the canonical NaN.
    if name not in ("FMIN", "FMAX"):
        return False
    single = (word >> 25) & 3 == 0
    ops = [state.v[(word >> 15) & 31], state.v[(word >> 20) & 31]]
    if single:
        ops = [_unbox(v) for v in ops]
        snan = [(v >> 23) & 0xFF == 0xFF and v & 0x7FFFFF and not v & 0x400000 for v in ops]
        nan = [(v >> 23) & 0xFF == 0xFF and v & 0x7FFFFF for v in ops]
    else:
        snan = [(v >> 52) & 0x7FF == 0x7FF and v & (2**52 - 1) and not v & (1 << 51) for v in ops]
        nan = [(v >> 52) & 0x7FF == 0x7FF and v & (2**52 - 1) for v in ops]
    return any(snan) and not all(nan)


def _fma_zero_times_infinity_plus_quiet_nan(name, word, ours, theirs, state):
    # F extension: "the fused multiply-add instructions must set the invalid operation
    # exception flag when the multiplicands are infinity and zero, even when the addend is
    # a quiet NaN". QEMU 5.0 raises nothing then. Precisely: an FMA whose multiplicands
    # are an infinity and a zero and whose addend is a quiet NaN, where only fflags
    # differ, by NV alone.
    if name not in ("FMADD", "FMSUB", "FNMSUB", "FNMADD") or ours["kind"] != OK or theirs["kind"] != OK:
        return False
    single = (word >> 25) & 3 == 0
    a, b, c = (state.v[(word >> shift) & 31] for shift in (15, 20, 27))
    if single:
        a, b, c = _unbox(a), _unbox(b), _unbox(c)
        exp, frac, quiet = 0xFF << 23, (1 << 23) - 1, 1 << 22
    else:
        exp, frac, quiet = 0x7FF << 52, (1 << 52) - 1, 1 << 51
    inf = lambda v: v & (exp | frac) == exp
    zero = lambda v: v & (exp | frac) == 0
    qnan = c & exp == exp and c & quiet
    flags_only = ours["fpsr"] ^ theirs["fpsr"] == 0x10 and ours["fpsr"] & 0x10
    same = all((ours["v"][i] & (2**64 - 1)) == theirs["v"][i] for i in range(32)) and ours["x"] == theirs["x"]
    return ((inf(a) and zero(b)) or (zero(a) and inf(b))) and qnan and flags_only and same


def _misaligned_sc_without_reservation(name, word, ours, theirs, state):
    # A extension: LR and SC require a naturally aligned address, otherwise they raise an
    # address-misaligned (or access-fault) exception. QEMU compares the reservation first
    # and, holding none for that address, fails the SC (rd = 1) without the exception.
    if name != "SC" or ours["kind"] != MEMORY_FAULT or theirs["kind"] != OK:
        return False
    size = 8 if (word >> 12) & 1 else 4
    addr = state.x[(word >> 15) & 31]
    rd = (word >> 7) & 31
    return addr % size != 0 and (rd == 0 or theirs["x"][rd] != 0)


def _hpm_counter_read(name, word, ours, theirs, state):
    # Privileged ISA (1.10 on), mcounteren: a read of hpmcounter3..31 from user mode is an
    # illegal instruction unless the counter is enabled for lower modes (Linux enables
    # none; crossrun has no Zihpm). QEMU 5.0 ignores mcounteren (0 here) and returns 0.
    csr = word >> 20
    return name.startswith("CSRR") and 0xC03 <= csr <= 0xC1F and ours["kind"] == UNDEFINED and theirs["kind"] == OK


KNOWN_UNICORN_DEVIATIONS = [
    (_hpm_counter_read,
     "hpmcounter3..31 read from user mode with mcounteren clear: the privileged specification makes it illegal; "
     "Unicorn (QEMU 5.0) ignores mcounteren"),
    (_fma_zero_times_infinity_plus_quiet_nan,
     "fused multiply-add of infinity times zero plus a quiet NaN: the specification raises NV; "
     "Unicorn (QEMU 5.0) raises nothing"),
    (_misaligned_sc_without_reservation,
     "misaligned SC: the A extension raises an address-misaligned exception; Unicorn, holding no reservation "
     "there, fails the SC without one"),
    (_unboxed_single_operand,
     "single-precision operand not NaN-boxed: the specification reads the canonical NaN; "
     "Unicorn (QEMU 5.0) reads the low 32 bits"),
    (_single_result_not_boxed,
     "single-precision result: the specification NaN-boxes it (upper 32 bits all ones); "
     "Unicorn (QEMU 5.0) leaves them zero"),
    (_min_max_with_one_signalling_nan,
     "FMIN/FMAX with one signalling NaN: the specification (minimumNumber/maximumNumber) returns the other "
     "operand; Unicorn (QEMU 5.0, IEEE 754-2008 minNum/maxNum) returns the canonical NaN"),
]

ONLY_CROSSRUN = (", which crossrun implements and advertises and Unicorn 2.1's RISC-V CPU (QEMU 5.0) lacks; "
                 "crates/jit/tests/rv64_qemu_differential.rs checks them against qemu-riscv64 instead")


def optional_feature(name, word):
    """The extension Unicorn's CPU lacks that `word` belongs to, if any."""
    zba = ("SH1ADD", "SH2ADD", "SH3ADD", "ADD.UW", "SLLI.UW")
    zbs = ("BCLR", "BEXT", "BINV", "BSET")
    zbb = ("ANDN", "ORN", "XNOR", "CLZ", "CTZ", "CPOP", "MAX", "MIN", "SEXT.", "ZEXT.H", "ROL", "ROR", "ORC.B", "REV8")
    if name.startswith(zba):
        return "Zba" + ONLY_CROSSRUN
    if name.startswith(zbs):
        return "Zbs" + ONLY_CROSSRUN
    if name.startswith(zbb):
        return "Zbb" + ONLY_CROSSRUN
    if name.startswith("CZERO."):
        return "Zicond" + ONLY_CROSSRUN
    return None


def not_comparable(name, word, ours, theirs):
    """The counters (cycle, time, instret) count the host's time on both sides, which no
    two runs share; other CSRs are compared. EBREAK (and C.EBREAK, which C.JALR's row
    also draws when rs1 = x0) stops both, but Unicorn reports its breakpoint as an invalid
    instruction, so the two stops cannot be told the same."""
    if name.startswith("CSRR") and (word >> 20) in (0xC00, 0xC01, 0xC02):
        return "reads of the cycle, time and instret counters"
    if word in (0x00100073, 0x9002) and ours["kind"] == OTHER_TRAP:
        return "EBREAK and C.EBREAK: a breakpoint trap in crossrun, which Unicorn reports as an invalid instruction"
    return None


def never_drawn(word, _pattern):
    return False


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


def random_f(rng):
    r = rng.random()
    if r < 0.45:
        return BOXED | rng.choice(SPECIAL_F32 + [rng.getrandbits(32)])
    if r < 0.9:
        return rng.choice(SPECIAL_F64 + [rng.getrandbits(64)])
    return rng.getrandbits(64)


def random_state(rng):
    x = [0] + [random_x(rng) for _ in range(31)]
    # frm: mostly a valid rounding mode, sometimes a reserved one.
    frm = rng.randrange(5) if rng.random() < 0.9 else rng.randrange(5, 8)
    return State(x=x, nzcv=0, fpcr=frm, v=[random_f(rng) for _ in range(32)])


class UnicornModel(UnicornCpu):
    # sc.w zero, zero, (zero): fails (nothing is reserved at address 0) and drops any
    # reservation an earlier case left; crossrun starts every case without one.
    PREAMBLE = 0x1800202F
    # mcause values of the exceptions the interrupt hook sees.
    UNDEFINED_EXCEPTIONS = (2,)
    FETCH_EXCEPTIONS = (1, 12)
    DATA_EXCEPTIONS = (4, 5, 6, 7, 13, 15)
    MSTATUS_FS_DIRTY = 0x6000
    USER, MACHINE = 0, 3

    def __init__(self, pristine):
        lo, hi = EXEC_PAGE
        super().__init__(Uc(UC_ARCH_RISCV, UC_MODE_RISCV64), pristine, bytes(hi - lo))
        self.xregs = [getattr(rv, f"UC_RISCV_REG_X{i}") for i in range(1, 32)]
        self.fregs = [getattr(rv, f"UC_RISCV_REG_F{i}") for i in range(32)]

    def run(self, insn, state):
        uc = self.uc
        pc = CODE_BASE + INSN_OFFSET
        uc.mem_write(pc - 4, struct.pack("<II", self.PREAMBLE, insn))
        uc.mem_write(pc + 4, bytes(4))
        # Unicorn does not notice code rewritten with mem_write: drop its translation.
        uc.ctl_remove_cache(pc - 4, pc + 8)
        # The FPU on and the three base counters readable (as crossrun has them), written in machine
        # mode: Unicorn accesses CSRs with the current privilege's rights. Then user
        # mode, the instructions' privilege under Linux.
        uc.reg_write(rv.UC_RISCV_REG_PRIV, self.MACHINE)
        uc.reg_write(rv.UC_RISCV_REG_MSTATUS, self.MSTATUS_FS_DIRTY)
        uc.reg_write(rv.UC_RISCV_REG_MCOUNTEREN, 7)
        uc.reg_write(rv.UC_RISCV_REG_FRM, state.fpcr)
        uc.reg_write(rv.UC_RISCV_REG_FFLAGS, 0)
        uc.reg_write(rv.UC_RISCV_REG_PRIV, self.USER)
        for r, val in zip(self.xregs, state.x[1:]):
            uc.reg_write(r, val)
        for r, val in zip(self.fregs, state.v):
            uc.reg_write(r, val & (2**64 - 1))
        kind = self.execute(pc - 4, 2)
        uc.reg_write(rv.UC_RISCV_REG_PRIV, self.MACHINE)
        return dict(
            kind=kind,
            x=[0] + [uc.reg_read(r) for r in self.xregs],
            pc=uc.reg_read(rv.UC_RISCV_REG_PC),
            fpsr=uc.reg_read(rv.UC_RISCV_REG_FFLAGS),
            fpcr=uc.reg_read(rv.UC_RISCV_REG_FRM),
            v=[uc.reg_read(r) for r in self.fregs],
            mem=self.changed_memory(),
        )


def differences(ours, theirs):
    """x1..x31, pc, fflags, frm, f0..f31 (crossrun's in the low 64 bits of V) and memory."""
    regs = [(f"x{i}", ours["x"][i], theirs["x"][i]) for i in range(1, 32)]
    regs += [("pc", ours["pc"], theirs["pc"]), ("fflags", ours["fpsr"], theirs["fpsr"]),
             ("frm", ours["fpcr"], theirs["fpcr"])]
    regs += [(f"f{i}", ours["v"][i], theirs["v"][i]) for i in range(32)]
    return compare(ours, theirs, regs)
