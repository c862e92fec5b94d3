//! AdvSIMD three same (integer): the element-wise, accumulating, pairwise and logical
//! operations on two vectors of one arrangement. The FP rows of this group (opcode
//! 11xxx) belong to the fp group. The element-wise handlers also serve the scalar
//! three same group.

use super::lanes::Sized;
use super::ops::*;
use super::saturate::*;
use super::vreg::{add_v, add_word, esize, per_half, pick, sub_word, Shape};
use crate::decoder::{Fields, Row};
use crate::row;
use crate::translate::{Tr, Undefined};
use crossrun_ir::Value;

pub(crate) const ROWS: &[Row] = &[
    row!("SHADD", "0q001110zz1mmmmm000001nnnnnddddd", |t, f| binary(t, f, &SHADD)),
    row!("UHADD", "0q101110zz1mmmmm000001nnnnnddddd", |t, f| binary(t, f, &UHADD)),
    row!("SQADD", "0q001110zz1mmmmm000011nnnnnddddd", |t, f| binary(t, f, &SQADD)),
    row!("UQADD", "0q101110zz1mmmmm000011nnnnnddddd", |t, f| binary(t, f, &UQADD)),
    row!("SRHADD", "0q001110zz1mmmmm000101nnnnnddddd", |t, f| binary(t, f, &SRHADD)),
    row!("URHADD", "0q101110zz1mmmmm000101nnnnnddddd", |t, f| binary(t, f, &URHADD)),
    row!("SHSUB", "0q001110zz1mmmmm001001nnnnnddddd", |t, f| binary(t, f, &SHSUB)),
    row!("UHSUB", "0q101110zz1mmmmm001001nnnnnddddd", |t, f| binary(t, f, &UHSUB)),
    row!("SQSUB", "0q001110zz1mmmmm001011nnnnnddddd", |t, f| binary(t, f, &SQSUB)),
    row!("UQSUB", "0q101110zz1mmmmm001011nnnnnddddd", |t, f| binary(t, f, &UQSUB)),
    row!("CMGT (register)", "0q001110zz1mmmmm001101nnnnnddddd", |t, f| binary(t, f, &CMGT)),
    row!("CMHI (register)", "0q101110zz1mmmmm001101nnnnnddddd", |t, f| binary(t, f, &CMHI)),
    row!("CMGE (register)", "0q001110zz1mmmmm001111nnnnnddddd", |t, f| binary(t, f, &CMGE)),
    row!("CMHS (register)", "0q101110zz1mmmmm001111nnnnnddddd", |t, f| binary(t, f, &CMHS)),
    row!("SSHL", "0q001110zz1mmmmm010001nnnnnddddd", |t, f| binary(t, f, &SSHL)),
    row!("USHL", "0q101110zz1mmmmm010001nnnnnddddd", |t, f| binary(t, f, &USHL)),
    row!("SQSHL (register)", "0q001110zz1mmmmm010011nnnnnddddd", |t, f| binary(t, f, &SQSHL)),
    row!("UQSHL (register)", "0q101110zz1mmmmm010011nnnnnddddd", |t, f| binary(t, f, &UQSHL)),
    row!("SRSHL", "0q001110zz1mmmmm010101nnnnnddddd", |t, f| binary(t, f, &SRSHL)),
    row!("URSHL", "0q101110zz1mmmmm010101nnnnnddddd", |t, f| binary(t, f, &URSHL)),
    row!("SQRSHL", "0q001110zz1mmmmm010111nnnnnddddd", |t, f| binary(t, f, &SQRSHL)),
    row!("UQRSHL", "0q101110zz1mmmmm010111nnnnnddddd", |t, f| binary(t, f, &UQRSHL)),
    row!("SMAX", "0q001110zz1mmmmm011001nnnnnddddd", |t, f| binary(t, f, &SMAX)),
    row!("UMAX", "0q101110zz1mmmmm011001nnnnnddddd", |t, f| binary(t, f, &UMAX)),
    row!("SMIN", "0q001110zz1mmmmm011011nnnnnddddd", |t, f| binary(t, f, &SMIN)),
    row!("UMIN", "0q101110zz1mmmmm011011nnnnnddddd", |t, f| binary(t, f, &UMIN)),
    row!("SABD", "0q001110zz1mmmmm011101nnnnnddddd", |t, f| binary(t, f, &SABD)),
    row!("UABD", "0q101110zz1mmmmm011101nnnnnddddd", |t, f| binary(t, f, &UABD)),
    row!("SABA", "0q001110zz1mmmmm011111nnnnnddddd", |t, f| accumulate(t, f, &SABD, false)),
    row!("UABA", "0q101110zz1mmmmm011111nnnnnddddd", |t, f| accumulate(t, f, &UABD, false)),
    row!("ADD (vector)", "0q001110zz1mmmmm100001nnnnnddddd", |t, f| add_sub(t, f, false)),
    row!("SUB (vector)", "0q101110zz1mmmmm100001nnnnnddddd", |t, f| add_sub(t, f, true)),
    row!("CMTST", "0q001110zz1mmmmm100011nnnnnddddd", |t, f| binary(t, f, &CMTST)),
    row!("CMEQ (register)", "0q101110zz1mmmmm100011nnnnnddddd", |t, f| binary(t, f, &CMEQ)),
    row!("MLA (vector)", "0q001110zz1mmmmm100101nnnnnddddd", |t, f| accumulate(t, f, &MUL, false)),
    row!("MLS (vector)", "0q101110zz1mmmmm100101nnnnnddddd", |t, f| accumulate(t, f, &MUL, true)),
    row!("MUL (vector)", "0q001110zz1mmmmm100111nnnnnddddd", |t, f| binary(t, f, &MUL)),
    row!("PMUL", "0q101110zz1mmmmm100111nnnnnddddd", |t, f| binary(t, f, &PMUL)),
    row!("SMAXP", "0q001110zz1mmmmm101001nnnnnddddd", |t, f| pairwise(t, f, &SMAXP)),
    row!("UMAXP", "0q101110zz1mmmmm101001nnnnnddddd", |t, f| pairwise(t, f, &UMAXP)),
    row!("SMINP", "0q001110zz1mmmmm101011nnnnnddddd", |t, f| pairwise(t, f, &SMINP)),
    row!("UMINP", "0q101110zz1mmmmm101011nnnnnddddd", |t, f| pairwise(t, f, &UMINP)),
    row!("SQDMULH (vector)", "0q001110zz1mmmmm101101nnnnnddddd", |t, f| binary(t, f, &SQDMULH)),
    row!("SQRDMULH (vector)", "0q101110zz1mmmmm101101nnnnnddddd", |t, f| binary(t, f, &SQRDMULH)),
    row!("ADDP (vector)", "0q001110zz1mmmmm101111nnnnnddddd", |t, f| pairwise(t, f, &ADDP)),
    row!("AND (vector)", "0q001110001mmmmm000111nnnnnddddd", |t, f| logical(t, f, Logic::And)),
    row!("BIC (vector, register)", "0q001110011mmmmm000111nnnnnddddd", |t, f| logical(t, f, Logic::Bic)),
    row!("ORR (vector, register)", "0q001110101mmmmm000111nnnnnddddd", |t, f| logical(t, f, Logic::Orr)),
    row!("ORN (vector)", "0q001110111mmmmm000111nnnnnddddd", |t, f| logical(t, f, Logic::Orn)),
    row!("EOR (vector)", "0q101110001mmmmm000111nnnnnddddd", |t, f| logical(t, f, Logic::Eor)),
    row!("BSL", "0q101110011mmmmm000111nnnnnddddd", |t, f| logical(t, f, Logic::Bsl)),
    row!("BIT", "0q101110101mmmmm000111nnnnnddddd", |t, f| logical(t, f, Logic::Bit)),
    row!("BIF", "0q101110111mmmmm000111nnnnnddddd", |t, f| logical(t, f, Logic::Bif)),
];

fn binary(t: &mut Tr, f: Fields, family: &'static Sized) -> Result<(), Undefined> {
    elementwise(t, f, family, Shape::vector(f))
}

/// Vd = op(Vn, Vm), element by element.
pub(super) fn elementwise(t: &mut Tr, f: Fields, family: &'static Sized, shape: Shape) -> Result<(), Undefined> {
    let size = f.get('z');
    shape.check(size)?;
    let h = pick(family, size)?;
    let e = esize(size);
    let n = shape.operand(t, f.reg('n'), e);
    let m = shape.operand(t, f.reg('m'), e);
    let r = t.b.call(h, &[n, m]);
    shape.result(t, f.reg('d'), e, r);
    Ok(())
}

/// MLA, MLS, SABA, UABA: Vd plus (or minus) op(Vn, Vm).
fn accumulate(t: &mut Tr, f: Fields, family: &'static Sized, sub: bool) -> Result<(), Undefined> {
    let (q, size) = (f.bit('q'), f.get('z'));
    let h = pick(family, size)?;
    let shape = Shape::Vector { q };
    let e = esize(size);
    let n = shape.operand(t, f.reg('n'), e);
    let m = shape.operand(t, f.reg('m'), e);
    let x = t.b.call(h, &[n, m]);
    let acc = shape.operand(t, f.reg('d'), e);
    let r = add_v(t, e, acc, x, sub);
    shape.result(t, f.reg('d'), e, r);
    Ok(())
}

/// ADD and SUB (vector): inline on each 64-bit half.
pub(super) fn add_sub(t: &mut Tr, f: Fields, sub: bool) -> Result<(), Undefined> {
    let (q, size) = (f.bit('q'), f.get('z'));
    Shape::Vector { q }.check(size)?;
    let e = esize(size);
    per_half(t, f.reg('d'), q, &[f.reg('n'), f.reg('m')], |t, v| {
        if sub {
            sub_word(t, e, v[0], v[1])
        } else {
            add_word(t, e, v[0], v[1])
        }
    });
    Ok(())
}

/// The pairwise operations work on the concatenation Vm:Vn, so a 64-bit form packs the
/// low halves of both into one vector.
fn pairwise(t: &mut Tr, f: Fields, family: &'static Sized) -> Result<(), Undefined> {
    let (q, size) = (f.bit('q'), f.get('z'));
    Shape::Vector { q }.check(size)?;
    let h = pick(family, size)?;
    let (vn, vm) = (t.v(f.reg('n')), t.v(f.reg('m')));
    let (a, b) = if q {
        (vn, vm)
    } else {
        let lo_n = t.b.vlo(vn);
        let lo_m = t.b.vlo(vm);
        let zero = t.b.c64(0);
        let a = t.b.vmake(lo_n, lo_m);
        let b = t.b.vmake(zero, zero);
        (a, b)
    };
    let r = t.b.call(h, &[a, b]);
    super::vreg::vec_out(t, f.reg('d'), q, r);
    Ok(())
}

#[derive(Clone, Copy)]
enum Logic {
    And,
    Bic,
    Orr,
    Orn,
    Eor,
    Bsl,
    Bit,
    Bif,
}

/// The bitwise operations, inline on each 64-bit half of Vd, Vn, Vm.
fn logical(t: &mut Tr, f: Fields, op: Logic) -> Result<(), Undefined> {
    let q = f.bit('q');
    per_half(t, f.reg('d'), q, &[f.reg('d'), f.reg('n'), f.reg('m')], |t, v| {
        let (d, n, m): (Value, Value, Value) = (v[0], v[1], v[2]);
        match op {
            Logic::And => t.b.and(n, m),
            Logic::Bic => t.b.and_not(n, m),
            Logic::Orr => t.b.or(n, m),
            Logic::Orn => {
                let nm = t.b.not(m);
                t.b.or(n, nm)
            }
            Logic::Eor => t.b.xor(n, m),
            // Bitwise select: Vn where Vd is set, Vm elsewhere.
            Logic::Bsl => {
                let x = t.b.xor(m, n);
                let x = t.b.and(x, d);
                t.b.xor(m, x)
            }
            // Insert Vn into Vd where Vm is set (BIT) or clear (BIF).
            Logic::Bit => {
                let x = t.b.xor(d, n);
                let x = t.b.and(x, m);
                t.b.xor(d, x)
            }
            Logic::Bif => {
                let x = t.b.xor(d, n);
                let x = t.b.and_not(x, m);
                t.b.xor(d, x)
            }
        }
    });
    Ok(())
}
