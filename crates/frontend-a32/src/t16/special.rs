//! T32 16-bit special data instructions and branch and exchange: ADD, CMP and MOV on
//! any registers (an ADD or MOV to the PC branches without changing state), BX and
//! BLX (register).

use crate::decoder::{Fields, Row};
use crate::ops::alu::{compute, AluOp};
use crate::row;
use crate::translate::{Tr, Undefined};
use crossrun_ir::BranchKind;

pub(crate) const ROWS: &[Row] = &[
    row!("ADD (register, high)", "01000100dmmmmddd", |t, f| high(t, f, AluOp::Add)),
    row!("CMP (register, high)", "01000101dmmmmddd", |t, f| high(t, f, AluOp::Cmp)),
    row!("MOV (register)", "01000110dmmmmddd", |t, f| high(t, f, AluOp::Mov)),
    row!("BX", "010001110mmmm000", |t, f| crate::a32::bx(t, f.reg('m'), false)),
    row!("BLX (register)", "010001111mmmm000", |t, f| crate::a32::bx(t, f.reg('m'), true)),
];

fn high(t: &mut Tr, f: Fields, op: AluOp) -> Result<(), Undefined> {
    let (d, m) = (f.reg('d'), f.reg('m'));
    if t.in_it_block_not_last() && d == 15 && op != AluOp::Cmp {
        return t.unpredictable();
    }
    let a = if op == AluOp::Mov { t.c(0) } else { t.r(d) };
    let b = t.r(m);
    let Some(r) = compute(t, op, a, (b, None), op == AluOp::Cmp) else { return Ok(()) };
    if d == 15 {
        let kind = if op == AluOp::Mov && m == 14 { BranchKind::Return } else { BranchKind::Plain };
        t.branch_write_pc(r, kind);
    } else {
        t.set_r(d, r);
    }
    Ok(())
}
