//! VFP loads and stores: VLDR, VSTR, and VLDM/VSTM (with VPUSH and VPOP) in their
//! increment-after and decrement-before forms, including the FLDMX/FSTMX encodings.
//!
//! Their addresses must be word-aligned whatever SCTLR.A says (the Arm ARM's MemA
//! accesses), and Linux's alignment fixup does not handle them: a misaligned one is an
//! alignment fault (SIGBUS). QEMU performs them.

use super::{reg_number, Fsz};
use crate::decoder::{Fields, Row};
use crate::row;
use crate::translate::{Tr, Undefined};
use crossrun_ir::{MemOrder, Ty, Width};

pub(crate) const ROWS: &[Row] = &[
    row!("VSTR", "----1101UD00nnnndddd101ziiiiiiii", |t, f| single(t, f, false)),
    row!("VLDR", "----1101UD01nnnndddd101ziiiiiiii", |t, f| single(t, f, true)),
    row!("VSTM (increment after)", "----11001DW0nnnndddd101ziiiiiiii", |t, f| multiple(t, f, false, true)),
    row!("VLDM (increment after)", "----11001DW1nnnndddd101ziiiiiiii", |t, f| multiple(t, f, true, true)),
    row!("VSTM (decrement before), VPUSH", "----11010D10nnnndddd101ziiiiiiii", |t, f| multiple(t, f, false, false)),
    row!("VLDM (decrement before)", "----11010D11nnnndddd101ziiiiiiii", |t, f| multiple(t, f, true, false)),
];

/// VLDR/VSTR: [Rn ± imm8 * 4] (the word-aligned PC for Rn = 15).
fn single(t: &mut Tr, f: Fields, load: bool) -> Result<(), Undefined> {
    let sz = Fsz::from_sz(f.bit('z'));
    let d = reg_number(sz, f.get('d'), f.bit('D'));
    let n = f.reg('n');
    // A PC-relative store is only allowed in A32.
    if n == 15 && !load && t.thumb {
        return t.unpredictable();
    }
    let base = t.r_aligned(n);
    let off = t.c(f.get('i') * 4);
    let a = if f.bit('U') { t.b.add(base, off) } else { t.b.sub(base, off) };
    let a = t.address(a);
    t.b.check_alignment(a, 4, !load);
    transfer(t, sz, d, a, load);
    Ok(())
}

/// One register from or to the I64 address `a`.
fn transfer(t: &mut Tr, sz: Fsz, d: u8, a: crossrun_ir::Value, load: bool) {
    let w = if sz == Fsz::S { Width::W32 } else { Width::W64 };
    if load {
        let v = t.b.load(Ty::I64, a, w, false, MemOrder::Plain);
        t.set_fp_reg(sz, d, v);
    } else {
        let v = t.fp_reg(sz, d);
        t.b.store(a, v, w, MemOrder::Plain);
    }
}

fn multiple(t: &mut Tr, f: Fields, load: bool, increment: bool) -> Result<(), Undefined> {
    let sz = Fsz::from_sz(f.bit('z'));
    let d = reg_number(sz, f.get('d'), f.bit('D'));
    let wback = !increment || f.bit('W');
    vldm_vstm(t, sz, d, f.reg('n'), f.get('i'), load, increment, wback)
}

/// VLDM/VSTM of `imm8` words from register `d` on: a double-precision form with an odd
/// `imm8` is FLDMX/FSTMX, which transfers the same registers. Loads and stores come
/// before every register write.
#[allow(clippy::too_many_arguments)]
pub(crate) fn vldm_vstm(t: &mut Tr, sz: Fsz, d: u8, n: u8, imm8: u32, load: bool, increment: bool, wback: bool) -> Result<(), Undefined> {
    let count = if sz == Fsz::D { imm8 / 2 } else { imm8 };
    if count == 0 || u32::from(d) + count > 32 || (sz == Fsz::D && count > 16) || (n == 15 && (wback || t.thumb)) {
        return t.unpredictable();
    }
    let base = t.r(n);
    let size = t.c(imm8 * 4);
    let start = if increment { base } else { t.b.sub(base, size) };
    let first = t.address(start);
    t.b.check_alignment(first, 4, !load);
    let step = if sz == Fsz::S { 4 } else { 8 };
    let mut loaded = Vec::new();
    for k in 0..count {
        let off = t.c(k * step);
        let a = t.b.add(start, off);
        let a = t.address(a);
        let reg = d + k as u8;
        let w = if sz == Fsz::S { Width::W32 } else { Width::W64 };
        if load {
            loaded.push((reg, t.b.load(Ty::I64, a, w, false, MemOrder::Plain)));
        } else {
            let v = t.fp_reg(sz, reg);
            t.b.store(a, v, w, MemOrder::Plain);
        }
    }
    if wback {
        let new = if increment { t.b.add(base, size) } else { start };
        t.set_r(n, new);
    }
    for (reg, v) in loaded {
        t.set_fp_reg(sz, reg, v);
    }
    Ok(())
}
