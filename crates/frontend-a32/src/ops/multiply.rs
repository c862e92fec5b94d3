//! Multiplies, multiply-accumulates and divides, shared by A32 and T32: the 32-bit and
//! long multiplies, the halfword (SMULxy...) and dual (SMLAD...) signed multiplies, the
//! most-significant-word ones (SMMUL...), SDIV/UDIV and USAD8.

use super::sat::{note_q, sext64, signed_sat};
use crate::translate::{Tr, Undefined};
use crossrun_ir::{IntCC, Ty, Value, Width};

/// An I32 register's bottom (`top` false) or top halfword, sign-extended to I64.
pub(crate) fn half(t: &mut Tr, x: Value, top: bool) -> Value {
    let x = if top {
        let sh = t.c(16);
        t.b.lshr(x, sh)
    } else {
        x
    };
    t.b.sext(Ty::I64, Width::W16, x)
}

/// The low 32 bits of an I64.
pub(crate) fn low(t: &mut Tr, x: Value) -> Value {
    t.b.zext(Ty::I32, Width::W32, x)
}

/// The high 32 bits of an I64.
pub(crate) fn high(t: &mut Tr, x: Value) -> Value {
    let sh = t.b.c64(32);
    let h = t.b.lshr(x, sh);
    t.b.zext(Ty::I32, Width::W32, h)
}

/// Sets N and Z from an I32 result (MULS, MLAS), keeping C and V.
pub(crate) fn nz32(t: &mut Tr, r: Value) {
    let f = super::alu::logic_flags(t, r, None);
    t.set_nzcv(f);
}

/// Sets N and Z from an I64 result (UMULLS...), keeping C and V.
pub(crate) fn nz64(t: &mut Tr, r: Value) {
    let f = t.b.flags_logic(r);
    let m = t.c(0xc000_0000);
    let nz = t.b.and(f, m);
    let old = t.nzcv();
    let keep = t.c(0x3000_0000);
    let cv = t.b.and(old, keep);
    let v = t.b.or(nz, cv);
    t.set_nzcv(v);
}

/// MUL, MLA, MLS: `Rd = (acc ± Rn * Rm)` (32 bits); flags N, Z if `s`.
pub(crate) fn mul(t: &mut Tr, d: u8, n: u8, m: u8, acc: Option<(u8, bool)>, s: bool) -> Result<(), Undefined> {
    if [d, n, m].contains(&15) || acc.is_some_and(|(a, _)| a == 15) {
        return t.unpredictable();
    }
    let (rn, rm) = (t.r(n), t.r(m));
    let p = t.b.mul(rn, rm);
    let r = match acc {
        None => p,
        Some((a, sub)) => {
            let ra = t.r(a);
            if sub { t.b.sub(ra, p) } else { t.b.add(ra, p) }
        }
    };
    if s {
        nz32(t, r);
    }
    t.set_r(d, r);
    Ok(())
}

/// The long multiplies: RdHi:RdLo = (accumulate ? RdHi:RdLo : 0) + Rn * Rm, signed or
/// not as `(signed, accumulate)` say; flags N, Z if `s`.
pub(crate) fn mul_long(t: &mut Tr, [lo, hi, n, m]: [u8; 4], (signed, accumulate): (bool, bool), s: bool) -> Result<(), Undefined> {
    if [lo, hi, n, m].contains(&15) || lo == hi {
        return t.unpredictable();
    }
    let (rn, rm) = (t.r(n), t.r(m));
    let (a, b) = if signed {
        (t.b.sext(Ty::I64, Width::W32, rn), t.b.sext(Ty::I64, Width::W32, rm))
    } else {
        (t.b.zext(Ty::I64, Width::W32, rn), t.b.zext(Ty::I64, Width::W32, rm))
    };
    let mut r = t.b.mul(a, b);
    if accumulate {
        let (l, h) = (t.r(lo), t.r(hi));
        let acc = super::mem::pair(t, l, h);
        r = t.b.add(r, acc);
    }
    if s {
        nz64(t, r);
    }
    let (l, h) = (low(t, r), high(t, r));
    t.set_r(lo, l);
    t.set_r(hi, h);
    Ok(())
}

/// UMAAL: RdHi:RdLo = Rn * Rm + RdHi + RdLo (unsigned; never overflows 64 bits).
pub(crate) fn umaal(t: &mut Tr, lo: u8, hi: u8, n: u8, m: u8) -> Result<(), Undefined> {
    if [lo, hi, n, m].contains(&15) || lo == hi {
        return t.unpredictable();
    }
    let (rn, rm, l, h) = (t.r(n), t.r(m), t.r(lo), t.r(hi));
    let a = t.b.zext(Ty::I64, Width::W32, rn);
    let b = t.b.zext(Ty::I64, Width::W32, rm);
    let l = t.b.zext(Ty::I64, Width::W32, l);
    let h = t.b.zext(Ty::I64, Width::W32, h);
    let p = t.b.mul(a, b);
    let p = t.b.add(p, l);
    let r = t.b.add(p, h);
    let (l, h) = (low(t, r), high(t, r));
    t.set_r(lo, l);
    t.set_r(hi, h);
    Ok(())
}

/// SMULxy, SMLAxy: Rd = half(Rn) * half(Rm) (+ Ra, setting Q on signed overflow).
pub(crate) fn smul_xy(t: &mut Tr, d: u8, n: u8, m: u8, n_top: bool, m_top: bool, acc: Option<u8>) -> Result<(), Undefined> {
    if [d, n, m].contains(&15) || acc == Some(15) {
        return t.unpredictable();
    }
    let (rn, rm) = (t.r(n), t.r(m));
    let a = half(t, rn, n_top);
    let b = half(t, rm, m_top);
    let p = t.b.mul(a, b);
    let r = match acc {
        None => low(t, p),
        Some(ra) => {
            let ra = t.r(ra);
            let ra = sext64(t, ra);
            let sum = t.b.add(p, ra);
            overflow_q(t, sum)
        }
    };
    t.set_r(d, r);
    Ok(())
}

/// The low 32 bits of the I64 `x`; sets Q if `x` does not fit in 32 signed bits.
fn overflow_q(t: &mut Tr, x: Value) -> Value {
    let r = low(t, x);
    let back = sext64(t, r);
    let over = t.b.icmp(IntCC::Ne, back, x);
    note_q(t, over);
    r
}

/// SMULWy, SMLAWy: Rd = (Rn * half(Rm)) >> 16 (+ Ra, setting Q on overflow).
pub(crate) fn smul_wy(t: &mut Tr, d: u8, n: u8, m: u8, m_top: bool, acc: Option<u8>) -> Result<(), Undefined> {
    if [d, n, m].contains(&15) || acc == Some(15) {
        return t.unpredictable();
    }
    let (rn, rm) = (t.r(n), t.r(m));
    let a = sext64(t, rn);
    let b = half(t, rm, m_top);
    let p = t.b.mul(a, b);
    let sh = t.b.c64(16);
    let p = t.b.ashr(p, sh);
    let r = match acc {
        None => low(t, p),
        Some(ra) => {
            let ra = t.r(ra);
            let ra = sext64(t, ra);
            let sum = t.b.add(p, ra);
            overflow_q(t, sum)
        }
    };
    t.set_r(d, r);
    Ok(())
}

/// SMLALxy: RdHi:RdLo += half(Rn) * half(Rm).
pub(crate) fn smlal_xy(t: &mut Tr, lo: u8, hi: u8, n: u8, m: u8, n_top: bool, m_top: bool) -> Result<(), Undefined> {
    if [lo, hi, n, m].contains(&15) || lo == hi {
        return t.unpredictable();
    }
    let (rn, rm, l, h) = (t.r(n), t.r(m), t.r(lo), t.r(hi));
    let a = half(t, rn, n_top);
    let b = half(t, rm, m_top);
    let p = t.b.mul(a, b);
    let acc = super::mem::pair(t, l, h);
    let r = t.b.add(p, acc);
    let (l, h) = (low(t, r), high(t, r));
    t.set_r(lo, l);
    t.set_r(hi, h);
    Ok(())
}

/// The two products of the dual multiplies: bottom * bottom and top * top, with Rm's
/// halves swapped if `x`.
fn dual_products(t: &mut Tr, n: u8, m: u8, x: bool) -> (Value, Value) {
    let (rn, rm) = (t.r(n), t.r(m));
    let n_lo = half(t, rn, false);
    let n_hi = half(t, rn, true);
    let m_lo = half(t, rm, x);
    let m_hi = half(t, rm, !x);
    (t.b.mul(n_lo, m_lo), t.b.mul(n_hi, m_hi))
}

/// SMUAD, SMUSD, SMLAD, SMLSD: Rd = (Ra +) p1 ± p2, setting Q if the 32-bit result
/// overflows (the difference forms cannot).
pub(crate) fn smlad(t: &mut Tr, d: u8, n: u8, m: u8, x: bool, sub: bool, acc: Option<u8>) -> Result<(), Undefined> {
    if [d, n, m].contains(&15) || acc == Some(15) {
        return t.unpredictable();
    }
    let (p1, p2) = dual_products(t, n, m, x);
    let mut r = if sub { t.b.sub(p1, p2) } else { t.b.add(p1, p2) };
    if let Some(ra) = acc {
        let ra = t.r(ra);
        let ra = sext64(t, ra);
        r = t.b.add(r, ra);
    }
    let v = overflow_q(t, r);
    t.set_r(d, v);
    Ok(())
}

/// SMLALD, SMLSLD: RdHi:RdLo += p1 ± p2.
pub(crate) fn smlald(t: &mut Tr, lo: u8, hi: u8, n: u8, m: u8, x: bool, sub: bool) -> Result<(), Undefined> {
    if [lo, hi, n, m].contains(&15) || lo == hi {
        return t.unpredictable();
    }
    let (l, h) = (t.r(lo), t.r(hi));
    let (p1, p2) = dual_products(t, n, m, x);
    let p = if sub { t.b.sub(p1, p2) } else { t.b.add(p1, p2) };
    let acc = super::mem::pair(t, l, h);
    let r = t.b.add(p, acc);
    let (l, h) = (low(t, r), high(t, r));
    t.set_r(lo, l);
    t.set_r(hi, h);
    Ok(())
}

/// SMMUL, SMMLA, SMMLS (rounded with `round`): Rd = high word of (Ra << 32 ± Rn * Rm).
pub(crate) fn smmul(t: &mut Tr, d: u8, n: u8, m: u8, acc: Option<(u8, bool)>, round: bool) -> Result<(), Undefined> {
    if [d, n, m].contains(&15) || acc.is_some_and(|(a, _)| a == 15) {
        return t.unpredictable();
    }
    let (rn, rm) = (t.r(n), t.r(m));
    let a = sext64(t, rn);
    let b = sext64(t, rm);
    let p = t.b.mul(a, b);
    let mut r = match acc {
        None => p,
        Some((ra, sub)) => {
            let ra = t.r(ra);
            let ra = t.b.zext(Ty::I64, Width::W32, ra);
            let sh = t.b.c64(32);
            let ra = t.b.shl(ra, sh);
            if sub { t.b.sub(ra, p) } else { t.b.add(ra, p) }
        }
    };
    if round {
        let half = t.b.c64(0x8000_0000);
        r = t.b.add(r, half);
    }
    let v = high(t, r);
    t.set_r(d, v);
    Ok(())
}

/// SDIV, UDIV: Rd = Rn / Rm, rounding toward zero; division by zero gives 0 (Linux
/// leaves SCTLR.DZ clear, so it does not trap).
pub(crate) fn div(t: &mut Tr, d: u8, n: u8, m: u8, signed: bool) -> Result<(), Undefined> {
    if [d, n, m].contains(&15) {
        return t.unpredictable();
    }
    let (rn, rm) = (t.r(n), t.r(m));
    let r = if signed { t.b.sdiv(rn, rm) } else { t.b.udiv(rn, rm) };
    t.set_r(d, r);
    Ok(())
}

/// USAD8, USADA8: Rd = (Ra +) the sum of the absolute differences of the four bytes.
pub(crate) fn usad8(t: &mut Tr, d: u8, n: u8, m: u8, acc: Option<u8>) -> Result<(), Undefined> {
    if [d, n, m].contains(&15) || acc == Some(15) {
        return t.unpredictable();
    }
    let (rn, rm) = (t.r(n), t.r(m));
    let mut sum = match acc {
        Some(a) => t.r(a),
        None => t.c(0),
    };
    for i in 0..4 {
        let sh = t.c(8 * i);
        let a = t.b.lshr(rn, sh);
        let a = t.b.zext(Ty::I32, Width::W8, a);
        let b = t.b.lshr(rm, sh);
        let b = t.b.zext(Ty::I32, Width::W8, b);
        let diff = t.b.sub(a, b);
        let neg = t.b.neg(diff);
        let lt = t.b.icmp(IntCC::Ult, a, b);
        let abs = t.b.select(lt, neg, diff);
        sum = t.b.add(sum, abs);
    }
    t.set_r(d, sum);
    Ok(())
}

/// SSAT16 / USAT16 core: each halfword saturated to `bits` (signed or unsigned).
pub(crate) fn sat16(t: &mut Tr, x: Value, bits: u32, signed: bool) -> Value {
    let mut out = t.c(0);
    let mut any = None;
    for top in [false, true] {
        let h = half(t, x, top);
        let (r, s) = if signed { signed_sat(t, h, bits) } else { super::sat::unsigned_sat(t, h, bits) };
        let r = t.b.zext(Ty::I32, Width::W16, r);
        let r = if top {
            let sh = t.c(16);
            t.b.shl(r, sh)
        } else {
            r
        };
        out = t.b.or(out, r);
        let si = super::sat::below_as_int(t, s);
        any = Some(match any {
            None => si,
            Some(a) => t.b.or(a, si),
        });
    }
    if let Some(a) = any {
        t.set_q_if(a);
    }
    out
}
