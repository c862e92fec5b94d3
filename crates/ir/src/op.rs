//! The operations of the IR and the small enums they are parameterised by.

use crate::{Helper, Reg, TrapKind, Value};
use smallvec::SmallVec;

/// The type of an IR value.
///
/// `I32` values are kept zero-extended to 64 bits by every executor, so a frontend may
/// use an `I32` result wherever a zero-extended 64-bit value is wanted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Ty {
    /// The instruction defines no value.
    Void,
    /// A boolean (0 or 1).
    I1,
    I32,
    I64,
    /// A 128-bit vector register's worth of bits.
    V128,
}

impl Ty {
    /// Number of significant bits, 0 for `Void`.
    pub fn bits(self) -> u32 {
        match self {
            Ty::Void => 0,
            Ty::I1 => 1,
            Ty::I32 => 32,
            Ty::I64 => 64,
            Ty::V128 => 128,
        }
    }
}

/// The width of a memory access or of the source of an extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Width {
    W8,
    W16,
    W32,
    W64,
    W128,
}

impl Width {
    pub fn bytes(self) -> u32 {
        match self {
            Width::W8 => 1,
            Width::W16 => 2,
            Width::W32 => 4,
            Width::W64 => 8,
            Width::W128 => 16,
        }
    }

    pub fn bits(self) -> u32 {
        self.bytes() * 8
    }

    /// The width of an access of `bytes` bytes, if there is one.
    pub fn from_bytes(bytes: u32) -> Option<Width> {
        Some(match bytes {
            1 => Width::W8,
            2 => Width::W16,
            4 => Width::W32,
            8 => Width::W64,
            16 => Width::W128,
            _ => return None,
        })
    }
}

/// Memory ordering of a load or store, in the Arm sense.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MemOrder {
    Plain,
    /// Load-acquire (LDAR: RCsc).
    Acquire,
    /// Load-acquire, processor consistent (LDAPR: RCpc).
    AcquirePc,
    /// Store-release.
    Release,
    /// Acquire and release (e.g. LDADDAL).
    AcqRel,
}

/// Integer comparison conditions producing an `I1`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum IntCC {
    Eq,
    Ne,
    Ult,
    Ule,
    Ugt,
    Uge,
    Slt,
    Sle,
    Sgt,
    Sge,
}

/// An Arm condition code (the 4-bit `cond` field), evaluated against a packed NZCV value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Cond(pub u8);

/// Read-modify-write operations of atomic instructions (Arm LSE names).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RmwOp {
    Add,
    /// AND NOT (LDCLR).
    Clr,
    Eor,
    /// OR (LDSET).
    Set,
    Smax,
    Smin,
    Umax,
    Umin,
    /// Exchange (SWP).
    Swp,
}

/// Memory barriers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FenceKind {
    /// Orders everything (DMB ISH, DSB).
    Full,
    /// Orders loads against later loads and stores (DMB ISHLD).
    Load,
    /// Orders stores against later stores (DMB ISHST).
    Store,
}

/// One IR operation. Operands are [`Value`]s defined earlier in the same block.
///
/// Integer operations take their width from the instruction's result type (`I32` or
/// `I64`); shift and rotate amounts are taken modulo that width, as Arm's variable
/// shifts do.
#[derive(Clone, Debug, PartialEq)]
pub enum Op {
    /// Marks the start of the guest instruction at this address. Defines no value.
    GuestPc(u64),
    /// A constant of the result type (only the low bits that fit are used).
    Const(u128),

    GetReg(Reg),
    SetReg(Reg, Value),

    Add(Value, Value),
    Sub(Value, Value),
    Mul(Value, Value),
    /// Unsigned division; x / 0 = 0 (Arm UDIV).
    UDiv(Value, Value),
    /// Signed division; x / 0 = 0 and MIN / -1 = MIN (Arm SDIV).
    SDiv(Value, Value),
    /// High 64 bits of the unsigned 128-bit product (I64 only).
    UMulHi(Value, Value),
    /// High 64 bits of the signed 128-bit product (I64 only).
    SMulHi(Value, Value),
    And(Value, Value),
    Or(Value, Value),
    Xor(Value, Value),
    /// a AND NOT b.
    AndNot(Value, Value),
    Shl(Value, Value),
    Lshr(Value, Value),
    Ashr(Value, Value),
    Ror(Value, Value),
    Not(Value),
    Neg(Value),
    /// Count leading zeros.
    Clz(Value),
    /// Count leading sign bits (not counting the sign bit itself).
    Cls(Value),
    /// Reverse the bit order.
    Rbit(Value),
    /// Reverse the byte order of the whole value.
    Rev(Value),
    /// Reverse the bytes within each 16-bit half-word.
    Rev16(Value),
    /// Reverse the bytes within each 32-bit word (I64 only).
    Rev32(Value),
    /// Zero-extend the low `Width` bits of the operand to the result type; also truncates.
    Zext(Width, Value),
    /// Sign-extend the low `Width` bits of the operand to the result type.
    Sext(Width, Value),
    /// Compare two integers of the same type; result `I1`.
    Icmp(IntCC, Value, Value),
    /// `cond ? a : b` where `cond` is an `I1`.
    Select(Value, Value, Value),

    /// NZCV of `a + b` (result `I32`, flags in bits 31:28 as in the NZCV register).
    /// The operation width is that of the operands.
    FlagsAdd(Value, Value),
    /// NZCV of `a - b` (Arm: C is set when there is no borrow).
    FlagsSub(Value, Value),
    /// NZCV of `a + b + C`, C taken from the packed NZCV operand.
    FlagsAdc(Value, Value, Value),
    /// NZCV of `a - b - !C`, C taken from the packed NZCV operand.
    FlagsSbc(Value, Value, Value),
    /// NZCV of a logical result: N and Z from the value, C and V clear.
    FlagsLogic(Value),
    /// `a + b + C`, C from the packed NZCV operand.
    Adc(Value, Value, Value),
    /// `a - b - !C`, C from the packed NZCV operand.
    Sbc(Value, Value, Value),
    /// Whether the Arm condition holds for the packed NZCV operand; result `I1`.
    CondHolds(Cond, Value),

    /// Low 64 bits of a `V128`.
    VLo(Value),
    /// High 64 bits of a `V128`.
    VHi(Value),
    /// A `V128` from low and high 64-bit halves.
    VMake(Value, Value),

    /// Load `Width` bytes from the address; zero- or sign-extended to the result type.
    Load { addr: Value, width: Width, signed: bool, order: MemOrder },
    /// Store the low `Width` bytes of `val`.
    Store { addr: Value, val: Value, width: Width, order: MemOrder },
    /// Exclusive and atomic operations (`LoadExclusive`, `StoreExclusive`, `AtomicRmw`,
    /// `Cas`) require the address to be a multiple of their width, as Arm and RISC-V do;
    /// otherwise the instruction takes an alignment fault and has no effect.
    ///
    /// Load and set this CPU's exclusive monitor on the address (LDXR/LDAXR/LDXP).
    LoadExclusive { addr: Value, width: Width, order: MemOrder },
    /// Store if the exclusive monitor still holds the address and the memory still holds
    /// the value loaded; result `I32`: 0 on success, 1 on failure (STXR's status).
    /// Always clears the monitor.
    StoreExclusive { addr: Value, val: Value, width: Width, order: MemOrder },
    /// Clear the exclusive monitor (CLREX).
    ClearExclusive,
    /// Atomic read-modify-write; the result is the old memory value, zero-extended.
    AtomicRmw { op: RmwOp, addr: Value, val: Value, width: Width, order: MemOrder },
    /// Atomic compare-and-swap; the result is the old memory value, zero-extended.
    /// `W128` works on `V128` operands (CASP).
    Cas { addr: Value, expected: Value, new: Value, width: Width, order: MemOrder },
    Fence(FenceKind),
    /// Translations of guest code at this address may be stale (IC IVAU).
    InvalidateCode(Value),
    /// If the `I1` operand is 1, the current guest instruction (the last `GuestPc`)
    /// traps: execution stops there with the guest PC at that instruction, as a
    /// `Terminator::Trap` would. For conditions only known at run time (RISC-V's
    /// dynamic rounding mode naming a reserved mode). Like a memory access it comes
    /// before any `SetReg` of its instruction, so the trap finds the registers as they
    /// were.
    TrapIf(Value, TrapKind),
    /// If the `I1` operand is 1, the block ends here and execution continues at the
    /// location `target`, as a `Terminator::Jump` there would continue: everything
    /// before it in the block has happened (registers written, memory accessed) and
    /// nothing after it does. Otherwise it does nothing. For guest instructions that
    /// must not run when a run-time condition fails and cannot be made conditional with
    /// `Select`: Arm's conditional loads, stores, exclusives, branches and system calls,
    /// which leave for the next instruction when their condition fails.
    ExitIf { cond: Value, target: u64 },
    /// Unless the I64 address is a multiple of `bytes` (a power of two), the current
    /// instruction takes an alignment fault (`FaultKind::Alignment`, reported as a write
    /// if `write`), as a misaligned exclusive access does. For guest accesses that
    /// require alignment which the plain `Load`/`Store` do not check (Arm's VLDR/VLDM and
    /// AdvSIMD accesses with an alignment qualifier). Like an access, it comes before any
    /// `SetReg` of its instruction.
    CheckAlignment { addr: Value, bytes: u32, write: bool },

    /// Call a helper for an operation too complex to express inline.
    Call(&'static Helper, Vec<Value>),
}

/// A list of operands, stored inline (a helper call with more operands than fit is the
/// rare case that allocates).
pub type Args = SmallVec<[Value; 3]>;

impl Op {
    /// Calls `f` with each operand of this operation, in order. Passes and the JIT visit
    /// the operands of every op of every block they translate; a visitor builds no list.
    pub fn each_arg(&self, mut f: impl FnMut(Value)) {
        use Op::*;
        match self {
            GuestPc(_) | Const(_) | GetReg(_) | ClearExclusive | Fence(_) => {}
            SetReg(_, a) | Not(a) | Neg(a) | Clz(a) | Cls(a) | Rbit(a) | Rev(a) | Rev16(a)
            | Rev32(a) | Zext(_, a) | Sext(_, a) | FlagsLogic(a) | CondHolds(_, a) | VLo(a)
            | VHi(a) | InvalidateCode(a) | TrapIf(a, _) | ExitIf { cond: a, .. }
            | CheckAlignment { addr: a, .. } => f(*a),
            Add(a, b) | Sub(a, b) | Mul(a, b) | UDiv(a, b) | SDiv(a, b) | UMulHi(a, b)
            | SMulHi(a, b) | And(a, b) | Or(a, b) | Xor(a, b) | AndNot(a, b) | Shl(a, b)
            | Lshr(a, b) | Ashr(a, b) | Ror(a, b) | Icmp(_, a, b) | FlagsAdd(a, b)
            | FlagsSub(a, b) | VMake(a, b) => { f(*a); f(*b) }
            Select(a, b, c) | FlagsAdc(a, b, c) | FlagsSbc(a, b, c) | Adc(a, b, c)
            | Sbc(a, b, c) => { f(*a); f(*b); f(*c) }
            Load { addr, .. } | LoadExclusive { addr, .. } => f(*addr),
            Store { addr, val, .. }
            | StoreExclusive { addr, val, .. }
            | AtomicRmw { addr, val, .. } => { f(*addr); f(*val) }
            Cas { addr, expected, new, .. } => { f(*addr); f(*expected); f(*new) }
            Call(_, args) => args.iter().for_each(|a| f(*a)),
        }
    }

    /// The operands of this operation, in order, as a list.
    pub fn args(&self) -> Args {
        let mut out = Args::new();
        self.each_arg(|a| out.push(a));
        out
    }

    /// Calls `f` with each operand of this operation, in order, for rewriting.
    pub fn each_arg_mut(&mut self, mut f: impl FnMut(&mut Value)) {
        use Op::*;
        match self {
            GuestPc(_) | Const(_) | GetReg(_) | ClearExclusive | Fence(_) => {}
            SetReg(_, a) | Not(a) | Neg(a) | Clz(a) | Cls(a) | Rbit(a) | Rev(a) | Rev16(a)
            | Rev32(a) | Zext(_, a) | Sext(_, a) | FlagsLogic(a) | CondHolds(_, a) | VLo(a)
            | VHi(a) | InvalidateCode(a) | TrapIf(a, _) | ExitIf { cond: a, .. }
            | CheckAlignment { addr: a, .. } => f(a),
            Add(a, b) | Sub(a, b) | Mul(a, b) | UDiv(a, b) | SDiv(a, b) | UMulHi(a, b)
            | SMulHi(a, b) | And(a, b) | Or(a, b) | Xor(a, b) | AndNot(a, b) | Shl(a, b)
            | Lshr(a, b) | Ashr(a, b) | Ror(a, b) | Icmp(_, a, b) | FlagsAdd(a, b)
            | FlagsSub(a, b) | VMake(a, b) => { f(a); f(b) }
            Select(a, b, c) | FlagsAdc(a, b, c) | FlagsSbc(a, b, c) | Adc(a, b, c)
            | Sbc(a, b, c) => { f(a); f(b); f(c) }
            Load { addr, .. } | LoadExclusive { addr, .. } => f(addr),
            Store { addr, val, .. }
            | StoreExclusive { addr, val, .. }
            | AtomicRmw { addr, val, .. } => { f(addr); f(val) }
            Cas { addr, expected, new, .. } => { f(addr); f(expected); f(new) }
            Call(_, args) => args.iter_mut().for_each(f),
        }
    }

    /// Whether removing this operation when its result is unused changes behaviour.
    pub fn has_side_effects(&self) -> bool {
        use Op::*;
        match self {
            GuestPc(_) | SetReg(..) | Store { .. } | LoadExclusive { .. }
            | StoreExclusive { .. } | ClearExclusive | AtomicRmw { .. } | Cas { .. }
            | Fence(_) | InvalidateCode(_) | TrapIf(..) | ExitIf { .. } | CheckAlignment { .. } => true,
            // A load may fault, and a fault is guest-visible.
            Load { .. } => true,
            Call(helper, _) => !helper.pure,
            // UDiv/SDiv cannot trap on Arm, so they are pure like the rest.
            _ => false,
        }
    }
}
