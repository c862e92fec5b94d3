//! Shifts (the Arm ARM's Shift_C, DecodeImmShift and the register-shifted forms) and
//! the modified-immediate constants of A32 and T32, with the carry they produce.

use crate::translate::Tr;
use crossrun_ir::{IntCC, Ty, Value, Width};

/// The shift types, from the 2-bit `type` field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ShiftType {
    Lsl,
    Lsr,
    Asr,
    /// ROR, or RRX for an immediate amount of 0.
    Ror,
}

impl ShiftType {
    pub(crate) fn from_bits(t: u32) -> ShiftType {
        match t & 3 {
            0 => ShiftType::Lsl,
            1 => ShiftType::Lsr,
            2 => ShiftType::Asr,
            _ => ShiftType::Ror,
        }
    }
}

/// A shifter result and its carry out: `None` when the shifter leaves APSR.C as it is.
pub(crate) type Shifted = (Value, Option<Value>);

/// `x` (I32) shifted by an immediate, as DecodeImmShift reads the 5-bit `imm` field
/// (LSR/ASR #0 mean 32, ROR #0 is RRX), with the carry out.
pub(crate) fn imm_shift_c(t: &mut Tr, x: Value, ty: ShiftType, imm: u32) -> Shifted {
    let c = |t: &mut Tr, v: u32| t.b.c32(v);
    let bit = |t: &mut Tr, x: Value, n: u32| {
        let sh = t.b.c32(n);
        let v = t.b.lshr(x, sh);
        let one = t.b.c32(1);
        t.b.and(v, one)
    };
    match (ty, imm) {
        (ShiftType::Lsl, 0) => (x, None),
        (ShiftType::Lsl, n) => {
            let carry = bit(t, x, 32 - n);
            let sh = c(t, n);
            (t.b.shl(x, sh), Some(carry))
        }
        (ShiftType::Lsr, 0) => {
            let carry = bit(t, x, 31);
            (c(t, 0), Some(carry))
        }
        (ShiftType::Lsr, n) => {
            let carry = bit(t, x, n - 1);
            let sh = c(t, n);
            (t.b.lshr(x, sh), Some(carry))
        }
        (ShiftType::Asr, n) => {
            let n = if n == 0 { 32 } else { n };
            let carry = bit(t, x, n - 1);
            let sh = c(t, n.min(31));
            (t.b.ashr(x, sh), Some(carry))
        }
        (ShiftType::Ror, 0) => {
            // RRX: C into bit 31, bit 0 out.
            let carry = bit(t, x, 0);
            let one = c(t, 1);
            let r = t.b.lshr(x, one);
            let cin = t.carry();
            let sh = c(t, 31);
            let cin = t.b.shl(cin, sh);
            (t.b.or(r, cin), Some(carry))
        }
        (ShiftType::Ror, n) => {
            let carry = bit(t, x, n - 1);
            (ror_const(t, x, n), Some(carry))
        }
    }
}

/// `x` shifted by an immediate, without the carry.
pub(crate) fn imm_shift(t: &mut Tr, x: Value, ty: ShiftType, imm: u32) -> Value {
    match (ty, imm) {
        (ShiftType::Lsl, 0) => x,
        (ShiftType::Lsl, n) => {
            let sh = t.b.c32(n);
            t.b.shl(x, sh)
        }
        (ShiftType::Lsr, 0) => t.b.c32(0),
        (ShiftType::Lsr, n) => {
            let sh = t.b.c32(n);
            t.b.lshr(x, sh)
        }
        (ShiftType::Asr, n) => {
            let sh = t.b.c32(if n == 0 { 31 } else { n.min(31) });
            t.b.ashr(x, sh)
        }
        (ShiftType::Ror, 0) => imm_shift_c(t, x, ty, 0).0,
        (ShiftType::Ror, n) => ror_const(t, x, n),
    }
}

/// `x` rotated right by `n` (1..=31), spelled as the JIT recognises a rotate.
pub(crate) fn ror_const(t: &mut Tr, x: Value, n: u32) -> Value {
    let l = t.b.c32(32 - n);
    let r = t.b.c32(n);
    let hi = t.b.shl(x, l);
    let lo = t.b.lshr(x, r);
    t.b.or(hi, lo)
}

/// `x` (I32) shifted by the bottom byte of the I32 `amount` (register-shifted
/// register forms), with the carry out. `with_carry` asks for the carry.
pub(crate) fn reg_shift_c(t: &mut Tr, x: Value, ty: ShiftType, amount: Value, with_carry: bool) -> Shifted {
    let ff = t.b.c32(0xff);
    let n = t.b.and(amount, ff);
    let zero = t.b.c32(0);
    let is_zero = t.b.icmp(IntCC::Eq, n, zero);
    let old_c = |t: &mut Tr| t.carry();
    match ty {
        ShiftType::Ror => {
            let r = t.b.ror(x, n);
            if !with_carry {
                return (r, None);
            }
            let sh = t.b.c32(31);
            let top = t.b.lshr(r, sh);
            let c = old_c(t);
            (r, Some(t.b.select(is_zero, c, top)))
        }
        _ => {
            // In 64 bits the shift of an amount clamped to 33 is exact, and one more bit
            // next to the result is the carry: (x << n) >> 32 for LSL, and for LSR/ASR
            // bit 0 of (x:0) >> n.
            let max = t.b.c32(33);
            let big = t.b.icmp(IntCC::Ugt, n, max);
            let clamped = t.b.select(big, max, n);
            let n64 = t.b.zext(Ty::I64, Width::W32, clamped);
            let (r, carry) = if ty == ShiftType::Lsl {
                let x64 = t.b.zext(Ty::I64, Width::W32, x);
                let s = t.b.shl(x64, n64);
                let r = t.b.zext(Ty::I32, Width::W32, s);
                let thirty_two = t.b.c64(32);
                let c = t.b.lshr(s, thirty_two);
                (r, c)
            } else {
                let x64 = if ty == ShiftType::Asr {
                    t.b.sext(Ty::I64, Width::W32, x)
                } else {
                    t.b.zext(Ty::I64, Width::W32, x)
                };
                let one = t.b.c64(1);
                let wide = t.b.shl(x64, one);
                let s = if ty == ShiftType::Asr { t.b.ashr(wide, n64) } else { t.b.lshr(wide, n64) };
                let r = t.b.lshr(s, one);
                (t.b.zext(Ty::I32, Width::W32, r), s)
            };
            if !with_carry {
                return (r, None);
            }
            let carry = t.b.zext(Ty::I32, Width::W32, carry);
            let one = t.b.c32(1);
            let carry = t.b.and(carry, one);
            let c = old_c(t);
            (r, Some(t.b.select(is_zero, c, carry)))
        }
    }
}

/// A32's modified immediate (ARMExpandImm_C): `imm8` rotated right by twice `rot`, with
/// the carry: bit 31 of the result if rotated, else APSR.C.
pub(crate) fn arm_expand_imm(rot: u32, imm8: u32) -> (u32, bool) {
    let v = imm8.rotate_right(2 * rot);
    (v, rot != 0)
}

/// T32's modified immediate (ThumbExpandImm_C) from the 12 bits `i:imm3:imm8`: the
/// value, and whether the carry is its bit 31 (rotated forms) rather than APSR.C.
/// `None` for the reserved byte patterns with a zero byte.
pub(crate) fn thumb_expand_imm(imm12: u32) -> Option<(u32, bool)> {
    let imm8 = imm12 & 0xff;
    if imm12 >> 10 == 0 {
        let v = match (imm12 >> 8) & 3 {
            0 => imm8,
            1 if imm8 != 0 => imm8 << 16 | imm8,
            2 if imm8 != 0 => imm8 << 24 | imm8 << 8,
            3 if imm8 != 0 => imm8 * 0x0101_0101,
            _ => return None,
        };
        Some((v, false))
    } else {
        let unrotated = 0x80 | (imm12 & 0x7f);
        Some((unrotated.rotate_right(imm12 >> 7), true))
    }
}

/// The carry out of a modified immediate: its bit 31 if `rotated`, else none (APSR.C
/// unchanged).
pub(crate) fn imm_carry(t: &mut Tr, value: u32, rotated: bool) -> Option<Value> {
    rotated.then(|| t.b.c32(value >> 31))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thumb_modified_immediates() {
        assert_eq!(thumb_expand_imm(0x0ab), Some((0xab, false)));
        assert_eq!(thumb_expand_imm(0x1ab), Some((0x00ab_00ab, false)));
        assert_eq!(thumb_expand_imm(0x2ab), Some((0xab00_ab00, false)));
        assert_eq!(thumb_expand_imm(0x3ab), Some((0xabab_abab, false)));
        assert_eq!(thumb_expand_imm(0x100), None);
        // i:imm3:a = 01000 rotates 1bcdefgh right by 8.
        assert_eq!(thumb_expand_imm(0x400), Some((0x8000_0000, true)));
        assert_eq!(thumb_expand_imm(0xfff), Some((0x0000_01fe, true)));
        assert_eq!(arm_expand_imm(1, 0xff), (0xc000_003f, true));
    }
}
