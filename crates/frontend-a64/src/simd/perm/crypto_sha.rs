//! Crypto three-register SHA and two-register SHA: the SHA-1 and SHA-256 round and
//! message-schedule accelerators, on the helpers the Arm frontends share.

use crate::decoder::{Fields, Row};
use crate::row;
use crate::translate::{Tr, Undefined};
use crossrun_arm_shared::crypto::sha::{SHA1C, SHA1M, SHA1P, SHA1SU0, SHA1SU1, SHA256H, SHA256H2, SHA256SU0, SHA256SU1};
use crossrun_ir::{Helper, Ty};

pub(crate) const ROWS: &[Row] = &[
    row!("SHA1C", "01011110000mmmmm000000nnnnnddddd", sha1c),
    row!("SHA1P", "01011110000mmmmm000100nnnnnddddd", sha1p),
    row!("SHA1M", "01011110000mmmmm001000nnnnnddddd", sha1m),
    row!("SHA1SU0", "01011110000mmmmm001100nnnnnddddd", sha1su0),
    row!("SHA256H", "01011110000mmmmm010000nnnnnddddd", sha256h),
    row!("SHA256H2", "01011110000mmmmm010100nnnnnddddd", sha256h2),
    row!("SHA256SU1", "01011110000mmmmm011000nnnnnddddd", sha256su1),
    row!("SHA1H", "0101111000101000000010nnnnnddddd", sha1h),
    row!("SHA1SU1", "0101111000101000000110nnnnnddddd", sha1su1),
    row!("SHA256SU0", "0101111000101000001010nnnnnddddd", sha256su0),
];

fn three(tr: &mut Tr, f: Fields, helper: &'static Helper) -> Result<(), Undefined> {
    let d = f.reg('d');
    let vd = tr.v(d);
    let vn = tr.v(f.reg('n'));
    let vm = tr.v(f.reg('m'));
    let r = tr.b.call(helper, &[vd, vn, vm]);
    tr.set_v(d, r);
    Ok(())
}

/// Vd = helper(Vd, Vn).
fn two(tr: &mut Tr, f: Fields, helper: &'static Helper) -> Result<(), Undefined> {
    let d = f.reg('d');
    let vd = tr.v(d);
    let vn = tr.v(f.reg('n'));
    let r = tr.b.call(helper, &[vd, vn]);
    tr.set_v(d, r);
    Ok(())
}

fn sha1c(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    three(tr, f, &SHA1C)
}
fn sha1p(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    three(tr, f, &SHA1P)
}
fn sha1m(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    three(tr, f, &SHA1M)
}
fn sha1su0(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    three(tr, f, &SHA1SU0)
}
fn sha256h(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    three(tr, f, &SHA256H)
}
fn sha256h2(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    three(tr, f, &SHA256H2)
}
fn sha256su1(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    three(tr, f, &SHA256SU1)
}
fn sha1su1(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    two(tr, f, &SHA1SU1)
}
fn sha256su0(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    two(tr, f, &SHA256SU0)
}

/// SHA1H Sd, Sn: ROL(Sn, 30), zero-extended to the whole register.
fn sha1h(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let vn = tr.v(f.reg('n'));
    let lo = tr.b.vlo(vn);
    let s = tr.b.zext(Ty::I32, crossrun_ir::Width::W32, lo);
    let two = tr.b.c32(2);
    let r = tr.b.ror(s, two);
    let r = tr.widen(r);
    tr.set_v_lo(f.reg('d'), r);
    Ok(())
}
