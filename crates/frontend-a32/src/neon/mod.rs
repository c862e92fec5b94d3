//! AdvSIMD (NEON): the data-processing groups (three registers of the same length, of
//! different lengths, two registers and a scalar, two registers and a shift, two
//! registers miscellaneous, one register and a modified immediate), the permutes and
//! table lookups, the element and structure loads and stores, and ARMv8's Crypto
//! extension (AES, SHA-1, SHA-256, VMULL.P64). A32 encodes them in the unconditional
//! space; T32's are decoded as their A32 forms.
//!
//! The lane arithmetic is `crossrun_arm_shared::simd`'s and `::fp`'s helpers (the ones
//! A64's AdvSIMD runs on); floating point uses the standard FP environment (flush to
//! zero, default NaN, round to nearest) as AArch32 AdvSIMD does, with FPSCR's
//! cumulative flags. Additions, subtractions and the bitwise operations are inline
//! 64-bit IR on each D register (SWAR for narrow elements).
//!
//! A D-form operand is D<n> in the low half of a V128 whose high half is zero, a Q-form
//! one Q<n> (`V(n)`, D<2n+1>:D<2n>); helpers compute every lane of the V128 and a D-form
//! result keeps the low half.

use crate::decoder::{Fields, Row};
use crate::translate::{Tr, Undefined};
use crossrun_arm_shared::simd::lanes::Sized;
use crossrun_ir::{Helper, Ty, Value};

mod crypto;
mod imm;
mod ldst;
mod perm;
mod scalar;
mod shift;
mod three_diff;
mod three_same;
mod three_same_fp;
mod two_misc;

/// The tables (all in the unconditional space).
pub(crate) const TABLES: &[&[Row]] = &[
    three_same::ROWS,
    three_same_fp::ROWS,
    three_diff::ROWS,
    scalar::ROWS,
    shift::ROWS,
    two_misc::ROWS,
    imm::ROWS,
    perm::ROWS,
    ldst::ROWS,
    crypto::ROWS,
];

/// A table of rows whose size field (bits 21:20) may not be 11, where other groups
/// (VEXT, two registers miscellaneous, VTBL, VDUP) are encoded: each entry `(name, head,
/// tail, handler)` becomes two rows, `head` + "0z" + `tail` and `head` + "10" + `tail`.
/// Their handlers read the size with [`size`].
macro_rules! not_size3 {
    ($(($name:expr, $head:literal, $tail:literal, $handler:expr)),* $(,)?) => {
        &[$(
            $crate::row!($name, concat!($head, "0z", $tail), $handler),
            $crate::row!($name, concat!($head, "10", $tail), $handler),
        )*]
    };
}
pub(crate) use not_size3;

/// The size field (bits 21:20) of a row written with [`not_size3`].
pub(crate) fn size(f: Fields) -> u32 {
    f.insn >> 20 & 3
}

/// The D register number `hi:lo` from two fields (D:Vd, N:Vn, M:Vm).
pub(crate) fn dreg(f: Fields, hi: char, lo: char) -> u8 {
    (f.get(hi) << 4 | f.get(lo)) as u8
}

/// The d, n, m registers of a form (fields D/d, N/n, M/m); with `q`, each must name
/// a Q register (be even), else the encoding is UNDEFINED.
pub(crate) fn regs3(f: Fields, q: bool) -> Result<(u8, u8, u8), Undefined> {
    let r = (dreg(f, 'D', 'd'), dreg(f, 'N', 'n'), dreg(f, 'M', 'm'));
    if q && (r.0 | r.1 | r.2) & 1 != 0 {
        return Err(Undefined);
    }
    Ok(r)
}

/// UNDEFINED if `q` and any of `regs` is odd.
pub(crate) fn even(q: bool, regs: &[u8]) -> Result<(), Undefined> {
    if q && regs.iter().any(|r| r & 1 != 0) {
        return Err(Undefined);
    }
    Ok(())
}

/// The element size in bits of the `size` field.
pub(crate) fn esize(size: u32) -> u32 {
    8 << size
}

/// The helper of `family` for `size`, or UNDEFINED for a size it lacks.
pub(crate) fn pick(family: &'static Sized, size: u32) -> Result<&'static Helper, Undefined> {
    family.get(size).ok_or(Undefined)
}

/// A V128 constant with `x` in every `esize`-bit element.
pub(crate) fn splat(t: &mut Tr, esize: u32, x: u64) -> Value {
    let w = crossrun_arm_shared::simd::swar::replicate(esize, x) as u128;
    t.b.const_(Ty::V128, w | w << 64)
}

/// AdvSIMD register access.
impl Tr {
    /// A vector operand: D<n>, or (`q`) Q<n/2>.
    pub(crate) fn vec(&mut self, n: u8, q: bool) -> Value {
        if q {
            self.q(n >> 1)
        } else {
            self.d_vec(n)
        }
    }

    /// Writes a vector result: its low half to D<d>, or (`q`) all of it to Q<d/2>.
    pub(crate) fn set_vec(&mut self, d: u8, q: bool, v: Value) {
        if q {
            self.set_q(d >> 1, v);
        } else {
            let lo = self.b.vlo(v);
            self.set_d(d, lo);
        }
    }

    /// Applies 64-bit IR `op` to each D register of the operands (one for a D form, the
    /// two halves of a Q form) and writes the results.
    /// A Q form reads the halves of whole Q registers and writes both halves at once,
    /// which lets an executor do the pair as one 128-bit operation.
    pub(crate) fn per_d(&mut self, d: u8, q: bool, srcs: &[u8], mut op: impl FnMut(&mut Tr, &[Value]) -> Value) {
        if !q {
            let ins: Vec<Value> = srcs.iter().map(|&r| self.d(r)).collect();
            let v = op(self, &ins);
            self.set_d(d, v);
            return;
        }
        let whole: Vec<Value> = srcs.iter().map(|&r| self.q(r >> 1)).collect();
        let lo: Vec<Value> = whole.iter().map(|&v| self.b.vlo(v)).collect();
        let lo = op(self, &lo);
        let hi: Vec<Value> = whole.iter().map(|&v| self.b.vhi(v)).collect();
        let hi = op(self, &hi);
        // Written after every read: Vd may be an operand.
        let v = self.b.vmake(lo, hi);
        self.set_q(d >> 1, v);
    }
}
