//! T32 16-bit shift (immediate), add, subtract, move and compare. Outside an IT block
//! these set the flags (CMP always does); inside one they do not.

use crate::decoder::{Fields, Row};
use crate::ops::alu::{compute, AluOp};
use crate::ops::shift::{imm_shift_c, ShiftType};
use crate::row;
use crate::translate::{Tr, Undefined};

pub(crate) const ROWS: &[Row] = &[
    row!("LSL (immediate)", "00000iiiiimmmddd", |t, f| shift(t, f, ShiftType::Lsl)),
    row!("LSR (immediate)", "00001iiiiimmmddd", |t, f| shift(t, f, ShiftType::Lsr)),
    row!("ASR (immediate)", "00010iiiiimmmddd", |t, f| shift(t, f, ShiftType::Asr)),
    row!("ADD (register)", "0001100mmmnnnddd", |t, f| three(t, f, AluOp::Add, false)),
    row!("SUB (register)", "0001101mmmnnnddd", |t, f| three(t, f, AluOp::Sub, false)),
    row!("ADD (immediate, 3 bits)", "0001110iiinnnddd", |t, f| three(t, f, AluOp::Add, true)),
    row!("SUB (immediate, 3 bits)", "0001111iiinnnddd", |t, f| three(t, f, AluOp::Sub, true)),
    row!("MOV (immediate)", "00100dddiiiiiiii", |t, f| imm8(t, f, AluOp::Mov)),
    row!("CMP (immediate)", "00101dddiiiiiiii", |t, f| imm8(t, f, AluOp::Cmp)),
    row!("ADD (immediate, 8 bits)", "00110dddiiiiiiii", |t, f| imm8(t, f, AluOp::Add)),
    row!("SUB (immediate, 8 bits)", "00111dddiiiiiiii", |t, f| imm8(t, f, AluOp::Sub)),
];

/// LSL/LSR/ASR #imm (LSL #0 is MOVS Rd, Rm).
fn shift(t: &mut Tr, f: Fields, ty: ShiftType) -> Result<(), Undefined> {
    let s = t.t16_sets_flags();
    let rm = t.r(f.reg('m'));
    let op2 = imm_shift_c(t, rm, ty, f.get('i'));
    let zero = t.c(0);
    if let Some(r) = compute(t, AluOp::Mov, zero, op2, s) {
        t.set_r(f.reg('d'), r);
    }
    Ok(())
}

fn three(t: &mut Tr, f: Fields, op: AluOp, imm: bool) -> Result<(), Undefined> {
    let s = t.t16_sets_flags();
    let rn = t.r(f.reg('n'));
    let b = if imm { t.c(f.get('i')) } else { t.r(f.reg('m')) };
    if let Some(r) = compute(t, op, rn, (b, None), s) {
        t.set_r(f.reg('d'), r);
    }
    Ok(())
}

/// Rdn = Rdn op imm8 (MOV: Rd = imm8; CMP only sets the flags).
fn imm8(t: &mut Tr, f: Fields, op: AluOp) -> Result<(), Undefined> {
    let s = op == AluOp::Cmp || t.t16_sets_flags();
    let d = f.reg('d');
    let a = if op == AluOp::Mov { t.c(0) } else { t.r(d) };
    let b = t.c(f.get('i'));
    if let Some(r) = compute(t, op, a, (b, None), s) {
        t.set_r(d, r);
    }
    Ok(())
}
