//! Loads and stores of integer registers: LB, LH, LW, LD, LBU, LHU, LWU, SB, SH, SW,
//! SD. Misaligned accesses are performed (Linux user mode runs them, in hardware or by
//! emulating them in the kernel, and reports fast misaligned access through hwprobe).

use crate::decoder::{Fields, Row};
use crate::imm;
use crate::row;
use crate::translate::{Tr, Undefined};
use crossrun_ir::{MemOrder, Ty, Value, Width};

pub(crate) const ROWS: &[Row] = &[
    row!("LB", "iiiiiiiiiiiisssss000ddddd0000011", lb),
    row!("LH", "iiiiiiiiiiiisssss001ddddd0000011", lh),
    row!("LW", "iiiiiiiiiiiisssss010ddddd0000011", lw),
    row!("LD", "iiiiiiiiiiiisssss011ddddd0000011", ld),
    row!("LBU", "iiiiiiiiiiiisssss100ddddd0000011", lbu),
    row!("LHU", "iiiiiiiiiiiisssss101ddddd0000011", lhu),
    row!("LWU", "iiiiiiiiiiiisssss110ddddd0000011", lwu),
    row!("SB", "iiiiiiitttttsssss000iiiii0100011", sb),
    row!("SH", "iiiiiiitttttsssss001iiiii0100011", sh),
    row!("SW", "iiiiiiitttttsssss010iiiii0100011", sw),
    row!("SD", "iiiiiiitttttsssss011iiiii0100011", sd),
];

/// rs1 + offset.
pub(crate) fn address(tr: &mut Tr, rs1: u8, offset: i64) -> Value {
    let base = tr.x(rs1);
    if offset == 0 {
        return base;
    }
    let o = tr.imm(offset);
    tr.b.add(base, o)
}

/// rd = the `width` bytes at rs1 + offset, sign- or zero-extended. A load into x0 still
/// accesses memory (and may fault).
pub(crate) fn load(tr: &mut Tr, rd: u8, rs1: u8, offset: i64, width: Width, signed: bool) {
    let addr = address(tr, rs1, offset);
    let v = tr.b.load(Ty::I64, addr, width, signed, MemOrder::Plain);
    tr.set_x(rd, v);
}

/// The low `width` bytes of rs2 to rs1 + offset.
pub(crate) fn store(tr: &mut Tr, rs2: u8, rs1: u8, offset: i64, width: Width) {
    let addr = address(tr, rs1, offset);
    let v = tr.x(rs2);
    tr.b.store(addr, v, width, MemOrder::Plain);
}

fn load_row(tr: &mut Tr, f: Fields, width: Width, signed: bool) -> Result<(), Undefined> {
    load(tr, f.reg('d'), f.reg('s'), f.signed('i'), width, signed);
    Ok(())
}

fn store_row(tr: &mut Tr, f: Fields, width: Width) -> Result<(), Undefined> {
    store(tr, f.reg('t'), f.reg('s'), imm::s_type(f.insn), width);
    Ok(())
}

fn lb(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    load_row(tr, f, Width::W8, true)
}

fn lh(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    load_row(tr, f, Width::W16, true)
}

fn lw(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    load_row(tr, f, Width::W32, true)
}

fn ld(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    load_row(tr, f, Width::W64, false)
}

fn lbu(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    load_row(tr, f, Width::W8, false)
}

fn lhu(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    load_row(tr, f, Width::W16, false)
}

fn lwu(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    load_row(tr, f, Width::W32, false)
}

fn sb(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    store_row(tr, f, Width::W8)
}

fn sh(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    store_row(tr, f, Width::W16)
}

fn sw(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    store_row(tr, f, Width::W32)
}

fn sd(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    store_row(tr, f, Width::W64)
}
