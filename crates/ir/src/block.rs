//! Blocks: a straight run of instructions and the way control leaves them.

use crate::{Op, Ty};

/// Names the result of the instruction at this index in its block.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Value(pub u32);

impl Value {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// One instruction: an operation and the type of the value it defines.
#[derive(Clone, Debug, PartialEq)]
pub struct Inst {
    pub op: Op,
    pub ty: Ty,
}

/// What a branch means to the guest, so executors can predict returns.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BranchKind {
    Plain,
    /// A call whose return address is this value (BL, BLR).
    Call { return_pc: u64 },
    /// A function return (RET).
    Return,
}

/// Why guest execution cannot continue without the embedder's help.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TrapKind {
    /// An encoding that is undefined or not implemented (the guest gets SIGILL).
    Undefined { insn: u32 },
    /// A software breakpoint (BRK #imm; the guest gets SIGTRAP).
    Breakpoint { imm: u16 },
    /// The guest PC is not suitably aligned (the guest gets SIGBUS).
    PcAlignment,
    /// The instruction at the PC could not be fetched (the guest gets SIGSEGV).
    FetchFault { addr: u64 },
    /// A debugger's breakpoint at the PC (not the guest's own): the instruction there has
    /// not run. Only blocks translated while a debugger has breakpoints end this way.
    Debugger,
}

/// How control leaves a block. Every pc here is a location (see [`crate::Frontend`]).
#[derive(Clone, Debug, PartialEq)]
pub enum Terminator {
    /// Continue at a known location.
    Jump { target: u64, kind: BranchKind },
    /// Continue at `taken` if the `I1` value is 1, else at `fallthrough`.
    Branch { cond: crate::Value, taken: u64, fallthrough: u64 },
    /// Continue at the location held in an `I64` value.
    Indirect { target: crate::Value, kind: BranchKind },
    /// A system call; the embedder handles it and continues at `next_pc`.
    Syscall { next_pc: u64 },
    /// The instruction at `pc` cannot execute; the guest PC is left at `pc`.
    Trap { kind: TrapKind, pc: u64 },
}

/// A translated run of guest code.
#[derive(Clone, Debug, PartialEq)]
pub struct Block {
    /// Location of the first instruction (see [`crate::Frontend`]: its guest address,
    /// with the frontend's mode bits if it has any); executors look blocks up by it.
    pub start_pc: u64,
    /// Guest address (not location) just past the last instruction translated into this
    /// block: the code it was read from is `code_address(start_pc)..end_pc`.
    pub end_pc: u64,
    /// Number of guest instructions in the block.
    pub guest_insns: u32,
    pub insts: Vec<Inst>,
    pub term: Terminator,
}

impl Block {
    pub fn ty(&self, v: Value) -> Ty {
        self.insts[v.index()].ty
    }
}
