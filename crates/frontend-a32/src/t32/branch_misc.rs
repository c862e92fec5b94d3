//! T32 branches and miscellaneous control: B, B<c>, BL, BLX (immediate), MSR and MRS
//! (APSR), the hints, the barriers and CLREX, BXJ and UDF.

use crate::decoder::{Fields, Row};
use crate::row;
use crate::translate::{Tr, Undefined};
use crossrun_ir::BranchKind;

pub(crate) const ROWS: &[Row] = &[
    row!("B (conditional)", "11110Sccccjjjjjj10a0bkkkkkkkkkkk", cond_branch),
    row!("B", "11110Sjjjjjjjjjj10a1bkkkkkkkkkkk", |t, f| branch(t, f, false, true)),
    row!("BL", "11110Sjjjjjjjjjj11a1bkkkkkkkkkkk", |t, f| branch(t, f, true, true)),
    row!("BLX (immediate)", "11110Sjjjjjjjjjj11a0bkkkkkkkkkk0", |t, f| branch(t, f, true, false)),
    row!("MSR (register)", "111100111000nnnn1000mm0000000000", |t, f| {
        let n = f.reg('n');
        if n == 15 || n == 13 {
            return t.unpredictable();
        }
        let v = t.r(n);
        crate::system::write_apsr(t, v, f.get('m'))
    }),
    row!("MRS", "11110011111011111000dddd00000000", |t, f| crate::system::mrs(t, f.reg('d'))),
    row!("NOP, YIELD, WFE, WFI, SEV, SEVL, CSDB (hints)", "111100111010111110000000oooooooo", |_, _| Ok(())),
    row!("CLREX", "11110011101111111000111100101111", |t, _| {
        t.b.clear_exclusive();
        Ok(())
    }),
    row!("DSB", "1111001110111111100011110100oooo", |t, f| crate::system::barrier(t, f.get('o'))),
    row!("DMB", "1111001110111111100011110101oooo", |t, f| crate::system::barrier(t, f.get('o'))),
    row!("ISB", "1111001110111111100011110110oooo", |_, _| Ok(())),
    row!("BXJ", "111100111100mmmm1000111100000000", |t, f| crate::a32::bx(t, f.reg('m'), false)),
    row!("UDF", "111101111111iiii1010iiiiiiiiiiii", |t, f| crate::a32::media::udf(t, f, BREAKPOINT_T32)),
];

/// `UDF.W #0`, Linux's 32-bit Thumb breakpoint.
const BREAKPOINT_T32: u32 = 0xf7f0_a000;

/// The branch offset of the 24-bit forms: S:I1:I2:imm10:imm11:0 with Ii = !(Ji ^ S).
fn offset24(f: Fields) -> u32 {
    let s = f.get('S');
    let i1 = !(f.get('a') ^ s) & 1;
    let i2 = !(f.get('b') ^ s) & 1;
    let raw = s << 24 | i1 << 23 | i2 << 22 | f.get('j') << 12 | f.get('k') << 1;
    ((raw << 7) as i32 >> 7) as u32
}

/// B.W, BL, and BLX (immediate) into A32 code (`thumb` false: to Align(PC, 4) + offset,
/// whose low 10-bit field counts words).
fn branch(t: &mut Tr, f: Fields, link: bool, thumb: bool) -> Result<(), Undefined> {
    if t.in_it_block_not_last() {
        return t.unpredictable();
    }
    let (base, offset) = if thumb {
        (t.pc_value(), offset24(f))
    } else {
        (t.pc_value() & !3, offset24(f).wrapping_add(f.get('k') << 1))
    };
    let target = base.wrapping_add(offset);
    let kind = if link {
        let lr = t.c(t.next_addr() | 1);
        t.set_r(14, lr);
        BranchKind::Call { return_pc: t.next }
    } else {
        BranchKind::Plain
    };
    t.branch(target, thumb, kind);
    Ok(())
}

/// B<c>.W: S:J2:J1:imm6:imm11:0 (conditions 111x are the miscellaneous space).
fn cond_branch(t: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let cond = f.get('c') as u8;
    if cond >= 0xe || t.in_it_block() {
        return t.unpredictable();
    }
    let raw = f.get('S') << 20 | f.get('b') << 19 | f.get('a') << 18 | f.get('j') << 12 | f.get('k') << 1;
    let offset = ((raw << 11) as i32 >> 11) as u32;
    t.cond_branch(cond, t.pc_value().wrapping_add(offset));
    Ok(())
}
