//! T32 data processing (register): shifts by register, the extends (with add), the
//! parallel additions and subtractions, the miscellaneous operations (saturating
//! add/subtract, reversal, SEL, CLZ) and CRC32.

use crate::decoder::{Fields, Row};
use crate::ops::alu::{compute, AluOp};
use crate::ops::media::{extend, reverse, Extend, Reverse};
use crate::ops::parallel::{parallel, sel, Kind, Lanes};
use crate::ops::sat::qaddsub;
use crate::ops::shift::{reg_shift_c, ShiftType};
use crate::row;
use crate::translate::{Tr, Undefined};

pub(crate) const ROWS: &[Row] = &[
    row!("LSL, LSR, ASR, ROR (register)", "111110100ttSnnnn1111dddd0000mmmm", shift),
    row!("SXTAH, SXTH", "111110100000nnnn1111dddd10rrmmmm", |t, f| ext(t, f, Extend::Half, true)),
    row!("UXTAH, UXTH", "111110100001nnnn1111dddd10rrmmmm", |t, f| ext(t, f, Extend::Half, false)),
    row!("SXTAB16, SXTB16", "111110100010nnnn1111dddd10rrmmmm", |t, f| ext(t, f, Extend::Byte16, true)),
    row!("UXTAB16, UXTB16", "111110100011nnnn1111dddd10rrmmmm", |t, f| ext(t, f, Extend::Byte16, false)),
    row!("SXTAB, SXTB", "111110100100nnnn1111dddd10rrmmmm", |t, f| ext(t, f, Extend::Byte, true)),
    row!("UXTAB, UXTB", "111110100101nnnn1111dddd10rrmmmm", |t, f| ext(t, f, Extend::Byte, false)),
    row!("parallel addition and subtraction", "111110101ooonnnn1111dddd0ukkmmmm", par),
    row!("QADD", "111110101000nnnn1111dddd1000mmmm", |t, f| qadd(t, f, false, false)),
    row!("QDADD", "111110101000nnnn1111dddd1001mmmm", |t, f| qadd(t, f, false, true)),
    row!("QSUB", "111110101000nnnn1111dddd1010mmmm", |t, f| qadd(t, f, true, false)),
    row!("QDSUB", "111110101000nnnn1111dddd1011mmmm", |t, f| qadd(t, f, true, true)),
    row!("REV", "111110101001nnnn1111dddd1000mmmm", |t, f| rev(t, f, Reverse::Rev)),
    row!("REV16", "111110101001nnnn1111dddd1001mmmm", |t, f| rev(t, f, Reverse::Rev16)),
    row!("RBIT", "111110101001nnnn1111dddd1010mmmm", |t, f| rev(t, f, Reverse::Rbit)),
    row!("REVSH", "111110101001nnnn1111dddd1011mmmm", |t, f| rev(t, f, Reverse::Revsh)),
    row!("SEL", "111110101010nnnn1111dddd1000mmmm", sel_row),
    row!("CLZ", "111110101011nnnn1111dddd1000mmmm", |t, f| {
        if f.reg('n') != f.reg('m') {
            return t.unpredictable();
        }
        crate::ops::media::clz(t, f.reg('d'), f.reg('m'))
    }),
    row!("CRC32", "111110101100nnnn1111dddd10zzmmmm", |t, f| crate::system::crc32(t, f, false)),
    row!("CRC32C", "111110101101nnnn1111dddd10zzmmmm", |t, f| crate::system::crc32(t, f, true)),
];

fn shift(t: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let (d, n, m, s) = (f.reg('d'), f.reg('n'), f.reg('m'), f.bit('S'));
    if [d, n, m].iter().any(|&r| r == 13 || r == 15) {
        return t.unpredictable();
    }
    let x = t.r(n);
    let amount = t.r(m);
    let op2 = reg_shift_c(t, x, ShiftType::from_bits(f.get('t')), amount, s);
    let zero = t.c(0);
    if let Some(r) = compute(t, AluOp::Mov, zero, op2, s) {
        t.set_r(d, r);
    }
    Ok(())
}

fn ext(t: &mut Tr, f: Fields, kind: Extend, signed: bool) -> Result<(), Undefined> {
    extend(t, f.reg('d'), f.reg('n'), f.reg('m'), f.get('r'), kind, signed)
}

/// The parallel instructions: `o` selects the lanes, `u` unsigned, `k` the modulo (00),
/// saturating (01) or halving (10) family.
fn par(t: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let op = match f.get('o') {
        0b001 => Lanes::Add16,
        0b010 => Lanes::Asx,
        0b110 => Lanes::Sax,
        0b101 => Lanes::Sub16,
        0b000 => Lanes::Add8,
        0b100 => Lanes::Sub8,
        _ => return Err(Undefined),
    };
    let kind = match (f.bit('u'), f.get('k')) {
        (false, 0) => Kind::Signed,
        (false, 1) => Kind::SignedSat,
        (false, 2) => Kind::SignedHalve,
        (true, 0) => Kind::Unsigned,
        (true, 1) => Kind::UnsignedSat,
        (true, 2) => Kind::UnsignedHalve,
        _ => return Err(Undefined),
    };
    let (d, n, m) = (f.reg('d'), f.reg('n'), f.reg('m'));
    if [d, n, m].contains(&15) {
        return t.unpredictable();
    }
    let (a, b) = (t.r(n), t.r(m));
    let r = parallel(t, kind, op, a, b);
    t.set_r(d, r);
    Ok(())
}

fn qadd(t: &mut Tr, f: Fields, sub: bool, double: bool) -> Result<(), Undefined> {
    let (d, n, m) = (f.reg('d'), f.reg('n'), f.reg('m'));
    if [d, n, m].contains(&15) {
        return t.unpredictable();
    }
    let (a, b) = (t.r(m), t.r(n));
    let r = qaddsub(t, a, b, sub, double);
    t.set_r(d, r);
    Ok(())
}

/// The reversals name Rm twice (in the Rn and Rm fields).
fn rev(t: &mut Tr, f: Fields, kind: Reverse) -> Result<(), Undefined> {
    if f.reg('n') != f.reg('m') {
        return t.unpredictable();
    }
    reverse(t, f.reg('d'), f.reg('m'), kind)
}

fn sel_row(t: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let (d, n, m) = (f.reg('d'), f.reg('n'), f.reg('m'));
    if [d, n, m].contains(&15) {
        return t.unpredictable();
    }
    let (a, b) = (t.r(n), t.r(m));
    let r = sel(t, a, b);
    t.set_r(d, r);
    Ok(())
}
