//! A32 synchronization primitives: SWP/SWPB, the exclusives in every size, and the
//! ARMv8 load-acquire and store-release instructions.

use crate::decoder::{Fields, Row};
use crate::ops::mem::{load_exclusive, store_exclusive};
use crate::row;
use crate::translate::{Tr, Undefined};
use crossrun_ir::{MemOrder, RmwOp, Ty, Width};

pub(crate) const ROWS: &[Row] = &[
    row!("SWP, SWPB", "----00010B00nnnntttt00001001mmmm", swp),
    row!("LDREX", "----00011001nnnntttt111110011111", |t, f| ldrex(t, f, Width::W32, MemOrder::Plain)),
    row!("LDREXD", "----00011011nnnntttt111110011111", |t, f| ldrex(t, f, Width::W64, MemOrder::Plain)),
    row!("LDREXB", "----00011101nnnntttt111110011111", |t, f| ldrex(t, f, Width::W8, MemOrder::Plain)),
    row!("LDREXH", "----00011111nnnntttt111110011111", |t, f| ldrex(t, f, Width::W16, MemOrder::Plain)),
    row!("LDAEX", "----00011001nnnntttt111010011111", |t, f| ldrex(t, f, Width::W32, MemOrder::Acquire)),
    row!("LDAEXD", "----00011011nnnntttt111010011111", |t, f| ldrex(t, f, Width::W64, MemOrder::Acquire)),
    row!("LDAEXB", "----00011101nnnntttt111010011111", |t, f| ldrex(t, f, Width::W8, MemOrder::Acquire)),
    row!("LDAEXH", "----00011111nnnntttt111010011111", |t, f| ldrex(t, f, Width::W16, MemOrder::Acquire)),
    row!("LDA", "----00011001nnnntttt110010011111", |t, f| lda(t, f, Width::W32)),
    row!("LDAB", "----00011101nnnntttt110010011111", |t, f| lda(t, f, Width::W8)),
    row!("LDAH", "----00011111nnnntttt110010011111", |t, f| lda(t, f, Width::W16)),
    row!("STREX", "----00011000nnnndddd11111001tttt", |t, f| strex(t, f, Width::W32, MemOrder::Plain)),
    row!("STREXD", "----00011010nnnndddd11111001tttt", |t, f| strex(t, f, Width::W64, MemOrder::Plain)),
    row!("STREXB", "----00011100nnnndddd11111001tttt", |t, f| strex(t, f, Width::W8, MemOrder::Plain)),
    row!("STREXH", "----00011110nnnndddd11111001tttt", |t, f| strex(t, f, Width::W16, MemOrder::Plain)),
    row!("STLEX", "----00011000nnnndddd11101001tttt", |t, f| strex(t, f, Width::W32, MemOrder::Release)),
    row!("STLEXD", "----00011010nnnndddd11101001tttt", |t, f| strex(t, f, Width::W64, MemOrder::Release)),
    row!("STLEXB", "----00011100nnnndddd11101001tttt", |t, f| strex(t, f, Width::W8, MemOrder::Release)),
    row!("STLEXH", "----00011110nnnndddd11101001tttt", |t, f| strex(t, f, Width::W16, MemOrder::Release)),
    row!("STL", "----00011000nnnn111111001001tttt", |t, f| stl(t, f, Width::W32)),
    row!("STLB", "----00011100nnnn111111001001tttt", |t, f| stl(t, f, Width::W8)),
    row!("STLH", "----00011110nnnn111111001001tttt", |t, f| stl(t, f, Width::W16)),
];

/// SWP, SWPB: Rt = [Rn], [Rn] = Rt2, atomically (ARMv6 and ARMv7 with SCTLR.SW, or
/// Linux's emulation of it; a misaligned word is an alignment fault).
fn swp(t: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let (rt, rt2, n) = (f.reg('t'), f.reg('m'), f.reg('n'));
    if [rt, rt2, n].contains(&15) || n == rt || n == rt2 {
        return t.unpredictable();
    }
    let width = if f.bit('B') { Width::W8 } else { Width::W32 };
    let base = t.r(n);
    let a = t.address(base);
    let v = t.r(rt2);
    let old = t.b.atomic_rmw(RmwOp::Swp, a, v, width, MemOrder::AcqRel);
    t.set_r(rt, old);
    Ok(())
}

fn ldrex(t: &mut Tr, f: Fields, width: Width, order: MemOrder) -> Result<(), Undefined> {
    let rt = f.reg('t');
    if width == Width::W64 {
        if rt % 2 == 1 || rt == 14 {
            return t.unpredictable();
        }
        return load_exclusive(t, rt, Some(rt + 1), f.reg('n'), 0, width, order);
    }
    load_exclusive(t, rt, None, f.reg('n'), 0, width, order)
}

fn strex(t: &mut Tr, f: Fields, width: Width, order: MemOrder) -> Result<(), Undefined> {
    let rt = f.reg('t');
    if width == Width::W64 {
        if rt % 2 == 1 || rt == 14 {
            return t.unpredictable();
        }
        return store_exclusive(t, f.reg('d'), rt, Some(rt + 1), f.reg('n'), 0, width, order);
    }
    store_exclusive(t, f.reg('d'), rt, None, f.reg('n'), 0, width, order)
}

/// LDA, LDAB, LDAH: a load-acquire (RCsc).
pub(crate) fn lda(t: &mut Tr, f: Fields, width: Width) -> Result<(), Undefined> {
    let (rt, n) = (f.reg('t'), f.reg('n'));
    if rt == 15 || n == 15 {
        return t.unpredictable();
    }
    let base = t.r(n);
    let a = t.address(base);
    let v = t.b.load(Ty::I32, a, width, false, MemOrder::Acquire);
    t.set_r(rt, v);
    Ok(())
}

/// STL, STLB, STLH: a store-release.
pub(crate) fn stl(t: &mut Tr, f: Fields, width: Width) -> Result<(), Undefined> {
    let (rt, n) = (f.reg('t'), f.reg('n'));
    if rt == 15 || n == 15 {
        return t.unpredictable();
    }
    let base = t.r(n);
    let a = t.address(base);
    let v = t.r(rt);
    t.b.store(a, v, width, MemOrder::Release);
    Ok(())
}
