//! The lane engine behind the AdvSIMD helpers.
//!
//! A vector is a `u128`; an element of `esize` bits is handled as a zero-extended
//! `u64`, and arithmetic that must not wrap is done on `i128`, which holds every
//! intermediate the A64 pseudocode's unbounded integers reach here (at most a 64-bit
//! value shifted left by 63, or a doubled 32x32-bit product). The element size is a
//! const generic of each helper, so every engine loop below is unrolled per size.
//!
//! Helpers come in families indexed by the `size` field of the encoding; [`sized!`]
//! stamps out one [`Helper`] per element size from one generic function.

use crossrun_ir::{CpuState, Helper};

/// FPSR.QC, the cumulative saturation flag.
pub const QC: u32 = 1 << 27;

/// A family of helpers, one per element size, for sizes `min..min + h.len()` (size
/// 0 = 8-bit elements).
#[derive(Debug)]
pub struct Sized {
    pub min: u32,
    pub h: &'static [Helper],
}

impl Sized {
    /// The helper for the `size` field, or None for a size the operation lacks.
    pub fn get(&'static self, size: u32) -> Option<&'static Helper> {
        size.checked_sub(self.min).and_then(|i| self.h.get(i as usize))
    }
}

/// `sized!("name", func, [8, 16, 32], [V128, V128] -> V128, pure)` builds a [`Sized`]
/// from `func::<8>`, `func::<16>`, `func::<32>`; `func<true>` passes a second const
/// argument (the signedness, for the families that have S and U forms). A trailing
/// `, Kind { field: value, .. }` gives each helper the meaning `Meaning::Kind` with those
/// fields and its `esize`; without it the helpers are opaque.
macro_rules! sized {
    ($name:literal, $f:ident, [$($e:literal),+], $args:tt -> $ret:ident, $pure:literal) => {
        $crate::simd::lanes::sized!(@build $name, [$($e => $f::<$e>),+], $args -> $ret, $pure, Opaque {})
    };
    ($name:literal, $f:ident, [$($e:literal),+], $args:tt -> $ret:ident, $pure:literal, $kind:ident $fields:tt) => {
        $crate::simd::lanes::sized!(@build $name, [$($e => $f::<$e>),+], $args -> $ret, $pure, $kind $fields)
    };
    ($name:literal, $f:ident<$g:tt>, [$($e:literal),+], $args:tt -> $ret:ident, $pure:literal) => {
        $crate::simd::lanes::sized!(@build $name, [$($e => $f::<$e, $g>),+], $args -> $ret, $pure, Opaque {})
    };
    ($name:literal, $f:ident<$g:tt>, [$($e:literal),+], $args:tt -> $ret:ident, $pure:literal, $kind:ident $fields:tt) => {
        $crate::simd::lanes::sized!(@build $name, [$($e => $f::<$e, $g>),+], $args -> $ret, $pure, $kind $fields)
    };
    (@build $name:literal, [$($e:literal => $func:expr),+], $args:tt -> $ret:ident, $pure:literal, $kind:ident $fields:tt) => {
        $crate::simd::lanes::Sized {
            min: ([$($e),+][0] as u32).trailing_zeros() - 3,
            h: &[$(crossrun_ir::Helper {
                name: concat!($name, ".", $e),
                func: $func,
                args: {
                    #[allow(unused_imports)]
                    use crossrun_ir::Ty::*;
                    &$args
                },
                ret: crossrun_ir::Ty::$ret,
                pure: $pure,
                meaning: $crate::simd::lanes::sized!(@meaning $e, $kind $fields),
            }),+],
        }
    };
    (@meaning $e:literal, Opaque {}) => { crossrun_ir::Meaning::Opaque };
    (@meaning $e:literal, $kind:ident { $($field:ident: $val:expr),* }) => {
        crossrun_ir::Meaning::$kind { esize: $e, $($field: $val),* }
    };
}
pub(crate) use sized;

/// Records a saturation in FPSR.QC.
pub fn set_qc(cpu: &mut CpuState, saturated: bool) {
    if saturated {
        cpu.fp_status |= QC;
    }
}

/// The low `bits` bits set (`bits` <= 64).
#[inline(always)]
pub const fn ones(bits: u32) -> u64 {
    if bits >= 64 {
        u64::MAX
    } else {
        (1 << bits) - 1
    }
}

/// Element `i` of `esize` bits of `v`, zero-extended.
#[inline(always)]
pub fn get(v: u128, esize: u32, i: u32) -> u64 {
    (v >> (i * esize)) as u64 & ones(esize)
}

/// An element's integer value: signed (`s`) or unsigned.
#[inline(always)]
pub fn ext(x: u64, esize: u32, s: bool) -> i128 {
    if s {
        let sh = 64 - esize;
        (((x << sh) as i64) >> sh) as i128
    } else {
        (x & ones(esize)) as i128
    }
}

/// Saturates `x` to an `esize`-bit signed (`s`) or unsigned element, noting in `q`
/// whether it had to.
#[inline(always)]
pub fn sat(x: i128, esize: u32, s: bool, q: &mut bool) -> u64 {
    let (lo, hi) = if s {
        (-(1i128 << (esize - 1)), (1i128 << (esize - 1)) - 1)
    } else {
        (0, ones(esize) as i128)
    };
    if x < lo {
        *q = true;
        lo as u64
    } else if x > hi {
        *q = true;
        hi as u64
    } else {
        x as u64
    }
}

/// `x` shifted by `shift` as the shift-by-register instructions do: left for a positive
/// shift, arithmetically right (rounding to nearest, ties up, if `round`) for a
/// negative one. A left shift that would overflow 128 bits gives a value of the right
/// sign with no bits in the low 64, which saturates the same way and truncates to 0.
#[inline(always)]
pub fn shift(x: i128, shift: i64, round: bool) -> i128 {
    if shift >= 0 {
        if x == 0 {
            0
        } else if shift >= 64 {
            x.signum() << 100
        } else {
            x << shift
        }
    } else {
        // Any right shift past 65 bits leaves the same result as 127 (x is at most 65
        // bits wide), and keeps the rounding constant inside i128.
        let s = (-shift).min(127) as u32;
        if round {
            (x + (1i128 << (s - 1))) >> s
        } else {
            x >> s
        }
    }
}

/// The shift count of a shift-by-register element: its low byte, signed.
#[inline(always)]
pub fn shift_count(m: u64) -> i64 {
    m as u8 as i8 as i64
}

/// Applies `f` to each element of `a`.
#[inline(always)]
pub fn map1<const E: u32>(a: u128, mut f: impl FnMut(u64) -> u64) -> u128 {
    let mut r = 0u128;
    for i in 0..128 / E {
        r |= ((f(get(a, E, i)) & ones(E)) as u128) << (i * E);
    }
    r
}

/// Applies `f` to each pair of corresponding elements of `a` and `b`.
#[inline(always)]
pub fn map2<const E: u32>(a: u128, b: u128, mut f: impl FnMut(u64, u64) -> u64) -> u128 {
    let mut r = 0u128;
    for i in 0..128 / E {
        r |= ((f(get(a, E, i), get(b, E, i)) & ones(E)) as u128) << (i * E);
    }
    r
}

/// Applies `f` to adjacent pairs of elements: those of `a` give the low half of the
/// result, those of `b` the high half (the layout of ADDP on a 128-bit vector).
#[inline(always)]
pub fn pairwise<const E: u32>(a: u128, b: u128, mut f: impl FnMut(u64, u64) -> u64) -> u128 {
    let mut r = 0u128;
    for i in 0..64 / E {
        let lo = f(get(a, E, 2 * i), get(a, E, 2 * i + 1)) & ones(E);
        let hi = f(get(b, E, 2 * i), get(b, E, 2 * i + 1)) & ones(E);
        r |= (lo as u128) << (i * E) | (hi as u128) << (64 + i * E);
    }
    r
}

/// Widening: `f` maps each pair of `E`-bit elements of the 64-bit `a` and `b` to a
/// `2E`-bit element of the result.
#[inline(always)]
pub fn long<const E: u32>(a: u64, b: u64, mut f: impl FnMut(u64, u64) -> u64) -> u128 {
    let mut r = 0u128;
    for i in 0..64 / E {
        let x = f(get(a as u128, E, i), get(b as u128, E, i)) & ones(2 * E);
        r |= (x as u128) << (i * 2 * E);
    }
    r
}

/// Wide: `f` maps each `2E`-bit element of `a` and the `E`-bit element of the 64-bit
/// `b` in the same lane to a `2E`-bit element.
#[inline(always)]
pub fn wide<const E: u32>(a: u128, b: u64, mut f: impl FnMut(u64, u64) -> u64) -> u128 {
    let mut r = 0u128;
    for i in 0..64 / E {
        let x = f(get(a, 2 * E, i), get(b as u128, E, i)) & ones(2 * E);
        r |= (x as u128) << (i * 2 * E);
    }
    r
}

/// Narrowing: `f` maps each pair of `2E`-bit elements of `a` and `b` to an `E`-bit
/// element of the 64-bit result.
#[inline(always)]
pub fn narrow<const E: u32>(a: u128, b: u128, mut f: impl FnMut(u64, u64) -> u64) -> u64 {
    let mut r = 0u64;
    for i in 0..64 / E {
        r |= (f(get(a, 2 * E, i), get(b, 2 * E, i)) & ones(E)) << (i * E);
    }
    r
}

/// Folds the first `lanes` elements of `a` (at most 128 / E) with `f`.
#[inline(always)]
pub fn fold<const E: u32>(a: u128, lanes: u32, init: i128, mut f: impl FnMut(i128, u64) -> i128) -> i128 {
    (0..lanes.min(128 / E)).fold(init, |acc, i| f(acc, get(a, E, i)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shift_handles_extreme_counts() {
        assert_eq!(shift(-1, -128, false), -1);
        assert_eq!(shift(-1, -128, true), 0);
        assert_eq!(shift(u64::MAX as i128, -64, true), 1);
        assert_eq!(shift(5, 127, false) as u64, 0);
        assert_eq!(shift(-5, 64, false) as u64, 0);
        assert!(shift(-5, 64, false) < i64::MIN as i128);
        assert_eq!(shift(0, 100, false), 0);
    }

    #[test]
    fn saturation_bounds() {
        let mut q = false;
        assert_eq!(sat(-129, 8, true, &mut q), 0x80_u64 | !0xff);
        assert!(q);
        let mut q = false;
        assert_eq!(sat(255, 8, false, &mut q), 255);
        assert!(!q);
    }
}
