//! Return prediction with the host's own call and return instructions.
//!
//! A compiled guest call (BL, BLR) makes a host `call` into its own block's jump to the
//! callee, so the host pushes the address of a landing pad right after that `call`. A
//! compiled guest return (RET) whose host stack holds such a frame executes a host
//! `ret`: the CPU's return-stack buffer predicts it, and it lands in the pad of the
//! innermost call still on the stack. The pad checks that the guest target (in rdx) is
//! the return address of its call; if so it continues there through a linked jump
//! (which checks the interrupt flag first), otherwise it takes the ordinary indirect
//! path (lookup table, then dispatcher). Each frame is 16 bytes (`sub rsp, 8` + `call`),
//! so rsp stays 16-byte aligned for helper calls.
//!
//! Correctness never depends on a prediction: every landing compares guest addresses,
//! so a return elsewhere (longjmp, swapcontext, Go's stack switches) or a call or
//! return the interpreter ran only costs a mispredicted host `ret` and the usual
//! lookup. Frames exist only while one run of compiled code lasts: the entry trampoline
//! records the stack pointer it starts blocks with (`base_rsp`) and the exit trampoline
//! (also the fault path's resume point) restores it, dropping every frame. Flushes,
//! invalidations, forks and signal delivery all happen in the dispatcher, outside
//! compiled code, so no frame can ever return into dropped or reused code. A call
//! that finds `MAX_FRAMES` frames already there (deep recursion, or calls whose frames a
//! longjmp abandoned) drops them all before pushing its own, and a return pops none
//! when there are none, so the host stack stays bounded.

use std::cell::UnsafeCell;
use std::mem::offset_of;

/// At most this many predicted calls are outstanding on the host stack.
pub const MAX_FRAMES: i32 = 64;
/// Host stack bytes per predicted call.
pub const FRAME_BYTES: i32 = 16;

/// What compiled code and the trampoline read and write (offsets below).
#[repr(C)]
#[derive(Default)]
struct State {
    /// rsp as blocks start with it (no frames), set on every entry to compiled code.
    base_rsp: u64,
    hits: u64,
    misses: u64,
}

/// Byte offsets in the state (see `emit/term.rs` and `trampoline.rs`).
pub const BASE_RSP: i32 = offset_of!(State, base_rsp) as i32;
pub const HITS: i32 = offset_of!(State, hits) as i32;
pub const MISSES: i32 = offset_of!(State, misses) as i32;

/// One thread's return-prediction state. Compiled code writes it through the address
/// baked into it, so it sits in an `UnsafeCell` in a box that never moves.
#[derive(Default)]
pub struct ReturnStack {
    state: Box<UnsafeCell<State>>,
}

impl ReturnStack {
    pub fn address(&self) -> usize {
        self.state.get() as usize
    }

    /// (returns predicted, returns mispredicted) so far.
    pub fn counts(&self) -> (u64, u64) {
        // SAFETY: compiled code, the only other user, runs only inside `Jit::enter`,
        // which holds the `Jit` (and so this state) mutably on this thread; while
        // `&self` exists no compiled code of this thread is running.
        let state = unsafe { &*self.state.get() };
        (state.hits, state.misses)
    }
}
