//! T32 16-bit loads and stores: LDR (literal), the load/store single data item group
//! (register offset, immediate offset, SP-relative), and the PC- and SP-relative
//! address computations ADR and ADD (SP plus immediate).

use crate::decoder::{Fields, Row};
use crate::ops::mem::{load_single, store_single, Mode};
use crate::row;
use crate::translate::{Tr, Undefined};
use crossrun_ir::Width;

pub(crate) const ROWS: &[Row] = &[
    row!("LDR (literal)", "01001tttiiiiiiii", |t, f| imm(t, f, 15, 4, Some((Width::W32, false)))),
    row!("STR (register)", "0101000mmmnnnttt", |t, f| reg(t, f, None, Width::W32)),
    row!("STRH (register)", "0101001mmmnnnttt", |t, f| reg(t, f, None, Width::W16)),
    row!("STRB (register)", "0101010mmmnnnttt", |t, f| reg(t, f, None, Width::W8)),
    row!("LDRSB (register)", "0101011mmmnnnttt", |t, f| reg(t, f, Some(true), Width::W8)),
    row!("LDR (register)", "0101100mmmnnnttt", |t, f| reg(t, f, Some(false), Width::W32)),
    row!("LDRH (register)", "0101101mmmnnnttt", |t, f| reg(t, f, Some(false), Width::W16)),
    row!("LDRB (register)", "0101110mmmnnnttt", |t, f| reg(t, f, Some(false), Width::W8)),
    row!("LDRSH (register)", "0101111mmmnnnttt", |t, f| reg(t, f, Some(true), Width::W16)),
    row!("STR (immediate)", "01100iiiiinnnttt", |t, f| imm(t, f, f.reg('n'), 4, None)),
    row!("LDR (immediate)", "01101iiiiinnnttt", |t, f| imm(t, f, f.reg('n'), 4, Some((Width::W32, false)))),
    row!("STRB (immediate)", "01110iiiiinnnttt", |t, f| imm(t, f, f.reg('n'), 1, None)),
    row!("LDRB (immediate)", "01111iiiiinnnttt", |t, f| imm(t, f, f.reg('n'), 1, Some((Width::W8, false)))),
    row!("STRH (immediate)", "10000iiiiinnnttt", |t, f| imm(t, f, f.reg('n'), 2, None)),
    row!("LDRH (immediate)", "10001iiiiinnnttt", |t, f| imm(t, f, f.reg('n'), 2, Some((Width::W16, false)))),
    row!("STR (SP plus immediate)", "10010tttiiiiiiii", |t, f| imm(t, f, 13, 4, None)),
    row!("LDR (SP plus immediate)", "10011tttiiiiiiii", |t, f| imm(t, f, 13, 4, Some((Width::W32, false)))),
    row!("ADR", "10100dddiiiiiiii", |t, f| address(t, f, 15)),
    row!("ADD (SP plus immediate)", "10101dddiiiiiiii", |t, f| address(t, f, 13)),
];

/// An immediate offset `i` in units of `scale` from Rn (the PC reads word-aligned):
/// a load of the given width and signedness, or a store of `scale` bytes.
fn imm(t: &mut Tr, f: Fields, n: u8, scale: u32, load: Option<(Width, bool)>) -> Result<(), Undefined> {
    let off = t.c(f.get('i') * scale);
    let rt = f.reg('t');
    match load {
        Some((w, signed)) => load_single(t, rt, n, off, Mode::offset(true), w, signed),
        None => {
            let w = Width::from_bytes(scale).expect("1, 2 or 4 bytes");
            store_single(t, rt, n, off, Mode::offset(true), w)
        }
    }
}

/// Rn + Rm: a load (`Some(signed)`) or store of `width`.
fn reg(t: &mut Tr, f: Fields, load: Option<bool>, width: Width) -> Result<(), Undefined> {
    let off = t.r(f.reg('m'));
    let (rt, n) = (f.reg('t'), f.reg('n'));
    match load {
        Some(signed) => load_single(t, rt, n, off, Mode::offset(true), width, signed),
        None => store_single(t, rt, n, off, Mode::offset(true), width),
    }
}

/// Rd = Align(PC, 4) or SP, plus imm8 * 4.
fn address(t: &mut Tr, f: Fields, n: u8) -> Result<(), Undefined> {
    let base = t.r_aligned(n);
    let off = t.c(f.get('i') * 4);
    let r = t.b.add(base, off);
    t.set_r(f.reg('d'), r);
    Ok(())
}
