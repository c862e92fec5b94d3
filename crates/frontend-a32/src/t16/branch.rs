//! T32 16-bit conditional branch and supervisor call, the unconditional branch, and
//! LDM/STM (increment after, on R0..R7).

use crate::decoder::{Fields, Row};
use crate::ops::mem::{load_multiple, store_multiple};
use crate::row;
use crate::translate::{Tr, Undefined};
use crossrun_ir::BranchKind;

pub(crate) const ROWS: &[Row] = &[
    row!("B (conditional)", "1101cccciiiiiiii", cond_branch),
    row!("UDF", "11011110iiiiiiii", |t, f| crate::a32::media::udf(t, f, BREAKPOINT_T16)),
    row!("SVC", "11011111iiiiiiii", |t, _| crate::system::svc(t)),
    row!("B", "11100iiiiiiiiiii", |t, f| {
        if t.in_it_block_not_last() {
            return t.unpredictable();
        }
        let target = t.pc_value().wrapping_add((f.signed('i') << 1) as u32);
        t.branch(target, true, BranchKind::Plain);
        Ok(())
    }),
    row!("STM (STMIA)", "11000nnnrrrrrrrr", |t, f| store_multiple(t, f.reg('n'), f.get('r') as u16, true, false, true)),
    row!("LDM (LDMIA)", "11001nnnrrrrrrrr", |t, f| {
        let (n, list) = (f.reg('n'), f.get('r') as u16);
        // Written back unless the base is in the list (then it is loaded).
        load_multiple(t, n, list, true, false, list & 1 << n == 0)
    }),
];

/// `UDF #1`, Linux's Thumb breakpoint.
const BREAKPOINT_T16: u32 = 0xde01;

/// B<c> with its own condition (11xx is UDF and SVC); UNPREDICTABLE in an IT block.
fn cond_branch(t: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let cond = f.get('c') as u8;
    if cond >= 0xe || t.in_it_block() {
        return t.unpredictable();
    }
    let target = t.pc_value().wrapping_add((f.signed('i') << 1) as u32);
    t.cond_branch(cond, target);
    Ok(())
}
