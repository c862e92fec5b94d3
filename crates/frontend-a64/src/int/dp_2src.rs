//! Data processing (register): two sources, i.e. UDIV, SDIV, LSLV, LSRV, ASRV, RORV
//! (and the aliases LSL/LSR/ASR/ROR (register)). CRC32 is in [`super::crc32`]; the MTE,
//! PAuth and FEAT_CSSC encodings of this group are not implemented.

use crate::decoder::{Fields, Row};
use crate::row;
use crate::translate::{Tr, Undefined};
use crossrun_ir::{Builder, Value};

pub(crate) const ROWS: &[Row] = &[
    row!("UDIV", "z0011010110mmmmm000010nnnnnddddd", udiv),
    row!("SDIV", "z0011010110mmmmm000011nnnnnddddd", sdiv),
    row!("LSLV", "z0011010110mmmmm001000nnnnnddddd", lslv),
    row!("LSRV", "z0011010110mmmmm001001nnnnnddddd", lsrv),
    row!("ASRV", "z0011010110mmmmm001010nnnnnddddd", asrv),
    row!("RORV", "z0011010110mmmmm001011nnnnnddddd", rorv),
];

/// Rd = op(Rn, Rm). The IR's division already gives Arm's x / 0 = 0 and MIN / -1 = MIN,
/// and its shifts take the amount modulo the width as the Arm ARM does.
fn binary(tr: &mut Tr, f: Fields, op: fn(&mut Builder, Value, Value) -> Value) -> Result<(), Undefined> {
    let sf = f.bit('z');
    let n = tr.reg(sf, f.reg('n'));
    let m = tr.reg(sf, f.reg('m'));
    let v = op(&mut tr.b, n, m);
    tr.set_reg(f.reg('d'), v);
    Ok(())
}

fn udiv(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    binary(tr, f, |b, n, m| b.udiv(n, m))
}

fn sdiv(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    binary(tr, f, |b, n, m| b.sdiv(n, m))
}

fn lslv(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    binary(tr, f, |b, n, m| b.shl(n, m))
}

fn lsrv(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    binary(tr, f, |b, n, m| b.lshr(n, m))
}

fn asrv(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    binary(tr, f, |b, n, m| b.ashr(n, m))
}

fn rorv(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    binary(tr, f, |b, n, m| b.ror(n, m))
}
