//! A32 data-processing (immediate), (register) and (register-shifted register), and
//! the 16-bit immediate moves MOVW/MOVT.

use crate::decoder::{Fields, Row};
use crate::ops::alu::{data_processing, AluOp};
use crate::ops::shift::{arm_expand_imm, imm_carry, imm_shift_c, reg_shift_c, ShiftType};
use crate::row;
use crate::translate::{Tr, Undefined};

/// One row per operation and operand form. The compare operations exist only with S
/// set (S clear is the miscellaneous space).
pub(crate) const ROWS: &[Row] = &[
    row!("AND (immediate)", "----0010000Snnnnddddrrrriiiiiiii", |t, f| imm(t, f, AluOp::And)),
    row!("EOR (immediate)", "----0010001Snnnnddddrrrriiiiiiii", |t, f| imm(t, f, AluOp::Eor)),
    row!("SUB (immediate)", "----0010010Snnnnddddrrrriiiiiiii", |t, f| imm(t, f, AluOp::Sub)),
    row!("RSB (immediate)", "----0010011Snnnnddddrrrriiiiiiii", |t, f| imm(t, f, AluOp::Rsb)),
    row!("ADD (immediate)", "----0010100Snnnnddddrrrriiiiiiii", |t, f| imm(t, f, AluOp::Add)),
    row!("ADC (immediate)", "----0010101Snnnnddddrrrriiiiiiii", |t, f| imm(t, f, AluOp::Adc)),
    row!("SBC (immediate)", "----0010110Snnnnddddrrrriiiiiiii", |t, f| imm(t, f, AluOp::Sbc)),
    row!("RSC (immediate)", "----0010111Snnnnddddrrrriiiiiiii", |t, f| imm(t, f, AluOp::Rsc)),
    row!("TST (immediate)", "----00110001nnnn0000rrrriiiiiiii", |t, f| imm(t, f, AluOp::Tst)),
    row!("TEQ (immediate)", "----00110011nnnn0000rrrriiiiiiii", |t, f| imm(t, f, AluOp::Teq)),
    row!("CMP (immediate)", "----00110101nnnn0000rrrriiiiiiii", |t, f| imm(t, f, AluOp::Cmp)),
    row!("CMN (immediate)", "----00110111nnnn0000rrrriiiiiiii", |t, f| imm(t, f, AluOp::Cmn)),
    row!("ORR (immediate)", "----0011100Snnnnddddrrrriiiiiiii", |t, f| imm(t, f, AluOp::Orr)),
    row!("MOV (immediate)", "----0011101S0000ddddrrrriiiiiiii", |t, f| imm(t, f, AluOp::Mov)),
    row!("BIC (immediate)", "----0011110Snnnnddddrrrriiiiiiii", |t, f| imm(t, f, AluOp::Bic)),
    row!("MVN (immediate)", "----0011111S0000ddddrrrriiiiiiii", |t, f| imm(t, f, AluOp::Mvn)),
    row!("AND (register)", "----0000000Snnnnddddiiiiitt0mmmm", |t, f| reg(t, f, AluOp::And)),
    row!("EOR (register)", "----0000001Snnnnddddiiiiitt0mmmm", |t, f| reg(t, f, AluOp::Eor)),
    row!("SUB (register)", "----0000010Snnnnddddiiiiitt0mmmm", |t, f| reg(t, f, AluOp::Sub)),
    row!("RSB (register)", "----0000011Snnnnddddiiiiitt0mmmm", |t, f| reg(t, f, AluOp::Rsb)),
    row!("ADD (register)", "----0000100Snnnnddddiiiiitt0mmmm", |t, f| reg(t, f, AluOp::Add)),
    row!("ADC (register)", "----0000101Snnnnddddiiiiitt0mmmm", |t, f| reg(t, f, AluOp::Adc)),
    row!("SBC (register)", "----0000110Snnnnddddiiiiitt0mmmm", |t, f| reg(t, f, AluOp::Sbc)),
    row!("RSC (register)", "----0000111Snnnnddddiiiiitt0mmmm", |t, f| reg(t, f, AluOp::Rsc)),
    row!("TST (register)", "----00010001nnnn0000iiiiitt0mmmm", |t, f| reg(t, f, AluOp::Tst)),
    row!("TEQ (register)", "----00010011nnnn0000iiiiitt0mmmm", |t, f| reg(t, f, AluOp::Teq)),
    row!("CMP (register)", "----00010101nnnn0000iiiiitt0mmmm", |t, f| reg(t, f, AluOp::Cmp)),
    row!("CMN (register)", "----00010111nnnn0000iiiiitt0mmmm", |t, f| reg(t, f, AluOp::Cmn)),
    row!("ORR (register)", "----0001100Snnnnddddiiiiitt0mmmm", |t, f| reg(t, f, AluOp::Orr)),
    row!("MOV (register)", "----0001101S0000ddddiiiiitt0mmmm", |t, f| reg(t, f, AluOp::Mov)),
    row!("BIC (register)", "----0001110Snnnnddddiiiiitt0mmmm", |t, f| reg(t, f, AluOp::Bic)),
    row!("MVN (register)", "----0001111S0000ddddiiiiitt0mmmm", |t, f| reg(t, f, AluOp::Mvn)),
    row!("AND (register-shifted register)", "----0000000Snnnnddddssss0tt1mmmm", |t, f| rsr(t, f, AluOp::And)),
    row!("EOR (register-shifted register)", "----0000001Snnnnddddssss0tt1mmmm", |t, f| rsr(t, f, AluOp::Eor)),
    row!("SUB (register-shifted register)", "----0000010Snnnnddddssss0tt1mmmm", |t, f| rsr(t, f, AluOp::Sub)),
    row!("RSB (register-shifted register)", "----0000011Snnnnddddssss0tt1mmmm", |t, f| rsr(t, f, AluOp::Rsb)),
    row!("ADD (register-shifted register)", "----0000100Snnnnddddssss0tt1mmmm", |t, f| rsr(t, f, AluOp::Add)),
    row!("ADC (register-shifted register)", "----0000101Snnnnddddssss0tt1mmmm", |t, f| rsr(t, f, AluOp::Adc)),
    row!("SBC (register-shifted register)", "----0000110Snnnnddddssss0tt1mmmm", |t, f| rsr(t, f, AluOp::Sbc)),
    row!("RSC (register-shifted register)", "----0000111Snnnnddddssss0tt1mmmm", |t, f| rsr(t, f, AluOp::Rsc)),
    row!("TST (register-shifted register)", "----00010001nnnn0000ssss0tt1mmmm", |t, f| rsr(t, f, AluOp::Tst)),
    row!("TEQ (register-shifted register)", "----00010011nnnn0000ssss0tt1mmmm", |t, f| rsr(t, f, AluOp::Teq)),
    row!("CMP (register-shifted register)", "----00010101nnnn0000ssss0tt1mmmm", |t, f| rsr(t, f, AluOp::Cmp)),
    row!("CMN (register-shifted register)", "----00010111nnnn0000ssss0tt1mmmm", |t, f| rsr(t, f, AluOp::Cmn)),
    row!("ORR (register-shifted register)", "----0001100Snnnnddddssss0tt1mmmm", |t, f| rsr(t, f, AluOp::Orr)),
    row!("MOV (register-shifted register)", "----0001101S0000ddddssss0tt1mmmm", |t, f| rsr(t, f, AluOp::Mov)),
    row!("BIC (register-shifted register)", "----0001110Snnnnddddssss0tt1mmmm", |t, f| rsr(t, f, AluOp::Bic)),
    row!("MVN (register-shifted register)", "----0001111S0000ddddssss0tt1mmmm", |t, f| rsr(t, f, AluOp::Mvn)),
    row!("MOVW", "----00110000iiiiddddiiiiiiiiiiii", |t, f| movw_movt(t, f, false)),
    row!("MOVT", "----00110100iiiiddddiiiiiiiiiiii", |t, f| movw_movt(t, f, true)),
];

fn imm(t: &mut Tr, f: Fields, op: AluOp) -> Result<(), Undefined> {
    let (v, rotated) = arm_expand_imm(f.get('r'), f.get('i'));
    let b = t.c(v);
    let carry = imm_carry(t, v, rotated);
    // ADR is ADD/SUB with Rn = PC; the PC reads as its (word-aligned) value either way.
    data_processing(t, op, f.reg('d'), f.reg('n'), (b, carry), f.bit('S') || op.is_test())
}

fn reg(t: &mut Tr, f: Fields, op: AluOp) -> Result<(), Undefined> {
    let s = f.bit('S') || op.is_test();
    let rm = t.r(f.reg('m'));
    let ty = ShiftType::from_bits(f.get('t'));
    let op2 = if s && op.is_logical() {
        imm_shift_c(t, rm, ty, f.get('i'))
    } else {
        (crate::ops::shift::imm_shift(t, rm, ty, f.get('i')), None)
    };
    data_processing(t, op, f.reg('d'), f.reg('n'), op2, s)
}

/// Register-shifted register: no operand may be the PC.
fn rsr(t: &mut Tr, f: Fields, op: AluOp) -> Result<(), Undefined> {
    let s = f.bit('S') || op.is_test();
    let (d, n, m, rs) = (f.reg('d'), f.reg('n'), f.reg('m'), f.reg('s'));
    if m == 15 || rs == 15 || (op.has_rn() && n == 15) || (!op.is_test() && d == 15) {
        return t.unpredictable();
    }
    let rm = t.r(m);
    let amount = t.r(rs);
    let op2 = reg_shift_c(t, rm, ShiftType::from_bits(f.get('t')), amount, s && op.is_logical());
    data_processing(t, op, d, n, op2, s)
}

/// MOVW: Rd = imm16; MOVT: Rd's top halfword = imm16.
pub(crate) fn movw_movt(t: &mut Tr, f: Fields, top: bool) -> Result<(), Undefined> {
    let d = f.reg('d');
    if d == 15 {
        return t.unpredictable();
    }
    let imm = f.get('i');
    let r = if top {
        let rd = t.r(d);
        let m = t.c(0xffff);
        let lo = t.b.and(rd, m);
        let hi = t.c(imm << 16);
        t.b.or(hi, lo)
    } else {
        t.c(imm)
    };
    t.set_r(d, r);
    Ok(())
}
