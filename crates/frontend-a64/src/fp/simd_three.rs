//! AdvSIMD three same (FP part, opcode 11xxx) and AdvSIMD scalar three same (FP part).
//! Each row fixes U, size<1> and the opcode; `z` is size<0> (sz: single or double).

use super::helpers::{
    FABD, FACGE, FACGT, FADD, FCMEQ, FCMGE, FCMGT, FDIV, FMAX, FMAXNM, FMIN, FMINNM, FMLA, FMLS,
    FMUL, FMULX, FRECPS, FRSQRTS, FSUB,
};
use super::lanes::Ctl;
use super::Fsz;
use crate::decoder::{Fields, Row};
use crate::row;
use crate::translate::{Tr, Undefined};
use crossrun_ir::Helper;

#[rustfmt::skip]
pub(crate) const ROWS: &[Row] = &[
    row!("FMAXNM (vector)", "0q0011100z1mmmmm110001nnnnnddddd", |t, f| vector(t, f, &FMAXNM)),
    row!("FMLA (vector)", "0q0011100z1mmmmm110011nnnnnddddd", |t, f| vector_acc(t, f, &FMLA)),
    row!("FADD (vector)", "0q0011100z1mmmmm110101nnnnnddddd", |t, f| vector(t, f, &FADD)),
    row!("FMULX (vector)", "0q0011100z1mmmmm110111nnnnnddddd", |t, f| vector(t, f, &FMULX)),
    row!("FCMEQ (register, vector)", "0q0011100z1mmmmm111001nnnnnddddd", |t, f| vector(t, f, &FCMEQ)),
    row!("FMAX (vector)", "0q0011100z1mmmmm111101nnnnnddddd", |t, f| vector(t, f, &FMAX)),
    row!("FRECPS (vector)", "0q0011100z1mmmmm111111nnnnnddddd", |t, f| vector(t, f, &FRECPS)),
    row!("FMINNM (vector)", "0q0011101z1mmmmm110001nnnnnddddd", |t, f| vector(t, f, &FMINNM)),
    row!("FMLS (vector)", "0q0011101z1mmmmm110011nnnnnddddd", |t, f| vector_acc(t, f, &FMLS)),
    row!("FSUB (vector)", "0q0011101z1mmmmm110101nnnnnddddd", |t, f| vector(t, f, &FSUB)),
    row!("FMIN (vector)", "0q0011101z1mmmmm111101nnnnnddddd", |t, f| vector(t, f, &FMIN)),
    row!("FRSQRTS (vector)", "0q0011101z1mmmmm111111nnnnnddddd", |t, f| vector(t, f, &FRSQRTS)),
    row!("FMAXNMP (vector)", "0q1011100z1mmmmm110001nnnnnddddd", |t, f| pairwise(t, f, &FMAXNM)),
    row!("FADDP (vector)", "0q1011100z1mmmmm110101nnnnnddddd", |t, f| pairwise(t, f, &FADD)),
    row!("FMUL (vector)", "0q1011100z1mmmmm110111nnnnnddddd", |t, f| vector(t, f, &FMUL)),
    row!("FCMGE (register, vector)", "0q1011100z1mmmmm111001nnnnnddddd", |t, f| vector(t, f, &FCMGE)),
    row!("FACGE (vector)", "0q1011100z1mmmmm111011nnnnnddddd", |t, f| vector(t, f, &FACGE)),
    row!("FMAXP (vector)", "0q1011100z1mmmmm111101nnnnnddddd", |t, f| pairwise(t, f, &FMAX)),
    row!("FDIV (vector)", "0q1011100z1mmmmm111111nnnnnddddd", |t, f| vector(t, f, &FDIV)),
    row!("FMINNMP (vector)", "0q1011101z1mmmmm110001nnnnnddddd", |t, f| pairwise(t, f, &FMINNM)),
    row!("FABD (vector)", "0q1011101z1mmmmm110101nnnnnddddd", |t, f| vector(t, f, &FABD)),
    row!("FCMGT (register, vector)", "0q1011101z1mmmmm111001nnnnnddddd", |t, f| vector(t, f, &FCMGT)),
    row!("FACGT (vector)", "0q1011101z1mmmmm111011nnnnnddddd", |t, f| vector(t, f, &FACGT)),
    row!("FMINP (vector)", "0q1011101z1mmmmm111101nnnnnddddd", |t, f| pairwise(t, f, &FMIN)),
    row!("FMULX (scalar)", "010111100z1mmmmm110111nnnnnddddd", |t, f| scalar(t, f, &FMULX)),
    row!("FCMEQ (register, scalar)", "010111100z1mmmmm111001nnnnnddddd", |t, f| scalar(t, f, &FCMEQ)),
    row!("FRECPS (scalar)", "010111100z1mmmmm111111nnnnnddddd", |t, f| scalar(t, f, &FRECPS)),
    row!("FRSQRTS (scalar)", "010111101z1mmmmm111111nnnnnddddd", |t, f| scalar(t, f, &FRSQRTS)),
    row!("FCMGE (register, scalar)", "011111100z1mmmmm111001nnnnnddddd", |t, f| scalar(t, f, &FCMGE)),
    row!("FACGE (scalar)", "011111100z1mmmmm111011nnnnnddddd", |t, f| scalar(t, f, &FACGE)),
    row!("FABD (scalar)", "011111101z1mmmmm110101nnnnnddddd", |t, f| scalar(t, f, &FABD)),
    row!("FCMGT (register, scalar)", "011111101z1mmmmm111001nnnnnddddd", |t, f| scalar(t, f, &FCMGT)),
    row!("FACGT (scalar)", "011111101z1mmmmm111011nnnnnddddd", |t, f| scalar(t, f, &FACGT)),
];

/// `Vd[e] = op(Vn[e], Vm[e])`.
fn vector(t: &mut Tr, f: Fields, op: &'static [Helper; 2]) -> Result<(), Undefined> {
    let sz = Fsz::from_sz(f.bit('z'));
    let lanes = sz.vector_lanes(f.bit('q'))?;
    t.fp_binary(
        op,
        sz,
        Ctl::lanes(lanes),
        f.reg('d'),
        f.reg('n'),
        f.reg('m'),
    );
    Ok(())
}

/// `Vd[e] = op(Vd[e], Vn[e], Vm[e])` (FMLA, FMLS).
fn vector_acc(t: &mut Tr, f: Fields, op: &'static [Helper; 2]) -> Result<(), Undefined> {
    let sz = Fsz::from_sz(f.bit('z'));
    let lanes = sz.vector_lanes(f.bit('q'))?;
    let d = f.reg('d');
    t.fp_ternary(op, sz, Ctl::lanes(lanes), d, [d, f.reg('n'), f.reg('m')]);
    Ok(())
}

/// Pairs of adjacent elements of Vm:Vn, the low half of the result from Vn.
fn pairwise(t: &mut Tr, f: Fields, op: &'static [Helper; 2]) -> Result<(), Undefined> {
    let sz = Fsz::from_sz(f.bit('z'));
    let lanes = sz.vector_lanes(f.bit('q'))?;
    t.fp_binary(
        op,
        sz,
        Ctl::lanes(lanes).pairwise(),
        f.reg('d'),
        f.reg('n'),
        f.reg('m'),
    );
    Ok(())
}

fn scalar(t: &mut Tr, f: Fields, op: &'static [Helper; 2]) -> Result<(), Undefined> {
    let sz = Fsz::from_sz(f.bit('z'));
    t.fp_binary(op, sz, Ctl::lanes(1), f.reg('d'), f.reg('n'), f.reg('m'));
    Ok(())
}
