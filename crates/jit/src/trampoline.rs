//! The entry/exit trampoline at the start of every code cache: the only place where
//! compiled code meets the Rust calling convention.
//!
//! `enter(cpu, code, values, args)` saves the callee-saved registers, sets up the
//! registers compiled code relies on (see `emit/mod.rs`) and jumps to `code`. Blocks
//! (and the fault path) come back to `exit` with RAX = exit kind and RDX = value, which
//! `enter` returns as a two-word struct (RAX:RDX in the System V ABI). `enter` records
//! its stack pointer in the return-prediction state (see `ras.rs`) and `exit` restores
//! it, dropping whatever frames predicted calls left on the stack. `next` is `exit`
//! with RAX = `EXIT_NEXT`: the host address of vacant lookup-table entries, so a jump
//! through one goes to the dispatcher with the guest target in RDX. `enter` also loads
//! the guest register compiled code keeps in r15 and `exit` stores it back
//! (`emit::pinned_offset`).

use crate::emit::term::EXIT_NEXT;
use crate::emit::x64;
use crate::fpflags;
use crate::ras;
use dynasmrt::x64::X64Relocation;
use dynasmrt::{DynasmApi, DynasmLabelApi, VecAssembler};

/// What a run of compiled code returns.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct ExitPair {
    pub kind: u64,
    pub value: u64,
}

pub type EnterFn = unsafe extern "sysv64" fn(cpu: *mut crossrun_ir::CpuState, code: usize, values: *mut u128, args: *mut u128) -> ExitPair;

/// The trampoline's code and the offsets of its entry points in it.
pub struct Trampoline {
    pub code: Vec<u8>,
    pub exit: usize,
    pub next: usize,
}

/// The trampoline for address `base`, using the return-prediction state at `ras`, with
/// `pinned` (its offset in `CpuState`) kept in r15, and folding FP flags with the
/// pending-FP-flags mapping at `pending` (see `fpflags.rs`).
pub fn build(base: usize, ras: usize, pinned: Option<crossrun_ir::Reg>, pending: usize) -> Trampoline {
    let pinned = pinned.map(crate::emit::reg_offset);
    let nzcv = crate::emit::register_offset(crossrun_ir::Reg::Nzcv);
    let mut asm = VecAssembler::<X64Relocation>::new(base);
    x64!(asm
        ; push rbp
        ; push rbx
        ; push r12
        ; push r13
        ; push r14
        ; push r15
        // Six pushes after the return address leave rsp 8 bytes off 16-byte alignment;
        // the 8 bytes that realign it keep the state pointer for `exit` (compiled code
        // may hold something else in rbx when a fault sends it there).
        ; sub rsp, 8
        ; mov QWORD [rsp], rdi
    );
    if let Some(pinned) = pinned {
        x64!(asm; mov r15, QWORD [rdi + pinned]);
    }
    x64!(asm
        ; mov rbx, rdi
        ; mov r12, rdx
        ; mov r13, rcx
        ; mov rax, QWORD ras as i64
        ; mov QWORD [rax + ras::BASE_RSP], rsp
        // NZCV in host form while compiled code runs (see `emit/flags.rs`).
        ; mov eax, DWORD [rbx + nzcv]
        ; shr eax, 28
        ; mov rcx, QWORD crate::emit::packed_to_host_table()
        ; movzx eax, WORD [rcx + rax * 2]
        ; mov DWORD [rbx + nzcv], eax
    );
    // No host FP flags pending: `CpuState` holds all the guest's.
    fpflags::emit_clear(&mut asm, pending, 0);
    x64!(asm
        ; jmp rsi
        ; .align 16
    );
    let exit = asm.offset().0;
    x64!(asm
        ; ->exit:
        ; mov rcx, QWORD ras as i64
        ; mov rsp, QWORD [rcx + ras::BASE_RSP]
        ; mov rcx, QWORD [rsp]
    );
    if let Some(pinned) = pinned {
        x64!(asm; mov QWORD [rcx + pinned], r15);
    }
    // NZCV back to packed form: bits 15, 14, 8, 0 to 31..28 with one multiply.
    x64!(asm
        ; mov esi, DWORD [rcx + nzcv]
        ; and esi, 0xc101
        ; imul esi, esi, 0x1021_0000
        ; and esi, 0xf000_0000u32 as i32
        ; mov DWORD [rcx + nzcv], esi
    );
    // The guest's FP flags still in MXCSR go to its status register (rax and rdx hold
    // the exit).
    fpflags::emit_fold(&mut asm, pending, 1, [6, 7, 8]);
    x64!(asm
        ; add rsp, 8
        ; pop r15
        ; pop r14
        ; pop r13
        ; pop r12
        ; pop rbx
        ; pop rbp
        ; ret
    );
    let next = asm.offset().0;
    x64!(asm
        ; mov eax, EXIT_NEXT as i32
        ; jmp ->exit
    );
    let code = asm.finalize().expect("the trampoline has no unresolved labels");
    Trampoline { code, exit, next }
}
