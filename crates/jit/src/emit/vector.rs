//! Moving 64-bit halves in and out of `V128` values, through the value array.

use super::{slot, x64, Emitter, RAX, RCX};
use crossrun_ir::Value;
use dynasmrt::DynasmApi;

impl Emitter<'_> {
    pub(super) fn v_half(&mut self, i: usize, a: Value, high: bool) {
        let s = slot(a) + if high { 8 } else { 0 };
        x64!(self.asm; mov rax, QWORD [r12 + s]);
        self.store(RAX, i);
    }

    /// Written with one 16-byte store: users read the slot with 16-byte loads, which
    /// the CPU cannot forward from two 8-byte stores (a stall of a dozen cycles each).
    pub(super) fn v_make(&mut self, i: usize, lo: Value, hi: Value) {
        let d = (i * 16) as i32;
        if let Some(x) = self.low_half_of(lo, hi) {
            let in_xmm0 = self.xmm0_reuse.take() == Some(x.index());
            self.load_low_half(0, x, in_xmm0);
            self.v128_result(i);
            return;
        }
        if let Some((op, a, b, full)) = self.vector_binop(lo, hi) {
            self.emit_vector_binop(i, op, a, b, full);
            return;
        }
        self.load(RAX, lo);
        x64!(self.asm; movq xmm0, rax);
        if self.const_value(hi) != Some(0) {
            self.load(RCX, hi);
            x64!(self.asm
                ; movq xmm1, rcx
                ; punpcklqdq xmm0, xmm1
            );
        }
        x64!(self.asm; movdqu [r12 + d], xmm0);
        self.xmm0_value = Some(i);
    }
}
