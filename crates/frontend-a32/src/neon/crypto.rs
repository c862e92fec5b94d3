//! ARMv8 Crypto in AArch32: AESE, AESD, AESMC, AESIMC, SHA1C, SHA1P, SHA1M, SHA1H,
//! SHA1SU0, SHA1SU1, SHA256H, SHA256H2, SHA256SU0, SHA256SU1, on the helpers A64's
//! instructions of the same names use (VMULL.P64 is with the other long multiplies).
//! All work on Q registers.

use super::dreg;
use crate::decoder::{Fields, Row};
use crate::row;
use crate::translate::{Tr, Undefined};
use crossrun_arm_shared::crypto::aes::{AESD, AESE, AESIMC, AESMC};
use crossrun_arm_shared::crypto::sha::*;
use crossrun_ir::{Helper, Ty, Width};

pub(crate) const ROWS: &[Row] = &[
    row!("AESE", "111100111D110000dddd001100M0mmmm", |t, f| two(t, f, &AESE, true)),
    row!("AESD", "111100111D110000dddd001101M0mmmm", |t, f| two(t, f, &AESD, true)),
    row!("AESMC", "111100111D110000dddd001110M0mmmm", |t, f| two(t, f, &AESMC, false)),
    row!("AESIMC", "111100111D110000dddd001111M0mmmm", |t, f| two(t, f, &AESIMC, false)),
    row!("SHA1H", "111100111D111001dddd001011M0mmmm", sha1h),
    row!("SHA1SU1", "111100111D111010dddd001110M0mmmm", |t, f| two(t, f, &SHA1SU1, true)),
    row!("SHA256SU0", "111100111D111010dddd001111M0mmmm", |t, f| two(t, f, &SHA256SU0, true)),
    row!("SHA1C", "111100100D00nnnndddd1100N1M0mmmm", |t, f| three(t, f, &SHA1C)),
    row!("SHA1P", "111100100D01nnnndddd1100N1M0mmmm", |t, f| three(t, f, &SHA1P)),
    row!("SHA1M", "111100100D10nnnndddd1100N1M0mmmm", |t, f| three(t, f, &SHA1M)),
    row!("SHA1SU0", "111100100D11nnnndddd1100N1M0mmmm", |t, f| three(t, f, &SHA1SU0)),
    row!("SHA256H", "111100110D00nnnndddd1100N1M0mmmm", |t, f| three(t, f, &SHA256H)),
    row!("SHA256H2", "111100110D01nnnndddd1100N1M0mmmm", |t, f| three(t, f, &SHA256H2)),
    row!("SHA256SU1", "111100110D10nnnndddd1100N1M0mmmm", |t, f| three(t, f, &SHA256SU1)),
];

/// Q register numbers (their D numbers must be even).
fn q(regs: &[u8]) -> Result<(), Undefined> {
    super::even(true, regs)
}

/// Qd = op(Qd, Qm) (`with_d`) or op(Qm).
fn two(t: &mut Tr, f: Fields, helper: &'static Helper, with_d: bool) -> Result<(), Undefined> {
    let (d, m) = (dreg(f, 'D', 'd'), dreg(f, 'M', 'm'));
    q(&[d, m])?;
    let vm = t.vec(m, true);
    let r = if with_d {
        let vd = t.vec(d, true);
        t.b.call(helper, &[vd, vm])
    } else {
        t.b.call(helper, &[vm])
    };
    t.set_vec(d, true, r);
    Ok(())
}

/// Qd = op(Qd, Qn, Qm).
fn three(t: &mut Tr, f: Fields, helper: &'static Helper) -> Result<(), Undefined> {
    let (d, n, m) = (dreg(f, 'D', 'd'), dreg(f, 'N', 'n'), dreg(f, 'M', 'm'));
    q(&[d, n, m])?;
    let (vd, vn, vm) = (t.vec(d, true), t.vec(n, true), t.vec(m, true));
    let r = t.b.call(helper, &[vd, vn, vm]);
    t.set_vec(d, true, r);
    Ok(())
}

/// SHA1H: Qd = ROL(Qm[0], 30), the other words zero.
fn sha1h(t: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let (d, m) = (dreg(f, 'D', 'd'), dreg(f, 'M', 'm'));
    q(&[d, m])?;
    let x = t.d(m);
    let x = t.b.zext(Ty::I32, Width::W32, x);
    let r = crate::ops::shift::ror_const(t, x, 2);
    let r = t.b.zext(Ty::I64, Width::W32, r);
    let zero = t.b.c64(0);
    t.set_ds(d, &[r, zero]);
    Ok(())
}
