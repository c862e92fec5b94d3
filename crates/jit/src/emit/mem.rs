//! Guest loads and stores: one host instruction each, since guest addresses are host
//! addresses. A fault in one is caught by `fault.rs` and mapped back to the guest PC
//! through the block's `pc_marks`.
//!
//! Ordering: x86 loads already have acquire semantics and stores release semantics
//! (TSO), so only a store-release needs a fence after it, which keeps it ordered before
//! a later load-acquire (Arm's RCsc rule) — the same fence the interpreter issues.

use super::{slot, x64, Emitter, RAX, RCX};
use crossrun_ir::{FenceKind, MemOrder, Ty, Value, Width};
use dynasmrt::DynasmApi;

impl Emitter<'_> {
    pub(super) fn guest_load(&mut self, i: usize, ty: Ty, addr: Value, width: Width, signed: bool) {
        let d = (i * 16) as i32;
        self.load(RAX, addr);
        self.mark_access(false);
        match (width, signed) {
            (Width::W128, _) => {
                x64!(self.asm; movdqu xmm0, [rax]; movdqu [r12 + d], xmm0);
                return;
            }
            (Width::W8, false) => x64!(self.asm; movzx ecx, BYTE [rax]),
            (Width::W16, false) => x64!(self.asm; movzx ecx, WORD [rax]),
            (Width::W32, false) => x64!(self.asm; mov ecx, DWORD [rax]),
            (Width::W64, _) => x64!(self.asm; mov rcx, QWORD [rax]),
            (Width::W8, true) => x64!(self.asm; movsx rcx, BYTE [rax]),
            (Width::W16, true) => x64!(self.asm; movsx rcx, WORD [rax]),
            (Width::W32, true) => x64!(self.asm; movsxd rcx, DWORD [rax]),
        }
        if signed && ty == Ty::I32 {
            x64!(self.asm; mov ecx, ecx);
        }
        self.store(RCX, i);
        if ty == Ty::V128 {
            // A narrow load into a vector zero-fills the upper half.
            x64!(self.asm; mov QWORD [r12 + d + 8], 0);
        }
    }

    pub(super) fn guest_store(&mut self, addr: Value, val: Value, width: Width, order: MemOrder) {
        self.load(RAX, addr);
        match width {
            Width::W128 => {
                let s = slot(val);
                x64!(self.asm; movdqu xmm0, [r12 + s]);
                self.mark_access(true);
                x64!(self.asm; movdqu [rax], xmm0);
            }
            _ => {
                self.load(RCX, val);
                self.mark_access(true);
                match width {
                    Width::W8 => x64!(self.asm; mov BYTE [rax], cl),
                    Width::W16 => x64!(self.asm; mov WORD [rax], cx),
                    Width::W32 => x64!(self.asm; mov DWORD [rax], ecx),
                    _ => x64!(self.asm; mov QWORD [rax], rcx),
                }
            }
        }
        if matches!(order, MemOrder::Release | MemOrder::AcqRel) {
            x64!(self.asm; mfence);
        }
    }

    pub(super) fn fence(&mut self, kind: FenceKind) {
        // Acquire-only and release-only barriers are free under TSO; the interpreter's
        // `fence(Acquire/Release)` compile to nothing on x86 too.
        if kind == FenceKind::Full {
            x64!(self.asm; mfence);
        }
    }
}
