//! What an executor needs from a guest instruction-set frontend.

use crate::{Block, CpuState};

/// Translates guest code into IR blocks. One implementation per guest instruction set.
pub trait Frontend: Send + Sync {
    /// Translates the block starting at `pc`. Never fails: code that cannot be fetched or
    /// decoded becomes a block ending in a [`crate::Terminator::Trap`].
    fn translate(&self, pc: u64) -> Block;

    /// The CPU state a new process starts with (e.g. default FPCR).
    fn initial_state(&self) -> CpuState {
        CpuState::default()
    }

    /// One line describing the guest instruction at `pc` (its encoding and what it is)
    /// and its length in bytes, for `-d in_asm`; `None` if it cannot be read.
    fn disassemble(&self, pc: u64) -> Option<(String, u64)>;
}
