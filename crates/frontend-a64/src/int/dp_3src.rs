//! Data processing (register): three sources, i.e. MADD, MSUB, SMADDL, SMSUBL, UMADDL,
//! UMSUBL, SMULH, UMULH (and the aliases MUL, MNEG, SMULL, SMNEGL, UMULL, UMNEGL).

use crate::decoder::{Fields, Row};
use crate::row;
use crate::translate::{Tr, Undefined};
use crossrun_ir::{Ty, Width};

// SMULH and UMULH ignore Ra (should be 11111), as hardware and QEMU do; the other
// op54/op31 combinations and 32-bit forms of the long multiplies are unallocated.
pub(crate) const ROWS: &[Row] = &[
    row!("MADD/MSUB", "z0011011000mmmmmoaaaaannnnnddddd", madd),
    row!("SMADDL/SMSUBL", "10011011001mmmmmoaaaaannnnnddddd", smaddl),
    row!("SMULH", "10011011010mmmmm0-----nnnnnddddd", smulh),
    row!("UMADDL/UMSUBL", "10011011101mmmmmoaaaaannnnnddddd", umaddl),
    row!("UMULH", "10011011110mmmmm0-----nnnnnddddd", umulh),
];

fn madd(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let sf = f.bit('z');
    let n = tr.reg(sf, f.reg('n'));
    let m = tr.reg(sf, f.reg('m'));
    let a = tr.reg(sf, f.reg('a'));
    let product = tr.b.mul(n, m);
    let v = if f.bit('o') { tr.b.sub(a, product) } else { tr.b.add(a, product) };
    tr.set_reg(f.reg('d'), v);
    Ok(())
}

/// Xa +/- Wn * Wm with the W operands extended to 64 bits.
fn multiply_long(tr: &mut Tr, f: Fields, signed: bool) -> Result<(), Undefined> {
    let wide = |tr: &mut Tr, r: u8| {
        let v = tr.x(r);
        if signed {
            tr.b.sext(Ty::I64, Width::W32, v)
        } else {
            tr.b.zext(Ty::I64, Width::W32, v)
        }
    };
    let n = wide(tr, f.reg('n'));
    let m = wide(tr, f.reg('m'));
    let a = tr.x(f.reg('a'));
    let product = tr.b.mul(n, m);
    let v = if f.bit('o') { tr.b.sub(a, product) } else { tr.b.add(a, product) };
    tr.set_reg(f.reg('d'), v);
    Ok(())
}

fn smaddl(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    multiply_long(tr, f, true)
}

fn umaddl(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    multiply_long(tr, f, false)
}

fn smulh(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let n = tr.x(f.reg('n'));
    let m = tr.x(f.reg('m'));
    let v = tr.b.smulhi(n, m);
    tr.set_reg(f.reg('d'), v);
    Ok(())
}

fn umulh(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let n = tr.x(f.reg('n'));
    let m = tr.x(f.reg('m'));
    let v = tr.b.umulhi(n, m);
    tr.set_reg(f.reg('d'), v);
    Ok(())
}
