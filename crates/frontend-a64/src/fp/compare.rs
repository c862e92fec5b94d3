//! Floating-point compare (FCMP, FCMPE), conditional compare (FCCMP, FCCMPE) and
//! conditional select (FCSEL).

use super::helpers::FCCMP;
use super::lanes::Ctl;
use super::Fsz;
use crate::decoder::{Fields, Row};
use crate::row;
use crate::translate::{Tr, Undefined};

#[rustfmt::skip]
pub(crate) const ROWS: &[Row] = &[
    // `z` selects the compare with #0.0, whose Rm field is ignored.
    row!("FCMP", "00011110tt1mmmmm001000nnnnn0z000", fcmp),
    row!("FCMPE", "00011110tt1mmmmm001000nnnnn1z000", fcmp),
    row!("FCCMP", "00011110tt1mmmmmcccc01nnnnn0ffff", fccmp),
    row!("FCCMPE", "00011110tt1mmmmmcccc01nnnnn1ffff", fccmp),
    row!("FCSEL", "00011110tt1mmmmmcccc11nnnnnddddd", fcsel),
];

/// Bit 4 of the encoding: the E forms signal Invalid for quiet NaNs too.
fn signalling(f: Fields) -> bool {
    f.insn & (1 << 4) != 0
}

fn fcmp(t: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let sz = Fsz::from_ftype(f.get('t'))?;
    let a = t.fp_scalar(sz, f.reg('n'));
    let b = if f.bit('z') {
        t.b.c64(0)
    } else {
        t.fp_scalar(sz, f.reg('m'))
    };
    let c = t.fp_ctl(Ctl::lanes(1).flag(signalling(f)));
    let holds = t.b.c32(1);
    let nzcv = t.fp_call(&FCCMP, sz, &[a, b, c, holds]);
    t.set_nzcv(nzcv);
    Ok(())
}

/// The comparison (and its exceptions) only happens when the condition holds;
/// otherwise the flags come from the immediate.
fn fccmp(t: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let sz = Fsz::from_ftype(f.get('t'))?;
    let a = t.fp_scalar(sz, f.reg('n'));
    let b = t.fp_scalar(sz, f.reg('m'));
    let flags = t.nzcv();
    let cond = t.b.cond_holds(f.get('c') as u8, flags);
    let (one, zero) = (t.b.c32(1), t.b.c32(0));
    let holds = t.b.select(cond, one, zero);
    let c = t.fp_ctl(Ctl::lanes(1).flag(signalling(f)).nzcv(f.get('f')));
    let nzcv = t.fp_call(&FCCMP, sz, &[a, b, c, holds]);
    t.set_nzcv(nzcv);
    Ok(())
}

fn fcsel(t: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let sz = Fsz::from_ftype(f.get('t'))?;
    let a = t.fp_scalar(sz, f.reg('n'));
    let b = t.fp_scalar(sz, f.reg('m'));
    let flags = t.nzcv();
    let cond = t.b.cond_holds(f.get('c') as u8, flags);
    let r = t.b.select(cond, a, b);
    t.set_v_lo(f.reg('d'), r);
    Ok(())
}
