//! A32 load/store word and unsigned byte, and the extra load/store instructions
//! (halfword, signed byte and halfword, doubleword), in their immediate, register and
//! literal forms and all indexing modes. The unprivileged forms (LDRT...) are the
//! post-indexed forms in user mode.

use crate::decoder::{Fields, Row};
use crate::ops::mem::{load_dual, load_single, store_dual, store_single, Mode};
use crate::ops::shift::{imm_shift, ShiftType};
use crate::row;
use crate::translate::{Tr, Undefined};
use crossrun_ir::{Value, Width};

pub(crate) const ROWS: &[Row] = &[
    row!("STR (immediate)", "----010PU0W0nnnnttttiiiiiiiiiiii", |t, f| imm12(t, f, Access::Store(Width::W32))),
    row!("LDR (immediate, literal)", "----010PU0W1nnnnttttiiiiiiiiiiii", |t, f| imm12(t, f, Access::Load(Width::W32, false))),
    row!("STRB (immediate)", "----010PU1W0nnnnttttiiiiiiiiiiii", |t, f| imm12(t, f, Access::Store(Width::W8))),
    row!("LDRB (immediate, literal)", "----010PU1W1nnnnttttiiiiiiiiiiii", |t, f| imm12(t, f, Access::Load(Width::W8, false))),
    row!("STR (register)", "----011PU0W0nnnnttttiiiiiyy0mmmm", |t, f| reg_shifted(t, f, Access::Store(Width::W32))),
    row!("LDR (register)", "----011PU0W1nnnnttttiiiiiyy0mmmm", |t, f| reg_shifted(t, f, Access::Load(Width::W32, false))),
    row!("STRB (register)", "----011PU1W0nnnnttttiiiiiyy0mmmm", |t, f| reg_shifted(t, f, Access::Store(Width::W8))),
    row!("LDRB (register)", "----011PU1W1nnnnttttiiiiiyy0mmmm", |t, f| reg_shifted(t, f, Access::Load(Width::W8, false))),
    row!("STRH (immediate)", "----000PU1W0nnnnttttiiii1011iiii", |t, f| imm8(t, f, Access::Store(Width::W16))),
    row!("LDRH (immediate, literal)", "----000PU1W1nnnnttttiiii1011iiii", |t, f| imm8(t, f, Access::Load(Width::W16, false))),
    row!("LDRD (immediate, literal)", "----000PU1W0nnnnttttiiii1101iiii", |t, f| imm8(t, f, Access::LoadDual)),
    row!("LDRSB (immediate, literal)", "----000PU1W1nnnnttttiiii1101iiii", |t, f| imm8(t, f, Access::Load(Width::W8, true))),
    row!("STRD (immediate)", "----000PU1W0nnnnttttiiii1111iiii", |t, f| imm8(t, f, Access::StoreDual)),
    row!("LDRSH (immediate, literal)", "----000PU1W1nnnnttttiiii1111iiii", |t, f| imm8(t, f, Access::Load(Width::W16, true))),
    row!("STRH (register)", "----000PU0W0nnnntttt00001011mmmm", |t, f| reg(t, f, Access::Store(Width::W16))),
    row!("LDRH (register)", "----000PU0W1nnnntttt00001011mmmm", |t, f| reg(t, f, Access::Load(Width::W16, false))),
    row!("LDRD (register)", "----000PU0W0nnnntttt00001101mmmm", |t, f| reg(t, f, Access::LoadDual)),
    row!("LDRSB (register)", "----000PU0W1nnnntttt00001101mmmm", |t, f| reg(t, f, Access::Load(Width::W8, true))),
    row!("STRD (register)", "----000PU0W0nnnntttt00001111mmmm", |t, f| reg(t, f, Access::StoreDual)),
    row!("LDRSH (register)", "----000PU0W1nnnntttt00001111mmmm", |t, f| reg(t, f, Access::Load(Width::W16, true))),
];

/// What an encoding transfers.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Access {
    Load(Width, bool),
    Store(Width),
    LoadDual,
    StoreDual,
}

fn mode(f: Fields) -> Mode {
    Mode::a32(f.bit('P'), f.bit('U'), f.bit('W'))
}

/// Transfers with the offset `offset` (I32).
fn transfer(t: &mut Tr, f: Fields, access: Access, offset: Value) -> Result<(), Undefined> {
    let (rt, n, mode) = (f.reg('t'), f.reg('n'), mode(f));
    match access {
        Access::Load(width, signed) => load_single(t, rt, n, offset, mode, width, signed),
        Access::Store(width) => store_single(t, rt, n, offset, mode, width),
        // Odd Rt, and the post-indexed forms with W set (which would be unprivileged).
        Access::LoadDual | Access::StoreDual if rt % 2 == 1 || (!mode.index && f.bit('W')) => t.unpredictable(),
        Access::LoadDual => load_dual(t, rt, rt + 1, n, offset, mode),
        Access::StoreDual => store_dual(t, rt, rt + 1, n, offset, mode),
    }
}

fn imm12(t: &mut Tr, f: Fields, access: Access) -> Result<(), Undefined> {
    let off = t.c(f.get('i'));
    transfer(t, f, access, off)
}

fn imm8(t: &mut Tr, f: Fields, access: Access) -> Result<(), Undefined> {
    let off = t.c(f.get('i'));
    transfer(t, f, access, off)
}

/// A register offset: the PC is not allowed as Rm (nor, written back, as Rn), nor is a
/// register LDRD loads.
fn reg(t: &mut Tr, f: Fields, access: Access) -> Result<(), Undefined> {
    let (m, rt) = (f.reg('m'), f.reg('t'));
    if m == 15 || (matches!(access, Access::LoadDual) && (m == rt || m == rt + 1)) {
        return t.unpredictable();
    }
    let off = t.r(f.reg('m'));
    transfer(t, f, access, off)
}

fn reg_shifted(t: &mut Tr, f: Fields, access: Access) -> Result<(), Undefined> {
    if f.reg('m') == 15 {
        return t.unpredictable();
    }
    let rm = t.r(f.reg('m'));
    let off = imm_shift(t, rm, ShiftType::from_bits(f.get('y')), f.get('i'));
    transfer(t, f, access, off)
}
