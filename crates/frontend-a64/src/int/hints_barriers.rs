//! Hints (NOP, YIELD, WFE, WFI, SEV, SEVL, the PAuth and BTI hints, ...), barriers (DSB,
//! DMB, ISB) and CLREX.

use crate::decoder::{Fields, Row};
use crate::row;
use crate::translate::{Tr, Undefined};
use crossrun_ir::{BranchKind, FenceKind};

// Hints and barriers with Rt other than 11111 are unallocated, as are SB (op2 = 111,
// FEAT_SB), DSB nXS (op2 = 001, FEAT_XS) and TCOMMIT (op2 = 011, FEAT_TME).
pub(crate) const ROWS: &[Row] = &[
    row!("HINT", "11010101000000110010mmmmooo11111", hint),
    row!("CLREX", "11010101000000110011mmmm01011111", clrex),
    row!("DSB", "11010101000000110011mmmm10011111", dsb_dmb),
    row!("DMB", "11010101000000110011mmmm10111111", dsb_dmb),
    row!("ISB", "11010101000000110011mmmm11011111", isb),
];

/// Every hint is a NOP here: the wait and event hints because a user-mode emulator has
/// nothing to wait for, the PAuth hints (PACIASP, AUTIASP, ...) because crossrun does not
/// implement pointer authentication (so they are NOPs as on a CPU without it), BTI because
/// branch targets are not checked. Unallocated hints are NOPs by definition.
fn hint(_tr: &mut Tr, _f: Fields) -> Result<(), Undefined> {
    Ok(())
}

fn clrex(tr: &mut Tr, _f: Fields) -> Result<(), Undefined> {
    tr.b.clear_exclusive();
    Ok(())
}

/// CRm<1:0> selects the access types: 01 loads, 10 stores, 11 (and the reserved 00,
/// which behaves as SY; DSB's 0000 and 0100 are SSBB and PSSBB) everything. The
/// shareability domain (CRm<3:2>) does not matter within one process.
fn dsb_dmb(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let kind = match f.get('m') & 3 {
        1 => FenceKind::Load,
        2 => FenceKind::Store,
        _ => FenceKind::Full,
    };
    tr.b.fence(kind);
    Ok(())
}

/// Ending the block makes code written before the ISB (and invalidated with IC IVAU) be
/// fetched again.
fn isb(tr: &mut Tr, _f: Fields) -> Result<(), Undefined> {
    let next = tr.next_pc();
    tr.jump(next, BranchKind::Plain);
    Ok(())
}
