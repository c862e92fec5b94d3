//! Pure evaluation of the IR's arithmetic, shared by the interpreter and (as constant
//! folding and as the JIT's test oracle) by anything else that needs the IR's meaning.

use crossrun_ir::{Cond, IntCC, RmwOp, Ty};

/// All-ones mask of an integer type's width.
pub fn mask(ty: Ty) -> u64 {
    match ty {
        Ty::I1 => 1,
        Ty::I32 => 0xffff_ffff,
        _ => u64::MAX,
    }
}

pub fn bits(ty: Ty) -> u32 {
    if ty == Ty::I32 {
        32
    } else {
        64
    }
}

fn sign(ty: Ty, v: u64) -> bool {
    v >> (bits(ty) - 1) & 1 != 0
}

/// Sign-extends a value of width `ty` to i64.
pub fn to_signed(ty: Ty, v: u64) -> i64 {
    let s = 64 - bits(ty);
    ((v << s) as i64) >> s
}

const N: u32 = 1 << 31;
const Z: u32 = 1 << 30;
const C: u32 = 1 << 29;
const V: u32 = 1 << 28;

fn nz(ty: Ty, res: u64) -> u32 {
    let mut f = 0;
    if sign(ty, res) {
        f |= N;
    }
    if res & mask(ty) == 0 {
        f |= Z;
    }
    f
}

/// NZCV of `a + b + carry` at width `ty`.
pub fn flags_add_carry(ty: Ty, a: u64, b: u64, carry: u64) -> u32 {
    let m = mask(ty);
    let (a, b) = (a & m, b & m);
    let wide = a as u128 + b as u128 + carry as u128;
    let res = wide as u64 & m;
    let mut f = nz(ty, res);
    if wide > m as u128 {
        f |= C;
    }
    if sign(ty, (a ^ res) & (b ^ res)) {
        f |= V;
    }
    f
}

pub fn carry_of(nzcv: u64) -> u64 {
    (nzcv >> 29) & 1
}

pub fn flags_logic(ty: Ty, res: u64) -> u32 {
    nz(ty, res)
}

/// Whether the Arm condition `cond` holds for `nzcv`.
pub fn cond_holds(cond: Cond, nzcv: u32) -> bool {
    let (n, z, c, v) = (nzcv & N != 0, nzcv & Z != 0, nzcv & C != 0, nzcv & V != 0);
    let base = match cond.0 >> 1 {
        0 => z,
        1 => c,
        2 => n,
        3 => v,
        4 => c && !z,
        5 => n == v,
        6 => n == v && !z,
        _ => true,
    };
    // Odd conditions invert, except AL/NV (0b1111 is "always" too).
    if cond.0 & 1 == 1 && cond.0 != 0b1111 {
        !base
    } else {
        base
    }
}

pub fn icmp(cc: IntCC, ty: Ty, a: u64, b: u64) -> bool {
    let (sa, sb) = (to_signed(ty, a), to_signed(ty, b));
    match cc {
        IntCC::Eq => a == b,
        IntCC::Ne => a != b,
        IntCC::Ult => a < b,
        IntCC::Ule => a <= b,
        IntCC::Ugt => a > b,
        IntCC::Uge => a >= b,
        IntCC::Slt => sa < sb,
        IntCC::Sle => sa <= sb,
        IntCC::Sgt => sa > sb,
        IntCC::Sge => sa >= sb,
    }
}

pub fn udiv(ty: Ty, a: u64, b: u64) -> u64 {
    let (a, b) = (a & mask(ty), b & mask(ty));
    a.checked_div(b).unwrap_or(0)
}

pub fn sdiv(ty: Ty, a: u64, b: u64) -> u64 {
    let (a, b) = (to_signed(ty, a), to_signed(ty, b));
    if b == 0 {
        0
    } else {
        a.wrapping_div(b) as u64 & mask(ty)
    }
}

pub fn shift_amount(ty: Ty, amount: u64) -> u32 {
    (amount % bits(ty) as u64) as u32
}

pub fn ror(ty: Ty, a: u64, amount: u64) -> u64 {
    let s = shift_amount(ty, amount);
    if ty == Ty::I32 {
        (a as u32).rotate_right(s) as u64
    } else {
        a.rotate_right(s)
    }
}

pub fn clz(ty: Ty, a: u64) -> u64 {
    if ty == Ty::I32 {
        (a as u32).leading_zeros() as u64
    } else {
        a.leading_zeros() as u64
    }
}

pub fn cls(ty: Ty, a: u64) -> u64 {
    let s = to_signed(ty, a);
    clz(ty, (s ^ (s >> 1)) as u64 & mask(ty)) - 1
}

pub fn rbit(ty: Ty, a: u64) -> u64 {
    if ty == Ty::I32 {
        (a as u32).reverse_bits() as u64
    } else {
        a.reverse_bits()
    }
}

pub fn rev(ty: Ty, a: u64) -> u64 {
    if ty == Ty::I32 {
        (a as u32).swap_bytes() as u64
    } else {
        a.swap_bytes()
    }
}

pub fn rev16(ty: Ty, a: u64) -> u64 {
    (((a >> 8) & 0x00ff_00ff_00ff_00ff) | ((a & 0x00ff_00ff_00ff_00ff) << 8)) & mask(ty)
}

pub fn rev32(a: u64) -> u64 {
    let lo = (a as u32).swap_bytes() as u64;
    let hi = ((a >> 32) as u32).swap_bytes() as u64;
    lo | (hi << 32)
}

/// Zero-extends the low `from_bits` of `a`.
pub fn zext(from_bits: u32, a: u128) -> u128 {
    if from_bits >= 128 {
        a
    } else {
        a & ((1u128 << from_bits) - 1)
    }
}

/// Sign-extends the low `from_bits` of `a` to a value of type `ty`.
pub fn sext(ty: Ty, from_bits: u32, a: u64) -> u64 {
    let s = 64 - from_bits;
    ((((a << s) as i64) >> s) as u64) & mask(ty)
}

/// The new memory value of an atomic read-modify-write at `bytes` width.
pub fn rmw(op: RmwOp, bytes: u32, old: u64, val: u64) -> u64 {
    let s = 64 - bytes * 8;
    let signed = |x: u64| ((x << s) as i64) >> s;
    let m = if bytes == 8 { u64::MAX } else { (1u64 << (bytes * 8)) - 1 };
    let (old, val) = (old & m, val & m);
    let r = match op {
        RmwOp::Add => old.wrapping_add(val),
        RmwOp::Clr => old & !val,
        RmwOp::Eor => old ^ val,
        RmwOp::Set => old | val,
        RmwOp::Smax => if signed(old) >= signed(val) { old } else { val },
        RmwOp::Smin => if signed(old) <= signed(val) { old } else { val },
        RmwOp::Umax => old.max(val),
        RmwOp::Umin => old.min(val),
        RmwOp::Swp => val,
    };
    r & m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subtraction_flags_follow_arm_carry_convention() {
        // SUBS is a + !b + 1: C set when no borrow.
        let f = |a: u64, b: u64| flags_add_carry(Ty::I64, a, !b, 1);
        assert_eq!(f(5, 3), C);
        assert_eq!(f(3, 3), Z | C);
        assert_eq!(f(3, 5), N);
        assert_eq!(f(i64::MIN as u64, 1), C | V);
        let w = |a: u64, b: u64| flags_add_carry(Ty::I32, a, !b & 0xffff_ffff, 1);
        assert_eq!(w(0x8000_0000, 1), C | V);
        assert_eq!(w(0, 1), N);
    }

    #[test]
    fn conditions() {
        assert!(cond_holds(Cond(0), Z));
        assert!(!cond_holds(Cond(1), Z));
        assert!(cond_holds(Cond(0b1010), N | V)); // GE
        assert!(cond_holds(Cond(0b1011), N)); // LT
        assert!(cond_holds(Cond(0b1000), C)); // HI
        assert!(!cond_holds(Cond(0b1000), C | Z));
        assert!(cond_holds(Cond(0b1110), 0) && cond_holds(Cond(0b1111), 0));
    }

    #[test]
    fn division_edges() {
        assert_eq!(sdiv(Ty::I64, i64::MIN as u64, u64::MAX), i64::MIN as u64);
        assert_eq!(sdiv(Ty::I32, 0x8000_0000, 0xffff_ffff), 0x8000_0000);
        assert_eq!(udiv(Ty::I64, 7, 0), 0);
        assert_eq!(sdiv(Ty::I32, 7, 0), 0);
        assert_eq!(sdiv(Ty::I32, (-7i32) as u32 as u64, 2), (-3i32) as u32 as u64);
    }

    #[test]
    fn bit_counts() {
        assert_eq!(cls(Ty::I64, 0), 63);
        assert_eq!(cls(Ty::I64, u64::MAX), 63);
        assert_eq!(cls(Ty::I32, 1), 30);
        assert_eq!(cls(Ty::I32, 0xc000_0000), 1);
        assert_eq!(clz(Ty::I32, 1), 31);
        assert_eq!(rev16(Ty::I32, 0x1122_3344), 0x2211_4433);
        assert_eq!(rev32(0x1122_3344_5566_7788), 0x4433_2211_8877_6655);
        assert_eq!(sext(Ty::I32, 8, 0x80), 0xffff_ff80);
        assert_eq!(rmw(RmwOp::Smax, 1, 0x80, 0x7f), 0x7f);
        assert_eq!(rmw(RmwOp::Umax, 1, 0x80, 0x7f), 0x80);
    }
}
