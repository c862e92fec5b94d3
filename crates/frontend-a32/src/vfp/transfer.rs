//! Transfers between the general registers and the floating-point registers: VMOV of
//! a single register, of two singles or a double with two general registers, of a
//! scalar (an element of a double register), VDUP from a general register, and VMRS
//! and VMSR with FPSCR.

use super::reg_number;
use super::Fsz;
use crate::decoder::{Fields, Row};
use crate::location::{self, FPSCR_VECTOR_FIELDS};
use crate::row;
use crate::translate::{Tr, Undefined};
use crate::{FPSCR_CONTROL, FPSCR_STATUS};
use crossrun_ir::{BranchKind, Reg, Terminator, Ty, Value, Width};

pub(crate) const ROWS: &[Row] = &[
    row!("VMOV (between general-purpose register and single-precision)", "----1110000onnnntttt1010N0010000", vmov_single),
    row!("VMOV (between two general-purpose registers and two singles)", "----1100010ouuuutttt101000M1mmmm", |t, f| {
        vmov_pair(t, f, Fsz::S)
    }),
    row!("VMOV (between two general-purpose registers and a doubleword)", "----1100010ouuuutttt101100M1mmmm", |t, f| {
        vmov_pair(t, f, Fsz::D)
    }),
    row!("VMOV (general-purpose register to scalar)", "----11100xx0ddddtttt1011Dyy10000", to_scalar),
    row!("VMOV (scalar to general-purpose register)", "----1110uxx1nnnntttt1011Nyy10000", from_scalar),
    row!("VDUP (general-purpose register)", "----11101bq0ddddtttt1011D0e10000", vdup),
    row!("VMSR", "----11101110rrrrtttt101000010000", vmsr),
    row!("VMRS", "----11101111rrrrtttt101000010000", vmrs),
];

/// VMOV Sn, Rt (`o` clear) and VMOV Rt, Sn.
fn vmov_single(t: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let n = reg_number(Fsz::S, f.get('n'), f.bit('N'));
    let rt = f.reg('t');
    if rt == 15 || (t.thumb && rt == 13) {
        return t.unpredictable();
    }
    if f.bit('o') {
        let v = t.s(n);
        let v = t.b.zext(Ty::I32, Width::W32, v);
        t.set_r(rt, v);
    } else {
        let v = t.r(rt);
        let v = t.b.zext(Ty::I64, Width::W32, v);
        t.set_s(n, v);
    }
    Ok(())
}

/// VMOV Sm, Sm+1, Rt, Rt2 / VMOV Dm, Rt, Rt2 and back (`o` set: to the general
/// registers). `u` is Rt2.
fn vmov_pair(t: &mut Tr, f: Fields, sz: Fsz) -> Result<(), Undefined> {
    let m = reg_number(sz, f.get('m'), f.bit('M'));
    let (rt, rt2, to_core) = (f.reg('t'), f.reg('u'), f.bit('o'));
    if rt == 15 || rt2 == 15 || (sz == Fsz::S && m == 31) || (to_core && rt == rt2) || (t.thumb && (rt == 13 || rt2 == 13)) {
        return t.unpredictable();
    }
    if to_core {
        let (lo, hi) = match sz {
            Fsz::S => (t.s(m), t.s(m + 1)),
            Fsz::D => {
                let d = t.d(m);
                let sh = t.b.c64(32);
                (d, t.b.lshr(d, sh))
            }
        };
        let lo = t.b.zext(Ty::I32, Width::W32, lo);
        let hi = t.b.zext(Ty::I32, Width::W32, hi);
        t.set_r(rt, lo);
        t.set_r(rt2, hi);
    } else {
        let lo = t.r(rt);
        let hi = t.r(rt2);
        match sz {
            Fsz::S => {
                let lo = t.b.zext(Ty::I64, Width::W32, lo);
                let hi = t.b.zext(Ty::I64, Width::W32, hi);
                t.set_s(m, lo);
                t.set_s(m + 1, hi);
            }
            Fsz::D => {
                let v = crate::ops::mem::pair(t, lo, hi);
                t.set_d(m, v);
            }
        }
    }
    Ok(())
}

/// The element size and index of a scalar from opc1 (`x`) and opc2 (`y`): 1xxx bytes,
/// 0xx1 halfwords, 0x00 words; 0x10 is UNDEFINED.
fn scalar(opc1: u32, opc2: u32) -> Result<(u32, u32), Undefined> {
    let v = opc1 << 2 | opc2;
    if v & 0b1000 != 0 {
        Ok((8, v & 7))
    } else if v & 1 != 0 {
        Ok((16, v >> 1 & 3))
    } else if v & 0b11 == 0 {
        Ok((32, v >> 2 & 1))
    } else {
        Err(Undefined)
    }
}

/// VMOV Dd[x], Rt.
fn to_scalar(t: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let (esize, index) = scalar(f.get('x'), f.get('y'))?;
    let d = (f.get('D') << 4 | f.get('d')) as u8;
    let rt = f.reg('t');
    if rt == 15 || (t.thumb && rt == 13) {
        return t.unpredictable();
    }
    let old = t.d(d);
    let x = t.r(rt);
    let x = t.b.zext(Ty::I64, Width::W32, x);
    let shift = esize * index;
    let field = (u64::MAX >> (64 - esize)) << shift;
    let keep = t.b.c64(!field);
    let kept = t.b.and(old, keep);
    let sh = t.b.c64(u64::from(shift));
    let moved = t.b.shl(x, sh);
    let m = t.b.c64(field);
    let moved = t.b.and(moved, m);
    let v = t.b.or(kept, moved);
    t.set_d(d, v);
    Ok(())
}

/// VMOV Rt, Dn[x] (`u`: zero-extend a byte or halfword, else sign-extend).
fn from_scalar(t: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let (esize, index) = scalar(f.get('x'), f.get('y'))?;
    let unsigned = f.bit('u');
    if esize == 32 && unsigned {
        return Err(Undefined);
    }
    let n = (f.get('N') << 4 | f.get('n')) as u8;
    let rt = f.reg('t');
    if rt == 15 || (t.thumb && rt == 13) {
        return t.unpredictable();
    }
    let v = t.d(n);
    let sh = t.b.c64(u64::from(esize * index));
    let v = t.b.lshr(v, sh);
    let w = Width::from_bytes(esize / 8).expect("1, 2 or 4 bytes");
    let r = if unsigned { t.b.zext(Ty::I32, w, v) } else { t.b.sext(Ty::I32, w, v) };
    t.set_r(rt, r);
    Ok(())
}

/// VDUP.<size> Dd/Qd, Rt: the low `size` bits of Rt in every element.
fn vdup(t: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let esize = match (f.bit('b'), f.bit('e')) {
        (false, false) => 32,
        (false, true) => 16,
        (true, false) => 8,
        (true, true) => return Err(Undefined),
    };
    let q = f.bit('q');
    let d = (f.get('D') << 4 | f.get('d')) as u8;
    let rt = f.reg('t');
    if (q && d & 1 != 0) || rt == 15 || (t.thumb && rt == 13) {
        return if q && d & 1 != 0 { Err(Undefined) } else { t.unpredictable() };
    }
    let x = t.r(rt);
    let x = t.b.zext(Ty::I64, Width::W32, x);
    let w = Width::from_bytes(esize / 8).expect("1, 2 or 4 bytes");
    let x = t.b.zext(Ty::I64, w, x);
    let pattern = t.b.c64(u64::MAX / (u64::MAX >> (64 - esize)));
    let word = t.b.mul(x, pattern);
    t.set_d(d, word);
    if q {
        t.set_d(d + 1, word);
    }
    Ok(())
}

/// VMSR FPSCR, Rt: the control bits to FPCR (trap enables and FZ16 read as zero), the
/// status bits to FPSR. The location after it depends on whether the vector fields are
/// now zero, so the block ends with a jump computed from the value written.
fn vmsr(t: &mut Tr, f: Fields) -> Result<(), Undefined> {
    if f.get('r') != 1 {
        return Err(Undefined);
    }
    let rt = f.reg('t');
    if rt == 15 || (t.thumb && rt == 13) {
        return t.unpredictable();
    }
    let v = t.r(rt);
    let cm = t.c(FPSCR_CONTROL);
    let control = t.b.and(v, cm);
    let sm = t.c(FPSCR_STATUS);
    let status = t.b.and(v, sm);
    t.set_reg(Reg::FpControl, control);
    t.set_reg(Reg::FpStatus, status);
    let fields = t.c(FPSCR_VECTOR_FIELDS);
    let vector = t.b.and(v, fields);
    let zero = t.c(0);
    let on = t.b.icmp(crossrun_ir::IntCC::Ne, vector, zero);
    let next = t.next & !location::FP_VECTOR;
    let with = t.b.c64(next | location::FP_VECTOR);
    let without = t.b.c64(next);
    let loc: Value = t.b.select(on, with, without);
    t.end(Terminator::Indirect { target: loc, kind: BranchKind::Plain });
    Ok(())
}

/// VMRS Rt, FPSCR, and VMRS APSR_nzcv, FPSCR (Rt = 15: FPSCR's flags to the APSR's).
/// FPSID, MVFR0-2 and FPEXC are privileged: UNDEFINED in User mode.
fn vmrs(t: &mut Tr, f: Fields) -> Result<(), Undefined> {
    if f.get('r') != 1 {
        return Err(Undefined);
    }
    let rt = f.reg('t');
    if t.thumb && rt == 13 {
        return t.unpredictable();
    }
    let status = t.b.get(Reg::FpStatus);
    if rt == 15 {
        let m = t.c(0xf000_0000);
        let nzcv = t.b.and(status, m);
        t.set_nzcv(nzcv);
    } else {
        let control = t.fpcr();
        let v = t.b.or(control, status);
        t.set_r(rt, v);
    }
    Ok(())
}
