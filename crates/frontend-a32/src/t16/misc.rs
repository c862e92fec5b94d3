//! T32 16-bit miscellaneous instructions: SP adjustment, CBZ/CBNZ, extends, PUSH and
//! POP, SETEND and CPS, the byte reversals, BKPT, IT and the hints.

use crate::decoder::{Fields, Row};
use crate::location;
use crate::ops::media::{extend, reverse, Extend, Reverse};
use crate::ops::mem::{load_multiple, store_multiple};
use crate::row;
use crate::translate::{Tr, Undefined};
use crossrun_ir::{IntCC, TrapKind};

pub(crate) const ROWS: &[Row] = &[
    row!("ADD (SP plus immediate, SP)", "101100000iiiiiii", |t, f| sp(t, f, false)),
    row!("SUB (SP minus immediate)", "101100001iiiiiii", |t, f| sp(t, f, true)),
    row!("CBZ", "101100i1iiiiinnn", |t, f| cbz(t, f, false)),
    row!("CBNZ", "101110i1iiiiinnn", |t, f| cbz(t, f, true)),
    row!("SXTH", "1011001000mmmddd", |t, f| extend(t, f.reg('d'), 15, f.reg('m'), 0, Extend::Half, true)),
    row!("SXTB", "1011001001mmmddd", |t, f| extend(t, f.reg('d'), 15, f.reg('m'), 0, Extend::Byte, true)),
    row!("UXTH", "1011001010mmmddd", |t, f| extend(t, f.reg('d'), 15, f.reg('m'), 0, Extend::Half, false)),
    row!("UXTB", "1011001011mmmddd", |t, f| extend(t, f.reg('d'), 15, f.reg('m'), 0, Extend::Byte, false)),
    row!("PUSH", "1011010Mrrrrrrrr", |t, f| {
        let list = (f.get('r') | f.get('M') << 14) as u16;
        store_multiple(t, 13, list, false, true, true)
    }),
    row!("SETEND", "101101100101e000", |t, f| crate::a32::setend(t, f.bit('e'))),
    row!("CPS", "10110110011m0aif", |_, _| Ok(())),
    row!("REV", "1011101000mmmddd", |t, f| reverse(t, f.reg('d'), f.reg('m'), Reverse::Rev)),
    row!("REV16", "1011101001mmmddd", |t, f| reverse(t, f.reg('d'), f.reg('m'), Reverse::Rev16)),
    row!("REVSH", "1011101011mmmddd", |t, f| reverse(t, f.reg('d'), f.reg('m'), Reverse::Revsh)),
    row!("POP", "1011110Prrrrrrrr", |t, f| {
        let list = (f.get('r') | f.get('P') << 15) as u16;
        load_multiple(t, 13, list, true, false, true)
    }),
    row!("BKPT", "10111110iiiiiiii", |t, f| {
        t.trap(TrapKind::Breakpoint { imm: f.get('i') as u16 });
        Ok(())
    }),
    row!("IT", "10111111ccccmmmm", it),
    row!("NOP, YIELD, WFE, WFI, SEV, SEVL (hints)", "10111111oooo0000", |_, _| Ok(())),
];

/// ADD SP, SP, #imm7 * 4 and SUB SP, SP, #imm7 * 4.
fn sp(t: &mut Tr, f: Fields, sub: bool) -> Result<(), Undefined> {
    let base = t.r(13);
    let off = t.c(f.get('i') * 4);
    let r = if sub { t.b.sub(base, off) } else { t.b.add(base, off) };
    t.set_r(13, r);
    Ok(())
}

/// CBZ, CBNZ: a forward branch if Rn is (not) zero; not allowed in an IT block.
fn cbz(t: &mut Tr, f: Fields, nonzero: bool) -> Result<(), Undefined> {
    if t.in_it_block() {
        return t.unpredictable();
    }
    let rn = t.r(f.reg('n'));
    let zero = t.c(0);
    let c = t.b.icmp(if nonzero { IntCC::Ne } else { IntCC::Eq }, rn, zero);
    let target = t.pc_value().wrapping_add(f.get('i') << 1);
    t.branch_if(c, target);
    Ok(())
}

/// IT: the next one to four instructions execute under `firstcond` or its inverse as
/// the mask says; the state lives in the location of each (see `location`).
fn it(t: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let (cond, mask) = (f.get('c'), f.get('m'));
    // IT inside an IT block, and AL with an "else" slot (every slot of an AL block is
    // "then": the mask has one bit set), are UNPREDICTABLE.
    if t.in_it_block() || cond == 0xf || (cond == 0xe && mask.count_ones() != 1) {
        return t.unpredictable();
    }
    let state = (cond << 4 | mask) as u8;
    t.next = location::location(t.next_addr(), true, state) | (t.next & location::FP_VECTOR);
    Ok(())
}
