//! T32 16-bit data processing: the two-register operations on R0..R7, flag-setting
//! outside an IT block (the compares always).

use crate::decoder::{Fields, Row};
use crate::ops::alu::{compute, AluOp};
use crate::ops::shift::{reg_shift_c, ShiftType};
use crate::row;
use crate::translate::{Tr, Undefined};

pub(crate) const ROWS: &[Row] = &[
    row!("AND (register)", "0100000000mmmddd", |t, f| op(t, f, AluOp::And)),
    row!("EOR (register)", "0100000001mmmddd", |t, f| op(t, f, AluOp::Eor)),
    row!("LSL (register)", "0100000010mmmddd", |t, f| shift(t, f, ShiftType::Lsl)),
    row!("LSR (register)", "0100000011mmmddd", |t, f| shift(t, f, ShiftType::Lsr)),
    row!("ASR (register)", "0100000100mmmddd", |t, f| shift(t, f, ShiftType::Asr)),
    row!("ADC (register)", "0100000101mmmddd", |t, f| op(t, f, AluOp::Adc)),
    row!("SBC (register)", "0100000110mmmddd", |t, f| op(t, f, AluOp::Sbc)),
    row!("ROR (register)", "0100000111mmmddd", |t, f| shift(t, f, ShiftType::Ror)),
    row!("TST (register)", "0100001000mmmddd", |t, f| op(t, f, AluOp::Tst)),
    row!("RSB (immediate, #0)", "0100001001mmmddd", neg),
    row!("CMP (register)", "0100001010mmmddd", |t, f| op(t, f, AluOp::Cmp)),
    row!("CMN (register)", "0100001011mmmddd", |t, f| op(t, f, AluOp::Cmn)),
    row!("ORR (register)", "0100001100mmmddd", |t, f| op(t, f, AluOp::Orr)),
    row!("MUL", "0100001101mmmddd", mul),
    row!("BIC (register)", "0100001110mmmddd", |t, f| op(t, f, AluOp::Bic)),
    row!("MVN (register)", "0100001111mmmddd", |t, f| op(t, f, AluOp::Mvn)),
];

/// Rdn = Rdn op Rm.
fn op(t: &mut Tr, f: Fields, op: AluOp) -> Result<(), Undefined> {
    let s = op.is_test() || t.t16_sets_flags();
    let d = f.reg('d');
    let a = t.r(d);
    let b = t.r(f.reg('m'));
    if let Some(r) = compute(t, op, a, (b, None), s) {
        t.set_r(d, r);
    }
    Ok(())
}

/// Rdn = Rdn shifted by Rm's bottom byte.
fn shift(t: &mut Tr, f: Fields, ty: ShiftType) -> Result<(), Undefined> {
    let s = t.t16_sets_flags();
    let d = f.reg('d');
    let x = t.r(d);
    let amount = t.r(f.reg('m'));
    let op2 = reg_shift_c(t, x, ty, amount, s);
    let zero = t.c(0);
    if let Some(r) = compute(t, AluOp::Mov, zero, op2, s) {
        t.set_r(d, r);
    }
    Ok(())
}

/// RSBS Rd, Rn, #0 (NEG).
fn neg(t: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let s = t.t16_sets_flags();
    let a = t.r(f.reg('m'));
    let zero = t.c(0);
    if let Some(r) = compute(t, AluOp::Rsb, a, (zero, None), s) {
        t.set_r(f.reg('d'), r);
    }
    Ok(())
}

/// MULS Rdm, Rn, Rdm: N and Z outside an IT block.
fn mul(t: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let s = t.t16_sets_flags();
    let d = f.reg('d');
    crate::ops::multiply::mul(t, d, f.reg('m'), d, None, s)
}
