//! Data processing (immediate): bitfield, i.e. SBFM, BFM, UBFM and their aliases (ASR,
//! LSL, LSR (immediate), SXTB/SXTH/SXTW, UXTB/UXTH, SBFIZ, SBFX, BFI, BFC, BFXIL, UBFIZ,
//! UBFX).

use super::logical_imm::decode_bit_masks;
use super::operands::datasize;
use crate::decoder::{Fields, Row};
use crate::row;
use crate::translate::{Tr, Undefined};
use crossrun_ir::Value;

// opc = 11 is unallocated.
pub(crate) const ROWS: &[Row] = &[
    row!("SBFM", "z00100110Nrrrrrrssssssnnnnnddddd", sbfm),
    row!("BFM", "z01100110Nrrrrrrssssssnnnnnddddd", bfm),
    row!("UBFM", "z10100110Nrrrrrrssssssnnnnnddddd", ubfm),
];

/// (sf, R, S) after the checks every bitfield instruction makes: N must equal sf, and a
/// 32-bit form's immediates must be below 32.
fn decode(f: Fields) -> Result<(bool, u32, u32), Undefined> {
    let (sf, n, r, s) = (f.bit('z'), f.bit('N'), f.get('r'), f.get('s'));
    if sf != n || (!sf && (r >= 32 || s >= 32)) {
        return Err(Undefined);
    }
    Ok((sf, r, s))
}

/// Rn shifted left so that bit S is the top bit, then shifted right (arithmetically if
/// `signed`) to land bit R (S >= R: the field S:R at bit 0) or bit 0 (S < R: the field
/// S:0 at bit datasize - R). That is SBFM/UBFM's ROR-and-mask result in two shifts.
fn extract(tr: &mut Tr, f: Fields, signed: bool) -> Result<(), Undefined> {
    let (sf, r, s) = decode(f)?;
    let size = datasize(sf);
    let src = tr.reg(sf, f.reg('n'));
    let left = size - 1 - s;
    let right = if s >= r { left + r } else { r - 1 - s };
    let v = shift(tr, src, left, true, false);
    let v = shift(tr, v, right, false, signed);
    tr.set_reg(f.reg('d'), v);
    Ok(())
}

fn shift(tr: &mut Tr, v: Value, amount: u32, left: bool, signed: bool) -> Value {
    if amount == 0 {
        return v;
    }
    let a = tr.b.const_like(v, amount as u64);
    match (left, signed) {
        (true, _) => tr.b.shl(v, a),
        (false, false) => tr.b.lshr(v, a),
        (false, true) => tr.b.ashr(v, a),
    }
}

fn sbfm(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    extract(tr, f, true)
}

fn ubfm(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    extract(tr, f, false)
}

/// Rd keeps its bits outside wmask AND tmask, which take ROR(Rn, R) (the Arm ARM's
/// bot/top merge with top = dst reduces to this).
fn bfm(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let (sf, r, s) = decode(f)?;
    let (wmask, tmask) = decode_bit_masks(f.get('N'), s, r, false, datasize(sf)).ok_or(Undefined)?;
    let mask = wmask & tmask;
    let d = f.reg('d');
    let src = tr.reg(sf, f.reg('n'));
    let rotated = if r == 0 {
        src
    } else {
        let a = tr.imm(sf, r as u64);
        tr.b.ror(src, a)
    };
    let m = tr.imm(sf, mask);
    let inserted = tr.b.and(rotated, m);
    let dst = tr.reg(sf, d);
    let kept = tr.b.and_not(dst, m);
    let v = tr.b.or(kept, inserted);
    tr.set_reg(d, v);
    Ok(())
}
