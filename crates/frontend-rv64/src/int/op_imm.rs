//! Integer register-immediate instructions: LUI, AUIPC, ADDI, SLTI, SLTIU, XORI, ORI,
//! ANDI, SLLI, SRLI, SRAI and the RV64 word forms ADDIW, SLLIW, SRLIW, SRAIW.
//!
//! NOPs and HINTs (writes to x0, e.g. `addi x0, x0, 0`) need nothing special: the write
//! is discarded. ORI with rd = x0 and a low immediate of zero holds Zicbop's cache-block
//! prefetches, which are hints too; they have rows of their own so traces name them.

use crate::decoder::{Fields, Row};
use crate::imm;
use crate::row;
use crate::translate::{Tr, Undefined};
use crossrun_ir::{Builder, IntCC, Value};

pub(crate) const ROWS: &[Row] = &[
    row!("LUI", "iiiiiiiiiiiiiiiiiiiiddddd0110111", lui_row),
    row!("AUIPC", "iiiiiiiiiiiiiiiiiiiiddddd0010111", auipc),
    row!("ADDI", "iiiiiiiiiiiisssss000ddddd0010011", addi_row),
    row!("SLTI", "iiiiiiiiiiiisssss010ddddd0010011", slti),
    row!("SLTIU", "iiiiiiiiiiiisssss011ddddd0010011", sltiu),
    row!("XORI", "iiiiiiiiiiiisssss100ddddd0010011", xori),
    row!("ORI", "iiiiiiiiiiiisssss110ddddd0010011", ori),
    row!("ANDI", "iiiiiiiiiiiisssss111ddddd0010011", andi_row),
    row!("SLLI", "000000hhhhhhsssss001ddddd0010011", slli),
    row!("SRLI", "000000hhhhhhsssss101ddddd0010011", srli),
    row!("SRAI", "010000hhhhhhsssss101ddddd0010011", srai),
    row!("ADDIW", "iiiiiiiiiiiisssss000ddddd0011011", addiw_row),
    row!("SLLIW", "0000000hhhhhsssss001ddddd0011011", slliw),
    row!("SRLIW", "0000000hhhhhsssss101ddddd0011011", srliw),
    row!("SRAIW", "0100000hhhhhsssss101ddddd0011011", sraiw),
    row!("PREFETCH.I", "-------00000sssss110000000010011", hint),
    row!("PREFETCH.R", "-------00001sssss110000000010011", hint),
    row!("PREFETCH.W", "-------00011sssss110000000010011", hint),
];

/// The shift of a shift-immediate instruction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Shift {
    Left,
    RightLogical,
    RightArithmetic,
}

/// rd = imm (a U-type immediate, already shifted).
pub(crate) fn lui(tr: &mut Tr, rd: u8, imm: i64) {
    let v = tr.imm(imm);
    tr.set_x(rd, v);
}

/// rd = rs1 + imm.
pub(crate) fn addi(tr: &mut Tr, rd: u8, rs1: u8, imm: i64) {
    if rd == 0 {
        return;
    }
    let a = tr.x(rs1);
    let v = if imm == 0 {
        a
    } else {
        let i = tr.imm(imm);
        tr.b.add(a, i)
    };
    tr.set_x(rd, v);
}

/// rd = sext((rs1 + imm)[31:0]).
pub(crate) fn addiw(tr: &mut Tr, rd: u8, rs1: u8, imm: i64) {
    let a = tr.w(rs1);
    let i = tr.b.c32(imm as u32);
    let v = tr.b.add(a, i);
    tr.set_x_w(rd, v);
}

/// rd = rs1 & imm.
pub(crate) fn andi(tr: &mut Tr, rd: u8, rs1: u8, imm: i64) {
    let a = tr.x(rs1);
    let i = tr.imm(imm);
    let v = tr.b.and(a, i);
    tr.set_x(rd, v);
}

/// rd = rs1 shifted by `shamt` (0..64).
pub(crate) fn shift_imm(tr: &mut Tr, shift: Shift, rd: u8, rs1: u8, shamt: u32) {
    let a = tr.x(rs1);
    let s = tr.b.c64(u64::from(shamt));
    let v = match shift {
        Shift::Left => tr.b.shl(a, s),
        Shift::RightLogical => tr.b.lshr(a, s),
        Shift::RightArithmetic => tr.b.ashr(a, s),
    };
    tr.set_x(rd, v);
}

fn lui_row(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    lui(tr, f.reg('d'), imm::u_type(f.insn));
    Ok(())
}

fn auipc(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let v = tr.b.c64(tr.pc.wrapping_add(imm::u_type(f.insn) as u64));
    tr.set_x(f.reg('d'), v);
    Ok(())
}

fn addi_row(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    addi(tr, f.reg('d'), f.reg('s'), f.signed('i'));
    Ok(())
}

fn set_less_than(tr: &mut Tr, f: Fields, cc: IntCC) -> Result<(), Undefined> {
    let a = tr.x(f.reg('s'));
    let i = tr.imm(f.signed('i'));
    let lt = tr.b.icmp(cc, a, i);
    tr.set_x_bool(f.reg('d'), lt);
    Ok(())
}

fn slti(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    set_less_than(tr, f, IntCC::Slt)
}

/// The immediate is sign-extended, then compared unsigned (so `sltiu rd, rs1, 1` is
/// "rd = rs1 == 0").
fn sltiu(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    set_less_than(tr, f, IntCC::Ult)
}

fn logical(tr: &mut Tr, f: Fields, op: fn(&mut Builder, Value, Value) -> Value) -> Result<(), Undefined> {
    let a = tr.x(f.reg('s'));
    let i = tr.imm(f.signed('i'));
    let v = op(&mut tr.b, a, i);
    tr.set_x(f.reg('d'), v);
    Ok(())
}

fn xori(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    logical(tr, f, |b, a, i| b.xor(a, i))
}

fn ori(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    logical(tr, f, |b, a, i| b.or(a, i))
}

fn andi_row(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    andi(tr, f.reg('d'), f.reg('s'), f.signed('i'));
    Ok(())
}

fn slli(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    shift_imm(tr, Shift::Left, f.reg('d'), f.reg('s'), f.get('h'));
    Ok(())
}

fn srli(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    shift_imm(tr, Shift::RightLogical, f.reg('d'), f.reg('s'), f.get('h'));
    Ok(())
}

fn srai(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    shift_imm(tr, Shift::RightArithmetic, f.reg('d'), f.reg('s'), f.get('h'));
    Ok(())
}

fn addiw_row(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    addiw(tr, f.reg('d'), f.reg('s'), f.signed('i'));
    Ok(())
}

/// The word shifts work on the low 32 bits and sign-extend the 32-bit result.
fn shift_imm_w(tr: &mut Tr, f: Fields, shift: Shift) -> Result<(), Undefined> {
    let a = tr.w(f.reg('s'));
    let s = tr.b.c32(f.get('h'));
    let v = match shift {
        Shift::Left => tr.b.shl(a, s),
        Shift::RightLogical => tr.b.lshr(a, s),
        Shift::RightArithmetic => tr.b.ashr(a, s),
    };
    tr.set_x_w(f.reg('d'), v);
    Ok(())
}

fn slliw(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    shift_imm_w(tr, f, Shift::Left)
}

fn srliw(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    shift_imm_w(tr, f, Shift::RightLogical)
}

fn sraiw(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    shift_imm_w(tr, f, Shift::RightArithmetic)
}

/// A prefetch hint: nothing to do in an emulator (it may not even fault).
fn hint(_tr: &mut Tr, _f: Fields) -> Result<(), Undefined> {
    Ok(())
}
