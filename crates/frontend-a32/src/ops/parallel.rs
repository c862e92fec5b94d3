//! The ARMv6 parallel add and subtract family (S/U/Q/UQ/SH/UH with ADD16, ASX, SAX,
//! SUB16, ADD8, SUB8) and SEL.
//!
//! APSR.GE is kept as a byte mask (see the crate documentation): byte i is all ones
//! when GE[i] is set, which is exactly what SEL selects with. The modulo forms, which
//! set GE and appear in string routines (UADD8 + SEL find a zero byte), are inline
//! SWAR code; the saturating and halving forms and the exchanging ones are one pure
//! helper.

use crate::translate::Tr;
use crossrun_ir::{CpuState, Helper, Meaning, Ty, Value};

/// The operation within a family (the `op1`/`op2` fields' meaning).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Lanes {
    Add16,
    Asx,
    Sax,
    Sub16,
    Add8,
    Sub8,
}

/// The family (prefix).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// S: signed modulo, sets GE.
    Signed,
    /// Q: signed saturating.
    SignedSat,
    /// SH: signed halving.
    SignedHalve,
    /// U: unsigned modulo, sets GE.
    Unsigned,
    /// UQ: unsigned saturating.
    UnsignedSat,
    /// UH: unsigned halving.
    UnsignedHalve,
}

impl Kind {
    fn signed(self) -> bool {
        matches!(self, Kind::Signed | Kind::SignedSat | Kind::SignedHalve)
    }

    fn sets_ge(self) -> bool {
        matches!(self, Kind::Signed | Kind::Unsigned)
    }
}

/// The exact result of each lane (as i64) of `a op b`, lane 0 first, and the lane size.
fn lanes(op: Lanes, a: u32, b: u32, signed: bool) -> (Vec<i64>, u32) {
    let h = |x: u32, i: u32| -> i64 {
        let v = (x >> (16 * i)) & 0xffff;
        if signed { v as u16 as i16 as i64 } else { v as i64 }
    };
    let byte = |x: u32, i: u32| -> i64 {
        let v = (x >> (8 * i)) & 0xff;
        if signed { v as u8 as i8 as i64 } else { v as i64 }
    };
    match op {
        Lanes::Add16 => (vec![h(a, 0) + h(b, 0), h(a, 1) + h(b, 1)], 16),
        Lanes::Sub16 => (vec![h(a, 0) - h(b, 0), h(a, 1) - h(b, 1)], 16),
        Lanes::Asx => (vec![h(a, 0) - h(b, 1), h(a, 1) + h(b, 0)], 16),
        Lanes::Sax => (vec![h(a, 0) + h(b, 1), h(a, 1) - h(b, 0)], 16),
        Lanes::Add8 => ((0..4).map(|i| byte(a, i) + byte(b, i)).collect(), 8),
        Lanes::Sub8 => ((0..4).map(|i| byte(a, i) - byte(b, i)).collect(), 8),
    }
}

/// The whole family on constants: (result, GE byte mask). The reference for every
/// form; the helper runs it.
pub(crate) fn compute(kind: Kind, op: Lanes, a: u32, b: u32) -> (u32, u32) {
    let signed = kind.signed();
    let (vals, esize) = lanes(op, a, b, signed);
    let mask = if esize == 16 { 0xffff } else { 0xff };
    let (mut r, mut ge) = (0u32, 0u32);
    for (i, &v) in vals.iter().enumerate() {
        let lane = match kind {
            Kind::Signed | Kind::Unsigned => v,
            Kind::SignedHalve | Kind::UnsignedHalve => v >> 1,
            Kind::SignedSat => v.clamp(-(1 << (esize - 1)), (1 << (esize - 1)) - 1),
            Kind::UnsignedSat => v.clamp(0, (1 << esize) - 1),
        };
        r |= (lane as u32 & mask) << (esize * i as u32);
        let set = match kind {
            Kind::Signed => v >= 0,
            // Unsigned: a carry out of an addition, no borrow out of a subtraction.
            _ => {
                let is_add = match op {
                    Lanes::Add16 | Lanes::Add8 => true,
                    Lanes::Sub16 | Lanes::Sub8 => false,
                    Lanes::Asx => i == 1,
                    Lanes::Sax => i == 0,
                };
                if is_add { v >= 1 << esize } else { v >= 0 }
            }
        };
        if set {
            ge |= mask << (esize * i as u32);
        }
    }
    (r, if kind.sets_ge() { ge } else { 0 })
}

fn kind_of(code: u32) -> Kind {
    [Kind::Signed, Kind::SignedSat, Kind::SignedHalve, Kind::Unsigned, Kind::UnsignedSat, Kind::UnsignedHalve][(code >> 4) as usize % 6]
}

fn lanes_of(code: u32) -> Lanes {
    [Lanes::Add16, Lanes::Asx, Lanes::Sax, Lanes::Sub16, Lanes::Add8, Lanes::Sub8][(code & 0xf) as usize % 6]
}

fn code(kind: Kind, op: Lanes) -> u32 {
    (kind as u32) << 4 | op as u32
}

/// `(I32 a, I32 b, I32 code) -> I64`: the result in the low word, the GE mask in the high.
static PARALLEL: Helper = Helper {
    name: "a32.parallel",
    func: |_: &mut CpuState, a: &[u128]| {
        let c = a[2] as u32;
        let (r, ge) = compute(kind_of(c), lanes_of(c), a[0] as u32, a[1] as u32);
        u128::from(r) | u128::from(ge) << 32
    },
    args: &[Ty::I32, Ty::I32, Ty::I32],
    ret: Ty::I64,
    pure: true,
    meaning: Meaning::Opaque,
};

/// `Rd = a op b` in the family `kind`, setting GE for the modulo ones; returns Rd's value.
pub(crate) fn parallel(t: &mut Tr, kind: Kind, op: Lanes, a: Value, b: Value) -> Value {
    if kind.sets_ge() && matches!(op, Lanes::Add16 | Lanes::Sub16 | Lanes::Add8 | Lanes::Sub8) {
        let esize = if matches!(op, Lanes::Add16 | Lanes::Sub16) { 16 } else { 8 };
        let sub = matches!(op, Lanes::Sub16 | Lanes::Sub8);
        return swar(t, esize, sub, kind == Kind::Signed, a, b);
    }
    let c = t.c(code(kind, op));
    let v = t.b.call(&PARALLEL, &[a, b, c]);
    let r = t.b.zext(Ty::I32, crossrun_ir::Width::W32, v);
    if kind.sets_ge() {
        let sh = t.b.c64(32);
        let ge = t.b.lshr(v, sh);
        let ge = t.b.zext(Ty::I32, crossrun_ir::Width::W32, ge);
        t.set_ge_mask(ge);
    }
    r
}

/// The modulo forms inline: lane-wise sum or difference with the lane's top bit kept out
/// of the carry chain, and GE from each lane's carry (unsigned) or the sign of its exact
/// result (signed).
fn swar(t: &mut Tr, esize: u32, sub: bool, signed: bool, a: Value, b: Value) -> Value {
    let top = if esize == 16 { 0x8000_8000u32 } else { 0x8080_8080 };
    let h = t.c(top);
    let l = t.c(!top);
    let x = t.b.xor(a, b);
    let r = if sub {
        let a1 = t.b.or(a, h);
        let b1 = t.b.and(b, l);
        let d = t.b.sub(a1, b1);
        let xt = t.b.and_not(h, x);
        t.b.xor(d, xt)
    } else {
        let a1 = t.b.and(a, l);
        let b1 = t.b.and(b, l);
        let s = t.b.add(a1, b1);
        let xt = t.b.and(x, h);
        t.b.xor(s, xt)
    };
    // The carry (borrow for a subtraction) out of each lane's top bit.
    let out = if sub {
        // borrow = (!a & b) | (!(a ^ b) & r)
        let na_b = t.b.and_not(b, a);
        let same = t.b.not(x);
        let same_r = t.b.and(same, r);
        t.b.or(na_b, same_r)
    } else {
        // carry = (a & b) | ((a | b) & !r)
        let ab = t.b.and(a, b);
        let aob = t.b.or(a, b);
        let aob_nr = t.b.and_not(aob, r);
        t.b.or(ab, aob_nr)
    };
    // GE: unsigned sums carry, unsigned differences do not borrow; signed: the exact
    // result's sign (a ^ b ^ carry at the lane's top for a sum, a ^ b ^ borrow for a
    // difference) is clear.
    let ge_top = match (signed, sub) {
        (false, false) => out,
        (false, true) => t.b.not(out),
        (true, _) => {
            let s = t.b.xor(x, out);
            t.b.not(s)
        }
    };
    let ge_top = t.b.and(ge_top, h);
    // Each lane's top bit spread over the lane: (bit >> (esize - 1)) * all-ones lane.
    let sh = t.c(esize - 1);
    let ones = t.b.lshr(ge_top, sh);
    let lane = t.c(if esize == 16 { 0xffff } else { 0xff });
    let mask = t.b.mul(ones, lane);
    t.set_ge_mask(mask);
    r
}

/// SEL: each byte from `a` where GE is set, else from `b`.
pub(crate) fn sel(t: &mut Tr, a: Value, b: Value) -> Value {
    let ge = t.ge_mask();
    let x = t.b.xor(a, b);
    let x = t.b.and(x, ge);
    t.b.xor(b, x)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_semantics() {
        // UADD8: 0xff + 0x01 carries (GE set), 0x10 + 0x10 does not.
        assert_eq!(compute(Kind::Unsigned, Lanes::Add8, 0x10ff_10ff, 0x1001_1001), (0x2000_2000, 0x00ff_00ff));
        // SSUB16: 1 - 2 < 0 (GE clear), 5 - 2 >= 0.
        assert_eq!(compute(Kind::Signed, Lanes::Sub16, 0x0005_0001, 0x0002_0002), (0x0003_ffff, 0xffff_0000));
        // QADD8 saturates, SHSUB16 halves, UQSUB8 floors at zero.
        assert_eq!(compute(Kind::SignedSat, Lanes::Add8, 0x7f80_0000, 0x01ff_0000).0, 0x7f80_0000);
        assert_eq!(compute(Kind::SignedHalve, Lanes::Sub16, 0x0000_0004, 0x0001_0000).0, 0xffff_0002);
        assert_eq!(compute(Kind::UnsignedSat, Lanes::Sub8, 0x0510_0000, 0x0620_0000).0, 0);
        // UASX: lane 0 is a.lo - b.hi, lane 1 a.hi + b.lo.
        assert_eq!(compute(Kind::Unsigned, Lanes::Asx, 0xffff_0003, 0x0002_0001), (0x0000_0001, 0xffff_ffff));
    }
}
