//! Calls from compiled code into Rust: IR helpers (through a trampoline that rebuilds
//! the `&[u128]` argument slice) and the bit-manipulation ops x86 has no instruction for.
//!
//! Calls are made with rsp 16-byte aligned (the entry trampoline guarantees it) and only
//! clobber caller-saved registers, which compiled code never keeps anything in.

use super::{slot, x64, Emitter, CACHE_REGS, CALL_CLOBBERED, RAX, RDI, VCACHE_LEN};
use crossrun_ir::{CpuState, Helper, Op, Ty, Value};
use dynasmrt::{DynamicLabel, DynasmApi, DynasmLabelApi};

/// Runs `helper` with `nargs` arguments from `args`, writing its result to `out`.
///
/// # Safety
/// `cpu` must be the running thread's state, `args` must point to `nargs` readable
/// `u128`s and `out` to a writable one; compiled code passes its own argument area and
/// value slot.
///
/// MXCSR holds guest FP flags not yet folded into `CpuState` (see `fpflags.rs`), so a
/// helper must leave MXCSR as it found it (helpers do their arithmetic on integers;
/// reading MXCSR around every call would wait for every FP op in flight, so only debug
/// builds check).
unsafe extern "C" fn call_helper(cpu: *mut CpuState, helper: *const Helper, args: *const u128, nargs: usize, out: *mut u128) {
    #[cfg(debug_assertions)]
    let mxcsr = crate::fpflags::read_mxcsr();
    // SAFETY: see the function's contract; `helper` comes from a `&'static Helper`.
    unsafe {
        let args = std::slice::from_raw_parts(args, nargs);
        let result = ((*helper).func)(&mut *cpu, args);
        std::ptr::write_unaligned(out, result);
    }
    #[cfg(debug_assertions)]
    // SAFETY: `helper` comes from a `&'static Helper`.
    debug_assert_eq!(crate::fpflags::read_mxcsr(), mxcsr, "helper {} changed MXCSR", unsafe { (*helper).name });
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
    /// Byte reversals within halfwords and words, and count leading zeros where the host
    /// has `lzcnt`, inline; the rest through the functions above.
    pub(super) fn bit_op(&mut self, i: usize, ty: Ty, op: &Op, a: Value) {
        let w32 = ty == Ty::I32;
        let lzcnt = super::host::features().lzcnt;
        if !(matches!(op, Op::Rev16(_) | Op::Rev32(_)) || matches!(op, Op::Clz(_)) && lzcnt) {
            return self.bit_op_call(i, ty, op, a);
        }
        let k = self.compute_in(i, a, None);
        let r = CACHE_REGS[k];
        match (op, w32) {
            // lzcnt of zero is the operand size, as the IR's count is.
            (Op::Clz(_), true) => x64!(self.asm; lzcnt Rd(r), Rd(r)),
            (Op::Clz(_), false) => x64!(self.asm; lzcnt Rq(r), Rq(r)),
            // Reversing all the bytes, then swapping the halves, reverses each half's.
            (Op::Rev32(_), _) => x64!(self.asm; bswap Rq(r); ror Rq(r), 32),
            (Op::Rev16(_), true) => x64!(self.asm; bswap Rd(r); ror Rd(r), 16),
            _ => x64!(self.asm
                ; mov rcx, Rq(r)
                ; shr rcx, 8
                ; mov rdx, QWORD 0x00ff_00ff_00ff_00ff
                ; and rcx, rdx
                ; and Rq(r), rdx
                ; shl Rq(r), 8
                ; or Rq(r), rcx
            ),
        }
        self.define(k, i);
    }

    fn bit_op_call(&mut self, i: usize, ty: Ty, op: &Op, a: Value) {
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

    /// The cold path of an inline op that falls back to `helper`: at `call`, the helper
    /// runs (live cached registers preserved), its result is reloaded from value `i`'s
    /// slot into `r`, and execution goes back to `resume`.
    pub(super) fn cold_helper_into(
        &mut self,
        i: usize,
        helper: &'static Helper,
        args: &[Value],
        r: u8,
        call: DynamicLabel,
        resume: DynamicLabel,
    ) {
        let cold_call = self.call_preserving(i, helper, args);
        let d = (i * 16) as i32;
        self.cold.push(Box::new(move |e: &mut Emitter<'_>| {
            e.asm.dynamic_label(call);
            cold_call(e);
            x64!(e.asm
                ; mov Rq(r), QWORD [r12 + d]
                ; jmp =>resume
            );
        }));
    }

    /// Code, to be placed out of line, that calls `helper` for op `i` as
    /// `call_helper_out_of_line` does, but keeps every cache register: the live values
    /// only a caller-saved register holds are written to their slots first (so are the
    /// operands, which the call reads from there), and all live cached values are
    /// reloaded after. Leaves the result in its slot (and a `V128` one in xmm0). Captures the
    /// register state of this point in the op.
    pub(super) fn call_preserving(
        &mut self,
        i: usize,
        helper: &'static Helper,
        args: &[Value],
    ) -> impl FnOnce(&mut Emitter<'_>) + 'static {
        let (mut saves, mut restores) = (Vec::new(), Vec::new());
        for k in CALL_CLOBBERED {
            if let Some(v) = self.cache[k] {
                let (r, d) = (CACHE_REGS[k], (v * 16) as i32);
                if self.last_use[v] >= i && !self.in_slot[v] {
                    saves.push((false, r, d));
                }
                if self.last_use[v] > i {
                    restores.push((false, r, d));
                }
            }
        }
        for k in 0..VCACHE_LEN {
            if let Some(v) = self.vcache[k] {
                let (x, d) = ((8 + k) as u8, (v * 16) as i32);
                if self.last_use[v] >= i && !self.in_slot[v] {
                    saves.push((true, x, d));
                }
                if self.last_use[v] > i {
                    restores.push((true, x, d));
                }
            }
        }
        // Integer arguments: constants, or read from where they are now (a cache register
        // keeps its value until the call, which the saves above do not disturb; the op
        // must not write the register before it jumps here).
        let ints: Vec<(usize, IntSrc)> = args
            .iter()
            .enumerate()
            .filter(|(_, a)| self.ty(**a) != Ty::V128)
            .map(|(n, &a)| {
                let src = match (self.const_value(a), self.cached_reg(a)) {
                    (Some(c), _) => IntSrc::Const(c),
                    (None, Some(r)) => IntSrc::Reg(r),
                    (None, None) => {
                        debug_assert!(self.in_slot[self.resolve(a).index()], "value {a:?} is neither cached nor stored");
                        IntSrc::Slot(slot(self.resolve(a)))
                    }
                };
                (n, src)
            })
            .collect();
        let vecs: Vec<(usize, i32)> =
            args.iter().enumerate().filter(|(_, a)| self.ty(**a) == Ty::V128).map(|(n, &a)| (n, slot(self.resolve(a)))).collect();
        let nargs = args.len() as i32;
        let helper = helper as *const Helper as usize as i64;
        let trampoline = super::call::trampoline_address();
        move |e: &mut Emitter<'_>| {
            for &(vec, r, d) in &saves {
                if vec {
                    x64!(e.asm; movdqu [r12 + d], Rx(r));
                } else {
                    x64!(e.asm; mov QWORD [r12 + d], Rq(r));
                }
            }
            for &(n, s) in &vecs {
                let d = (n * 16) as i32;
                x64!(e.asm; movdqu xmm0, [r12 + s]; movdqu [r13 + d], xmm0);
            }
            for &(n, src) in &ints {
                let d = (n * 16) as i32;
                match src {
                    IntSrc::Const(c) => x64!(e.asm; mov rax, QWORD c as i64),
                    IntSrc::Reg(r) => x64!(e.asm; mov rax, Rq(r)),
                    IntSrc::Slot(s) => x64!(e.asm; mov rax, QWORD [r12 + s]),
                }
                x64!(e.asm
                    ; mov QWORD [r13 + d], rax
                    ; mov QWORD [r13 + d + 8], 0
                );
            }
            let d = (i * 16) as i32;
            x64!(e.asm
                ; mov rdi, rbx
                ; mov rsi, QWORD helper
                ; mov rdx, r13
                ; mov ecx, nargs
                ; lea r8, [r12 + d]
                ; mov rax, QWORD trampoline
                ; call rax
            );
            for &(vec, r, s) in &restores {
                if vec {
                    x64!(e.asm; movdqu Rx(r), [r12 + s]);
                } else {
                    x64!(e.asm; mov Rq(r), QWORD [r12 + s]);
                }
            }
            x64!(e.asm; movdqu xmm0, [r12 + d]);
        }
    }
}

/// Where `call_preserving` reads an integer argument from.
#[derive(Clone, Copy)]
enum IntSrc {
    Const(u64),
    Reg(u8),
    Slot(i32),
}
