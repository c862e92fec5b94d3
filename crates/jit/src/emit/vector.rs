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

    pub(super) fn v_make(&mut self, i: usize, lo: Value, hi: Value) {
        let d = (i * 16) as i32;
        self.load(RAX, lo);
        self.load(RCX, hi);
        x64!(self.asm
            ; mov QWORD [r12 + d], rax
            ; mov QWORD [r12 + d + 8], rcx
        );
    }
}
