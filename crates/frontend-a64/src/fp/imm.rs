//! FMOV with an 8-bit floating-point immediate: the scalar form (floating-point
//! immediate group) and the vector forms of the AdvSIMD modified-immediate group
//! (op=0/1, cmode=1111, o2=0; the rest of that group is the integer MOVI family).

use super::Fsz;
use crate::decoder::{Fields, Row};
use crate::row;
use crate::translate::{Tr, Undefined};

#[rustfmt::skip]
pub(crate) const ROWS: &[Row] = &[
    row!("FMOV (scalar, immediate)", "00011110tt1iiiiiiii10000000ddddd", fmov_scalar),
    row!("FMOV (vector, immediate, single)", "0q00111100000iii111101iiiiiddddd", fmov_vector_single),
    row!("FMOV (vector, immediate, double)", "0q10111100000iii111101iiiiiddddd", fmov_vector_double),
];

/// `VFPExpandImm`: sign, an exponent of NOT(b):b..b:cd and a fraction of efgh:0..0.
pub(crate) fn vfp_expand_imm(imm8: u32, sz: Fsz) -> u64 {
    let e = match sz {
        Fsz::S => 8,
        Fsz::D => 11,
    };
    let n = sz.bits();
    let f = n - e - 1;
    let sign = (imm8 >> 7) as u64 & 1;
    let b = (imm8 >> 6) as u64 & 1;
    let exp = ((b ^ 1) << (e - 1))
        | ((if b == 1 { (1u64 << (e - 3)) - 1 } else { 0 }) << 2)
        | ((imm8 >> 4) & 3) as u64;
    let frac = ((imm8 & 0xf) as u64) << (f - 4);
    (sign << (n - 1)) | (exp << f) | frac
}

fn fmov_scalar(t: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let sz = Fsz::from_ftype(f.get('t'))?;
    let v = t.b.c64(vfp_expand_imm(f.get('i'), sz));
    t.set_v_lo(f.reg('d'), v);
    Ok(())
}

fn fmov_vector_single(t: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let imm = vfp_expand_imm(f.get('i'), Fsz::S);
    let lo = t.b.c64(imm << 32 | imm);
    let hi = if f.bit('q') { lo } else { t.b.c64(0) };
    let v = t.b.vmake(lo, hi);
    t.set_v(f.reg('d'), v);
    Ok(())
}

/// Only the 128-bit form exists (Q=0 is unallocated).
fn fmov_vector_double(t: &mut Tr, f: Fields) -> Result<(), Undefined> {
    if !f.bit('q') {
        return Err(Undefined);
    }
    let imm = t.b.c64(vfp_expand_imm(f.get('i'), Fsz::D));
    let v = t.b.vmake(imm, imm);
    t.set_v(f.reg('d'), v);
    Ok(())
}
