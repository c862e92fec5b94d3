//! AdvSIMD permute: UZP1/UZP2, TRN1/TRN2, ZIP1/ZIP2.
//!
//! The lane shuffles go through one pure helper: expressing them as 64-bit IR ops
//! would take dozens of shifts and masks per instruction for byte lanes.

use crate::decoder::Fields;
use crate::row;
use crate::translate::{Tr, Undefined};
use crossrun_ir::{CpuState, Helper, Meaning, Permutation, PermuteKind, Ty};

pub(crate) const ROWS: &[crate::decoder::Row] = &[
    row!("UZP1", "0q001110ss0mmmmm000110nnnnnddddd", uzp1),
    row!("TRN1", "0q001110ss0mmmmm001010nnnnnddddd", trn1),
    row!("ZIP1", "0q001110ss0mmmmm001110nnnnnddddd", zip1),
    row!("UZP2", "0q001110ss0mmmmm010110nnnnnddddd", uzp2),
    row!("TRN2", "0q001110ss0mmmmm011010nnnnnddddd", trn2),
    row!("ZIP2", "0q001110ss0mmmmm011110nnnnnddddd", zip2),
];

#[derive(Clone, Copy)]
enum Kind {
    Uzp = 0,
    Trn = 1,
    Zip = 2,
}

fn uzp1(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    permute(tr, f, Kind::Uzp, 0)
}
fn uzp2(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    permute(tr, f, Kind::Uzp, 1)
}
fn trn1(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    permute(tr, f, Kind::Trn, 0)
}
fn trn2(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    permute(tr, f, Kind::Trn, 1)
}
fn zip1(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    permute(tr, f, Kind::Zip, 0)
}
fn zip2(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    permute(tr, f, Kind::Zip, 1)
}

fn permute(tr: &mut Tr, f: Fields, kind: Kind, part: u32) -> Result<(), Undefined> {
    let size = f.get('s');
    let q = f.bit('q');
    if size == 3 && !q {
        return Err(Undefined);
    }
    let vn = tr.v(f.reg('n'));
    let vm = tr.v(f.reg('m'));
    let params = tr.b.c32(kind as u32 | part << 2 | size << 3 | (q as u32) << 5);
    let r = tr.b.call(&PERMUTE, &[vn, vm, params]);
    tr.set_v(f.reg('d'), r);
    Ok(())
}

/// args: operand1, operand2, params = kind | part << 2 | size << 3 | Q << 5.
/// The result already has the upper half zeroed for Q=0.
static PERMUTE: Helper = Helper {
    name: "a64_permute",
    func: permute_helper,
    args: &[Ty::V128, Ty::V128, Ty::I32],
    ret: Ty::V128,
    pure: true,
    meaning: Meaning::Permute { decode: permutation },
};

/// The params word as a [`Permutation`].
fn permutation(params: u64) -> Option<Permutation> {
    let params = u32::try_from(params).ok().filter(|p| p >> 6 == 0)?;
    let kind = match params & 3 {
        0 => PermuteKind::Unzip,
        1 => PermuteKind::Transpose,
        2 => PermuteKind::Zip,
        _ => return None,
    };
    Some(Permutation { kind, second: params & 4 != 0, esize: 8 << ((params >> 3) & 3), full: params & 1 << 5 != 0 })
}

fn permute_helper(_: &mut CpuState, a: &[u128]) -> u128 {
    let (op1, op2, params) = (a[0], a[1], a[2] as u32);
    let part = (params >> 2) & 1;
    let esize = 8u32 << ((params >> 3) & 3);
    let datasize = if params & (1 << 5) != 0 { 128 } else { 64 };
    let elements = datasize / esize;
    let pairs = elements / 2;
    let mask = u128::MAX >> (128 - esize);
    let elem = |v: u128, e: u32| (v >> (e * esize)) & mask;
    let mut result = 0u128;
    let mut put = |e: u32, x: u128| result |= x << (e * esize);
    match params & 3 {
        // UZP: the even (part 0) or odd (part 1) elements of operand2:operand1.
        0 => {
            for e in 0..elements {
                let i = 2 * e + part;
                let x = if i < elements { elem(op1, i) } else { elem(op2, i - elements) };
                put(e, x);
            }
        }
        // TRN: the even or odd elements of both operands, interleaved.
        1 => {
            for p in 0..pairs {
                put(2 * p, elem(op1, 2 * p + part));
                put(2 * p + 1, elem(op2, 2 * p + part));
            }
        }
        // ZIP: the low (part 0) or high (part 1) halves of both operands, interleaved.
        _ => {
            let base = part * pairs;
            for p in 0..pairs {
                put(2 * p, elem(op1, base + p));
                put(2 * p + 1, elem(op2, base + p));
            }
        }
    }
    result
}
