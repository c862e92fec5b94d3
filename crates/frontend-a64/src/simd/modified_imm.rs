//! AdvSIMD modified immediate (integer): MOVI, MVNI, ORR and BIC (vector, immediate).
//! The FMOV (vector, immediate) rows of this group (cmode = 1111) belong to the fp
//! group. Every form is a constant, so no helper is needed.

use super::vreg::{per_half, replicate};
use crate::decoder::{Fields, Row};
use crate::row;
use crate::translate::{Tr, Undefined};

pub(crate) const ROWS: &[Row] = &[
    row!("MOVI (32-bit shifted immediate)", "0q00111100000iii0ss001iiiiiddddd", |t, f| modified_imm(t, f, Kind::Move)),
    row!("MVNI (32-bit shifted immediate)", "0q10111100000iii0ss001iiiiiddddd", |t, f| modified_imm(t, f, Kind::MoveNot)),
    row!("ORR (vector, immediate, 32-bit)", "0q00111100000iii0ss101iiiiiddddd", |t, f| modified_imm(t, f, Kind::Orr)),
    row!("BIC (vector, immediate, 32-bit)", "0q10111100000iii0ss101iiiiiddddd", |t, f| modified_imm(t, f, Kind::Bic)),
    row!("MOVI (16-bit shifted immediate)", "0q00111100000iii10s001iiiiiddddd", |t, f| modified_imm(t, f, Kind::Move)),
    row!("MVNI (16-bit shifted immediate)", "0q10111100000iii10s001iiiiiddddd", |t, f| modified_imm(t, f, Kind::MoveNot)),
    row!("ORR (vector, immediate, 16-bit)", "0q00111100000iii10s101iiiiiddddd", |t, f| modified_imm(t, f, Kind::Orr)),
    row!("BIC (vector, immediate, 16-bit)", "0q10111100000iii10s101iiiiiddddd", |t, f| modified_imm(t, f, Kind::Bic)),
    row!("MOVI (32-bit shifting ones)", "0q00111100000iii110s01iiiiiddddd", |t, f| modified_imm(t, f, Kind::Move)),
    row!("MVNI (32-bit shifting ones)", "0q10111100000iii110s01iiiiiddddd", |t, f| modified_imm(t, f, Kind::MoveNot)),
    row!("MOVI (8-bit)", "0q00111100000iii111001iiiiiddddd", |t, f| modified_imm(t, f, Kind::Move)),
    row!("MOVI (64-bit)", "0q10111100000iii111001iiiiiddddd", |t, f| modified_imm(t, f, Kind::Move)),
];

#[derive(Clone, Copy)]
enum Kind {
    Move,
    MoveNot,
    Orr,
    Bic,
}

/// AdvSIMDExpandImm: the 64-bit pattern (repeated in both halves) of imm8 for
/// `cmode` and `op`.
fn expand_imm(op: bool, cmode: u32, imm8: u64) -> u64 {
    match cmode >> 1 {
        0..=3 => replicate(32, imm8 << (8 * (cmode >> 1))),
        4 | 5 => replicate(16, imm8 << (8 * ((cmode >> 1) & 1))),
        // MSL: shifted left, filled with ones.
        6 if cmode & 1 == 0 => replicate(32, imm8 << 8 | 0xff),
        6 => replicate(32, imm8 << 16 | 0xffff),
        _ if !op => replicate(8, imm8),
        // Each bit of imm8 selects a byte of all ones or all zeros.
        _ => (0..8).filter(|i| imm8 >> i & 1 != 0).fold(0, |acc, i| acc | 0xff << (8 * i)),
    }
}

fn modified_imm(t: &mut Tr, f: Fields, kind: Kind) -> Result<(), Undefined> {
    let q = f.bit('q');
    // op and cmode are partly fixed by the row, so read them from the word.
    let op = f.insn >> 29 & 1 != 0;
    let cmode = f.insn >> 12 & 0xf;
    // The 2D form exists only with Q=1; with Q=0 op=1 cmode=1110 is the scalar
    // MOVI Dd, which writes the low 64 bits like any 64-bit vector form.
    let imm = expand_imm(op, cmode, f.get('i') as u64);
    per_half(t, f.reg('d'), q, &[f.reg('d')], |t, v| match kind {
        Kind::Move => t.b.c64(imm),
        Kind::MoveNot => t.b.c64(!imm),
        Kind::Orr => {
            let c = t.b.c64(imm);
            t.b.or(v[0], c)
        }
        Kind::Bic => {
            let c = t.b.c64(imm);
            t.b.and_not(v[0], c)
        }
    });
    Ok(())
}
