//! Branches with immediate targets: unconditional (B, BL), conditional (B.cond),
//! compare and branch (CBZ, CBNZ), test and branch (TBZ, TBNZ).

use crate::decoder::{Fields, Row};
use crate::row;
use crate::translate::{Tr, Undefined};
use crossrun_ir::{BranchKind, IntCC, Terminator, Value};

// B.cond with o0 = 1 is FEAT_HBC's BC.cond, and o1 = 1 is unallocated.
pub(crate) const ROWS: &[Row] = &[
    row!("B", "000101iiiiiiiiiiiiiiiiiiiiiiiiii", b),
    row!("BL", "100101iiiiiiiiiiiiiiiiiiiiiiiiii", bl),
    row!("B.cond", "01010100iiiiiiiiiiiiiiiiiii0cccc", b_cond),
    row!("CBZ", "z0110100iiiiiiiiiiiiiiiiiiittttt", cbz),
    row!("CBNZ", "z0110101iiiiiiiiiiiiiiiiiiittttt", cbnz),
    // b5 (bit 31) and b40 (bits 23:19) read together as 'b' give the bit number.
    row!("TBZ", "b0110110bbbbbiiiiiiiiiiiiiittttt", tbz),
    row!("TBNZ", "b0110111bbbbbiiiiiiiiiiiiiittttt", tbnz),
];

/// The branch target: the instruction's address plus imm * 4.
fn target(tr: &Tr, f: Fields) -> u64 {
    tr.pc.wrapping_add((f.signed('i') << 2) as u64)
}

/// Ends the block with a branch to `target` if `cond` (an I1) holds.
fn branch_if(tr: &mut Tr, cond: Value, target: u64) {
    let fallthrough = tr.next_pc();
    tr.end(Terminator::Branch { cond, taken: target, fallthrough });
}

fn b(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let t = target(tr, f);
    tr.jump(t, BranchKind::Plain);
    Ok(())
}

fn bl(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let t = target(tr, f);
    let return_pc = tr.next_pc();
    let lr = tr.b.c64(return_pc);
    tr.set_x(30, lr);
    tr.jump(t, BranchKind::Call { return_pc });
    Ok(())
}

fn b_cond(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let t = target(tr, f);
    let cond = f.get('c') as u8;
    // AL and NV both mean always.
    if cond >= 0b1110 {
        tr.jump(t, BranchKind::Plain);
    } else {
        let nzcv = tr.nzcv();
        let holds = tr.b.cond_holds(cond, nzcv);
        branch_if(tr, holds, t);
    }
    Ok(())
}

fn compare_branch(tr: &mut Tr, f: Fields, cc: IntCC) -> Result<(), Undefined> {
    let t = target(tr, f);
    let sf = f.bit('z');
    let v = tr.reg(sf, f.reg('t'));
    let zero = tr.imm(sf, 0);
    let cond = tr.b.icmp(cc, v, zero);
    branch_if(tr, cond, t);
    Ok(())
}

fn cbz(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    compare_branch(tr, f, IntCC::Eq)
}

fn cbnz(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    compare_branch(tr, f, IntCC::Ne)
}

fn test_branch(tr: &mut Tr, f: Fields, cc: IntCC) -> Result<(), Undefined> {
    let t = target(tr, f);
    let v = tr.x(f.reg('t'));
    let bit = tr.b.c64(1u64 << f.get('b'));
    let masked = tr.b.and(v, bit);
    let zero = tr.b.c64(0);
    let cond = tr.b.icmp(cc, masked, zero);
    branch_if(tr, cond, t);
    Ok(())
}

fn tbz(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    test_branch(tr, f, IntCC::Eq)
}

fn tbnz(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    test_branch(tr, f, IntCC::Ne)
}
