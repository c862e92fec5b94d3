//! FP multiplies of AdvSIMD (scalar) x indexed element: FMLA, FMLS, FMUL, FMULX by
//! element. The rows fix size<1>=1 (size 00 is FEAT_FP16, 01 unallocated); `z` is
//! size<0>, `m` is M:Rm, the index is H:L (single) or H (double, where L=1 is reserved).

use super::helpers::{FMLA, FMLS, FMUL, FMULX};
use super::lanes::Ctl;
use super::Fsz;
use crate::decoder::{Fields, Row};
use crate::row;
use crate::translate::{Tr, Undefined};
use crossrun_ir::Helper;

#[rustfmt::skip]
pub(crate) const ROWS: &[Row] = &[
    row!("FMLA (by element, vector)", "0q0011111zlmmmmm0001h0nnnnnddddd", |t, f| by_element(t, f, &FMLA, true, false)),
    row!("FMLS (by element, vector)", "0q0011111zlmmmmm0101h0nnnnnddddd", |t, f| by_element(t, f, &FMLS, true, false)),
    row!("FMUL (by element, vector)", "0q0011111zlmmmmm1001h0nnnnnddddd", |t, f| by_element(t, f, &FMUL, false, false)),
    row!("FMULX (by element, vector)", "0q1011111zlmmmmm1001h0nnnnnddddd", |t, f| by_element(t, f, &FMULX, false, false)),
    row!("FMLA (by element, scalar)", "010111111zlmmmmm0001h0nnnnnddddd", |t, f| by_element(t, f, &FMLA, true, true)),
    row!("FMLS (by element, scalar)", "010111111zlmmmmm0101h0nnnnnddddd", |t, f| by_element(t, f, &FMLS, true, true)),
    row!("FMUL (by element, scalar)", "010111111zlmmmmm1001h0nnnnnddddd", |t, f| by_element(t, f, &FMUL, false, true)),
    row!("FMULX (by element, scalar)", "011111111zlmmmmm1001h0nnnnnddddd", |t, f| by_element(t, f, &FMULX, false, true)),
];

/// `Vd[e] = op(Vn[e], Vm[index])`, or `op(Vd[e], Vn[e], Vm[index])` when `accumulate`.
fn by_element(
    t: &mut Tr,
    f: Fields,
    op: &'static [Helper; 2],
    accumulate: bool,
    scalar: bool,
) -> Result<(), Undefined> {
    let sz = Fsz::from_sz(f.bit('z'));
    let index = match sz {
        Fsz::S => f.get('h') << 1 | f.get('l'),
        Fsz::D if f.bit('l') => return Err(Undefined),
        Fsz::D => f.get('h'),
    };
    let lanes = if scalar {
        1
    } else {
        sz.vector_lanes(f.bit('q'))?
    };
    let ctl = Ctl::lanes(lanes).indexed(index);
    let (d, n, m) = (f.reg('d'), f.reg('n'), f.reg('m'));
    if accumulate {
        t.fp_ternary(op, sz, ctl, d, [d, n, m]);
    } else {
        t.fp_binary(op, sz, ctl, d, n, m);
    }
    Ok(())
}
