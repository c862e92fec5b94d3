//! AdvSIMD load/store single structure: LD1-LD4 and ST1-ST4 of one lane, and the
//! load-and-replicate forms LD1R-LD4R, without offset and post-indexed.
//!
//! The structure has n = opcode<0>:R + 1 elements, consecutive in memory, going to
//! (or coming from) the same lane of n consecutive registers.

use super::lanes;
use super::mem::{self, Loaded};
use crate::decoder::{Fields, Row};
use crate::row;
use crate::translate::{Tr, Undefined};

/// The lane size is fixed per row; the encodings the Arm ARM makes UNDEFINED
/// (H with size<0> set, S/D with size<1> set, D with S set, replicate with S set or
/// L clear) match no row.
pub(crate) const ROWS: &[Row] = &[
    row!("STn (single structure, B)", "0q00110100r0000000ozssnnnnnttttt", single::<false, 0, false>),
    row!("STn (single structure, H)", "0q00110100r0000001ozs0nnnnnttttt", single::<false, 1, false>),
    row!("STn (single structure, S)", "0q00110100r0000010oz00nnnnnttttt", single::<false, 2, false>),
    row!("STn (single structure, D)", "0q00110100r0000010o001nnnnnttttt", single::<false, 3, false>),
    row!("LDn (single structure, B)", "0q00110101r0000000ozssnnnnnttttt", single::<true, 0, false>),
    row!("LDn (single structure, H)", "0q00110101r0000001ozs0nnnnnttttt", single::<true, 1, false>),
    row!("LDn (single structure, S)", "0q00110101r0000010oz00nnnnnttttt", single::<true, 2, false>),
    row!("LDn (single structure, D)", "0q00110101r0000010o001nnnnnttttt", single::<true, 3, false>),
    row!("LDnR", "0q00110101r0000011o0ssnnnnnttttt", replicate::<false>),
    row!("STn (single structure, B, post-index)", "0q00110110rmmmmm00ozssnnnnnttttt", single::<false, 0, true>),
    row!("STn (single structure, H, post-index)", "0q00110110rmmmmm01ozs0nnnnnttttt", single::<false, 1, true>),
    row!("STn (single structure, S, post-index)", "0q00110110rmmmmm10oz00nnnnnttttt", single::<false, 2, true>),
    row!("STn (single structure, D, post-index)", "0q00110110rmmmmm10o001nnnnnttttt", single::<false, 3, true>),
    row!("LDn (single structure, B, post-index)", "0q00110111rmmmmm00ozssnnnnnttttt", single::<true, 0, true>),
    row!("LDn (single structure, H, post-index)", "0q00110111rmmmmm01ozs0nnnnnttttt", single::<true, 1, true>),
    row!("LDn (single structure, S, post-index)", "0q00110111rmmmmm10oz00nnnnnttttt", single::<true, 2, true>),
    row!("LDn (single structure, D, post-index)", "0q00110111rmmmmm10o001nnnnnttttt", single::<true, 3, true>),
    row!("LDnR (post-index)", "0q00110111rmmmmm11o0ssnnnnnttttt", replicate::<true>),
];

fn selems(f: Fields) -> u32 {
    (f.get('o') << 1 | f.get('r')) + 1
}

fn single<const LOAD: bool, const SCALE: u32, const POST: bool>(
    tr: &mut Tr,
    f: Fields,
) -> Result<(), Undefined> {
    let (q, s, size) = (f.get('q'), f.get('z'), f.get('s'));
    let index = match SCALE {
        0 => q << 3 | s << 2 | size,
        1 => q << 2 | s << 1 | size,
        2 => q << 1 | s,
        _ => q,
    };
    let ebytes = 1 << SCALE;
    let selems = selems(f);
    let (t, n) = (f.reg('t'), f.reg('n'));
    let total = selems * ebytes;
    let base = tr.x_sp(n);
    if LOAD {
        let data = Loaded::load(tr, base, total);
        let elems: Vec<_> = (0..selems).map(|i| data.elem(tr, i * ebytes, ebytes)).collect();
        // The rest of each register is kept, whatever Q is.
        for (i, &e) in elems.iter().enumerate() {
            let reg = lanes::wrap(t, i as u32);
            let v = tr.v(reg);
            let v = lanes::set(tr, v, ebytes, index, e);
            tr.set_v(reg, v);
        }
    } else {
        let elems: Vec<_> = (0..selems)
            .map(|i| {
                let v = tr.v(lanes::wrap(t, i));
                lanes::get(tr, v, ebytes, index)
            })
            .collect();
        mem::store_elems(tr, base, &elems, ebytes);
    }
    if POST {
        lanes::writeback(tr, n, f.reg('m'), base, total as u64);
    }
    Ok(())
}

fn replicate<const POST: bool>(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let q = f.bit('q');
    let ebytes = 1 << f.get('s');
    let selems = selems(f);
    let (t, n) = (f.reg('t'), f.reg('n'));
    let total = selems * ebytes;
    let base = tr.x_sp(n);
    let data = Loaded::load(tr, base, total);
    let words: Vec<_> = (0..selems)
        .map(|i| {
            let e = data.elem(tr, i * ebytes, ebytes);
            lanes::replicate(tr, e, ebytes)
        })
        .collect();
    for (i, &w) in words.iter().enumerate() {
        let reg = lanes::wrap(t, i as u32);
        if q {
            let v = tr.b.vmake(w, w);
            tr.set_v(reg, v);
        } else {
            tr.set_v_lo(reg, w);
        }
    }
    if POST {
        lanes::writeback(tr, n, f.reg('m'), base, total as u64);
    }
    Ok(())
}
