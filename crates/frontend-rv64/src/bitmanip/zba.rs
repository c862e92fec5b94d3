//! Zba: SH1ADD, SH2ADD, SH3ADD, their .UW forms, ADD.UW and SLLI.UW. The .UW forms take
//! the low 32 bits of rs1 zero-extended (ZEXT.W is ADD.UW with rs2 = x0).

use crate::decoder::{Fields, Row};
use crate::row;
use crate::translate::{Tr, Undefined};
use crossrun_ir::{Ty, Value, Width};

pub(crate) const ROWS: &[Row] = &[
    row!("SH1ADD", "0010000tttttsssss010ddddd0110011", sh1add),
    row!("SH2ADD", "0010000tttttsssss100ddddd0110011", sh2add),
    row!("SH3ADD", "0010000tttttsssss110ddddd0110011", sh3add),
    row!("ADD.UW", "0000100tttttsssss000ddddd0111011", add_uw),
    row!("SH1ADD.UW", "0010000tttttsssss010ddddd0111011", sh1add_uw),
    row!("SH2ADD.UW", "0010000tttttsssss100ddddd0111011", sh2add_uw),
    row!("SH3ADD.UW", "0010000tttttsssss110ddddd0111011", sh3add_uw),
    row!("SLLI.UW", "000010hhhhhhsssss001ddddd0011011", slli_uw),
];

/// rs1, or its low 32 bits zero-extended for the .UW forms.
fn index(tr: &mut Tr, rs1: u8, unsigned_word: bool) -> Value {
    let a = tr.x(rs1);
    if unsigned_word {
        tr.b.zext(Ty::I64, Width::W32, a)
    } else {
        a
    }
}

/// rd = (index << shift) + rs2.
fn shift_add(tr: &mut Tr, f: Fields, shift: u64, unsigned_word: bool) -> Result<(), Undefined> {
    let a = index(tr, f.reg('s'), unsigned_word);
    let scaled = if shift == 0 {
        a
    } else {
        let s = tr.b.c64(shift);
        tr.b.shl(a, s)
    };
    let b = tr.x(f.reg('t'));
    let v = tr.b.add(scaled, b);
    tr.set_x(f.reg('d'), v);
    Ok(())
}

fn sh1add(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    shift_add(tr, f, 1, false)
}

fn sh2add(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    shift_add(tr, f, 2, false)
}

fn sh3add(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    shift_add(tr, f, 3, false)
}

fn add_uw(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    shift_add(tr, f, 0, true)
}

fn sh1add_uw(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    shift_add(tr, f, 1, true)
}

fn sh2add_uw(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    shift_add(tr, f, 2, true)
}

fn sh3add_uw(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    shift_add(tr, f, 3, true)
}

fn slli_uw(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let a = index(tr, f.reg('s'), true);
    let s = tr.b.c64(u64::from(f.get('h')));
    let v = tr.b.shl(a, s);
    tr.set_x(f.reg('d'), v);
    Ok(())
}
