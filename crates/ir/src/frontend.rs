//! What an executor needs from a guest instruction-set frontend.

use crate::{Block, CpuState};

/// Translates guest code into IR blocks. One implementation per guest instruction set.
///
/// Every pc the IR carries (block starts, branch targets, `GuestPc`, `CpuState::pc`) is
/// a *location*: the guest address of an instruction, plus, for a guest whose decoding
/// depends on an execution mode (Arm's A32/T32 state and IT block), that mode packed
/// into bits the address does not use. Executors treat locations as opaque keys; only
/// [`Frontend::code_address`] says which guest bytes one refers to.
pub trait Frontend: Send + Sync {
    /// Translates the block starting at location `pc`. Never fails: code that cannot be
    /// fetched or decoded becomes a block ending in a [`crate::Terminator::Trap`].
    fn translate(&self, pc: u64) -> Block;

    /// The guest address of the instruction at location `pc` (for watching and
    /// invalidating the code a block was read from): `pc` itself unless the frontend
    /// packs a mode into its locations.
    fn code_address(&self, pc: u64) -> u64 {
        pc
    }

    /// The CPU state a new process starts with (e.g. default FPCR).
    fn initial_state(&self) -> CpuState {
        CpuState::default()
    }

    /// One line describing the guest instruction at location `pc` (its encoding and what
    /// it is) and its length in bytes, for `-d in_asm`; `None` if it cannot be read.
    fn disassemble(&self, pc: u64) -> Option<(String, u64)>;
}
