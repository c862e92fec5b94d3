//! FLW, FLD, FSW, FSD. A loaded single is NaN-boxed; a stored one is the register's low
//! 32 bits, boxed or not (a transfer does not check the box).

use crate::decoder::{Fields, Row};
use crate::imm;
use crate::int::load_store::address;
use crate::row;
use crate::translate::{Tr, Undefined};
use crossrun_ir::{MemOrder, Ty, Width};

pub(crate) const ROWS: &[Row] = &[
    row!("FLW", "iiiiiiiiiiiisssss010ddddd0000111", flw),
    row!("FLD", "iiiiiiiiiiiisssss011ddddd0000111", fld_row),
    row!("FSW", "iiiiiiitttttsssss010iiiii0100111", fsw),
    row!("FSD", "iiiiiiitttttsssss011iiiii0100111", fsd_row),
];

/// fd = the double at rs1 + offset.
pub(crate) fn fld(tr: &mut Tr, fd: u8, rs1: u8, offset: i64) {
    let addr = address(tr, rs1, offset);
    let v = tr.b.load(Ty::I64, addr, Width::W64, false, MemOrder::Plain);
    tr.set_f(fd, v);
}

/// The double in fs2 to rs1 + offset.
pub(crate) fn fsd(tr: &mut Tr, fs2: u8, rs1: u8, offset: i64) {
    let addr = address(tr, rs1, offset);
    let v = tr.f(fs2);
    tr.b.store(addr, v, Width::W64, MemOrder::Plain);
}

fn flw(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let addr = address(tr, f.reg('s'), f.signed('i'));
    let v = tr.b.load(Ty::I32, addr, Width::W32, false, MemOrder::Plain);
    tr.set_f_single(f.reg('d'), v);
    Ok(())
}

fn fld_row(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    fld(tr, f.reg('d'), f.reg('s'), f.signed('i'));
    Ok(())
}

fn fsw(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let addr = address(tr, f.reg('s'), imm::s_type(f.insn));
    let v = tr.f(f.reg('t'));
    tr.b.store(addr, v, Width::W32, MemOrder::Plain);
    Ok(())
}

fn fsd_row(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    fsd(tr, f.reg('t'), f.reg('s'), imm::s_type(f.insn));
    Ok(())
}
