//! AdvSIMD permute: UZP1/UZP2, TRN1/TRN2, ZIP1/ZIP2, on the permute helper the Arm
//! frontends share.

use crate::decoder::Fields;
use crate::row;
use crate::translate::{Tr, Undefined};
use crossrun_arm_shared::simd::perm::{permute_params, PERMUTE};

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
    let params = tr.b.c32(permute_params(kind as u32, part, size, q));
    let r = tr.b.call(&PERMUTE, &[vn, vm, params]);
    tr.set_v(f.reg('d'), r);
    Ok(())
}
