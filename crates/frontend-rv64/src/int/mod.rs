//! RV64I, the base integer instruction set (chapters "RV32I Base Integer Instruction
//! Set" and "RV64I Base Integer Instruction Set" of the unprivileged specification),
//! with Zifencei's FENCE.I, Zihintpause's PAUSE and Zicbop's prefetch hints, which are
//! encodings inside the base set's opcodes. One file per group of the specification:
//! register-immediate and register-register computation, control transfer, loads and
//! stores, memory ordering, environment calls and breakpoints. The translation of each
//! operation is a function of plain operands, which the compressed instructions
//! (`crate::c`) call too.

use crate::decoder::Row;

pub(crate) mod control;
pub(crate) mod load_store;
pub(crate) mod misc_mem;
pub(crate) mod op;
pub(crate) mod op_imm;
pub(crate) mod system;

/// The decode tables of this group.
pub(crate) const TABLES: &[&[Row]] = &[
    op_imm::ROWS,
    op::ROWS,
    control::ROWS,
    load_store::ROWS,
    misc_mem::ROWS,
    system::ROWS,
];
