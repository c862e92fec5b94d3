//! How compiled blocks end: back to the dispatcher with RAX = exit kind and RDX = the
//! next guest PC, or (for linkable jumps) straight into the next block once `link.rs`
//! patches the jump. Calls and returns use host `call` and `ret` to predict where
//! returns go (see `ras.rs`).

use super::regs::pc_offset;
use super::{x64, Emitter, RAX, RDX};
use crate::{link, ras};
use crossrun_ir::{BranchKind, Terminator, TrapKind, Value};
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
            Terminator::Jump { target, kind } => match self.predicted_call(kind) {
                Some(return_pc) => self.call_frame(return_pc, |e| e.goto(target)),
                None => self.goto(target),
            },
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
            Terminator::Indirect { target, kind } => {
                self.load(RDX, target);
                match self.predicted_call(kind) {
                    Some(return_pc) => self.call_frame(return_pc, |e| e.indirect_exit()),
                    None => {
                        if kind == BranchKind::Return && self.env.ras != 0 {
                            self.host_return();
                        }
                        self.indirect_exit();
                    }
                }
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
            Terminator::Trap { kind, pc } => self.trap_exit(kind, pc),
        }
    }

    /// Leaves for the dispatcher with trap `kind` at guest `pc`.
    fn trap_exit(&mut self, kind: TrapKind, pc: u64) {
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

    /// `Op::TrapIf`: the trap exit of the current guest instruction when `cond` is 1.
    /// Guest register writes before it are all made (`observes_state` keeps them).
    pub(super) fn trap_if(&mut self, cond: Value, kind: TrapKind) {
        let reg = self.value_reg(cond);
        let skip = self.asm.new_dynamic_label();
        x64!(self.asm
            ; test Rd(reg), Rd(reg)
            ; jz =>skip
        );
        self.trap_exit(kind, self.guest_pc);
        self.asm.dynamic_label(skip);
    }

    /// `Op::ExitIf` at op `i`: when `cond` is 1, on to guest `target` as a `Jump` there
    /// would go, from out-of-line code (the condition usually fails). Guest register
    /// writes before it are all made (`observes_state` keeps them), and the value cache
    /// needs nothing: the exit leaves the block, and the path that stays changes no
    /// register. A condition fused with its flags computation is a compare and `jcc`.
    pub(super) fn exit_if(&mut self, i: usize, cond: Value, target: u64) {
        let exit = self.asm.new_dynamic_label();
        if let Some(f) = self.exit_fused[i] {
            self.fused_compare(f);
            self.jcc(f.cc, exit);
        } else {
            let reg = self.value_reg(cond);
            x64!(self.asm
                ; test Rd(reg), Rd(reg)
                ; jnz =>exit
            );
        }
        self.cold.push(Box::new(move |e: &mut Emitter<'_>| {
            e.asm.dynamic_label(exit);
            e.goto(target);
        }));
    }

    /// Continues at guest `target`: through a patchable `jmp rel32` that first falls
    /// through to the dispatcher exit, when linking is on.
    fn goto(&mut self, target: u64) {
        self.goto_checking(target, true);
    }

    /// `goto`, with the interrupt check only if `check_interrupt`: an interrupt request
    /// must be seen even in a loop of linked blocks, so leave it out only where no loop
    /// can avoid every other check.
    fn goto_checking(&mut self, target: u64, check_interrupt: bool) {
        if self.env.link {
            if check_interrupt {
                let flag = self.env.interrupt as i64;
                x64!(self.asm
                    ; mov rax, QWORD flag
                    ; cmp BYTE [rax], 0
                    ; jne >unlinked
                );
            }
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

    /// The return address of a call whose return is to be predicted.
    fn predicted_call(&self, kind: BranchKind) -> Option<u64> {
        match kind {
            BranchKind::Call { return_pc } if self.env.ras != 0 => Some(return_pc),
            _ => None,
        }
    }

    /// A call: a host `call` (after `sub rsp, 8`, keeping rsp 16-byte aligned) of the
    /// code `callee` emits, followed by the landing pad a predicted return comes back
    /// to. When `ras::MAX_FRAMES` frames are outstanding they are all dropped first
    /// (recent calls are the likeliest to return soon). Uses rax and rcx only (an
    /// indirect call's target is in rdx).
    fn call_frame(&mut self, return_pc: u64, callee: impl FnOnce(&mut Self)) {
        let ras = self.env.ras as i64;
        let to_callee = self.asm.new_dynamic_label();
        x64!(self.asm
            ; mov rcx, QWORD ras
            ; mov rax, QWORD [rcx + ras::BASE_RSP]
            ; sub rax, rsp
            ; cmp rax, ras::MAX_FRAMES * ras::FRAME_BYTES
            ; jb >room
            ; mov rsp, QWORD [rcx + ras::BASE_RSP]
            ; room:
            ; sub rsp, ras::FRAME_BYTES - 8
            ; call =>to_callee
        );
        self.landing_pad(return_pc);
        self.asm.dynamic_label(to_callee);
        callee(self);
    }

    /// Where a host `ret` lands, with the guest return's target in rdx: on to it through
    /// a linked jump if it is this call's return address, else the indirect path. The
    /// jump needs no interrupt check: each landing consumes a frame, and the call that
    /// made it checked the flag on its way to the callee.
    fn landing_pad(&mut self, return_pc: u64) {
        let ras = self.env.ras as i64;
        x64!(self.asm
            ; add rsp, ras::FRAME_BYTES - 8
            ; mov rcx, QWORD ras
            ; mov rax, QWORD return_pc as i64
            ; cmp rdx, rax
            ; jne >mispredicted
            ; add QWORD [rcx + ras::HITS], 1
        );
        self.goto_checking(return_pc, false);
        x64!(self.asm
            ; mispredicted:
            ; add QWORD [rcx + ras::MISSES], 1
        );
        self.indirect_exit();
    }

    /// A return (guest target in rdx): a host `ret` to the innermost outstanding call's
    /// landing pad, if there is one; otherwise falls through, counting a miss.
    fn host_return(&mut self) {
        let ras = self.env.ras as i64;
        x64!(self.asm
            ; mov rcx, QWORD ras
            ; cmp rsp, QWORD [rcx + ras::BASE_RSP]
            ; je >no_frame
            ; ret
            ; no_frame:
            ; add QWORD [rcx + ras::MISSES], 1
        );
    }

    /// Continues at the guest address in rdx: through the lookup table if there is one,
    /// else (or on a miss) through the dispatcher.
    fn indirect_exit(&mut self) {
        if self.env.lookup != 0 {
            self.indirect_lookup();
        }
        x64!(self.asm; xor eax, eax);
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
