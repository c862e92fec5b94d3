//! A32 multiply and multiply accumulate.

use crate::decoder::Row;
use crate::ops::multiply::{mul, mul_long, umaal};
use crate::row;

pub(crate) const ROWS: &[Row] = &[
    row!("MUL", "----0000000Sdddd0000mmmm1001nnnn", |t, f| mul(t, f.reg('d'), f.reg('n'), f.reg('m'), None, f.bit('S'))),
    row!("MLA", "----0000001Sddddaaaammmm1001nnnn", |t, f| {
        mul(t, f.reg('d'), f.reg('n'), f.reg('m'), Some((f.reg('a'), false)), f.bit('S'))
    }),
    row!("UMAAL", "----00000100hhhhllllmmmm1001nnnn", |t, f| umaal(t, f.reg('l'), f.reg('h'), f.reg('n'), f.reg('m'))),
    row!("MLS", "----00000110ddddaaaammmm1001nnnn", |t, f| mul(t, f.reg('d'), f.reg('n'), f.reg('m'), Some((f.reg('a'), true)), false)),
    row!("UMULL", "----0000100Shhhhllllmmmm1001nnnn", |t, f| long(t, f, false, false)),
    row!("UMLAL", "----0000101Shhhhllllmmmm1001nnnn", |t, f| long(t, f, false, true)),
    row!("SMULL", "----0000110Shhhhllllmmmm1001nnnn", |t, f| long(t, f, true, false)),
    row!("SMLAL", "----0000111Shhhhllllmmmm1001nnnn", |t, f| long(t, f, true, true)),
];

fn long(t: &mut crate::Tr, f: crate::decoder::Fields, signed: bool, accumulate: bool) -> Result<(), crate::Undefined> {
    mul_long(t, [f.reg('l'), f.reg('h'), f.reg('n'), f.reg('m')], (signed, accumulate), f.bit('S'))
}
