//! Load/store register (register offset): LDR/STR and friends, PRFM, at Xn|SP plus an
//! extended and optionally scaled index register, for general and SIMD&FP registers.

use super::ldst::Xfer;
use crate::decoder::{Fields, Row};
use crate::row;
use crate::translate::{Tr, Undefined};

pub(crate) const ROWS: &[Row] =
    &[row!("LDR/STR (register offset)", "ss111V00oo1mmmmmxxxS10nnnnnttttt", register_offset)];

/// The index is Xm extended by option (UXTW, LSL, SXTW or SXTX; the byte and halfword
/// extensions are reserved) and shifted by the access size if S.
fn register_offset(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let x = Xfer::decode(f.get('s'), f.bit('V'), f.get('o'))?;
    let option = f.get('x');
    if option & 0b010 == 0 {
        return Err(Undefined);
    }
    if x == Xfer::Prefetch {
        return Ok(());
    }
    let shift = if f.bit('S') { x.scale() } else { 0 };
    let index = tr.extend_reg(true, f.reg('m'), option, shift);
    let base = tr.x_sp(f.reg('n'));
    let addr = tr.b.add(base, index);
    let loaded = tr.transfer(x, f.reg('t'), addr);
    tr.commit(loaded);
    Ok(())
}
