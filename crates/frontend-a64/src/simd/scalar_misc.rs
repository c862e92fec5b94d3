//! AdvSIMD scalar two-register miscellaneous and scalar pairwise (integer): the vector
//! handlers on element 0. Compares against zero, ABS and NEG exist only for 64-bit
//! elements; the only integer pairwise form is ADDP Dd, Vn.2D. The FP rows of these
//! groups belong to the fp group.

use super::ops::*;
use super::saturate::*;
use super::scalar_three::d_only;
use super::two_reg_misc::{acc_sat, compare_zero, narrow, neg, unary};
use super::vreg::{pick, Shape};
use crate::decoder::{Fields, Row};
use crate::row;
use crate::translate::{Tr, Undefined};
use crossrun_ir::Ty;

pub(crate) const ROWS: &[Row] = &[
    row!("SUQADD (scalar)", "01011110zz100000001110nnnnnddddd", |t, f| acc_sat(t, f, &SUQADD, Shape::Scalar)),
    row!("USQADD (scalar)", "01111110zz100000001110nnnnnddddd", |t, f| acc_sat(t, f, &USQADD, Shape::Scalar)),
    row!("SQABS (scalar)", "01011110zz100000011110nnnnnddddd", |t, f| unary(t, f, &SQABS, Shape::Scalar)),
    row!("SQNEG (scalar)", "01111110zz100000011110nnnnnddddd", |t, f| unary(t, f, &SQNEG, Shape::Scalar)),
    row!("CMGT (zero, scalar)", "01011110zz100000100010nnnnnddddd", |t, f| { d_only(f)?; compare_zero(t, f, &CMGT, false, Shape::Scalar) }),
    row!("CMGE (zero, scalar)", "01111110zz100000100010nnnnnddddd", |t, f| { d_only(f)?; compare_zero(t, f, &CMGE, false, Shape::Scalar) }),
    row!("CMEQ (zero, scalar)", "01011110zz100000100110nnnnnddddd", |t, f| { d_only(f)?; compare_zero(t, f, &CMEQ, false, Shape::Scalar) }),
    row!("CMLE (zero, scalar)", "01111110zz100000100110nnnnnddddd", |t, f| { d_only(f)?; compare_zero(t, f, &CMGE, true, Shape::Scalar) }),
    row!("CMLT (zero, scalar)", "01011110zz100000101010nnnnnddddd", |t, f| { d_only(f)?; compare_zero(t, f, &CMGT, true, Shape::Scalar) }),
    row!("ABS (scalar)", "01011110zz100000101110nnnnnddddd", |t, f| { d_only(f)?; unary(t, f, &ABS, Shape::Scalar) }),
    row!("NEG (scalar)", "01111110zz100000101110nnnnnddddd", |t, f| { d_only(f)?; neg(t, f, Shape::Scalar) }),
    row!("SQXTUN (scalar)", "01111110zz100001001010nnnnnddddd", |t, f| narrow(t, f, &SQXTUN, Shape::Scalar)),
    row!("SQXTN (scalar)", "01011110zz100001010010nnnnnddddd", |t, f| narrow(t, f, &SQXTN, Shape::Scalar)),
    row!("UQXTN (scalar)", "01111110zz100001010010nnnnnddddd", |t, f| narrow(t, f, &UQXTN, Shape::Scalar)),
    row!("ADDP (scalar)", "0101111011110001101110nnnnnddddd", addp_scalar),
];

/// ADDP (scalar): the sum of the two 64-bit elements of Vn.
fn addp_scalar(t: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let h = pick(&ADDP, 3)?;
    let n = t.v(f.reg('n'));
    let zero = t.b.const_(Ty::V128, 0);
    let r = t.b.call(h, &[n, zero]);
    let lo = t.b.vlo(r);
    t.set_v_lo(f.reg('d'), lo);
    Ok(())
}
