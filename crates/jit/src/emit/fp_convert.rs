//! Conversions between floating point and integers (`Meaning::FpConvert`) on the host
//! FPU, under the same rules as `fp.rs`: inline when the guest's control register selects
//! IEEE defaults, flags left pending in MXCSR.
//!
//! To an integer: `cvttsd2si` and friends (toward zero) or `cvtsd2si` (MXCSR's round to
//! nearest even), 32 or 64 bits signed, and 32 unsigned toward zero through the 64-bit
//! form. A NaN or an out-of-range value gives x86's "integer indefinite" (the smallest
//! signed integer) with the invalid flag alone, and the guest's rule for those is the
//! helper's: that result calls it, and the invalid flag left pending is the helper's
//! too, or unmapped. The unsigned form is checked before converting instead (-1 < x <
//! 2^32), because the 64-bit conversion of a value outside that range can be valid and
//! inexact for x86 where the guest raises invalid alone. Inexact results raise x86's
//! precision flag, as they raise the guest's inexact.
//!
//! From an integer: `cvtsi2sd`/`cvtsi2ss` from 32- or 64-bit signed and 32-bit unsigned
//! integers (zero-extended, so the 64-bit form is exact), rounding as MXCSR does (to
//! nearest even); no result needs the helper.

use super::host::HostFeatures;
use super::regs::field;
use super::{x64, Emitter, CACHE_REGS};
use crossrun_ir::{FpConvert, FpEnv, FpFormat, FpRounding, Helper, Value};
use dynasmrt::{DynasmApi, DynasmLabelApi};

/// A `Meaning::FpConvert` call in a shape the host can compute.
#[derive(Clone, Copy)]
pub(super) struct ConvertInline {
    to_int: bool,
    double: bool,
    int_bits: u8,
    signed: bool,
    /// Round toward zero (`cvtt*`) rather than as MXCSR says (nearest even).
    truncate: bool,
    /// Control bits that must be clear, and where the control register is.
    control_mask: u32,
    control: i32,
}

impl ConvertInline {
    pub(super) fn new(cv: &FpConvert, ctl: u64, _host: &HostFeatures) -> Option<ConvertInline> {
        let shape = (cv.shape)(ctl)?;
        if !(shape.signed || shape.int_bits == 32) || !matches!(shape.int_bits, 32 | 64) {
            // x86 before AVX-512 has no unsigned 64-bit conversions.
            return None;
        }
        let truncate = match (shape.rounding, cv.to_int) {
            (FpRounding::TowardZero, true) => true,
            (FpRounding::Dynamic | FpRounding::NearestEven, _) => false,
            _ => return None,
        };
        if cv.to_int && !shape.signed && !truncate {
            return None;
        }
        let env: &FpEnv = cv.env;
        let mut control_mask = env.mode_mask;
        if shape.rounding == FpRounding::Dynamic {
            control_mask |= env.rounding_mask;
        }
        let (control, bytes) = field(env.control);
        if bytes != 4 || field(env.status).1 != 4 {
            return None;
        }
        Some(ConvertInline {
            to_int: cv.to_int,
            double: cv.format == FpFormat::Double,
            int_bits: shape.int_bits,
            signed: shape.signed,
            truncate,
            control_mask,
            control,
        })
    }
}

impl Emitter<'_> {
    pub(super) fn fp_convert(&mut self, i: usize, helper: &'static Helper, args: &[Value], cv: ConvertInline) {
        let x = args[0];
        let call = self.asm.new_dynamic_label();
        let resume = self.asm.new_dynamic_label();
        // The result goes straight into a cache register, never the one holding `x`, which
        // the helper call may still need. It is chosen (and whatever it held spilled)
        // before any jump to the helper, so the helper path finds every live value where
        // it expects it.
        let keep = [self.resolve(x).index()];
        let k = self.result_reg_except(&keep);
        let r = CACHE_REGS[k];
        if cv.control_mask != 0 {
            let (control, mask) = (cv.control, cv.control_mask as i32);
            x64!(self.asm
                ; test DWORD [rbx + control], mask
                ; jnz =>call
            );
        }
        let rx = self.value_reg(x);
        if cv.to_int {
            if cv.double {
                x64!(self.asm; movq xmm0, Rq(rx));
            } else {
                x64!(self.asm; movd xmm0, Rd(rx));
            }
            if !cv.signed {
                // -1 < x < 2^32, and not a NaN (unordered: CF and ZF set).
                let (lo, hi) = if cv.double {
                    ((-1.0f64).to_bits() as u128, 4_294_967_296.0f64.to_bits() as u128)
                } else {
                    ((-1.0f32).to_bits() as u128, 4_294_967_296.0f32.to_bits() as u128)
                };
                let (lo, hi) = (self.const_label(lo), self.const_label(hi));
                if cv.double {
                    x64!(self.asm
                        ; ucomisd xmm0, [=>lo]
                        ; jbe =>call
                        ; ucomisd xmm0, [=>hi]
                        ; jae =>call
                    );
                } else {
                    x64!(self.asm
                        ; ucomiss xmm0, [=>lo]
                        ; jbe =>call
                        ; ucomiss xmm0, [=>hi]
                        ; jae =>call
                    );
                }
            }
            // 64-bit conversions for 64-bit and unsigned 32-bit results.
            let wide = cv.int_bits == 64 || !cv.signed;
            match (wide, cv.double, cv.truncate) {
                (true, true, true) => x64!(self.asm; cvttsd2si Rq(r), xmm0),
                (true, true, false) => x64!(self.asm; cvtsd2si Rq(r), xmm0),
                (true, false, true) => x64!(self.asm; cvttss2si Rq(r), xmm0),
                (true, false, false) => x64!(self.asm; cvtss2si Rq(r), xmm0),
                (false, true, true) => x64!(self.asm; cvttsd2si Rd(r), xmm0),
                (false, true, false) => x64!(self.asm; cvtsd2si Rd(r), xmm0),
                (false, false, true) => x64!(self.asm; cvttss2si Rd(r), xmm0),
                (false, false, false) => x64!(self.asm; cvtss2si Rd(r), xmm0),
            }
            // Subtracting 1 overflows exactly for the indefinite value. (The unsigned form
            // was range-checked above.)
            match (cv.signed, wide) {
                (true, true) => x64!(self.asm; cmp Rq(r), 1; jo =>call),
                (true, false) => x64!(self.asm; cmp Rd(r), 1; jo =>call),
                (false, _) => {}
            }
            x64!(self.asm; =>resume);
            self.cold_helper_into(i, helper, args, r, call, resume);
            self.define(k, i);
        } else {
            // A 32-bit signed integer is sign-extended; an unsigned one is zero-extended
            // already, so the 64-bit signed form converts it exactly.
            let src = if cv.signed && cv.int_bits == 32 {
                x64!(self.asm; movsxd rcx, Rd(rx));
                1
            } else {
                rx
            };
            x64!(self.asm; xorps xmm0, xmm0);
            if cv.double {
                x64!(self.asm; cvtsi2sd xmm0, Rq(src));
            } else {
                x64!(self.asm; cvtsi2ss xmm0, Rq(src));
            }
            if cv.double {
                x64!(self.asm; movq Rq(r), xmm0);
            } else {
                x64!(self.asm; movd Rd(r), xmm0);
            }
            x64!(self.asm; =>resume);
            if cv.control_mask != 0 {
                self.cold_helper_into(i, helper, args, r, call, resume);
            }
            self.define(k, i);
        }
        self.rax_reuse = None;
    }
}
