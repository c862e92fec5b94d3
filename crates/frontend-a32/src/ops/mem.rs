//! Loads and stores of general registers: the addressing modes (offset, pre-indexed,
//! post-indexed), write-back, loads into the PC, doubleword and multiple transfers.
//!
//! Every memory access of an instruction comes before its register writes, so a fault
//! leaves the registers as they were. Addresses are computed in 32 bits (they wrap as
//! the architecture's do) and zero-extended for the access.

use crate::translate::{Tr, Undefined};
use crossrun_ir::{BranchKind, MemOrder, Ty, Value, Width};

/// The P, U and W bits of an addressing mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Mode {
    /// P: the access uses the offset address (else the base, post-indexed).
    pub index: bool,
    /// U: the offset is added (else subtracted).
    pub add: bool,
    /// The base register is written back with the offset address.
    pub wback: bool,
}

impl Mode {
    /// A32's P, U, W bits: post-indexed forms always write back.
    pub(crate) fn a32(p: bool, u: bool, w: bool) -> Mode {
        Mode { index: p, add: u, wback: !p || w }
    }

    /// Plain offset addressing.
    pub(crate) fn offset(add: bool) -> Mode {
        Mode { index: true, add, wback: false }
    }
}

/// The address an access uses and the value written back to the base, if any.
pub(crate) fn address(t: &mut Tr, n: u8, offset: Value, mode: Mode) -> Result<(Value, Option<Value>), Undefined> {
    if n == 15 && mode.wback {
        t.unpredictable()?;
    }
    let base = t.r_aligned(n);
    let offset_addr = if mode.add { t.b.add(base, offset) } else { t.b.sub(base, offset) };
    let addr = if mode.index { offset_addr } else { base };
    Ok((addr, mode.wback.then_some(offset_addr)))
}

/// An I32 load of `width` bytes at the I32 address `a`.
pub(crate) fn load(t: &mut Tr, a: Value, width: Width, signed: bool) -> Value {
    let a = t.address(a);
    t.b.load(Ty::I32, a, width, signed, MemOrder::Plain)
}

/// Stores the low `width` bytes of the I32 `v` at the I32 address `a`.
pub(crate) fn store(t: &mut Tr, a: Value, v: Value, width: Width) {
    let a = t.address(a);
    t.b.store(a, v, width, MemOrder::Plain);
}

/// LDR/LDRB/LDRH/LDRSB/LDRSH: Rt = [address]; a word loaded into the PC branches
/// (LoadWritePC: interworking; popping it off the stack is a return).
pub(crate) fn load_single(t: &mut Tr, rt: u8, n: u8, offset: Value, mode: Mode, width: Width, signed: bool) -> Result<(), Undefined> {
    if mode.wback && n == rt {
        return t.unpredictable();
    }
    let (a, wb) = address(t, n, offset, mode)?;
    let v = load(t, a, width, signed);
    if let Some(wb) = wb {
        t.set_r(n, wb);
    }
    if rt == 15 {
        if width != Width::W32 {
            return t.unpredictable();
        }
        let pop = n == 13 && mode.wback && !mode.index && mode.add;
        t.bx_write_pc(v, if pop { BranchKind::Return } else { BranchKind::Plain });
    } else {
        t.set_r(rt, v);
    }
    Ok(())
}

/// STR/STRB/STRH: [address] = Rt (the PC stores as the PC value).
pub(crate) fn store_single(t: &mut Tr, rt: u8, n: u8, offset: Value, mode: Mode, width: Width) -> Result<(), Undefined> {
    if mode.wback && (n == rt || n == 15) {
        return t.unpredictable();
    }
    let v = t.r(rt);
    let (a, wb) = address(t, n, offset, mode)?;
    store(t, a, v, width);
    if let Some(wb) = wb {
        t.set_r(n, wb);
    }
    Ok(())
}

/// LDRD: Rt = [address], Rt2 = [address + 4].
pub(crate) fn load_dual(t: &mut Tr, rt: u8, rt2: u8, n: u8, offset: Value, mode: Mode) -> Result<(), Undefined> {
    if rt2 == 15 || rt == 15 || (mode.wback && (n == rt || n == rt2)) {
        return t.unpredictable();
    }
    let (a, wb) = address(t, n, offset, mode)?;
    let a64 = t.address(a);
    let v = t.b.load(Ty::I64, a64, Width::W64, false, MemOrder::Plain);
    let lo = t.b.zext(Ty::I32, Width::W32, v);
    let sh = t.b.c64(32);
    let hi = t.b.lshr(v, sh);
    let hi = t.b.zext(Ty::I32, Width::W32, hi);
    if let Some(wb) = wb {
        t.set_r(n, wb);
    }
    t.set_r(rt, lo);
    t.set_r(rt2, hi);
    Ok(())
}

/// STRD: [address] = Rt, [address + 4] = Rt2.
pub(crate) fn store_dual(t: &mut Tr, rt: u8, rt2: u8, n: u8, offset: Value, mode: Mode) -> Result<(), Undefined> {
    if rt2 == 15 || rt == 15 || (mode.wback && (n == 15 || n == rt || n == rt2)) {
        return t.unpredictable();
    }
    let lo = t.r(rt);
    let hi = t.r(rt2);
    let (a, wb) = address(t, n, offset, mode)?;
    let v = pair(t, lo, hi);
    let a64 = t.address(a);
    t.b.store(a64, v, Width::W64, MemOrder::Plain);
    if let Some(wb) = wb {
        t.set_r(n, wb);
    }
    Ok(())
}

/// The I64 `hi:lo` of two I32 values.
pub(crate) fn pair(t: &mut Tr, lo: Value, hi: Value) -> Value {
    let lo = t.b.zext(Ty::I64, Width::W32, lo);
    let hi = t.b.zext(Ty::I64, Width::W32, hi);
    let sh = t.b.c64(32);
    let hi = t.b.shl(hi, sh);
    t.b.or(hi, lo)
}

/// The lowest address an LDM/STM of `count` registers touches, and the base's new
/// value: increment after (IA), increment before (IB), decrement after (DA) and
/// decrement before (DB).
fn multiple_addresses(t: &mut Tr, n: u8, count: u32, increment: bool, before: bool) -> (Value, Value) {
    let base = t.r(n);
    let size = t.c(4 * count);
    let four = t.c(4);
    if increment {
        let lowest = if before { t.b.add(base, four) } else { base };
        (lowest, t.b.add(base, size))
    } else {
        let new = t.b.sub(base, size);
        let lowest = if before { new } else { t.b.add(new, four) };
        (lowest, new)
    }
}

/// LDM (and POP): loads the registers in `list` from consecutive words; a loaded base
/// register wins over write-back; a loaded PC branches (interworking; popped off the
/// stack it is a return).
pub(crate) fn load_multiple(t: &mut Tr, n: u8, list: u16, increment: bool, before: bool, wback: bool) -> Result<(), Undefined> {
    if list == 0 || n == 15 {
        return t.unpredictable();
    }
    let count = list.count_ones();
    let (lowest, new_base) = multiple_addresses(t, n, count, increment, before);
    let mut values = Vec::with_capacity(count as usize);
    for (k, r) in (0..16u8).filter(|r| list & 1 << r != 0).enumerate() {
        let a = if k == 0 {
            lowest
        } else {
            let off = t.c(4 * k as u32);
            t.b.add(lowest, off)
        };
        values.push((r, load(t, a, Width::W32, false)));
    }
    if wback {
        t.set_r(n, new_base);
    }
    let mut pc = None;
    for (r, v) in values {
        if r == 15 {
            pc = Some(v);
        } else {
            t.set_r(r, v);
        }
    }
    if let Some(v) = pc {
        let pop = n == 13 && wback && increment && !before;
        t.bx_write_pc(v, if pop { BranchKind::Return } else { BranchKind::Plain });
    }
    Ok(())
}

/// STM (and PUSH): stores the registers in `list` to consecutive words (the base as it
/// was before any write-back; the PC as the PC value).
pub(crate) fn store_multiple(t: &mut Tr, n: u8, list: u16, increment: bool, before: bool, wback: bool) -> Result<(), Undefined> {
    if list == 0 || n == 15 {
        return t.unpredictable();
    }
    let count = list.count_ones();
    let (lowest, new_base) = multiple_addresses(t, n, count, increment, before);
    for (k, r) in (0..16u8).filter(|r| list & 1 << r != 0).enumerate() {
        let a = if k == 0 {
            lowest
        } else {
            let off = t.c(4 * k as u32);
            t.b.add(lowest, off)
        };
        let v = t.r(r);
        store(t, a, v, Width::W32);
    }
    if wback {
        t.set_r(n, new_base);
    }
    Ok(())
}

/// LDREX{B,H,D} and LDAEX{B,H,D}: an exclusive load of `width` into Rt (and Rt2 for the
/// doubleword) from [Rn + offset].
pub(crate) fn load_exclusive(t: &mut Tr, rt: u8, rt2: Option<u8>, n: u8, offset: u32, width: Width, order: MemOrder) -> Result<(), Undefined> {
    if rt == 15 || n == 15 || rt2 == Some(15) {
        return t.unpredictable();
    }
    let a = base_plus(t, n, offset);
    match rt2 {
        Some(rt2) => {
            let v = t.b.load_exclusive(Ty::I64, a, Width::W64, order);
            let lo = t.b.zext(Ty::I32, Width::W32, v);
            let sh = t.b.c64(32);
            let hi = t.b.lshr(v, sh);
            let hi = t.b.zext(Ty::I32, Width::W32, hi);
            t.set_r(rt, lo);
            t.set_r(rt2, hi);
        }
        None => {
            let v = t.b.load_exclusive(Ty::I32, a, width, order);
            t.set_r(rt, v);
        }
    }
    Ok(())
}

/// STREX{B,H,D} and STLEX{B,H,D}: stores Rt (Rt2:Rt for the doubleword) to
/// [Rn + offset] if the monitor allows; Rd = 0 on success, 1 on failure.
#[allow(clippy::too_many_arguments)]
pub(crate) fn store_exclusive(t: &mut Tr, d: u8, rt: u8, rt2: Option<u8>, n: u8, offset: u32, width: Width, order: MemOrder) -> Result<(), Undefined> {
    if d == 15 || rt == 15 || n == 15 || d == n || d == rt || rt2.is_some_and(|r| r == 15 || r == d) {
        return t.unpredictable();
    }
    let a = base_plus(t, n, offset);
    let lo = t.r(rt);
    let status = match rt2 {
        Some(rt2) => {
            let hi = t.r(rt2);
            let v = pair(t, lo, hi);
            t.b.store_exclusive(a, v, Width::W64, order)
        }
        None => t.b.store_exclusive(a, lo, width, order),
    };
    t.set_r(d, status);
    Ok(())
}

/// The I64 address Rn + `offset`.
fn base_plus(t: &mut Tr, n: u8, offset: u32) -> Value {
    let base = t.r(n);
    let a = if offset == 0 {
        base
    } else {
        let off = t.c(offset);
        t.b.add(base, off)
    };
    t.address(a)
}
