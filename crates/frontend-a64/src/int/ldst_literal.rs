//! Load register (literal): LDR, LDRSW and PRFM at a PC-relative address, for general
//! and SIMD&FP registers.

use super::ldst::Xfer;
use crate::decoder::{Fields, Row};
use crate::row;
use crate::translate::{Tr, Undefined};
use crossrun_ir::{Ty, Width};

pub(crate) const ROWS: &[Row] = &[row!("LDR (literal)", "oo011V00iiiiiiiiiiiiiiiiiiittttt", literal)];

fn literal(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let x = match (f.bit('V'), f.get('o')) {
        (false, 0b00) => Xfer::Load { width: Width::W32, signed: false, ty: Ty::I32 },
        (false, 0b01) => Xfer::Load { width: Width::W64, signed: false, ty: Ty::I64 },
        (false, 0b10) => Xfer::Load { width: Width::W32, signed: true, ty: Ty::I64 },
        (false, _) => return Ok(()), // PRFM (literal)
        (true, 0b00) => Xfer::LoadV { width: Width::W32 },
        (true, 0b01) => Xfer::LoadV { width: Width::W64 },
        (true, 0b10) => Xfer::LoadV { width: Width::W128 },
        (true, _) => return Err(Undefined),
    };
    let addr = tr.pc.wrapping_add((f.signed('i') << 2) as u64);
    let a = tr.b.c64(addr);
    let loaded = tr.transfer(x, f.reg('t'), a);
    tr.commit(loaded);
    Ok(())
}
