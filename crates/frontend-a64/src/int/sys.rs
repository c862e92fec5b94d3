//! System instructions (SYS): the cache maintenance operations EL0 may execute. The
//! rest of SYS and all of SYSL are undefined at EL0.

use crate::decoder::{Fields, Row};
use crate::row;
use crate::translate::{Tr, Undefined};
use crossrun_ir::{MemOrder, Ty, Width};

// SYS #op1, Cn, Cm, #op2, Xt is 1101010100 0 01 op1 CRn CRm op2 Rt; all of these have
// op1 = 3, CRn = 7 and op2 = 1.
pub(crate) const ROWS: &[Row] = &[
    row!("DC ZVA", "110101010000101101110100001ttttt", dc_zva),
    row!("IC IVAU", "110101010000101101110101001ttttt", ic_ivau),
    row!("DC CVAC", "110101010000101101111010001ttttt", dc_clean),
    row!("DC CVAU", "110101010000101101111011001ttttt", dc_clean),
    row!("DC CVAP", "110101010000101101111100001ttttt", dc_clean),
    row!("DC CIVAC", "110101010000101101111110001ttttt", dc_clean),
];

/// The DC ZVA block size, as DCZID_EL0 reports it.
pub(super) const ZVA_BYTES: u64 = 64;

/// Zeroes the aligned block containing Xt with 16-byte stores; the block lies within one
/// page, so either all of it is written or the first store faults.
fn dc_zva(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let addr = tr.x(f.reg('t'));
    let align = tr.b.c64(!(ZVA_BYTES - 1));
    let base = tr.b.and(addr, align);
    let zero = tr.b.const_(Ty::V128, 0);
    for offset in (0..ZVA_BYTES).step_by(16) {
        let at = if offset == 0 {
            base
        } else {
            let o = tr.b.c64(offset);
            tr.b.add(base, o)
        };
        tr.b.store(at, zero, Width::W128, MemOrder::Plain);
    }
    Ok(())
}

fn ic_ivau(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let addr = tr.x(f.reg('t'));
    tr.b.invalidate_code(addr);
    Ok(())
}

/// Data cache cleaning is invisible to a program whose memory is coherent, as the host's
/// is. (On hardware these can fault on an unmapped address; here they never do.)
fn dc_clean(_tr: &mut Tr, _f: Fields) -> Result<(), Undefined> {
    Ok(())
}
