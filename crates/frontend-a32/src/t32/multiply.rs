//! T32 multiply, multiply accumulate and absolute difference, and long multiply, long
//! multiply accumulate and divide.

use crate::decoder::Row;
use crate::ops::multiply::{div, mul, mul_long, smlad, smlal_xy, smlald, smmul, smul_wy, smul_xy, umaal, usad8};
use crate::row;

pub(crate) const ROWS: &[Row] = &[
    row!("MUL", "111110110000nnnn1111dddd0000mmmm", |t, f| mul(t, f.reg('d'), f.reg('n'), f.reg('m'), None, false)),
    row!("MLA", "111110110000nnnnaaaadddd0000mmmm", |t, f| mul(t, f.reg('d'), f.reg('n'), f.reg('m'), Some((f.reg('a'), false)), false)),
    row!("MLS", "111110110000nnnnaaaadddd0001mmmm", |t, f| mul(t, f.reg('d'), f.reg('n'), f.reg('m'), Some((f.reg('a'), true)), false)),
    row!("SMLABB, SMLABT, SMLATB, SMLATT", "111110110001nnnnaaaadddd00xymmmm", |t, f| {
        smul_xy(t, f.reg('d'), f.reg('n'), f.reg('m'), f.bit('x'), f.bit('y'), Some(f.reg('a')))
    }),
    row!("SMULBB, SMULBT, SMULTB, SMULTT", "111110110001nnnn1111dddd00xymmmm", |t, f| {
        smul_xy(t, f.reg('d'), f.reg('n'), f.reg('m'), f.bit('x'), f.bit('y'), None)
    }),
    row!("SMLAD, SMLADX", "111110110010nnnnaaaadddd000xmmmm", |t, f| {
        smlad(t, f.reg('d'), f.reg('n'), f.reg('m'), f.bit('x'), false, Some(f.reg('a')))
    }),
    row!("SMUAD, SMUADX", "111110110010nnnn1111dddd000xmmmm", |t, f| smlad(t, f.reg('d'), f.reg('n'), f.reg('m'), f.bit('x'), false, None)),
    row!("SMLAWB, SMLAWT", "111110110011nnnnaaaadddd000ymmmm", |t, f| {
        smul_wy(t, f.reg('d'), f.reg('n'), f.reg('m'), f.bit('y'), Some(f.reg('a')))
    }),
    row!("SMULWB, SMULWT", "111110110011nnnn1111dddd000ymmmm", |t, f| smul_wy(t, f.reg('d'), f.reg('n'), f.reg('m'), f.bit('y'), None)),
    row!("SMLSD, SMLSDX", "111110110100nnnnaaaadddd000xmmmm", |t, f| {
        smlad(t, f.reg('d'), f.reg('n'), f.reg('m'), f.bit('x'), true, Some(f.reg('a')))
    }),
    row!("SMUSD, SMUSDX", "111110110100nnnn1111dddd000xmmmm", |t, f| smlad(t, f.reg('d'), f.reg('n'), f.reg('m'), f.bit('x'), true, None)),
    row!("SMMLA, SMMLAR", "111110110101nnnnaaaadddd000rmmmm", |t, f| {
        smmul(t, f.reg('d'), f.reg('n'), f.reg('m'), Some((f.reg('a'), false)), f.bit('r'))
    }),
    row!("SMMUL, SMMULR", "111110110101nnnn1111dddd000rmmmm", |t, f| smmul(t, f.reg('d'), f.reg('n'), f.reg('m'), None, f.bit('r'))),
    row!("SMMLS, SMMLSR", "111110110110nnnnaaaadddd000rmmmm", |t, f| {
        smmul(t, f.reg('d'), f.reg('n'), f.reg('m'), Some((f.reg('a'), true)), f.bit('r'))
    }),
    row!("USADA8", "111110110111nnnnaaaadddd0000mmmm", |t, f| usad8(t, f.reg('d'), f.reg('n'), f.reg('m'), Some(f.reg('a')))),
    row!("USAD8", "111110110111nnnn1111dddd0000mmmm", |t, f| usad8(t, f.reg('d'), f.reg('n'), f.reg('m'), None)),
    row!("SMULL", "111110111000nnnnllllhhhh0000mmmm", |t, f| long(t, f, true, false)),
    row!("SDIV", "111110111001nnnn1111dddd1111mmmm", |t, f| div(t, f.reg('d'), f.reg('n'), f.reg('m'), true)),
    row!("UMULL", "111110111010nnnnllllhhhh0000mmmm", |t, f| long(t, f, false, false)),
    row!("UDIV", "111110111011nnnn1111dddd1111mmmm", |t, f| div(t, f.reg('d'), f.reg('n'), f.reg('m'), false)),
    row!("SMLAL", "111110111100nnnnllllhhhh0000mmmm", |t, f| long(t, f, true, true)),
    row!("SMLALBB, SMLALBT, SMLALTB, SMLALTT", "111110111100nnnnllllhhhh10xymmmm", |t, f| {
        smlal_xy(t, f.reg('l'), f.reg('h'), f.reg('n'), f.reg('m'), f.bit('x'), f.bit('y'))
    }),
    row!("SMLALD, SMLALDX", "111110111100nnnnllllhhhh110xmmmm", |t, f| {
        smlald(t, f.reg('l'), f.reg('h'), f.reg('n'), f.reg('m'), f.bit('x'), false)
    }),
    row!("SMLSLD, SMLSLDX", "111110111101nnnnllllhhhh110xmmmm", |t, f| {
        smlald(t, f.reg('l'), f.reg('h'), f.reg('n'), f.reg('m'), f.bit('x'), true)
    }),
    row!("UMLAL", "111110111110nnnnllllhhhh0000mmmm", |t, f| long(t, f, false, true)),
    row!("UMAAL", "111110111110nnnnllllhhhh0110mmmm", |t, f| umaal(t, f.reg('l'), f.reg('h'), f.reg('n'), f.reg('m'))),
];

fn long(t: &mut crate::Tr, f: crate::decoder::Fields, signed: bool, accumulate: bool) -> Result<(), crate::Undefined> {
    mul_long(t, [f.reg('l'), f.reg('h'), f.reg('n'), f.reg('m')], (signed, accumulate), false)
}
