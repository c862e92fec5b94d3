//! Data processing (register, two sources): CRC32B/H/W/X and CRC32CB/CH/CW/CX, on the
//! helpers the Arm frontends share.

use crate::decoder::{Fields, Row};
use crate::row;
use crate::translate::{Tr, Undefined};
use crossrun_arm_shared::crc32::{CRC32, CRC32C};

// sz = 11 (the X form) goes with sf = 1 only, and sf = 1 with sz = 11 only.
pub(crate) const ROWS: &[Row] = &[
    row!("CRC32B/H/W, CRC32CB/CH/CW", "00011010110mmmmm010Cssnnnnnddddd", crc32),
    row!("CRC32X, CRC32CX", "10011010110mmmmm010C11nnnnnddddd", crc32),
];

fn crc32(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let sf = f.insn >> 31 != 0;
    let sz = if sf { 3 } else { f.get('s') };
    if !sf && sz == 3 {
        return Err(Undefined);
    }
    let acc = tr.w(f.reg('n'));
    let val = tr.x(f.reg('m'));
    let bytes = tr.b.c32(1 << sz);
    let helper = if f.bit('C') { &CRC32C } else { &CRC32 };
    let v = tr.b.call(helper, &[acc, val, bytes]);
    tr.set_reg(f.reg('d'), v);
    Ok(())
}
