//! AdvSIMD one register and a modified immediate: VMOV, VMVN, VORR and VBIC
//! (immediate). `cmode` and `op` say how the 8-bit immediate expands (AdvSIMDExpandImm)
//! and what is done with it; the rows fix `op` and enough of `cmode` to win over the
//! shift group's encodings they share bits with (those with imm6 = 000xxx). cmode 1111
//! with op 1 is UNDEFINED.

use super::{dreg, even};
use crate::decoder::{Fields, Row};
use crate::row;
use crate::translate::{Tr, Undefined};
use crate::vfp::{expand_imm, Fsz};

pub(crate) const ROWS: &[Row] = &[
    row!("VMOV (immediate, 32-bit)", "1111001i1D000iiidddd0cc00Q01iiii", modified),
    row!("VMVN (immediate, 32-bit)", "1111001i1D000iiidddd0cc00Q11iiii", modified),
    row!("VORR (immediate, 32-bit)", "1111001i1D000iiidddd0cc10Q01iiii", modified),
    row!("VBIC (immediate, 32-bit)", "1111001i1D000iiidddd0cc10Q11iiii", modified),
    row!("VMOV (immediate, 16-bit)", "1111001i1D000iiidddd10c00Q01iiii", modified),
    row!("VMVN (immediate, 16-bit)", "1111001i1D000iiidddd10c00Q11iiii", modified),
    row!("VORR (immediate, 16-bit)", "1111001i1D000iiidddd10c10Q01iiii", modified),
    row!("VBIC (immediate, 16-bit)", "1111001i1D000iiidddd10c10Q11iiii", modified),
    row!("VMOV (immediate, shifted ones)", "1111001i1D000iiidddd110c0Q01iiii", modified),
    row!("VMVN (immediate, shifted ones)", "1111001i1D000iiidddd110c0Q11iiii", modified),
    row!("VMOV (immediate, 8-bit)", "1111001i1D000iiidddd11100Q01iiii", modified),
    row!("VMOV (immediate, 64-bit)", "1111001i1D000iiidddd11100Q11iiii", modified),
    row!("VMOV (immediate, single precision)", "1111001i1D000iiidddd11110Q01iiii", modified),
];

/// AdvSIMDExpandImm: the 64-bit pattern of `cmode`, `op` and `imm8`; `None` for the
/// reserved cmode 1111 with op 1.
pub(crate) fn expand(cmode: u32, op: bool, imm8: u32) -> Option<u64> {
    let imm8 = u64::from(imm8);
    let rep32 = |x: u64| x | x << 32;
    let rep16 = |x: u64| x * 0x0001_0001_0001_0001;
    Some(match cmode >> 1 {
        0..=3 => rep32(imm8 << (8 * (cmode >> 1))),
        4 | 5 => rep16(imm8 << (8 * (cmode >> 1 & 1))),
        6 => rep32(if cmode & 1 == 0 { imm8 << 8 | 0xff } else { imm8 << 16 | 0xffff }),
        _ if cmode & 1 == 0 && !op => imm8 * 0x0101_0101_0101_0101,
        _ if cmode & 1 == 0 => (0..8).filter(|i| imm8 >> i & 1 != 0).fold(0, |acc, i| acc | 0xff << (8 * i)),
        _ if !op => rep32(expand_imm(Fsz::S, imm8 as u32)),
        _ => return None,
    })
}

fn modified(t: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let q = f.bit('Q');
    let d = dreg(f, 'D', 'd');
    even(q, &[d])?;
    // The rows fix some of cmode's bits: read the whole field from the word.
    let (cmode, op) = (f.insn >> 8 & 15, f.insn >> 5 & 1 != 0);
    let imm = expand(cmode, op, f.get('i')).ok_or(Undefined)?;
    // cmode 0xx1 and 10x1 are VORR (op 0) and VBIC (op 1); 1110 with op 1 is VMOV.I64;
    // the rest is VMOV (op 0) or VMVN (op 1).
    let logical = cmode < 12 && cmode & 1 == 1;
    let invert = op && !logical && cmode != 14;
    t.per_d(d, q, &[d], |t, v| {
        let c = t.b.c64(if invert { !imm } else { imm });
        match (logical, op) {
            (true, false) => t.b.or(v[0], c),
            (true, true) => t.b.and_not(v[0], c),
            _ => c,
        }
    });
    Ok(())
}
