//! AdvSIMD load/store multiple structures (LD1-LD4, ST1-ST4), without offset and
//! post-indexed.
//!
//! LDn/STn with n > 1 (de-)interleave: element e of register t is at memory element
//! e * n + t. LD1/ST1 with several registers just moves consecutive registers.

use super::lanes;
use super::mem::{self, Loaded};
use crate::decoder::{Fields, Row};
use crate::row;
use crate::translate::{Tr, Undefined};
use crossrun_arm_shared::simd::perm::{DEINTERLEAVE, INTERLEAVE};
use crossrun_ir::Value;

/// `multiple::<LOAD, SELEMS, RPT, POST>`: SELEMS is n of LDn/STn, RPT the register
/// count of LD1/ST1.
pub(crate) const ROWS: &[Row] = &[
    row!("ST1 (multiple structures, 1 register)", "0q001100000000000111ssnnnnnttttt", multiple::<false, 1, 1, false>),
    row!("ST1 (multiple structures, 2 registers)", "0q001100000000001010ssnnnnnttttt", multiple::<false, 1, 2, false>),
    row!("ST1 (multiple structures, 3 registers)", "0q001100000000000110ssnnnnnttttt", multiple::<false, 1, 3, false>),
    row!("ST1 (multiple structures, 4 registers)", "0q001100000000000010ssnnnnnttttt", multiple::<false, 1, 4, false>),
    row!("ST2 (multiple structures)", "0q001100000000001000ssnnnnnttttt", multiple::<false, 2, 1, false>),
    row!("ST3 (multiple structures)", "0q001100000000000100ssnnnnnttttt", multiple::<false, 3, 1, false>),
    row!("ST4 (multiple structures)", "0q001100000000000000ssnnnnnttttt", multiple::<false, 4, 1, false>),
    row!("LD1 (multiple structures, 1 register)", "0q001100010000000111ssnnnnnttttt", multiple::<true, 1, 1, false>),
    row!("LD1 (multiple structures, 2 registers)", "0q001100010000001010ssnnnnnttttt", multiple::<true, 1, 2, false>),
    row!("LD1 (multiple structures, 3 registers)", "0q001100010000000110ssnnnnnttttt", multiple::<true, 1, 3, false>),
    row!("LD1 (multiple structures, 4 registers)", "0q001100010000000010ssnnnnnttttt", multiple::<true, 1, 4, false>),
    row!("LD2 (multiple structures)", "0q001100010000001000ssnnnnnttttt", multiple::<true, 2, 1, false>),
    row!("LD3 (multiple structures)", "0q001100010000000100ssnnnnnttttt", multiple::<true, 3, 1, false>),
    row!("LD4 (multiple structures)", "0q001100010000000000ssnnnnnttttt", multiple::<true, 4, 1, false>),
    row!("ST1 (multiple structures, 1 register, post-index)", "0q001100100mmmmm0111ssnnnnnttttt", multiple::<false, 1, 1, true>),
    row!("ST1 (multiple structures, 2 registers, post-index)", "0q001100100mmmmm1010ssnnnnnttttt", multiple::<false, 1, 2, true>),
    row!("ST1 (multiple structures, 3 registers, post-index)", "0q001100100mmmmm0110ssnnnnnttttt", multiple::<false, 1, 3, true>),
    row!("ST1 (multiple structures, 4 registers, post-index)", "0q001100100mmmmm0010ssnnnnnttttt", multiple::<false, 1, 4, true>),
    row!("ST2 (multiple structures, post-index)", "0q001100100mmmmm1000ssnnnnnttttt", multiple::<false, 2, 1, true>),
    row!("ST3 (multiple structures, post-index)", "0q001100100mmmmm0100ssnnnnnttttt", multiple::<false, 3, 1, true>),
    row!("ST4 (multiple structures, post-index)", "0q001100100mmmmm0000ssnnnnnttttt", multiple::<false, 4, 1, true>),
    row!("LD1 (multiple structures, 1 register, post-index)", "0q001100110mmmmm0111ssnnnnnttttt", multiple::<true, 1, 1, true>),
    row!("LD1 (multiple structures, 2 registers, post-index)", "0q001100110mmmmm1010ssnnnnnttttt", multiple::<true, 1, 2, true>),
    row!("LD1 (multiple structures, 3 registers, post-index)", "0q001100110mmmmm0110ssnnnnnttttt", multiple::<true, 1, 3, true>),
    row!("LD1 (multiple structures, 4 registers, post-index)", "0q001100110mmmmm0010ssnnnnnttttt", multiple::<true, 1, 4, true>),
    row!("LD2 (multiple structures, post-index)", "0q001100110mmmmm1000ssnnnnnttttt", multiple::<true, 2, 1, true>),
    row!("LD3 (multiple structures, post-index)", "0q001100110mmmmm0100ssnnnnnttttt", multiple::<true, 3, 1, true>),
    row!("LD4 (multiple structures, post-index)", "0q001100110mmmmm0000ssnnnnnttttt", multiple::<true, 4, 1, true>),
];

fn multiple<const LOAD: bool, const SELEMS: u32, const RPT: u32, const POST: bool>(
    tr: &mut Tr,
    f: Fields,
) -> Result<(), Undefined> {
    let q = f.bit('q');
    let size = f.get('s');
    // The .1D arrangement exists only for LD1/ST1.
    if size == 3 && !q && SELEMS != 1 {
        return Err(Undefined);
    }
    let (t, n) = (f.reg('t'), f.reg('n'));
    let regbytes = if q { 16 } else { 8 };
    let total = regbytes * SELEMS * RPT;
    let base = tr.x_sp(n);
    if LOAD {
        let data = Loaded::load(tr, base, total);
        if SELEMS == 1 {
            for r in 0..RPT {
                let dst = lanes::wrap(t, r);
                if q {
                    let v = data.vector(tr, r * 16);
                    tr.set_v(dst, v);
                } else {
                    let w = data.elem(tr, r * 8, 8);
                    tr.set_v_lo(dst, w);
                }
            }
        } else if size == 3 {
            // 64-bit elements are whole words: element e of register t is word e * n + t.
            for s in 0..SELEMS {
                let lo = data.elem(tr, s * 8, 8);
                let hi = data.elem(tr, (SELEMS + s) * 8, 8);
                let v = tr.b.vmake(lo, hi);
                tr.set_v(lanes::wrap(t, s), v);
            }
        } else {
            // Up to 64 bytes, as four 16-byte pieces for the helper (unused ones repeat
            // the first).
            let first = data.vector(tr, 0);
            let mut pieces = [first; 4];
            for (i, p) in pieces.iter_mut().enumerate().skip(1) {
                let offset = i as u32 * 16;
                if offset < total {
                    *p = data.vector(tr, offset);
                }
            }
            for s in 0..SELEMS {
                let params = tr.b.c32(size | SELEMS << 2 | s << 5 | (q as u32) << 7);
                let v = tr.b.call(&DEINTERLEAVE, &[pieces[0], pieces[1], pieces[2], pieces[3], params]);
                tr.set_v(lanes::wrap(t, s), v);
            }
        }
    } else if SELEMS == 1 {
        let regs: Vec<Value> = (0..RPT).map(|r| tr.v(lanes::wrap(t, r))).collect();
        if q {
            for (r, &v) in regs.iter().enumerate() {
                mem::store_vector(tr, base, r as u32 * 16, v, 16);
            }
        } else {
            // Pairs of 64-bit registers go out as one 16-byte store.
            let halves: Vec<Value> = regs.iter().map(|&v| tr.b.vlo(v)).collect();
            mem::store_elems(tr, base, &halves, 8);
        }
    } else if size == 3 {
        let regs: Vec<Value> = (0..SELEMS).map(|s| tr.v(lanes::wrap(t, s))).collect();
        // Memory word e * n + t is element e of register t: all low halves, then all high.
        let mut words: Vec<Value> = regs.iter().map(|&v| tr.b.vlo(v)).collect();
        for &v in &regs {
            let hi = tr.b.vhi(v);
            words.push(hi);
        }
        mem::store_elems(tr, base, &words, 8);
    } else {
        // The helper always takes four registers; unused slots repeat the last one.
        let first = tr.v(t);
        let mut regs = [first; 4];
        for s in 1..4 {
            regs[s as usize] = if s < SELEMS { tr.v(lanes::wrap(t, s)) } else { regs[s as usize - 1] };
        }
        for (k, offset) in (0..total).step_by(16).enumerate() {
            let params = tr.b.c32(size | SELEMS << 2 | (k as u32) << 5);
            let piece = tr.b.call(&INTERLEAVE, &[regs[0], regs[1], regs[2], regs[3], params]);
            mem::store_vector(tr, base, offset, piece, (total - offset).min(16));
        }
    }
    if POST {
        lanes::writeback(tr, n, f.reg('m'), base, total as u64);
    }
    Ok(())
}
