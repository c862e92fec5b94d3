//! Load/store register with an immediate offset: unsigned (scaled) offset, unscaled
//! (LDUR/STUR, PRFUM), post-index, pre-index and unprivileged (LDTR/STTR), for general
//! and SIMD&FP registers.
//!
//! A general-register load with writeback whose Rt is Rn (not SP) is CONSTRAINED
//! UNPREDICTABLE; crossrun takes the Arm ARM's Constraint_UNKNOWN (the base register
//! ends up UNKNOWN) and makes that value the written-back address, as QEMU does. A store
//! with Rt = Rn stores the register's original value (Constraint_NONE).

use super::ldst::Xfer;
use crate::decoder::{Fields, Row};
use crate::row;
use crate::translate::{Tr, Undefined};

// 'V' selects the SIMD&FP registers; the unprivileged forms have none.
pub(crate) const ROWS: &[Row] = &[
    row!("LDR/STR (immediate, unsigned offset)", "ss111V01ooiiiiiiiiiiiinnnnnttttt", unsigned_offset),
    row!("LDUR/STUR (unscaled immediate)", "ss111V00oo0iiiiiiiii00nnnnnttttt", unscaled),
    row!("LDR/STR (immediate, post-index)", "ss111V00oo0iiiiiiiii01nnnnnttttt", post_index),
    row!("LDTR/STTR (unprivileged)", "ss111000oo0iiiiiiiii10nnnnnttttt", unprivileged),
    row!("LDR/STR (immediate, pre-index)", "ss111V00oo0iiiiiiiii11nnnnnttttt", pre_index),
];

fn decode(f: Fields) -> Result<Xfer, Undefined> {
    Xfer::decode(f.get('s'), f.bit('V'), f.get('o'))
}

/// A load or store at Xn|SP + offset, without writeback.
fn at_offset(tr: &mut Tr, f: Fields, x: Xfer, offset: u64) -> Result<(), Undefined> {
    if x == Xfer::Prefetch {
        return Ok(());
    }
    let addr = tr.base_plus(f.reg('n'), offset);
    let loaded = tr.transfer(x, f.reg('t'), addr);
    tr.commit(loaded);
    Ok(())
}

fn unsigned_offset(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let x = decode(f)?;
    at_offset(tr, f, x, (f.get('i') as u64) << x.scale())
}

fn unscaled(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let x = decode(f)?;
    at_offset(tr, f, x, f.signed('i') as u64)
}

/// EL0's unprivileged accesses are its ordinary ones.
fn unprivileged(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    match decode(f)? {
        Xfer::Prefetch => Err(Undefined),
        x => at_offset(tr, f, x, f.signed('i') as u64),
    }
}

/// Accesses Xn|SP (post-index) or Xn|SP + imm (pre-index), then writes Xn|SP + imm back.
fn indexed(tr: &mut Tr, f: Fields, post: bool) -> Result<(), Undefined> {
    let x = decode(f)?;
    if x == Xfer::Prefetch {
        return Err(Undefined);
    }
    let n = f.reg('n');
    let base = tr.x_sp(n);
    let offset = tr.b.c64(f.signed('i') as u64);
    let updated = tr.b.add(base, offset);
    let addr = if post { base } else { updated };
    let loaded = tr.transfer(x, f.reg('t'), addr);
    tr.commit(loaded);
    tr.set_x_sp(n, updated);
    Ok(())
}

fn post_index(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    indexed(tr, f, true)
}

fn pre_index(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    indexed(tr, f, false)
}
