//! Scalar floating point and AdvSIMD floating point (Armv8.0: single and double
//! precision, half precision only in conversions).
//!
//! All arithmetic goes through helpers built on `crossrun_softfp`, which implements the
//! Arm ARM's FP pseudocode bit-exactly (FPCR.RMode/FZ/DN, NaN propagation, FPSR flags).
//! Only sign manipulation (FABS, FNEG), moves and selects are inline IR: the Arm ARM
//! defines them as bit operations that never raise exceptions or flush denormals.

use crate::decoder::Row;
use crate::translate::{Tr, Undefined};
use crossrun_ir::{Helper, Ty, Value};
use lanes::Ctl;

pub(crate) use crossrun_arm_shared::fp::{helpers, lanes};

mod compare;
mod conv_int;
mod dp1;
mod dp2;
mod imm;
mod simd_elem;
mod simd_reduce;
mod simd_shift;
mod simd_three;
mod simd_two;
mod simd_two_cvt;

/// The decode tables of this group.
pub(crate) const TABLES: &[&[Row]] = &[
    dp1::ROWS,
    dp2::ROWS,
    compare::ROWS,
    imm::ROWS,
    conv_int::ROWS,
    simd_three::ROWS,
    simd_two::ROWS,
    simd_two_cvt::ROWS,
    simd_shift::ROWS,
    simd_elem::ROWS,
    simd_reduce::ROWS,
];

/// AT_HWCAP bits for the features this group implements completely: HWCAP_FP.
pub(crate) const HWCAP: u64 = 1 << 0;

/// An arithmetic element size (half precision only appears in conversions).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Fsz {
    S,
    D,
}

impl Fsz {
    /// Index into a `[single, double]` helper pair.
    pub(crate) fn index(self) -> usize {
        self as usize
    }

    pub(crate) fn bits(self) -> u32 {
        match self {
            Fsz::S => 32,
            Fsz::D => 64,
        }
    }

    /// The scalar `ftype` field: 00 single, 01 double; 11 (half) needs FEAT_FP16 and
    /// 10 is unallocated.
    pub(crate) fn from_ftype(ftype: u32) -> Result<Fsz, Undefined> {
        match ftype {
            0 => Ok(Fsz::S),
            1 => Ok(Fsz::D),
            _ => Err(Undefined),
        }
    }

    /// The AdvSIMD `sz` bit.
    pub(crate) fn from_sz(sz: bool) -> Fsz {
        if sz {
            Fsz::D
        } else {
            Fsz::S
        }
    }

    /// Lanes of a vector of this element size: `Q=0` with double precision would be a
    /// one-element vector, which is reserved.
    pub(crate) fn vector_lanes(self, q: bool) -> Result<u32, Undefined> {
        match (self, q) {
            (Fsz::S, false) => Ok(2),
            (Fsz::S, true) => Ok(4),
            (Fsz::D, false) => Err(Undefined),
            (Fsz::D, true) => Ok(2),
        }
    }
}

/// Helpers shared by the FP translations.
impl Tr {
    /// A control constant for a lane helper.
    pub(crate) fn fp_ctl(&mut self, ctl: Ctl) -> Value {
        self.b.c32(ctl.0)
    }

    /// Calls the helper of `pair` for element size `sz`.
    pub(crate) fn fp_call(&mut self, pair: &'static [Helper; 2], sz: Fsz, args: &[Value]) -> Value {
        self.b.call(&pair[sz.index()], args)
    }

    /// `Vd = op(Vn, Vm)` over `ctl`'s lanes; the helper zeroes the other lanes, which is
    /// what scalar and 64-bit vector writes want.
    pub(crate) fn fp_binary(
        &mut self,
        pair: &'static [Helper; 2],
        sz: Fsz,
        ctl: Ctl,
        d: u8,
        n: u8,
        m: u8,
    ) {
        let vn = self.v(n);
        let vm = self.v(m);
        let c = self.fp_ctl(ctl);
        let r = self.fp_call(pair, sz, &[vn, vm, c]);
        self.set_v(d, r);
    }

    /// `Vd = op(Vn)` over `ctl`'s lanes.
    pub(crate) fn fp_unary(&mut self, pair: &'static [Helper; 2], sz: Fsz, ctl: Ctl, d: u8, n: u8) {
        let vn = self.v(n);
        let c = self.fp_ctl(ctl);
        let r = self.fp_call(pair, sz, &[vn, c]);
        self.set_v(d, r);
    }

    /// `Vd = op(Va, Vn, Vm)` (multiply-accumulate; Va is Vd for the vector forms) over
    /// `ctl`'s lanes.
    pub(crate) fn fp_ternary(
        &mut self,
        pair: &'static [Helper; 2],
        sz: Fsz,
        ctl: Ctl,
        d: u8,
        [a, n, m]: [u8; 3],
    ) {
        let va = self.v(a);
        let vn = self.v(n);
        let vm = self.v(m);
        let c = self.fp_ctl(ctl);
        let r = self.fp_call(pair, sz, &[va, vn, vm, c]);
        self.set_v(d, r);
    }

    /// The low `sz` bits of Vn as an I64 (the scalar operand of FMOV, FCSEL, FCMP).
    pub(crate) fn fp_scalar(&mut self, sz: Fsz, n: u8) -> Value {
        let v = self.v(n);
        let lo = self.b.vlo(v);
        match sz {
            Fsz::S => self.b.zext(Ty::I64, crossrun_ir::Width::W32, lo),
            Fsz::D => lo,
        }
    }

    /// A V128 of zeros (the second operand of compares against zero).
    pub(crate) fn fp_zero_v(&mut self) -> Value {
        self.b.const_(Ty::V128, 0)
    }
}
