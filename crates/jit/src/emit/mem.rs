//! Guest loads and stores: one host instruction each, since guest addresses are host
//! addresses. A fault in one is caught by `fault.rs` and mapped back to the guest PC
//! through the block's `pc_marks`.
//!
//! Ordering: x86 loads already have acquire semantics and stores release semantics
//! (TSO), so only a store-release needs a fence after it, which keeps it ordered before
//! a later load-acquire (Arm's RCsc rule) — the same fence the interpreter issues.

use super::{slot, x64, Emitter, CACHE_REGS, RAX, RCX, RDX};
use crossrun_ir::{FenceKind, MemOrder, Ty, Value, Width};
use dynasmrt::DynasmApi;

impl Emitter<'_> {
    /// A register holding guest address `addr` (see `value_reg`), never rbp: with rbp (or
    /// rsp) as the base, a non-canonical address raises #SS, which Linux reports as
    /// SIGBUS rather than the SIGSEGV of every other wild access.
    fn address_reg(&mut self, addr: Value) -> u8 {
        let a = self.value_reg(addr);
        if a == 5 {
            x64!(self.asm; mov rdx, rbp);
            return RDX;
        }
        a
    }

    pub(super) fn guest_load(&mut self, i: usize, ty: Ty, addr: Value, width: Width, signed: bool) {
        let d = (i * 16) as i32;
        // The address straight from the register holding it.
        let (base, disp) = self.split_addr(addr);
        let a = self.address_reg(base);
        if width == Width::W128 {
            self.mark_access(false);
            x64!(self.asm; movdqu xmm0, [Rq(a) + disp]);
            self.v128_result(i);
            return;
        }
        if ty != Ty::V128 && !(signed && ty == Ty::I32) {
            // The result straight into the cache register that keeps it (which may be
            // the address's: the load reads it first).
            let k = self.result_reg();
            let r = CACHE_REGS[k];
            self.mark_access(false);
            match (width, signed) {
                (Width::W8, false) => x64!(self.asm; movzx Rd(r), BYTE [Rq(a) + disp]),
                (Width::W16, false) => x64!(self.asm; movzx Rd(r), WORD [Rq(a) + disp]),
                (Width::W32, false) => x64!(self.asm; mov Rd(r), DWORD [Rq(a) + disp]),
                (Width::W8, true) => x64!(self.asm; movsx Rq(r), BYTE [Rq(a) + disp]),
                (Width::W16, true) => x64!(self.asm; movsx Rq(r), WORD [Rq(a) + disp]),
                (Width::W32, true) => x64!(self.asm; movsxd Rq(r), DWORD [Rq(a) + disp]),
                _ => x64!(self.asm; mov Rq(r), QWORD [Rq(a) + disp]),
            }
            self.define(k, i);
            return;
        }
        self.mark_access(false);
        match (width, signed) {
            (Width::W128, _) => unreachable!("handled above"),
            (Width::W8, false) => x64!(self.asm; movzx eax, BYTE [Rq(a) + disp]),
            (Width::W16, false) => x64!(self.asm; movzx eax, WORD [Rq(a) + disp]),
            (Width::W32, false) => x64!(self.asm; mov eax, DWORD [Rq(a) + disp]),
            (Width::W64, _) => x64!(self.asm; mov rax, QWORD [Rq(a) + disp]),
            (Width::W8, true) => x64!(self.asm; movsx rax, BYTE [Rq(a) + disp]),
            (Width::W16, true) => x64!(self.asm; movsx rax, WORD [Rq(a) + disp]),
            (Width::W32, true) => x64!(self.asm; movsxd rax, DWORD [Rq(a) + disp]),
        }
        if signed && ty == Ty::I32 {
            x64!(self.asm; mov eax, eax);
        }
        self.store(RAX, i);
        if ty == Ty::V128 {
            // A narrow load into a vector zero-fills the upper half.
            x64!(self.asm; mov QWORD [r12 + d + 8], 0);
            self.rax_value = None;
        }
    }

    pub(super) fn guest_store(&mut self, addr: Value, val: Value, width: Width, order: MemOrder) {
        let (base, disp) = self.split_addr(addr);
        let a = self.address_reg(base);
        match width {
            Width::W128 => {
                let s = slot(val);
                x64!(self.asm; movdqu xmm0, [r12 + s]);
                self.mark_access(true);
                x64!(self.asm; movdqu [Rq(a) + disp], xmm0);
            }
            _ => {
                // Byte and word stores take cl/cx: the low byte of a cache register
                // would need a REX prefix the sub-register forms do not always get.
                let v = match (width, self.cached_reg(val)) {
                    (Width::W32 | Width::W64, Some(r)) => r,
                    _ => {
                        self.load(RCX, val);
                        RCX
                    }
                };
                self.mark_access(true);
                match width {
                    Width::W8 => x64!(self.asm; mov BYTE [Rq(a) + disp], cl),
                    Width::W16 => x64!(self.asm; mov WORD [Rq(a) + disp], cx),
                    Width::W32 => x64!(self.asm; mov DWORD [Rq(a) + disp], Rd(v)),
                    _ => x64!(self.asm; mov QWORD [Rq(a) + disp], Rq(v)),
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
