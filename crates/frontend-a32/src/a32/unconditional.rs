//! The A32 unconditional instructions (condition field 1111) outside AdvSIMD: barriers,
//! CLREX, the preload hints, BLX (immediate), SETEND and CPS. SRS and RFE only work in
//! privileged modes and have no row (UNDEFINED here).

use crate::decoder::{Fields, Row};
use crate::row;
use crate::translate::{Tr, Undefined};
use crossrun_ir::BranchKind;

pub(crate) const ROWS: &[Row] = &[
    row!("CLREX", "11110101011111111111000000011111", |t, _| {
        t.b.clear_exclusive();
        Ok(())
    }),
    row!("DSB", "1111010101111111111100000100oooo", |t, f| crate::system::barrier(t, f.get('o'))),
    row!("DMB", "1111010101111111111100000101oooo", |t, f| crate::system::barrier(t, f.get('o'))),
    row!("ISB", "1111010101111111111100000110oooo", |_, _| Ok(())),
    row!("SB", "11110101011111111111000001110000", |_, _| Ok(())),
    row!("PLD, PLDW (immediate)", "11110101--01nnnn1111iiiiiiiiiiii", |_, _| Ok(())),
    row!("PLI (immediate)", "11110100-101nnnn1111iiiiiiiiiiii", |_, _| Ok(())),
    row!("PLD, PLDW (register)", "11110111--01nnnn1111iiiiitt0mmmm", |_, _| Ok(())),
    row!("PLI (register)", "11110110-101nnnn1111iiiiitt0mmmm", |_, _| Ok(())),
    row!("BLX (immediate)", "1111101hiiiiiiiiiiiiiiiiiiiiiiii", blx_imm),
    row!("SETEND", "1111000100000001000000e000000000", |t, f| setend(t, f.bit('e'))),
    row!("CPS", "111100010000mmM00000000aaa0iiiii", |_, _| Ok(())),
];

/// BLX (immediate) from A32: a call into T32 code at PC + imm24:H:0.
fn blx_imm(t: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let offset = ((f.signed('i') << 2) as u32).wrapping_add(f.get('h') << 1);
    let target = t.pc_value().wrapping_add(offset);
    let lr = t.c(t.next_addr());
    t.set_r(14, lr);
    t.branch(target, true, BranchKind::Call { return_pc: t.next });
    Ok(())
}

/// SETEND LE does nothing (the data are little-endian already); SETEND BE, which makes
/// every data access big-endian, is not implemented: UNDEFINED, as on an ARMv8 core
/// running Linux without the SETEND emulation (arm64's abi.setend, off by default).
pub(crate) fn setend(_: &mut Tr, big: bool) -> Result<(), Undefined> {
    if big {
        Err(Undefined)
    } else {
        Ok(())
    }
}
