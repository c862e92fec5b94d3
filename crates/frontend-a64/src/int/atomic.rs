//! Atomic memory operations (FEAT_LSE): LDADD, LDCLR, LDEOR, LDSET, LDSMAX, LDSMIN,
//! LDUMAX, LDUMIN and SWP, in every size and with every A/R ordering. The ST<op> aliases
//! are the LD<op> forms with Rt = XZR, which discard the old value.
//!
//! Known gap: a misaligned access should fault (SIGBUS), as for exclusives.

use super::ldst::width;
use crate::decoder::{Fields, Row};
use crate::row;
use crate::translate::{Tr, Undefined};
use crossrun_ir::{MemOrder, RmwOp};

// size 111 V=0 00 A R 1 Rs o3 opc 00 Rn Rt. o3 = 1 holds SWP (opc 000), LDAPR (see
// ldst_ordered) and the FEAT_LS64 forms, which are not implemented.
pub(crate) const ROWS: &[Row] = &[
    row!("LDADD/LDCLR/LDEOR/LDSET/LDSMAX/LDSMIN/LDUMAX/LDUMIN", "ss111000AR1rrrrr0ooo00nnnnnttttt", ld_op),
    row!("SWP", "ss111000AR1rrrrr100000nnnnnttttt", swp),
];

/// The ordering of acquire bit A and release bit R.
pub(super) fn order(acquire: bool, release: bool) -> MemOrder {
    match (acquire, release) {
        (false, false) => MemOrder::Plain,
        (true, false) => MemOrder::Acquire,
        (false, true) => MemOrder::Release,
        (true, true) => MemOrder::AcqRel,
    }
}

/// Rt = the old memory value, zero-extended; memory = op(old, Rs).
fn rmw(tr: &mut Tr, f: Fields, op: RmwOp) -> Result<(), Undefined> {
    let size = f.get('s');
    let addr = tr.x_sp(f.reg('n'));
    let v = tr.reg(size == 3, f.reg('r'));
    let old = tr.b.atomic_rmw(op, addr, v, width(size), order(f.bit('A'), f.bit('R')));
    tr.set_reg(f.reg('t'), old);
    Ok(())
}

fn ld_op(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let op = match f.get('o') {
        0 => RmwOp::Add,
        1 => RmwOp::Clr,
        2 => RmwOp::Eor,
        3 => RmwOp::Set,
        4 => RmwOp::Smax,
        5 => RmwOp::Smin,
        6 => RmwOp::Umax,
        _ => RmwOp::Umin,
    };
    rmw(tr, f, op)
}

fn swp(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    rmw(tr, f, RmwOp::Swp)
}
