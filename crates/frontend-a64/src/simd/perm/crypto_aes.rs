//! Crypto AES: AESE, AESD, AESMC, AESIMC, on the helpers the Arm frontends share.

use crate::decoder::{Fields, Row};
use crate::row;
use crate::translate::{Tr, Undefined};
use crossrun_arm_shared::crypto::aes::{AESD, AESE, AESIMC, AESMC};
use crossrun_ir::Helper;

pub(crate) const ROWS: &[Row] = &[
    row!("AESE", "0100111000101000010010nnnnnddddd", aese),
    row!("AESD", "0100111000101000010110nnnnnddddd", aesd),
    row!("AESMC", "0100111000101000011010nnnnnddddd", aesmc),
    row!("AESIMC", "0100111000101000011110nnnnnddddd", aesimc),
];

fn aese(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    round(tr, f, &AESE)
}

fn aesd(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    round(tr, f, &AESD)
}

fn aesmc(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    mix(tr, f, &AESMC)
}

fn aesimc(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    mix(tr, f, &AESIMC)
}

/// AESE/AESD: Vd = round(Vd EOR Vn).
fn round(tr: &mut Tr, f: Fields, helper: &'static Helper) -> Result<(), Undefined> {
    let d = f.reg('d');
    let vd = tr.v(d);
    let vn = tr.v(f.reg('n'));
    let r = tr.b.call(helper, &[vd, vn]);
    tr.set_v(d, r);
    Ok(())
}

/// AESMC/AESIMC: Vd = mix(Vn).
fn mix(tr: &mut Tr, f: Fields, helper: &'static Helper) -> Result<(), Undefined> {
    let vn = tr.v(f.reg('n'));
    let r = tr.b.call(helper, &[vn]);
    tr.set_v(f.reg('d'), r);
    Ok(())
}
