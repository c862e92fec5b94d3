//! ARMv8's floating-point additions in the unconditional space: VSEL, VMAXNM/VMINNM,
//! VRINTA/VRINTN/VRINTP/VRINTM and VCVTA/VCVTN/VCVTP/VCVTM to integers.

use super::dp::regs;
use super::dp_other::{convert_to_int, vrint};
use super::{reg_number, Fsz};
use crate::decoder::{Fields, Row};
use crate::row;
use crate::translate::{Tr, Undefined};
use crossrun_arm_shared::fp::helpers::{FMAXNM, FMINNM};
use crossrun_arm_shared::fp::lanes::Ctl;
use crossrun_ir::Helper;
use crossrun_softfp::Rounding;

pub(crate) const ROWS: &[Row] = &[
    row!("VSEL", "111111100Dccnnnndddd101zN0M0mmmm", vsel),
    row!("VMAXNM", "111111101D00nnnndddd101zN0M0mmmm", |t, f| minmax(t, f, &FMAXNM)),
    row!("VMINNM", "111111101D00nnnndddd101zN1M0mmmm", |t, f| minmax(t, f, &FMINNM)),
    row!("VRINTA, VRINTN, VRINTP, VRINTM", "111111101D1110rrdddd101z01M0mmmm", |t, f| {
        vrint(t, f, Some(rounding(f.get('r'))), false)
    }),
    row!("VCVTA, VCVTN, VCVTP, VCVTM", "111111101D1111rrdddd101zs1M0mmmm", vcvt_rounding),
];

/// The `rm` field of VRINT* and VCVT*: A, N, P, M.
fn rounding(rm: u32) -> Rounding {
    match rm {
        0 => Rounding::TieAway,
        1 => Rounding::TieEven,
        2 => Rounding::PosInf,
        _ => Rounding::NegInf,
    }
}

/// VSEL<cc>: Dd = cc holds ? Dn : Dm, with cc EQ, VS, GE or GT on the APSR flags.
fn vsel(t: &mut Tr, f: Fields) -> Result<(), Undefined> {
    t.vfp_dp()?;
    let (sz, d, n, m) = regs(f);
    let cond = [0u8, 6, 10, 12][f.get('c') as usize];
    let flags = t.nzcv();
    let holds = t.b.cond_holds(cond, flags);
    let a = t.fp_reg(sz, n);
    let b = t.fp_reg(sz, m);
    let r = t.b.select(holds, a, b);
    t.set_fp_reg(sz, d, r);
    Ok(())
}

fn minmax(t: &mut Tr, f: Fields, pair: &'static [Helper; 2]) -> Result<(), Undefined> {
    t.vfp_dp()?;
    let (sz, d, n, m) = regs(f);
    let a = t.fp_operand(sz, n);
    let b = t.fp_operand(sz, m);
    let c = super::dp::scalar_ctl(t);
    let r = t.b.call(&pair[sz.index()], &[a, b, c]);
    t.set_fp_result(sz, d, r);
    Ok(())
}

/// VCVT{A,N,P,M}.S32/U32 (`s`: signed) Sd, Sm/Dm.
fn vcvt_rounding(t: &mut Tr, f: Fields) -> Result<(), Undefined> {
    t.vfp_dp()?;
    let sz = Fsz::from_sz(f.bit('z'));
    let d = reg_number(Fsz::S, f.get('d'), f.bit('D'));
    let m = reg_number(sz, f.get('m'), f.bit('M'));
    let unsigned = !f.bit('s');
    let ctl = Ctl::lanes(1).flag(unsigned).round(rounding(f.get('r')));
    convert_to_int(t, sz, d, m, ctl, 32, unsigned);
    Ok(())
}
