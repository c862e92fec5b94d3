//! Zbb: ANDN, ORN, XNOR; CLZ, CTZ, CPOP and their W forms; MAX, MAXU, MIN, MINU;
//! SEXT.B, SEXT.H, ZEXT.H; ROL, ROR, RORI and the W forms ROLW, RORW, RORIW; ORC.B;
//! REV8.

use crate::decoder::{Fields, Row};
use crate::int::op::{op, op_w, BinOp};
use crate::row;
use crate::translate::{Tr, Undefined};
use crossrun_ir::{Builder, IntCC, Ty, Value, Width};

pub(crate) const ROWS: &[Row] = &[
    row!("ANDN", "0100000tttttsssss111ddddd0110011", andn),
    row!("ORN", "0100000tttttsssss110ddddd0110011", orn),
    row!("XNOR", "0100000tttttsssss100ddddd0110011", xnor),
    row!("CLZ", "011000000000sssss001ddddd0010011", clz),
    row!("CTZ", "011000000001sssss001ddddd0010011", ctz),
    row!("CPOP", "011000000010sssss001ddddd0010011", cpop),
    row!("CLZW", "011000000000sssss001ddddd0011011", clzw),
    row!("CTZW", "011000000001sssss001ddddd0011011", ctzw),
    row!("CPOPW", "011000000010sssss001ddddd0011011", cpopw),
    row!("MAX", "0000101tttttsssss110ddddd0110011", max),
    row!("MAXU", "0000101tttttsssss111ddddd0110011", maxu),
    row!("MIN", "0000101tttttsssss100ddddd0110011", min),
    row!("MINU", "0000101tttttsssss101ddddd0110011", minu),
    row!("SEXT.B", "011000000100sssss001ddddd0010011", sext_b),
    row!("SEXT.H", "011000000101sssss001ddddd0010011", sext_h),
    row!("ZEXT.H", "000010000000sssss100ddddd0111011", zext_h),
    row!("ROL", "0110000tttttsssss001ddddd0110011", rol),
    row!("ROR", "0110000tttttsssss101ddddd0110011", ror),
    row!("RORI", "011000hhhhhhsssss101ddddd0010011", rori),
    row!("ROLW", "0110000tttttsssss001ddddd0111011", rolw),
    row!("RORW", "0110000tttttsssss101ddddd0111011", rorw),
    row!("RORIW", "0110000hhhhhsssss101ddddd0011011", roriw),
    row!("ORC.B", "001010000111sssss101ddddd0010011", orc_b),
    row!("REV8", "011010111000sssss101ddddd0010011", rev8),
];

fn row_op(tr: &mut Tr, f: Fields, f_op: BinOp) -> Result<(), Undefined> {
    op(tr, f.reg('d'), f.reg('s'), f.reg('t'), f_op);
    Ok(())
}

fn row_op_w(tr: &mut Tr, f: Fields, f_op: BinOp) -> Result<(), Undefined> {
    op_w(tr, f.reg('d'), f.reg('s'), f.reg('t'), f_op);
    Ok(())
}

/// rd = op(rs1), 64 bits.
fn unary(tr: &mut Tr, f: Fields, f_op: fn(&mut Builder, Value) -> Value) -> Result<(), Undefined> {
    let a = tr.x(f.reg('s'));
    let v = f_op(&mut tr.b, a);
    tr.set_x(f.reg('d'), v);
    Ok(())
}

/// rd = op(rs1[31:0]), a count of at most 32, so its zero extension is the result.
fn count_w(tr: &mut Tr, f: Fields, f_op: fn(&mut Builder, Value) -> Value) -> Result<(), Undefined> {
    let a = tr.w(f.reg('s'));
    let v = f_op(&mut tr.b, a);
    let v = tr.b.zext(Ty::I64, Width::W32, v);
    tr.set_x(f.reg('d'), v);
    Ok(())
}

fn andn(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    row_op(tr, f, |b, x, y| b.and_not(x, y))
}

fn orn(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    row_op(tr, f, |b, x, y| {
        let ny = b.not(y);
        b.or(x, ny)
    })
}

fn xnor(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    row_op(tr, f, |b, x, y| {
        let v = b.xor(x, y);
        b.not(v)
    })
}

/// Count trailing zeros: the leading zeros of the bit reversal.
fn trailing_zeros(b: &mut Builder, x: Value) -> Value {
    let r = b.rbit(x);
    b.clz(r)
}

/// Population count of an I64 or I32 value by summing bits in ever wider fields.
fn population(b: &mut Builder, x: Value) -> Value {
    let x = match b.ty(x) {
        Ty::I32 => b.zext(Ty::I64, Width::W32, x),
        _ => x,
    };
    let c = |b: &mut Builder, v: u64| b.c64(v);
    let one = c(b, 1);
    let half = b.lshr(x, one);
    let m1 = c(b, 0x5555_5555_5555_5555);
    let half = b.and(half, m1);
    let pairs = b.sub(x, half);
    let m2 = c(b, 0x3333_3333_3333_3333);
    let lo = b.and(pairs, m2);
    let two = c(b, 2);
    let hi = b.lshr(pairs, two);
    let hi = b.and(hi, m2);
    let nibbles = b.add(lo, hi);
    let four = c(b, 4);
    let shifted = b.lshr(nibbles, four);
    let bytes = b.add(nibbles, shifted);
    let m4 = c(b, 0x0f0f_0f0f_0f0f_0f0f);
    let bytes = b.and(bytes, m4);
    let ones = c(b, 0x0101_0101_0101_0101);
    let sum = b.mul(bytes, ones);
    let top = c(b, 56);
    b.lshr(sum, top)
}

fn clz(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    unary(tr, f, |b, x| b.clz(x))
}

fn ctz(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    unary(tr, f, trailing_zeros)
}

fn cpop(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    unary(tr, f, population)
}

fn clzw(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    count_w(tr, f, |b, x| b.clz(x))
}

fn ctzw(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    count_w(tr, f, trailing_zeros)
}

/// The population count comes back as an I64; its low word is the count.
fn cpopw(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    count_w(tr, f, |b, x| {
        let n = population(b, x);
        b.zext(Ty::I32, Width::W32, n)
    })
}

fn select_by(tr: &mut Tr, f: Fields, cc: IntCC) -> Result<(), Undefined> {
    let a = tr.x(f.reg('s'));
    let b = tr.x(f.reg('t'));
    let first = tr.b.icmp(cc, a, b);
    let v = tr.b.select(first, a, b);
    tr.set_x(f.reg('d'), v);
    Ok(())
}

fn max(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    select_by(tr, f, IntCC::Sgt)
}

fn maxu(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    select_by(tr, f, IntCC::Ugt)
}

fn min(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    select_by(tr, f, IntCC::Slt)
}

fn minu(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    select_by(tr, f, IntCC::Ult)
}

fn sext_b(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    unary(tr, f, |b, x| b.sext(Ty::I64, Width::W8, x))
}

fn sext_h(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    unary(tr, f, |b, x| b.sext(Ty::I64, Width::W16, x))
}

fn zext_h(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    unary(tr, f, |b, x| b.zext(Ty::I64, Width::W16, x))
}

/// Rotate left by n is rotate right by -n (the IR takes the amount modulo the width).
fn rotate_left(b: &mut Builder, x: Value, n: Value) -> Value {
    let neg = b.neg(n);
    b.ror(x, neg)
}

fn rol(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    row_op(tr, f, rotate_left)
}

fn ror(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    row_op(tr, f, |b, x, y| b.ror(x, y))
}

fn rori(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let a = tr.x(f.reg('s'));
    let n = tr.b.c64(u64::from(f.get('h')));
    let v = tr.b.ror(a, n);
    tr.set_x(f.reg('d'), v);
    Ok(())
}

fn rolw(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    row_op_w(tr, f, rotate_left)
}

fn rorw(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    row_op_w(tr, f, |b, x, y| b.ror(x, y))
}

fn roriw(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let a = tr.w(f.reg('s'));
    let n = tr.b.c32(f.get('h'));
    let v = tr.b.ror(a, n);
    tr.set_x_w(f.reg('d'), v);
    Ok(())
}

/// Each byte becomes 0xff if it is nonzero, else 0x00: adding 0x7f to a byte's low seven
/// bits carries into its top bit exactly when they are nonzero (never out of the byte),
/// so `((x & 0x7f..) + 0x7f..) | x` has each byte's top bit set iff the byte is
/// nonzero; those bits moved down to bit 0 of each byte times 0xff fill the bytes.
fn orc_b(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    unary(tr, f, |b, x| {
        let low7 = b.c64(0x7f7f_7f7f_7f7f_7f7f);
        let t = b.and(x, low7);
        let t = b.add(t, low7);
        let t = b.or(t, x);
        let top = b.c64(0x8080_8080_8080_8080);
        let t = b.and(t, top);
        let seven = b.c64(7);
        let t = b.lshr(t, seven);
        let ff = b.c64(0xff);
        b.mul(t, ff)
    })
}

fn rev8(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    unary(tr, f, |b, x| b.rev(x))
}
