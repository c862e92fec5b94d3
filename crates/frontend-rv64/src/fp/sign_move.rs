//! Sign injection (FSGNJ, FSGNJN, FSGNJX: also FMV, FNEG and FABS) and the moves between
//! integer and f registers (FMV.X.W, FMV.W.X, FMV.X.D, FMV.D.X). None raises an
//! exception. Sign injection of singles reads unboxed operands as the canonical NaN;
//! the moves transfer bits unchecked, FMV.X.W sign-extending the 32 bits it reads.

use super::Fmt;
use crate::decoder::{Fields, Row};
use crate::row;
use crate::translate::{Tr, Undefined};
use crossrun_ir::{Ty, Value, Width};

pub(crate) const ROWS: &[Row] = &[
    row!("FSGNJ", "001000ztttttsssss000ddddd1010011", fsgnj),
    row!("FSGNJN", "001000ztttttsssss001ddddd1010011", fsgnjn),
    row!("FSGNJX", "001000ztttttsssss010ddddd1010011", fsgnjx),
    row!("FMV.X.W", "111000000000sssss000ddddd1010011", fmv_x_w),
    row!("FMV.X.D", "111000100000sssss000ddddd1010011", fmv_x_d),
    row!("FMV.W.X", "111100000000sssss000ddddd1010011", fmv_w_x),
    row!("FMV.D.X", "111100100000sssss000ddddd1010011", fmv_d_x),
];

/// How the sign of the result is made from the signs of fs1 and fs2.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Inject {
    Copy,
    Negate,
    Xor,
}

fn sign_inject(tr: &mut Tr, f: Fields, how: Inject) -> Result<(), Undefined> {
    let fmt = Fmt::from_bit(f.bit('z'));
    let (rs1, rs2) = (f.reg('s'), f.reg('t'));
    let read = |tr: &mut Tr, n: u8| -> Value {
        match fmt {
            Fmt::S => tr.f_single(n),
            Fmt::D => tr.f(n),
        }
    };
    let sign_bit: u64 = match fmt {
        Fmt::S => 1 << 31,
        Fmt::D => 1 << 63,
    };
    let a = read(tr, rs1);
    let sign = tr.b.c64(sign_bit);
    let r = if rs1 == rs2 {
        // FMV, FNEG, FABS.
        match how {
            Inject::Copy => a,
            Inject::Negate => tr.b.xor(a, sign),
            Inject::Xor => tr.b.and_not(a, sign),
        }
    } else {
        let b = read(tr, rs2);
        let b_sign = match how {
            Inject::Negate => {
                let nb = tr.b.not(b);
                tr.b.and(nb, sign)
            }
            Inject::Copy | Inject::Xor => tr.b.and(b, sign),
        };
        match how {
            Inject::Xor => tr.b.xor(a, b_sign),
            Inject::Copy | Inject::Negate => {
                let magnitude = tr.b.and_not(a, sign);
                tr.b.or(magnitude, b_sign)
            }
        }
    };
    match fmt {
        Fmt::S => tr.set_f_single(f.reg('d'), r),
        Fmt::D => tr.set_f(f.reg('d'), r),
    }
    Ok(())
}

fn fsgnj(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    sign_inject(tr, f, Inject::Copy)
}

fn fsgnjn(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    sign_inject(tr, f, Inject::Negate)
}

fn fsgnjx(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    sign_inject(tr, f, Inject::Xor)
}

fn fmv_x_w(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let v = tr.f(f.reg('s'));
    let w = tr.b.zext(Ty::I32, Width::W32, v);
    tr.set_x_w(f.reg('d'), w);
    Ok(())
}

fn fmv_x_d(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let v = tr.f(f.reg('s'));
    tr.set_x(f.reg('d'), v);
    Ok(())
}

fn fmv_w_x(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let v = tr.x(f.reg('s'));
    tr.set_f_single(f.reg('d'), v);
    Ok(())
}

fn fmv_d_x(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let v = tr.x(f.reg('s'));
    tr.set_f(f.reg('d'), v);
    Ok(())
}
