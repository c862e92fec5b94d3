//! AdvSIMD extract: EXT.

use crate::decoder::Fields;
use crate::row;
use crate::translate::{Tr, Undefined};
use crossrun_arm_shared::simd::perm::EXTRACT;
use crossrun_ir::Value;

pub(crate) const ROWS: &[crate::decoder::Row] = &[
    row!("EXT", "0q101110000mmmmm0iiii0nnnnnddddd", ext),
];

/// The bytes of Vm:Vn (Vn in the low bytes) from byte `imm4` on.
fn ext(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let q = f.bit('q');
    let position = f.get('i');
    if !q && position >= 8 {
        return Err(Undefined);
    }
    let vn = tr.v(f.reg('n'));
    let vm = tr.v(f.reg('m'));
    if q && !position.is_multiple_of(8) {
        // One byte extract of the concatenation (a shuffle of halves otherwise).
        let p = tr.b.c32(position);
        let r = tr.b.call(&EXTRACT, &[vn, vm, p]);
        tr.set_v(f.reg('d'), r);
        return Ok(());
    }
    // The concatenation as 64-bit words, least significant first.
    let words: Vec<Value> = if q {
        let w0 = tr.b.vlo(vn);
        let w1 = tr.b.vhi(vn);
        let w2 = tr.b.vlo(vm);
        let w3 = tr.b.vhi(vm);
        vec![w0, w1, w2, w3]
    } else {
        let w0 = tr.b.vlo(vn);
        let w1 = tr.b.vlo(vm);
        vec![w0, w1]
    };
    let lo = funnel(tr, &words, position);
    let d = f.reg('d');
    if q {
        let hi = funnel(tr, &words, position + 8);
        let r = tr.b.vmake(lo, hi);
        tr.set_v(d, r);
    } else {
        tr.set_v_lo(d, lo);
    }
    Ok(())
}

/// The 8 bytes of the little-endian word sequence `words` starting at byte `start`.
fn funnel(tr: &mut Tr, words: &[Value], start: u32) -> Value {
    let i = (start / 8) as usize;
    let shift = (start % 8) * 8;
    if shift == 0 {
        return words[i];
    }
    let s = tr.b.c64(shift as u64);
    let low = tr.b.lshr(words[i], s);
    let s = tr.b.c64(64 - shift as u64);
    let high = tr.b.shl(words[i + 1], s);
    tr.b.or(low, high)
}
