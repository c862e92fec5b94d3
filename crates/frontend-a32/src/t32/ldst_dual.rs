//! T32 load/store dual, load/store exclusive, the ARMv8 load-acquire/store-release
//! instructions, and table branch.

use crate::decoder::{Fields, Row};
use crate::ops::mem::{load_dual, load_exclusive, store_dual, store_exclusive, Mode};
use crate::row;
use crate::translate::{Tr, Undefined};
use crossrun_ir::{BranchKind, MemOrder, Ty, Width};

pub(crate) const ROWS: &[Row] = &[
    row!("STRD (immediate)", "11101001U1W0nnnnttttuuuuiiiiiiii", |t, f| dual(t, f, true, false)),
    row!("LDRD (immediate, literal)", "11101001U1W1nnnnttttuuuuiiiiiiii", |t, f| dual(t, f, true, true)),
    row!("STRD (immediate, post-indexed)", "11101000U110nnnnttttuuuuiiiiiiii", |t, f| dual(t, f, false, false)),
    row!("LDRD (immediate, post-indexed)", "11101000U111nnnnttttuuuuiiiiiiii", |t, f| dual(t, f, false, true)),
    row!("STREX", "111010000100nnnnttttddddiiiiiiii", |t, f| {
        store_exclusive(t, f.reg('d'), f.reg('t'), None, f.reg('n'), f.get('i') * 4, Width::W32, MemOrder::Plain)
    }),
    row!("LDREX", "111010000101nnnntttt1111iiiiiiii", |t, f| {
        load_exclusive(t, f.reg('t'), None, f.reg('n'), f.get('i') * 4, Width::W32, MemOrder::Plain)
    }),
    row!("STREXB, STREXH", "111010001100nnnntttt1111010zdddd", |t, f| strex(t, f, MemOrder::Plain)),
    row!("STREXD", "111010001100nnnnttttuuuu0111dddd", |t, f| strexd(t, f, MemOrder::Plain)),
    row!("LDREXB, LDREXH", "111010001101nnnntttt1111010z1111", |t, f| ldrex(t, f, MemOrder::Plain)),
    row!("LDREXD", "111010001101nnnnttttuuuu01111111", |t, f| ldrexd(t, f, MemOrder::Plain)),
    row!("TBB, TBH", "111010001101nnnn11110000000hmmmm", tbb),
    row!("STLB, STLH, STL", "111010001100nnnntttt111110zz1111", |t, f| stl(t, f)),
    row!("STLEXB, STLEXH, STLEX", "111010001100nnnntttt111111zzdddd", |t, f| strex(t, f, MemOrder::Release)),
    row!("STLEXD", "111010001100nnnnttttuuuu1111dddd", |t, f| strexd(t, f, MemOrder::Release)),
    row!("LDAB, LDAH, LDA", "111010001101nnnntttt111110zz1111", |t, f| lda(t, f)),
    row!("LDAEXB, LDAEXH, LDAEX", "111010001101nnnntttt111111zz1111", |t, f| ldrex(t, f, MemOrder::Acquire)),
    row!("LDAEXD", "111010001101nnnnttttuuuu11111111", |t, f| ldrexd(t, f, MemOrder::Acquire)),
];

/// LDRD/STRD with an 8-bit immediate scaled by 4; `index` is P (the post-indexed rows
/// have P = 0 and W = 1).
fn dual(t: &mut Tr, f: Fields, index: bool, load: bool) -> Result<(), Undefined> {
    let mode = Mode { index, add: f.bit('U'), wback: !index || f.bit('W') };
    let (rt, rt2, n) = (f.reg('t'), f.reg('u'), f.reg('n'));
    if [rt, rt2].contains(&13) || (load && rt == rt2) {
        return t.unpredictable();
    }
    let off = t.c(f.get('i') * 4);
    if load {
        load_dual(t, rt, rt2, n, off, mode)
    } else {
        store_dual(t, rt, rt2, n, off, mode)
    }
}

/// The size field of the byte/halfword/word exclusive and acquire/release forms.
fn width(z: u32) -> Result<Width, Undefined> {
    match z {
        0 => Ok(Width::W8),
        1 => Ok(Width::W16),
        2 => Ok(Width::W32),
        _ => Err(Undefined),
    }
}

fn strex(t: &mut Tr, f: Fields, order: MemOrder) -> Result<(), Undefined> {
    store_exclusive(t, f.reg('d'), f.reg('t'), None, f.reg('n'), 0, width(f.get('z'))?, order)
}

fn strexd(t: &mut Tr, f: Fields, order: MemOrder) -> Result<(), Undefined> {
    store_exclusive(t, f.reg('d'), f.reg('t'), Some(f.reg('u')), f.reg('n'), 0, Width::W64, order)
}

fn ldrex(t: &mut Tr, f: Fields, order: MemOrder) -> Result<(), Undefined> {
    load_exclusive(t, f.reg('t'), None, f.reg('n'), 0, width(f.get('z'))?, order)
}

fn ldrexd(t: &mut Tr, f: Fields, order: MemOrder) -> Result<(), Undefined> {
    let (rt, rt2) = (f.reg('t'), f.reg('u'));
    if rt == rt2 {
        return t.unpredictable();
    }
    load_exclusive(t, rt, Some(rt2), f.reg('n'), 0, Width::W64, order)
}

fn lda(t: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let (rt, n) = (f.reg('t'), f.reg('n'));
    if rt == 15 || n == 15 {
        return t.unpredictable();
    }
    let w = width(f.get('z'))?;
    let base = t.r(n);
    let a = t.address(base);
    let v = t.b.load(Ty::I32, a, w, false, MemOrder::Acquire);
    t.set_r(rt, v);
    Ok(())
}

fn stl(t: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let (rt, n) = (f.reg('t'), f.reg('n'));
    if rt == 15 || n == 15 {
        return t.unpredictable();
    }
    let w = width(f.get('z'))?;
    let v = t.r(rt);
    let base = t.r(n);
    let a = t.address(base);
    t.b.store(a, v, w, MemOrder::Release);
    Ok(())
}

/// TBB, TBH: a forward branch by twice the byte (halfword) at Rn + Rm (Rn + 2 * Rm).
fn tbb(t: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let (n, m, half) = (f.reg('n'), f.reg('m'), f.bit('h'));
    if m == 13 || m == 15 || t.in_it_block_not_last() {
        return t.unpredictable();
    }
    let base = t.r(n);
    let rm = t.r(m);
    let index = if half { t.b.add(rm, rm) } else { rm };
    let a = t.b.add(base, index);
    let a = t.address(a);
    let entry = t.b.load(Ty::I32, a, if half { Width::W16 } else { Width::W8 }, false, MemOrder::Plain);
    let offset = t.b.add(entry, entry);
    let pc = t.c(t.pc_value());
    let target = t.b.add(pc, offset);
    t.branch_write_pc(target, BranchKind::Plain);
    Ok(())
}
