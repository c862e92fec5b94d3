//! T32 store single data item, load byte and memory hints, load halfword, and load
//! word: the 12-bit immediate, 8-bit immediate (with P, U, W; the unprivileged forms
//! are the offset forms in user mode), literal and register forms. A byte or halfword
//! load into the PC is a preload hint (or an unallocated hint, a no-op).

use crate::decoder::{Fields, Row};
use crate::ops::mem::{load_single, store_single, Mode};
use crate::row;
use crate::translate::{Tr, Undefined};
use crossrun_ir::Width;

pub(crate) const ROWS: &[Row] = &[
    row!("STRB (immediate, 12 bits)", "111110001000nnnnttttiiiiiiiiiiii", |t, f| imm12(t, f, Store(Width::W8))),
    row!("STRH (immediate, 12 bits)", "111110001010nnnnttttiiiiiiiiiiii", |t, f| imm12(t, f, Store(Width::W16))),
    row!("STR (immediate, 12 bits)", "111110001100nnnnttttiiiiiiiiiiii", |t, f| imm12(t, f, Store(Width::W32))),
    row!("STRB (immediate, 8 bits), STRBT", "111110000000nnnntttt1PUWiiiiiiii", |t, f| imm8(t, f, Store(Width::W8))),
    row!("STRH (immediate, 8 bits), STRHT", "111110000010nnnntttt1PUWiiiiiiii", |t, f| imm8(t, f, Store(Width::W16))),
    row!("STR (immediate, 8 bits), STRT", "111110000100nnnntttt1PUWiiiiiiii", |t, f| imm8(t, f, Store(Width::W32))),
    row!("STRB (register)", "111110000000nnnntttt000000iimmmm", |t, f| reg(t, f, Store(Width::W8))),
    row!("STRH (register)", "111110000010nnnntttt000000iimmmm", |t, f| reg(t, f, Store(Width::W16))),
    row!("STR (register)", "111110000100nnnntttt000000iimmmm", |t, f| reg(t, f, Store(Width::W32))),
    row!("LDRB, PLD (immediate, 12 bits)", "111110001001nnnnttttiiiiiiiiiiii", |t, f| imm12(t, f, Load(Width::W8, false))),
    row!("LDRH, PLDW (immediate, 12 bits)", "111110001011nnnnttttiiiiiiiiiiii", |t, f| imm12(t, f, Load(Width::W16, false))),
    row!("LDR (immediate, 12 bits)", "111110001101nnnnttttiiiiiiiiiiii", |t, f| imm12(t, f, Load(Width::W32, false))),
    row!("LDRSB, PLI (immediate, 12 bits)", "111110011001nnnnttttiiiiiiiiiiii", |t, f| imm12(t, f, Load(Width::W8, true))),
    row!("LDRSH (immediate, 12 bits)", "111110011011nnnnttttiiiiiiiiiiii", |t, f| imm12(t, f, Load(Width::W16, true))),
    row!("LDRB, PLD (immediate, 8 bits), LDRBT", "111110000001nnnntttt1PUWiiiiiiii", |t, f| imm8(t, f, Load(Width::W8, false))),
    row!("LDRH, PLDW (immediate, 8 bits), LDRHT", "111110000011nnnntttt1PUWiiiiiiii", |t, f| imm8(t, f, Load(Width::W16, false))),
    row!("LDR (immediate, 8 bits), LDRT", "111110000101nnnntttt1PUWiiiiiiii", |t, f| imm8(t, f, Load(Width::W32, false))),
    row!("LDRSB, PLI (immediate, 8 bits), LDRSBT", "111110010001nnnntttt1PUWiiiiiiii", |t, f| imm8(t, f, Load(Width::W8, true))),
    row!("LDRSH (immediate, 8 bits), LDRSHT", "111110010011nnnntttt1PUWiiiiiiii", |t, f| imm8(t, f, Load(Width::W16, true))),
    row!("LDRB, PLD (literal)", "11111000U0011111ttttiiiiiiiiiiii", |t, f| literal(t, f, Width::W8, false)),
    row!("LDRH, PLDW (literal)", "11111000U0111111ttttiiiiiiiiiiii", |t, f| literal(t, f, Width::W16, false)),
    row!("LDR (literal)", "11111000U1011111ttttiiiiiiiiiiii", |t, f| literal(t, f, Width::W32, false)),
    row!("LDRSB, PLI (literal)", "11111001U0011111ttttiiiiiiiiiiii", |t, f| literal(t, f, Width::W8, true)),
    row!("LDRSH (literal)", "11111001U0111111ttttiiiiiiiiiiii", |t, f| literal(t, f, Width::W16, true)),
    row!("LDRB, PLD (register)", "111110000001nnnntttt000000iimmmm", |t, f| reg(t, f, Load(Width::W8, false))),
    row!("LDRH, PLDW (register)", "111110000011nnnntttt000000iimmmm", |t, f| reg(t, f, Load(Width::W16, false))),
    row!("LDR (register)", "111110000101nnnntttt000000iimmmm", |t, f| reg(t, f, Load(Width::W32, false))),
    row!("LDRSB, PLI (register)", "111110010001nnnntttt000000iimmmm", |t, f| reg(t, f, Load(Width::W8, true))),
    row!("LDRSH (register)", "111110010011nnnntttt000000iimmmm", |t, f| reg(t, f, Load(Width::W16, true))),
];

#[derive(Clone, Copy)]
enum Access {
    Load(Width, bool),
    Store(Width),
}
use Access::{Load, Store};

/// Whether a load into the PC is a hint (byte and halfword loads); such forms with Rn
/// other than the PC use only some addressing modes.
fn hint(access: Access, rt: u8) -> bool {
    matches!(access, Load(w, _) if w != Width::W32) && rt == 15
}

fn transfer(t: &mut Tr, f: Fields, access: Access, offset: crossrun_ir::Value, mode: Mode) -> Result<(), Undefined> {
    let (rt, n) = (f.reg('t'), f.reg('n'));
    match access {
        Load(w, signed) => load_single(t, rt, n, offset, mode, w, signed),
        Store(_) if rt == 15 => t.unpredictable(),
        Store(w) => store_single(t, rt, n, offset, mode, w),
    }
}

fn imm12(t: &mut Tr, f: Fields, access: Access) -> Result<(), Undefined> {
    if let Some(r) = pc_base(t, f, access) {
        return r;
    }
    if hint(access, f.reg('t')) {
        return Ok(());
    }
    let off = t.c(f.get('i'));
    transfer(t, f, access, off, Mode::offset(true))
}

/// P, U, W: P = 0 and W = 0 is unallocated; P = 1, U = 1, W = 0 is the unprivileged
/// form.
fn imm8(t: &mut Tr, f: Fields, access: Access) -> Result<(), Undefined> {
    if let Some(r) = pc_base(t, f, access) {
        return r;
    }
    let (p, u, w) = (f.bit('P'), f.bit('U'), f.bit('W'));
    if !p && !w {
        return t.unpredictable();
    }
    if hint(access, f.reg('t')) {
        // Only the negative offset form (PLD [Rn, #-imm8]) is a hint.
        return if p && !u && !w { Ok(()) } else { t.unpredictable() };
    }
    let off = t.c(f.get('i'));
    transfer(t, f, access, off, Mode { index: p, add: u, wback: w })
}

fn literal(t: &mut Tr, f: Fields, width: Width, signed: bool) -> Result<(), Undefined> {
    literal_load(t, f.insn, width, signed)
}

/// A load with Rn = PC: whatever row matched it, the literal form (U at bit 23, Rt,
/// imm12). Byte and halfword loads into the PC are preload hints.
fn literal_load(t: &mut Tr, insn: u32, width: Width, signed: bool) -> Result<(), Undefined> {
    let rt = (insn >> 12 & 15) as u8;
    if width != Width::W32 && rt == 15 {
        return Ok(());
    }
    let off = t.c(insn & 0xfff);
    load_single(t, rt, 15, off, Mode::offset(insn >> 23 & 1 != 0), width, signed)
}

/// A load or store with Rn = PC outside the literal rows: the literal form for loads
/// (the Arm ARM's "SEE LDR (literal)"), UNDEFINED for stores.
fn pc_base(t: &mut Tr, f: Fields, access: Access) -> Option<Result<(), Undefined>> {
    if f.reg('n') != 15 {
        return None;
    }
    Some(match access {
        Load(w, signed) => literal_load(t, f.insn, w, signed),
        Store(_) => Err(Undefined),
    })
}

fn reg(t: &mut Tr, f: Fields, access: Access) -> Result<(), Undefined> {
    if let Some(r) = pc_base(t, f, access) {
        return r;
    }
    let m = f.reg('m');
    if m == 13 || m == 15 {
        return t.unpredictable();
    }
    if hint(access, f.reg('t')) {
        return Ok(());
    }
    let rm = t.r(m);
    let sh = t.c(f.get('i'));
    let off = t.b.shl(rm, sh);
    transfer(t, f, access, off, Mode::offset(true))
}
