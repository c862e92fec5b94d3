//! The A extension: LR.W/D, SC.W/D and the AMOs (SWAP, ADD, XOR, AND, OR, MIN, MAX,
//! MINU, MAXU) on words and doublewords, with the aq and rl ordering bits.
//!
//! LR and SC are the IR's exclusive pair (the store succeeds only if this hart's
//! reservation still holds and memory still holds the value LR read); SC writes 0 on
//! success and 1 on failure, and always ends the reservation. An AMO is one atomic
//! read-modify-write. Word forms sign-extend the 32-bit value they return. All of them
//! need a naturally aligned address: otherwise they fault (SIGBUS), as on Linux.

use crate::decoder::{Fields, Row};
use crate::row;
use crate::translate::{Tr, Undefined};
use crossrun_ir::{MemOrder, RmwOp, Ty, Width};

// funct5 aq rl rs2 rs1 01w rd 0101111, w selecting word (0) or doubleword (1).
pub(crate) const ROWS: &[Row] = &[
    row!("LR", "00010ql00000sssss01wddddd0101111", lr),
    row!("SC", "00011qltttttsssss01wddddd0101111", sc),
    row!("AMOSWAP", "00001qltttttsssss01wddddd0101111", amoswap),
    row!("AMOADD", "00000qltttttsssss01wddddd0101111", amoadd),
    row!("AMOXOR", "00100qltttttsssss01wddddd0101111", amoxor),
    row!("AMOAND", "01100qltttttsssss01wddddd0101111", amoand),
    row!("AMOOR", "01000qltttttsssss01wddddd0101111", amoor),
    row!("AMOMIN", "10000qltttttsssss01wddddd0101111", amomin),
    row!("AMOMAX", "10100qltttttsssss01wddddd0101111", amomax),
    row!("AMOMINU", "11000qltttttsssss01wddddd0101111", amominu),
    row!("AMOMAXU", "11100qltttttsssss01wddddd0101111", amomaxu),
];

/// The ordering of the aq and rl bits.
fn order(f: Fields) -> MemOrder {
    match (f.bit('q'), f.bit('l')) {
        (false, false) => MemOrder::Plain,
        (true, false) => MemOrder::Acquire,
        (false, true) => MemOrder::Release,
        (true, true) => MemOrder::AcqRel,
    }
}

/// The access width and the IR type of its value.
fn width(f: Fields) -> (Width, Ty) {
    if f.bit('w') {
        (Width::W64, Ty::I64)
    } else {
        (Width::W32, Ty::I32)
    }
}

/// Writes a loaded value: a word sign-extended.
fn set_result(tr: &mut Tr, rd: u8, v: crossrun_ir::Value) {
    match tr.b.ty(v) {
        Ty::I32 => tr.set_x_w(rd, v),
        _ => tr.set_x(rd, v),
    }
}

fn lr(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let (w, ty) = width(f);
    let addr = tr.x(f.reg('s'));
    let v = tr.b.load_exclusive(ty, addr, w, order(f));
    set_result(tr, f.reg('d'), v);
    Ok(())
}

fn sc(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let (w, _) = width(f);
    let addr = tr.x(f.reg('s'));
    let v = tr.x(f.reg('t'));
    let status = tr.b.store_exclusive(addr, v, w, order(f));
    let status = tr.b.zext(Ty::I64, Width::W32, status);
    tr.set_x(f.reg('d'), status);
    Ok(())
}

/// rd = old memory value; memory = op(old, rs2).
fn amo(tr: &mut Tr, f: Fields, op: RmwOp, invert: bool) -> Result<(), Undefined> {
    let (w, ty) = width(f);
    let addr = tr.x(f.reg('s'));
    let mut v = if ty == Ty::I32 { tr.w(f.reg('t')) } else { tr.x(f.reg('t')) };
    if invert {
        v = tr.b.not(v);
    }
    let old = tr.b.atomic_rmw(op, addr, v, w, order(f));
    set_result(tr, f.reg('d'), old);
    Ok(())
}

fn amoswap(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    amo(tr, f, RmwOp::Swp, false)
}

fn amoadd(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    amo(tr, f, RmwOp::Add, false)
}

fn amoxor(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    amo(tr, f, RmwOp::Eor, false)
}

/// AND is the IR's AND NOT (Arm's LDCLR) of the inverted operand.
fn amoand(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    amo(tr, f, RmwOp::Clr, true)
}

fn amoor(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    amo(tr, f, RmwOp::Set, false)
}

fn amomin(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    amo(tr, f, RmwOp::Smin, false)
}

fn amomax(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    amo(tr, f, RmwOp::Smax, false)
}

fn amominu(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    amo(tr, f, RmwOp::Umin, false)
}

fn amomaxu(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    amo(tr, f, RmwOp::Umax, false)
}
