//! Load-acquire and store-release: LDAR, STLR (RCsc), LDLAR, STLLR (FEAT_LOR; with no
//! limited ordering regions configured they order as LDAR and STLR do) and LDAPR
//! (FEAT_LRCPC, RCpc), each for byte, halfword, word and doubleword.
//!
//! Known gap: a misaligned access should fault (SIGBUS), as for exclusives.

use super::ldst::width;
use crate::decoder::{Fields, Row};
use crate::row;
use crate::translate::{Tr, Undefined};
use crossrun_ir::{MemOrder, Ty};

// size 001000 1 L 0 Rs o0 Rt2 Rn Rt: Rs and Rt2 should be ones and are ignored; o0 = 0
// is the LOR form. LDAPR lives in the atomic memory operations group.
pub(crate) const ROWS: &[Row] = &[
    row!("LDAR/LDLAR", "ss001000110-----o-----nnnnnttttt", ldar),
    row!("STLR/STLLR", "ss001000100-----o-----nnnnnttttt", stlr),
    row!("LDAPR", "ss11100010111111110000nnnnnttttt", ldapr),
];

fn load(tr: &mut Tr, f: Fields, order: MemOrder) -> Result<(), Undefined> {
    let size = f.get('s');
    let ty = if size == 3 { Ty::I64 } else { Ty::I32 };
    let addr = tr.x_sp(f.reg('n'));
    let v = tr.b.load(ty, addr, width(size), false, order);
    tr.set_reg(f.reg('t'), v);
    Ok(())
}

fn ldar(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    load(tr, f, MemOrder::Acquire)
}

fn ldapr(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    load(tr, f, MemOrder::AcquirePc)
}

fn stlr(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let addr = tr.x_sp(f.reg('n'));
    let v = tr.x(f.reg('t'));
    tr.b.store(addr, v, width(f.get('s')), MemOrder::Release);
    Ok(())
}
