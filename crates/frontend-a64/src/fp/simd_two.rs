//! AdvSIMD two-register miscellaneous (FP part) and its scalar counterpart, except the
//! conversions (see `simd_two_cvt`): FABS, FNEG, FSQRT, FRINT*, the compares against
//! zero, FRECPE, FRSQRTE, FRECPX, URECPE, URSQRTE. Each row fixes U, size<1> and the
//! opcode; `z` is size<0>.

use super::dp1::frint_ctl;
use super::helpers::{FCMEQ, FCMGE, FCMGT, FRECPE, FRECPX, FRINT, FRSQRTE, FSQRT, URECPE, URSQRTE};
use super::lanes::Ctl;
use super::Fsz;
use crate::decoder::{Fields, Row};
use crate::row;
use crate::translate::{Tr, Undefined};
use crossrun_ir::Helper;

#[rustfmt::skip]
pub(crate) const ROWS: &[Row] = &[
    row!("FRINTN (vector)", "0q0011100z100001100010nnnnnddddd", |t, f| frint(t, f, 0b000)),
    row!("FRINTM (vector)", "0q0011100z100001100110nnnnnddddd", |t, f| frint(t, f, 0b010)),
    row!("FRINTP (vector)", "0q0011101z100001100010nnnnnddddd", |t, f| frint(t, f, 0b001)),
    row!("FRINTZ (vector)", "0q0011101z100001100110nnnnnddddd", |t, f| frint(t, f, 0b011)),
    row!("FRINTA (vector)", "0q1011100z100001100010nnnnnddddd", |t, f| frint(t, f, 0b100)),
    row!("FRINTX (vector)", "0q1011100z100001100110nnnnnddddd", |t, f| frint(t, f, 0b110)),
    row!("FRINTI (vector)", "0q1011101z100001100110nnnnnddddd", |t, f| frint(t, f, 0b111)),
    row!("FCMGT (zero, vector)", "0q0011101z100000110010nnnnnddddd", |t, f| vs_zero(t, f, &FCMGT, false)),
    row!("FCMEQ (zero, vector)", "0q0011101z100000110110nnnnnddddd", |t, f| vs_zero(t, f, &FCMEQ, false)),
    row!("FCMLT (zero, vector)", "0q0011101z100000111010nnnnnddddd", |t, f| vs_zero(t, f, &FCMGT, true)),
    row!("FCMGE (zero, vector)", "0q1011101z100000110010nnnnnddddd", |t, f| vs_zero(t, f, &FCMGE, false)),
    row!("FCMLE (zero, vector)", "0q1011101z100000110110nnnnnddddd", |t, f| vs_zero(t, f, &FCMGE, true)),
    row!("FABS (vector)", "0q0011101z100000111110nnnnnddddd", |t, f| sign_op(t, f, false)),
    row!("FNEG (vector)", "0q1011101z100000111110nnnnnddddd", |t, f| sign_op(t, f, true)),
    row!("FSQRT (vector)", "0q1011101z100001111110nnnnnddddd", |t, f| vector(t, f, &FSQRT)),
    row!("URECPE", "0q0011101z100001110010nnnnnddddd", |t, f| unsigned_estimate(t, f, &URECPE)),
    row!("FRECPE (vector)", "0q0011101z100001110110nnnnnddddd", |t, f| vector(t, f, &FRECPE)),
    row!("URSQRTE", "0q1011101z100001110010nnnnnddddd", |t, f| unsigned_estimate(t, f, &URSQRTE)),
    row!("FRSQRTE (vector)", "0q1011101z100001110110nnnnnddddd", |t, f| vector(t, f, &FRSQRTE)),
    row!("FCMGT (zero, scalar)", "010111101z100000110010nnnnnddddd", |t, f| scalar_vs_zero(t, f, &FCMGT, false)),
    row!("FCMEQ (zero, scalar)", "010111101z100000110110nnnnnddddd", |t, f| scalar_vs_zero(t, f, &FCMEQ, false)),
    row!("FCMLT (zero, scalar)", "010111101z100000111010nnnnnddddd", |t, f| scalar_vs_zero(t, f, &FCMGT, true)),
    row!("FCMGE (zero, scalar)", "011111101z100000110010nnnnnddddd", |t, f| scalar_vs_zero(t, f, &FCMGE, false)),
    row!("FCMLE (zero, scalar)", "011111101z100000110110nnnnnddddd", |t, f| scalar_vs_zero(t, f, &FCMGE, true)),
    row!("FRECPE (scalar)", "010111101z100001110110nnnnnddddd", |t, f| scalar(t, f, &FRECPE)),
    row!("FRECPX", "010111101z100001111110nnnnnddddd", |t, f| scalar(t, f, &FRECPX)),
    row!("FRSQRTE (scalar)", "011111101z100001110110nnnnnddddd", |t, f| scalar(t, f, &FRSQRTE)),
];

fn vector(t: &mut Tr, f: Fields, op: &'static [Helper; 2]) -> Result<(), Undefined> {
    let sz = Fsz::from_sz(f.bit('z'));
    let lanes = sz.vector_lanes(f.bit('q'))?;
    t.fp_unary(op, sz, Ctl::lanes(lanes), f.reg('d'), f.reg('n'));
    Ok(())
}

fn scalar(t: &mut Tr, f: Fields, op: &'static [Helper; 2]) -> Result<(), Undefined> {
    t.fp_unary(
        op,
        Fsz::from_sz(f.bit('z')),
        Ctl::lanes(1),
        f.reg('d'),
        f.reg('n'),
    );
    Ok(())
}

/// `rmode` as in the scalar FRINT encoding.
fn frint(t: &mut Tr, f: Fields, rmode: u32) -> Result<(), Undefined> {
    let sz = Fsz::from_sz(f.bit('z'));
    let lanes = sz.vector_lanes(f.bit('q'))?;
    t.fp_unary(&FRINT, sz, frint_ctl(rmode, lanes)?, f.reg('d'), f.reg('n'));
    Ok(())
}

/// `op(Vn, 0)`, or `op(0, Vn)` when `swap` (FCMLE is 0 >= x, FCMLT is 0 > x).
fn compare_zero(t: &mut Tr, f: Fields, op: &'static [Helper; 2], swap: bool, lanes: u32) {
    let sz = Fsz::from_sz(f.bit('z'));
    let vn = t.v(f.reg('n'));
    let zero = t.fp_zero_v();
    let c = t.fp_ctl(Ctl::lanes(lanes));
    let args = if swap { [zero, vn, c] } else { [vn, zero, c] };
    let r = t.fp_call(op, sz, &args);
    t.set_v(f.reg('d'), r);
}

fn vs_zero(t: &mut Tr, f: Fields, op: &'static [Helper; 2], swap: bool) -> Result<(), Undefined> {
    let lanes = Fsz::from_sz(f.bit('z')).vector_lanes(f.bit('q'))?;
    compare_zero(t, f, op, swap, lanes);
    Ok(())
}

fn scalar_vs_zero(
    t: &mut Tr,
    f: Fields,
    op: &'static [Helper; 2],
    swap: bool,
) -> Result<(), Undefined> {
    compare_zero(t, f, op, swap, 1);
    Ok(())
}

/// FABS/FNEG: sign bits only, no FP exceptions.
fn sign_op(t: &mut Tr, f: Fields, negate: bool) -> Result<(), Undefined> {
    let sz = Fsz::from_sz(f.bit('z'));
    let q = f.bit('q');
    sz.vector_lanes(q)?;
    let signs = match sz {
        Fsz::S => 0x8000_0000_8000_0000,
        Fsz::D => 0x8000_0000_0000_0000,
    };
    let v = t.v(f.reg('n'));
    let mask = t.b.c64(signs);
    let half = |t: &mut Tr, x| {
        if negate {
            t.b.xor(x, mask)
        } else {
            t.b.and_not(x, mask)
        }
    };
    let lo = t.b.vlo(v);
    let lo = half(t, lo);
    if q {
        let hi = t.b.vhi(v);
        let hi = half(t, hi);
        let r = t.b.vmake(lo, hi);
        t.set_v(f.reg('d'), r);
    } else {
        t.set_v_lo(f.reg('d'), lo);
    }
    Ok(())
}

/// URECPE/URSQRTE work on 32-bit lanes only (sz=1 is reserved).
fn unsigned_estimate(
    t: &mut Tr,
    f: Fields,
    op: &'static crossrun_ir::Helper,
) -> Result<(), Undefined> {
    if f.bit('z') {
        return Err(Undefined);
    }
    let lanes = if f.bit('q') { 4 } else { 2 };
    let vn = t.v(f.reg('n'));
    let c = t.fp_ctl(Ctl::lanes(lanes));
    let r = t.b.call(op, &[vn, c]);
    t.set_v(f.reg('d'), r);
    Ok(())
}
