//! The ARMv6 media operations A32 and T32 share: extends (with rotation and add),
//! pack halfword, byte reversal, bit reversal, saturate, and the bitfield operations.

use super::sat::{note_q, sext64, signed_sat, unsigned_sat};
use super::shift::{imm_shift, ror_const, ShiftType};
use crate::translate::{Tr, Undefined};
use crossrun_ir::{Ty, Value, Width};

/// The extends: which part of the rotated Rm is extended, and how.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Extend {
    /// SXTB/UXTB: the low byte.
    Byte,
    /// SXTH/UXTH: the low halfword.
    Half,
    /// SXTB16/UXTB16: bytes 0 and 2, each into a halfword.
    Byte16,
}

/// SXT*, UXT*, SXTA*, UXTA*: Rd = (Rn +) extend(ROR(Rm, 8 * rot)); Rn 15 means no add.
pub(crate) fn extend(t: &mut Tr, d: u8, n: u8, m: u8, rot: u32, kind: Extend, signed: bool) -> Result<(), Undefined> {
    if d == 15 || m == 15 {
        return t.unpredictable();
    }
    let rm = t.r(m);
    let x = if rot == 0 { rm } else { ror_const(t, rm, 8 * rot) };
    let r = match kind {
        Extend::Byte | Extend::Half => {
            let w = if kind == Extend::Byte { Width::W8 } else { Width::W16 };
            let e = if signed { t.b.sext(Ty::I32, w, x) } else { t.b.zext(Ty::I32, w, x) };
            if n == 15 {
                e
            } else {
                let rn = t.r(n);
                t.b.add(rn, e)
            }
        }
        Extend::Byte16 => {
            let lo = lane_extend(t, x, 0, signed);
            let sh = t.c(16);
            let hi_src = t.b.lshr(x, sh);
            let hi = lane_extend(t, hi_src, 0, signed);
            let (lo, hi) = if n == 15 {
                (lo, hi)
            } else {
                let rn = t.r(n);
                let n_lo = t.b.zext(Ty::I32, Width::W16, rn);
                let n_hi = t.b.lshr(rn, sh);
                (t.b.add(n_lo, lo), t.b.add(n_hi, hi))
            };
            let lo = t.b.zext(Ty::I32, Width::W16, lo);
            let hi = t.b.shl(hi, sh);
            t.b.or(hi, lo)
        }
    };
    t.set_r(d, r);
    Ok(())
}

/// The byte at bit 0 of `x`, extended to a 16-bit lane (as an I32 with junk above 16 bits
/// only for the signed case, cleared by the caller).
fn lane_extend(t: &mut Tr, x: Value, _: u32, signed: bool) -> Value {
    if signed {
        t.b.sext(Ty::I32, Width::W8, x)
    } else {
        t.b.zext(Ty::I32, Width::W8, x)
    }
}

/// PKHBT (`tb` false: bottom of Rn, top of Rm shifted left) and PKHTB (top of Rn,
/// bottom of Rm shifted arithmetically right).
pub(crate) fn pkh(t: &mut Tr, d: u8, n: u8, m: u8, tb: bool, imm: u32) -> Result<(), Undefined> {
    if [d, n, m].contains(&15) {
        return t.unpredictable();
    }
    let (rn, rm) = (t.r(n), t.r(m));
    let op2 = imm_shift(t, rm, if tb { ShiftType::Asr } else { ShiftType::Lsl }, imm);
    let lo_mask = t.c(0xffff);
    let hi_mask = t.c(0xffff_0000);
    let (lo_src, hi_src) = if tb { (op2, rn) } else { (rn, op2) };
    let lo = t.b.and(lo_src, lo_mask);
    let hi = t.b.and(hi_src, hi_mask);
    let r = t.b.or(hi, lo);
    t.set_r(d, r);
    Ok(())
}

/// REV, REV16, REVSH, RBIT.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Reverse {
    Rev,
    Rev16,
    Revsh,
    Rbit,
}

pub(crate) fn reverse(t: &mut Tr, d: u8, m: u8, kind: Reverse) -> Result<(), Undefined> {
    if d == 15 || m == 15 {
        return t.unpredictable();
    }
    let rm = t.r(m);
    let r = match kind {
        Reverse::Rev => t.b.rev(rm),
        Reverse::Rev16 => t.b.rev16(rm),
        Reverse::Rbit => t.b.rbit(rm),
        Reverse::Revsh => {
            let r = t.b.rev16(rm);
            t.b.sext(Ty::I32, Width::W16, r)
        }
    };
    t.set_r(d, r);
    Ok(())
}

/// CLZ.
pub(crate) fn clz(t: &mut Tr, d: u8, m: u8) -> Result<(), Undefined> {
    if d == 15 || m == 15 {
        return t.unpredictable();
    }
    let rm = t.r(m);
    let r = t.b.clz(rm);
    t.set_r(d, r);
    Ok(())
}

/// SSAT, USAT: Rd = saturate(Rn shifted LSL or ASR by `imm`) to `bits` bits (1..=32
/// signed, 0..=31 unsigned), setting Q if it saturated.
pub(crate) fn saturate(t: &mut Tr, d: u8, n: u8, bits: u32, asr: bool, imm: u32, signed: bool) -> Result<(), Undefined> {
    if d == 15 || n == 15 {
        return t.unpredictable();
    }
    let rn = t.r(n);
    let x = imm_shift(t, rn, if asr { ShiftType::Asr } else { ShiftType::Lsl }, imm);
    let x = sext64(t, x);
    let (r, s) = if signed { signed_sat(t, x, bits) } else { unsigned_sat(t, x, bits) };
    note_q(t, s);
    t.set_r(d, r);
    Ok(())
}

/// SSAT16, USAT16.
pub(crate) fn saturate16(t: &mut Tr, d: u8, n: u8, bits: u32, signed: bool) -> Result<(), Undefined> {
    if d == 15 || n == 15 {
        return t.unpredictable();
    }
    let rn = t.r(n);
    let r = super::multiply::sat16(t, rn, bits, signed);
    t.set_r(d, r);
    Ok(())
}

/// BFI (and BFC, with `n` None): bits `lsb..=msb` of Rd replaced by the low bits of Rn
/// (or zeros).
pub(crate) fn bfi(t: &mut Tr, d: u8, n: Option<u8>, lsb: u32, msb: u32) -> Result<(), Undefined> {
    if d == 15 || n == Some(15) || msb < lsb {
        return t.unpredictable();
    }
    let width = msb - lsb + 1;
    let field = (u32::MAX >> (32 - width)) << lsb;
    let rd = t.r(d);
    let keep = t.c(!field);
    let kept = t.b.and(rd, keep);
    let r = match n {
        None => kept,
        Some(n) => {
            let rn = t.r(n);
            let sh = t.c(lsb);
            let moved = t.b.shl(rn, sh);
            let f = t.c(field);
            let ins = t.b.and(moved, f);
            t.b.or(kept, ins)
        }
    };
    t.set_r(d, r);
    Ok(())
}

/// SBFX, UBFX: Rd = bits `lsb..lsb + width` of Rn, sign- or zero-extended.
pub(crate) fn bfx(t: &mut Tr, d: u8, n: u8, lsb: u32, width: u32, signed: bool) -> Result<(), Undefined> {
    if d == 15 || n == 15 || lsb + width > 32 {
        return t.unpredictable();
    }
    let rn = t.r(n);
    // Shift the field to the top, then back down.
    let up = t.c(32 - lsb - width);
    let down = t.c(32 - width);
    let x = t.b.shl(rn, up);
    let r = if signed { t.b.ashr(x, down) } else { t.b.lshr(x, down) };
    t.set_r(d, r);
    Ok(())
}
