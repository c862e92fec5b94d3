//! Calls from compiled code into Rust: IR helpers (through a trampoline that rebuilds
//! the `&[u128]` argument slice) and the bit-manipulation ops x86 has no instruction for.
//!
//! Calls are made with rsp 16-byte aligned (the entry trampoline guarantees it) and only
//! clobber caller-saved registers, which compiled code never keeps anything in.

use super::{slot, x64, Emitter, RAX, RDI};
use crossrun_ir::{CpuState, Helper, Op, Ty, Value};
use dynasmrt::DynasmApi;

/// Runs `helper` with `nargs` arguments from `args`, writing its result to `out`.
///
/// # Safety
/// `cpu` must be the running thread's state, `args` must point to `nargs` readable
/// `u128`s and `out` to a writable one; compiled code passes its own argument area and
/// value slot.
unsafe extern "C" fn call_helper(cpu: *mut CpuState, helper: *const Helper, args: *const u128, nargs: usize, out: *mut u128) {
    // SAFETY: see the function's contract; `helper` comes from a `&'static Helper`.
    unsafe {
        let args = std::slice::from_raw_parts(args, nargs);
        let result = ((*helper).func)(&mut *cpu, args);
        std::ptr::write_unaligned(out, result);
    }
}

/// The address compiled code calls to run a helper (see `call_helper`).
pub(super) fn trampoline_address() -> i64 {
    call_helper as *const () as usize as i64
}

extern "C" fn clz(x: u64, w32: bool) -> u64 {
    if w32 {
        (x as u32).leading_zeros() as u64
    } else {
        x.leading_zeros() as u64
    }
}

extern "C" fn cls(x: u64, w32: bool) -> u64 {
    // Leading sign bits = leading zeros of x ^ (x >> 1) (arithmetic), minus one.
    if w32 {
        let s = x as u32 as i32;
        ((s ^ (s >> 1)) as u32).leading_zeros() as u64 - 1
    } else {
        let s = x as i64;
        ((s ^ (s >> 1)) as u64).leading_zeros() as u64 - 1
    }
}

extern "C" fn rbit(x: u64, w32: bool) -> u64 {
    if w32 {
        (x as u32).reverse_bits() as u64
    } else {
        x.reverse_bits()
    }
}

extern "C" fn rev16(x: u64, w32: bool) -> u64 {
    let r = ((x >> 8) & 0x00ff_00ff_00ff_00ff) | ((x & 0x00ff_00ff_00ff_00ff) << 8);
    if w32 {
        r & 0xffff_ffff
    } else {
        r
    }
}

extern "C" fn rev32(x: u64, _w32: bool) -> u64 {
    let lo = (x as u32).swap_bytes() as u64;
    let hi = ((x >> 32) as u32).swap_bytes() as u64;
    lo | (hi << 32)
}

impl Emitter<'_> {
    pub(super) fn bit_op_call(&mut self, i: usize, ty: Ty, op: &Op, a: Value) {
        let f: extern "C" fn(u64, bool) -> u64 = match op {
            Op::Clz(_) => clz,
            Op::Cls(_) => cls,
            Op::Rbit(_) => rbit,
            Op::Rev16(_) => rev16,
            Op::Rev32(_) => rev32,
            _ => unreachable!("bit_op_call() called with {op:?}"),
        };
        self.before_call();
        self.load(RDI, a);
        let w32 = (ty == Ty::I32) as i32;
        x64!(self.asm
            ; mov esi, w32
            ; mov rax, QWORD f as *const () as usize as i64
            ; call rax
        );
        self.store(RAX, i);
    }

    pub(super) fn helper_call(&mut self, i: usize, helper: &'static Helper, args: &[Value]) {
        if self.inline_helper(i, helper, args) {
            return;
        }
        self.before_call();
        self.call_helper_out_of_line(i, helper, args);
    }

    /// The call itself, after `before_call`.
    pub(super) fn call_helper_out_of_line(&mut self, i: usize, helper: &'static Helper, args: &[Value]) {
        for (n, a) in args.iter().enumerate() {
            let (s, d) = (slot(*a), (n * 16) as i32);
            if self.ty(*a) == Ty::V128 {
                x64!(self.asm; movdqu xmm0, [r12 + s]; movdqu [r13 + d], xmm0);
            } else {
                // Only the low 8 bytes of an integer's slot are meaningful; the helper
                // sees the value widened to u128 with zeros, as from the interpreter.
                self.load(RAX, *a);
                x64!(self.asm
                    ; mov QWORD [r13 + d], rax
                    ; mov QWORD [r13 + d + 8], 0
                );
            }
        }
        let d = (i * 16) as i32;
        let nargs = args.len() as i32;
        let trampoline = trampoline_address();
        let helper = helper as *const Helper as usize as i64;
        x64!(self.asm
            ; mov rdi, rbx
            ; mov rsi, QWORD helper
            ; mov rdx, r13
            ; mov ecx, nargs
            ; lea r8, [r12 + d]
            ; mov rax, QWORD trampoline
            ; call rax
        );
    }
}
