//! Load/store exclusive: LDXR, LDAXR, STXR, STLXR (byte, halfword, word, doubleword) and
//! the pairs LDXP, LDAXP, STXP, STLXP. A pair is one exclusive access of twice the
//! register size (W128 for X pairs, read and written as a V128).
//!
//! The should-be-one fields (Rs of the loads, Rt2 of the single-register forms) are
//! ignored, as hardware does. CONSTRAINED UNPREDICTABLE overlaps take the natural
//! outcome: a store whose status register is also Rt or Rn stores the original value at
//! the original address; LDXP with Rt = Rt2 leaves the value from the higher address.
//!
//! Known gap: the Arm ARM faults (SIGBUS) on a misaligned exclusive; crossrun performs
//! it. The IR has no way to trap on a run-time condition yet.

use super::ldst::width;
use crate::decoder::{Fields, Row};
use crate::row;
use crate::translate::{Tr, Undefined};
use crossrun_ir::{MemOrder, Ty, Width};

// size 001000 o2 L o1 Rs o0 Rt2 Rn Rt, with o2 = 0; o1 selects the pair forms, which
// exist for size 1x only (size 0x is CASP).
pub(crate) const ROWS: &[Row] = &[
    row!("LDXR/LDAXR", "ss001000010-----o-----nnnnnttttt", ldxr),
    row!("STXR/STLXR", "ss001000000rrrrro-----nnnnnttttt", stxr),
    row!("LDXP/LDAXP", "1z001000011-----oTTTTTnnnnnttttt", ldxp),
    row!("STXP/STLXP", "1z001000001rrrrroTTTTTnnnnnttttt", stxp),
];

fn acquire(f: Fields) -> MemOrder {
    if f.bit('o') {
        MemOrder::Acquire
    } else {
        MemOrder::Plain
    }
}

fn release(f: Fields) -> MemOrder {
    if f.bit('o') {
        MemOrder::Release
    } else {
        MemOrder::Plain
    }
}

fn ldxr(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let size = f.get('s');
    let ty = if size == 3 { Ty::I64 } else { Ty::I32 };
    let addr = tr.x_sp(f.reg('n'));
    let v = tr.b.load_exclusive(ty, addr, width(size), acquire(f));
    tr.set_reg(f.reg('t'), v);
    Ok(())
}

fn stxr(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let addr = tr.x_sp(f.reg('n'));
    let v = tr.x(f.reg('t'));
    let status = tr.b.store_exclusive(addr, v, width(f.get('s')), release(f));
    tr.set_reg(f.reg('r'), status);
    Ok(())
}

fn ldxp(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let addr = tr.x_sp(f.reg('n'));
    let (t, t2) = (f.reg('t'), f.reg('T'));
    if f.bit('z') {
        let v = tr.b.load_exclusive(Ty::V128, addr, Width::W128, acquire(f));
        let lo = tr.b.vlo(v);
        let hi = tr.b.vhi(v);
        tr.set_reg(t, lo);
        tr.set_reg(t2, hi);
    } else {
        let v = tr.b.load_exclusive(Ty::I64, addr, Width::W64, acquire(f));
        let (lo, hi) = tr.split_w_pair(v);
        tr.set_reg(t, lo);
        tr.set_reg(t2, hi);
    }
    Ok(())
}

fn stxp(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let addr = tr.x_sp(f.reg('n'));
    let lo = tr.x(f.reg('t'));
    let hi = tr.x(f.reg('T'));
    let status = if f.bit('z') {
        let v = tr.b.vmake(lo, hi);
        tr.b.store_exclusive(addr, v, Width::W128, release(f))
    } else {
        let v = tr.pack_w_pair(lo, hi);
        tr.b.store_exclusive(addr, v, Width::W64, release(f))
    };
    tr.set_reg(f.reg('r'), status);
    Ok(())
}
