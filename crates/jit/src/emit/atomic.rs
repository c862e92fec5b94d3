//! Exclusive and atomic guest accesses on host locked instructions: `AtomicRmw` add and
//! swap are `lock xadd` / `xchg`, the other read-modify-writes a `lock cmpxchg` loop, `Cas`
//! a `lock cmpxchg` (`lock cmpxchg16b` for CASP's 128 bits), `LoadExclusive` a plain load
//! that arms the monitor in `CpuState`, and `StoreExclusive` a `lock cmpxchg` against the
//! value that load saw — the interpreter's semantics, so a store by another thread in
//! between of a different value makes it fail.
//!
//! Ordering: x86 locked instructions are full barriers and plain loads already acquire
//! (TSO), so no order an Arm atomic or exclusive asks for needs a fence here; like the
//! interpreter, a store-exclusive that fails its monitor check stores nothing and orders
//! nothing.
//!
//! Faults mirror the interpreter's order exactly: the alignment check first (no memory
//! touched, the monitor untouched), then the accesses it makes, each recorded as an
//! access site with the interpreter's read/write flag.

use super::regs::pc_offset;
use super::term::{EXIT_MISALIGNED_LOAD, EXIT_MISALIGNED_STORE};
use super::{slot, x64, Emitter, RAX, RCX, RDX};
use crossrun_ir::{CpuState, ExclusiveMonitor, RmwOp, Ty, Value, Width};
use dynasmrt::{DynasmApi, DynasmLabelApi};
use std::mem::{offset_of, size_of};

const RSI: u8 = 6;

const MONITOR: usize = offset_of!(CpuState, monitor);
const VALID: i32 = (MONITOR + offset_of!(ExclusiveMonitor, valid)) as i32;
const ADDR: i32 = (MONITOR + offset_of!(ExclusiveMonitor, addr)) as i32;
const BYTES: i32 = (MONITOR + offset_of!(ExclusiveMonitor, bytes)) as i32;
const VALUE: i32 = (MONITOR + offset_of!(ExclusiveMonitor, value)) as i32;
// Clearing the monitor writes it as zero quadwords (its `Default` is all zeros); the u128
// field makes its size a multiple of 8.
const _: () = assert!(size_of::<ExclusiveMonitor>().is_multiple_of(8));

impl Emitter<'_> {
    /// rsi = `addr`, exiting with an alignment fault (as the interpreter reports it) when
    /// it is not a multiple of `width`. Must be the op's first `load`.
    fn aligned_address(&mut self, addr: Value, width: Width, write: bool) {
        self.load(RSI, addr);
        let mask = width.bytes() as i32 - 1;
        if mask == 0 {
            return;
        }
        let kind = if write { EXIT_MISALIGNED_STORE } else { EXIT_MISALIGNED_LOAD } as i32;
        let pc = self.guest_pc as i64;
        let off = pc_offset();
        let ok = self.asm.new_dynamic_label();
        x64!(self.asm
            ; test esi, mask
            ; jz =>ok
            ; mov rax, QWORD pc
            ; mov QWORD [rbx + off], rax
            ; mov rdx, rsi
            ; mov eax, kind
        );
        self.jump_to_exit();
        self.asm.dynamic_label(ok);
    }

    /// `Op::CheckAlignment`: the exit of the misaligned exclusive accesses unless `addr`
    /// is a multiple of `bytes`, from out-of-line code.
    pub(super) fn check_alignment(&mut self, addr: Value, bytes: u32, write: bool) {
        if bytes <= 1 {
            return;
        }
        let reg = self.value_reg(addr);
        let mask = bytes as i32 - 1;
        let fault = self.asm.new_dynamic_label();
        x64!(self.asm
            ; test Rd(reg), mask
            ; jnz =>fault
        );
        let kind = if write { EXIT_MISALIGNED_STORE } else { EXIT_MISALIGNED_LOAD } as i32;
        let pc = self.guest_pc as i64;
        let off = pc_offset();
        // The jump leaves every register as it was, so `reg` still holds the address.
        self.cold.push(Box::new(move |e: &mut Emitter<'_>| {
            e.asm.dynamic_label(fault);
            x64!(e.asm
                ; mov rdx, Rq(reg)
                ; mov rax, QWORD pc
                ; mov QWORD [rbx + off], rax
                ; mov eax, kind
            );
            e.jump_to_exit();
        }));
    }

    /// `ExclusiveMonitor::default()`, as `std::mem::take` leaves it.
    fn clear_monitor(&mut self) {
        for k in (0..size_of::<ExclusiveMonitor>()).step_by(8) {
            let d = MONITOR as i32 + k as i32;
            x64!(self.asm; mov QWORD [rbx + d], 0);
        }
    }

    pub(super) fn load_exclusive(&mut self, i: usize, ty: Ty, addr: Value, width: Width) {
        self.free_rsi_rdi();
        self.aligned_address(addr, width, false);
        let bytes = width.bytes() as i32;
        self.mark_access(false);
        match width {
            Width::W128 => {
                let d = (i * 16) as i32;
                x64!(self.asm; movdqu xmm0, [rsi]; movdqu [r12 + d], xmm0; movdqu [rbx + VALUE], xmm0);
            }
            Width::W8 => x64!(self.asm; movzx eax, BYTE [rsi]),
            Width::W16 => x64!(self.asm; movzx eax, WORD [rsi]),
            Width::W32 => x64!(self.asm; mov eax, DWORD [rsi]),
            Width::W64 => x64!(self.asm; mov rax, QWORD [rsi]),
        }
        if width != Width::W128 {
            x64!(self.asm; mov QWORD [rbx + VALUE], rax; mov QWORD [rbx + VALUE + 8], 0);
        }
        x64!(self.asm
            ; mov BYTE [rbx + VALID], 1
            ; mov QWORD [rbx + ADDR], rsi
            ; mov DWORD [rbx + BYTES], bytes
        );
        if ty == Ty::V128 {
            debug_assert_eq!(width, Width::W128, "narrow exclusive load into a vector");
            self.xmm0_value = Some(i);
        } else {
            self.store(RAX, i);
        }
    }

    pub(super) fn store_exclusive(&mut self, i: usize, addr: Value, val: Value, width: Width) {
        self.free_rsi_rdi();
        self.aligned_address(addr, width, true);
        let bytes = width.bytes() as i32;
        let not_armed = self.asm.new_dynamic_label();
        let done = self.asm.new_dynamic_label();
        x64!(self.asm
            ; cmp BYTE [rbx + VALID], 0
            ; je =>not_armed
            ; cmp QWORD [rbx + ADDR], rsi
            ; jne =>not_armed
            ; cmp DWORD [rbx + BYTES], bytes
            ; jne =>not_armed
            ; mov rax, QWORD [rbx + VALUE]
        );
        if width == Width::W128 {
            x64!(self.asm; mov rdx, QWORD [rbx + VALUE + 8]);
        }
        // Cleared before the store: a fault in it leaves the monitor clear, as the
        // interpreter's `take` does.
        self.clear_monitor();
        if width == Width::W128 {
            self.cmpxchg16b(val);
        } else {
            self.load(RCX, val);
            self.mark_access(true);
            self.lock_cmpxchg(width);
        }
        x64!(self.asm
            ; setne al
            ; movzx eax, al
            ; jmp =>done
            ; =>not_armed
        );
        self.clear_monitor();
        x64!(self.asm
            ; mov eax, 1
            ; =>done
        );
        self.store(RAX, i);
    }

    pub(super) fn clear_exclusive(&mut self) {
        // Only `valid`, as the interpreter's CLREX does; the other fields stay as they are.
        x64!(self.asm; mov BYTE [rbx + VALID], 0);
    }

    /// `lock cmpxchg [rsi], cl/cx/ecx/rcx` (comparing with rax's low bytes).
    fn lock_cmpxchg(&mut self, width: Width) {
        match width {
            Width::W8 => x64!(self.asm; lock cmpxchg BYTE [rsi], cl),
            Width::W16 => x64!(self.asm; lock cmpxchg WORD [rsi], cx),
            Width::W32 => x64!(self.asm; lock cmpxchg DWORD [rsi], ecx),
            _ => x64!(self.asm; lock cmpxchg QWORD [rsi], rcx),
        }
    }

    /// `lock cmpxchg16b [rsi]` with rdx:rax already the expected value and `new` (a
    /// `V128` in its slot) the replacement; ZF says whether it succeeded, rdx:rax hold the
    /// old value.
    fn cmpxchg16b(&mut self, new: Value) {
        let s = slot(new);
        // The instruction takes the new value's low half in rbx, the state pointer: rdi
        // keeps it meanwhile (a fault resumes at the exit trampoline, which restores rbx
        // from the stack anyway).
        x64!(self.asm
            ; mov rcx, QWORD [r12 + s + 8]
            ; mov rdi, rbx
            ; mov rbx, QWORD [r12 + s]
        );
        self.mark_access(true);
        x64!(self.asm
            ; lock cmpxchg16b OWORD [rsi]
            ; mov rbx, rdi
        );
    }

    pub(super) fn cas(&mut self, i: usize, addr: Value, expected: Value, new: Value, width: Width) {
        self.free_rsi_rdi();
        self.aligned_address(addr, width, true);
        if width == Width::W128 {
            let (e, d) = (slot(expected), (i * 16) as i32);
            x64!(self.asm; mov rax, QWORD [r12 + e]; mov rdx, QWORD [r12 + e + 8]);
            self.cmpxchg16b(new);
            x64!(self.asm; mov QWORD [r12 + d], rax; mov QWORD [r12 + d + 8], rdx);
            return;
        }
        self.load(RAX, expected);
        self.load(RCX, new);
        self.mark_access(true);
        self.lock_cmpxchg(width);
        // On success rax still holds `expected`, whose bits above the width the result
        // must not have.
        match width {
            Width::W8 => x64!(self.asm; movzx eax, al),
            Width::W16 => x64!(self.asm; movzx eax, ax),
            Width::W32 => x64!(self.asm; mov eax, eax),
            _ => {}
        }
        self.store(RAX, i);
    }

    pub(super) fn atomic_rmw(&mut self, i: usize, op: RmwOp, addr: Value, val: Value, width: Width) {
        self.free_rsi_rdi();
        self.aligned_address(addr, width, true);
        match op {
            RmwOp::Add | RmwOp::Swp => self.xadd_or_xchg(op, val, width),
            _ => self.cmpxchg_loop(op, val, width),
        }
        self.store(RAX, i);
    }

    /// rax = old value of `lock xadd` / `xchg` with `val`.
    fn xadd_or_xchg(&mut self, op: RmwOp, val: Value, width: Width) {
        self.load(RAX, val);
        // The interpreter reads the old value before its locked write, so an unmapped
        // address is a read fault and only a read-only page a write fault: a probe read
        // of the (aligned, so same-page) address reports the same.
        self.mark_access(false);
        x64!(self.asm; movzx ecx, BYTE [rsi]);
        self.mark_access(true);
        // xchg with memory is locked without the prefix.
        match (op, width) {
            (RmwOp::Add, Width::W8) => x64!(self.asm; lock xadd BYTE [rsi], al; movzx eax, al),
            (RmwOp::Add, Width::W16) => x64!(self.asm; lock xadd WORD [rsi], ax; movzx eax, ax),
            (RmwOp::Add, Width::W32) => x64!(self.asm; lock xadd DWORD [rsi], eax),
            (RmwOp::Add, _) => x64!(self.asm; lock xadd QWORD [rsi], rax),
            (_, Width::W8) => x64!(self.asm; xchg BYTE [rsi], al; movzx eax, al),
            (_, Width::W16) => x64!(self.asm; xchg WORD [rsi], ax; movzx eax, ax),
            (_, Width::W32) => x64!(self.asm; xchg DWORD [rsi], eax),
            (_, _) => x64!(self.asm; xchg QWORD [rsi], rax),
        }
    }

    /// rax = old value, after a `lock cmpxchg` loop storing `op(old, val)`.
    fn cmpxchg_loop(&mut self, op: RmwOp, val: Value, width: Width) {
        let signed = matches!(op, RmwOp::Smax | RmwOp::Smin);
        self.load(RDX, val);
        // rdx = `val` extended from the width the way the comparison needs (64-bit
        // compares then work for every width).
        match (width, signed) {
            (Width::W8, false) => x64!(self.asm; movzx edx, dl),
            (Width::W16, false) => x64!(self.asm; movzx edx, dx),
            (Width::W32, false) => x64!(self.asm; mov edx, edx),
            (Width::W8, true) => x64!(self.asm; movsx rdx, dl),
            (Width::W16, true) => x64!(self.asm; movsx rdx, dx),
            (Width::W32, true) => x64!(self.asm; movsxd rdx, edx),
            _ => {}
        }
        // rax = old value, zero-extended; a failed cmpxchg writes only the width's low
        // bytes of rax, so its upper bits stay zero through the loop.
        self.mark_access(false);
        match width {
            Width::W8 => x64!(self.asm; movzx eax, BYTE [rsi]),
            Width::W16 => x64!(self.asm; movzx eax, WORD [rsi]),
            Width::W32 => x64!(self.asm; mov eax, DWORD [rsi]),
            _ => x64!(self.asm; mov rax, QWORD [rsi]),
        }
        let retry = self.asm.new_dynamic_label();
        x64!(self.asm; =>retry);
        // rcx = the new value (only its low width bytes are stored).
        match (op, width, signed) {
            (_, Width::W8, true) => x64!(self.asm; movsx rcx, al),
            (_, Width::W16, true) => x64!(self.asm; movsx rcx, ax),
            (_, Width::W32, true) => x64!(self.asm; movsxd rcx, eax),
            _ => x64!(self.asm; mov rcx, rax),
        }
        match op {
            RmwOp::Clr => x64!(self.asm; mov rdi, rdx; not rdi; and rcx, rdi),
            RmwOp::Eor => x64!(self.asm; xor rcx, rdx),
            RmwOp::Set => x64!(self.asm; or rcx, rdx),
            // Smax keeps old unless old < val; Smin unless old > val; likewise unsigned.
            RmwOp::Smax => x64!(self.asm; cmp rcx, rdx; cmovl rcx, rdx),
            RmwOp::Smin => x64!(self.asm; cmp rcx, rdx; cmovg rcx, rdx),
            RmwOp::Umax => x64!(self.asm; cmp rcx, rdx; cmovb rcx, rdx),
            RmwOp::Umin => x64!(self.asm; cmp rcx, rdx; cmova rcx, rdx),
            RmwOp::Add | RmwOp::Swp => unreachable!("{op:?} is done with xadd/xchg"),
        }
        self.mark_access(true);
        self.lock_cmpxchg(width);
        x64!(self.asm; jne =>retry);
    }
}
