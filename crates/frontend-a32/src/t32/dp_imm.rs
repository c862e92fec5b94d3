//! T32 data processing (modified immediate) and (plain binary immediate): the ALU
//! operations on ThumbExpandImm constants, ADDW/SUBW/ADR, MOVW/MOVT, and the saturate
//! and bitfield instructions.

use crate::decoder::{Fields, Row};
use crate::ops::alu::{data_processing, AluOp};
use crate::ops::media::{bfi, bfx, saturate, saturate16};
use crate::ops::shift::{imm_carry, thumb_expand_imm};
use crate::row;
use crate::translate::{Tr, Undefined};

pub(crate) const ROWS: &[Row] = &[
    row!("AND (immediate)", "11110i00000Snnnn0iiiddddiiiiiiii", |t, f| modified(t, f, AluOp::And)),
    row!("TST (immediate)", "11110i000001nnnn0iii1111iiiiiiii", |t, f| modified(t, f, AluOp::Tst)),
    row!("BIC (immediate)", "11110i00001Snnnn0iiiddddiiiiiiii", |t, f| modified(t, f, AluOp::Bic)),
    row!("ORR (immediate)", "11110i00010Snnnn0iiiddddiiiiiiii", |t, f| modified(t, f, AluOp::Orr)),
    row!("MOV (immediate)", "11110i00010S11110iiiddddiiiiiiii", |t, f| modified(t, f, AluOp::Mov)),
    row!("ORN (immediate)", "11110i00011Snnnn0iiiddddiiiiiiii", |t, f| modified(t, f, AluOp::Orn)),
    row!("MVN (immediate)", "11110i00011S11110iiiddddiiiiiiii", |t, f| modified(t, f, AluOp::Mvn)),
    row!("EOR (immediate)", "11110i00100Snnnn0iiiddddiiiiiiii", |t, f| modified(t, f, AluOp::Eor)),
    row!("TEQ (immediate)", "11110i001001nnnn0iii1111iiiiiiii", |t, f| modified(t, f, AluOp::Teq)),
    row!("ADD (immediate)", "11110i01000Snnnn0iiiddddiiiiiiii", |t, f| modified(t, f, AluOp::Add)),
    row!("CMN (immediate)", "11110i010001nnnn0iii1111iiiiiiii", |t, f| modified(t, f, AluOp::Cmn)),
    row!("ADC (immediate)", "11110i01010Snnnn0iiiddddiiiiiiii", |t, f| modified(t, f, AluOp::Adc)),
    row!("SBC (immediate)", "11110i01011Snnnn0iiiddddiiiiiiii", |t, f| modified(t, f, AluOp::Sbc)),
    row!("SUB (immediate)", "11110i01101Snnnn0iiiddddiiiiiiii", |t, f| modified(t, f, AluOp::Sub)),
    row!("CMP (immediate)", "11110i011011nnnn0iii1111iiiiiiii", |t, f| modified(t, f, AluOp::Cmp)),
    row!("RSB (immediate)", "11110i01110Snnnn0iiiddddiiiiiiii", |t, f| modified(t, f, AluOp::Rsb)),
    row!("ADDW, ADR (after)", "11110i100000nnnn0iiiddddiiiiiiii", |t, f| wide(t, f, false)),
    row!("SUBW, ADR (before)", "11110i101010nnnn0iiiddddiiiiiiii", |t, f| wide(t, f, true)),
    row!("MOVW", "11110i100100jjjj0iiiddddiiiiiiii", |t, f| mov16(t, f, false)),
    row!("MOVT", "11110i101100jjjj0iiiddddiiiiiiii", |t, f| mov16(t, f, true)),
    row!("SSAT", "1111001100h0nnnn0iiiddddii0sssss", |t, f| sat(t, f, true)),
    row!("SSAT16", "111100110010nnnn0000dddd0000ssss", |t, f| saturate16(t, f.reg('d'), f.reg('n'), f.get('s') + 1, true)),
    row!("USAT", "1111001110h0nnnn0iiiddddii0sssss", |t, f| sat(t, f, false)),
    row!("USAT16", "111100111010nnnn0000dddd0000ssss", |t, f| saturate16(t, f.reg('d'), f.reg('n'), f.get('s'), false)),
    row!("SBFX", "111100110100nnnn0iiiddddii0wwwww", |t, f| bfx(t, f.reg('d'), f.reg('n'), f.get('i'), f.get('w') + 1, true)),
    row!("UBFX", "111100111100nnnn0iiiddddii0wwwww", |t, f| bfx(t, f.reg('d'), f.reg('n'), f.get('i'), f.get('w') + 1, false)),
    row!("BFI", "111100110110nnnn0iiiddddii0mmmmm", |t, f| bfi(t, f.reg('d'), Some(f.reg('n')), f.get('i'), f.get('m'))),
    row!("BFC", "11110011011011110iiiddddii0mmmmm", |t, f| bfi(t, f.reg('d'), None, f.get('i'), f.get('m'))),
];

fn modified(t: &mut Tr, f: Fields, op: AluOp) -> Result<(), Undefined> {
    let d = f.reg('d');
    if !op.is_test() && d == 15 {
        return t.unpredictable();
    }
    let Some((v, rotated)) = thumb_expand_imm(f.get('i')) else { return t.unpredictable() };
    let b = t.c(v);
    let carry = imm_carry(t, v, rotated);
    data_processing(t, op, d, f.reg('n'), (b, carry), f.bit('S') || op.is_test())
}

/// ADDW/SUBW Rd, Rn, #imm12 (Rn = PC is ADR: the word-aligned PC).
fn wide(t: &mut Tr, f: Fields, sub: bool) -> Result<(), Undefined> {
    let d = f.reg('d');
    if d == 15 {
        return t.unpredictable();
    }
    let rn = t.r_aligned(f.reg('n'));
    let imm = t.c(f.get('i'));
    let r = if sub { t.b.sub(rn, imm) } else { t.b.add(rn, imm) };
    t.set_r(d, r);
    Ok(())
}

/// MOVW/MOVT: imm16 = imm4:i:imm3:imm8.
fn mov16(t: &mut Tr, f: Fields, top: bool) -> Result<(), Undefined> {
    let d = f.reg('d');
    if d == 15 || d == 13 {
        return t.unpredictable();
    }
    let imm = f.get('j') << 12 | f.get('i');
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

/// SSAT/USAT Rd, #sat, Rn, LSL/ASR #imm3:imm2; ASR #0 is SSAT16/USAT16 (whose row this
/// word missed only by non-zero should-be-zero bits).
fn sat(t: &mut Tr, f: Fields, signed: bool) -> Result<(), Undefined> {
    if f.bit('h') && f.get('i') == 0 {
        return t.unpredictable();
    }
    let bits = if signed { f.get('s') + 1 } else { f.get('s') };
    if !signed && bits > 31 {
        return t.unpredictable();
    }
    saturate(t, f.reg('d'), f.reg('n'), bits, f.bit('h'), f.get('i'), signed)
}
