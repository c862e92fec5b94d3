//! How compiled blocks end: back to the dispatcher with RAX = exit kind and RDX = the
//! next guest PC, or (for linkable jumps) straight into the next block once `link.rs`
//! patches the jump.

use super::regs::pc_offset;
use super::{x64, Emitter, RAX, RDX};
use crate::link;
use crossrun_ir::Terminator;
use dynasmrt::{DynamicLabel, DynasmApi, DynasmLabelApi};

/// Exit kinds returned in RAX.
pub const EXIT_NEXT: u64 = 0;
pub const EXIT_SYSCALL: u64 = 1;
/// RDX = index into the compiled block's `traps` (made global by the dispatcher).
pub const EXIT_TRAP: u64 = 3;
/// An exclusive or atomic access to a misaligned address (RDX); `CpuState::pc` is set.
pub const EXIT_MISALIGNED_LOAD: u64 = 4;
/// The same for an access the interpreter reports as a write.
pub const EXIT_MISALIGNED_STORE: u64 = 5;

impl Emitter<'_> {
    pub(super) fn terminator(&mut self) {
        match self.block.term.clone() {
            Terminator::Jump { target, .. } => self.goto(target),
            Terminator::Branch { cond, taken, fallthrough } => {
                let skip = self.asm.new_dynamic_label();
                if let Some(f) = self.branch_fused {
                    self.fused_compare(f);
                    self.jcc(f.cc ^ 1, skip);
                } else {
                    self.load(RAX, cond);
                    x64!(self.asm
                        ; test eax, eax
                        ; je =>skip
                    );
                }
                self.goto(taken);
                self.asm.dynamic_label(skip);
                self.goto(fallthrough);
            }
            Terminator::Indirect { target, .. } => {
                self.load(RDX, target);
                if self.env.lookup != 0 {
                    self.indirect_lookup();
                }
                x64!(self.asm; xor eax, eax);
                self.jump_to_exit();
            }
            Terminator::Syscall { next_pc } => {
                let off = pc_offset();
                x64!(self.asm
                    ; mov rax, QWORD next_pc as i64
                    ; mov QWORD [rbx + off], rax
                    ; mov eax, EXIT_SYSCALL as i32
                );
                self.jump_to_exit();
            }
            Terminator::Trap { kind, pc } => {
                let off = pc_offset();
                let index = (self.trap_base + self.traps.len()) as i32;
                self.traps.push(kind);
                x64!(self.asm
                    ; mov rax, QWORD pc as i64
                    ; mov QWORD [rbx + off], rax
                    ; mov eax, EXIT_TRAP as i32
                    ; mov edx, index
                );
                self.jump_to_exit();
            }
        }
    }

    /// Continues at guest `target`: through a patchable `jmp rel32` that first falls
    /// through to the dispatcher exit, when linking is on.
    fn goto(&mut self, target: u64) {
        if self.env.link {
            let flag = self.env.interrupt as i64;
            // An interrupt request must be seen even in a loop of linked blocks.
            x64!(self.asm
                ; mov rax, QWORD flag
                ; cmp BYTE [rax], 0
                ; jne >unlinked
            );
            // jmp rel32 with displacement 0: the next instruction, until linked.
            self.asm.push(0xe9);
            let site = self.offset();
            self.asm.push_u32(0);
            self.link_sites.push((site, target));
            x64!(self.asm; unlinked:);
        }
        x64!(self.asm
            ; mov rdx, QWORD target as i64
            ; xor eax, eax
        );
        self.jump_to_exit();
    }

    /// With the guest target in rdx: if the lookup table's entry for it matches, jump to
    /// its code; otherwise fall through (to the dispatcher exit).
    fn indirect_lookup(&mut self) {
        let flag = self.env.interrupt as i64;
        let table = self.env.lookup as i64;
        let mask = (link::LOOKUP_ENTRIES - 1) as i32;
        x64!(self.asm
            ; mov rax, QWORD flag
            ; cmp BYTE [rax], 0
            ; jne >miss
            ; mov rcx, rdx
            ; shr rcx, 2
            ; and ecx, mask
            ; shl ecx, 4
            ; mov rax, QWORD table
            ; add rcx, rax
            ; cmp QWORD [rcx], rdx
            ; jne >miss
            ; jmp QWORD [rcx + 8]
            ; miss:
        );
    }

    /// `j<cc> label` for x86 condition code `cc`.
    fn jcc(&mut self, cc: u8, l: DynamicLabel) {
        match cc {
            0 => x64!(self.asm; jo =>l),
            1 => x64!(self.asm; jno =>l),
            2 => x64!(self.asm; jb =>l),
            3 => x64!(self.asm; jae =>l),
            4 => x64!(self.asm; je =>l),
            5 => x64!(self.asm; jne =>l),
            6 => x64!(self.asm; jbe =>l),
            7 => x64!(self.asm; ja =>l),
            8 => x64!(self.asm; js =>l),
            9 => x64!(self.asm; jns =>l),
            10 => x64!(self.asm; jp =>l),
            11 => x64!(self.asm; jnp =>l),
            12 => x64!(self.asm; jl =>l),
            13 => x64!(self.asm; jge =>l),
            14 => x64!(self.asm; jle =>l),
            _ => x64!(self.asm; jg =>l),
        }
    }

    pub(super) fn jump_to_exit(&mut self) {
        let exit = self.env.exit as i64;
        x64!(self.asm
            ; mov rcx, QWORD exit
            ; jmp rcx
        );
    }
}
