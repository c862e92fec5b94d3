//! Compare and swap (FEAT_LSE): CAS, CASA, CASL, CASAL (+B, +H) and the pair forms
//! CASP, CASPA, CASPL, CASPAL. A W pair is one 64-bit compare-and-swap, an X pair one
//! 128-bit compare-and-swap on V128 values.
//!
//! Known gap: a misaligned access should fault (SIGBUS), as for exclusives.

use super::atomic::order;
use super::ldst::width;
use crate::decoder::{Fields, Row};
use crate::row;
use crate::translate::{Tr, Undefined};
use crossrun_ir::{Ty, Width};

// size 001000 o2 L o1 Rs o0 Rt2 Rn Rt with o1 = 1 and Rt2 = 11111: o2 = 1 is CAS, o2 = 0
// with size 0x is CASP (size 1x being LDXP/STXP). L is acquire, o0 release.
pub(crate) const ROWS: &[Row] = &[
    row!("CAS", "ss0010001L1rrrrro11111nnnnnttttt", cas),
    row!("CASP", "0z0010000L1rrrrro11111nnnnnttttt", casp),
];

/// Rs = the old memory value; memory = Rt if the old value was Rs.
fn cas(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let size = f.get('s');
    let w = width(size);
    let s = f.reg('r');
    let addr = tr.x_sp(f.reg('n'));
    let mut expected = tr.reg(size == 3, s);
    let mut new = tr.reg(size == 3, f.reg('t'));
    // Only the low bytes take part in a byte or halfword compare.
    if size < 2 {
        expected = tr.b.zext(Ty::I32, w, expected);
        new = tr.b.zext(Ty::I32, w, new);
    }
    let old = tr.b.cas(addr, expected, new, w, order(f.bit('L'), f.bit('o')));
    tr.set_reg(s, old);
    Ok(())
}

/// Rs:Rs+1 and Rt:Rt+1 are even-numbered register pairs (odd is UNDEFINED); the first
/// register of each pair goes with the lower address.
fn casp(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let (s, t) = (f.reg('r'), f.reg('t'));
    if s % 2 != 0 || t % 2 != 0 {
        return Err(Undefined);
    }
    let addr = tr.x_sp(f.reg('n'));
    let order = order(f.bit('L'), f.bit('o'));
    let (s_lo, s_hi) = (tr.x(s), tr.x(s + 1));
    let (t_lo, t_hi) = (tr.x(t), tr.x(t + 1));
    let (lo, hi) = if f.bit('z') {
        let expected = tr.b.vmake(s_lo, s_hi);
        let new = tr.b.vmake(t_lo, t_hi);
        let old = tr.b.cas(addr, expected, new, Width::W128, order);
        (tr.b.vlo(old), tr.b.vhi(old))
    } else {
        let expected = tr.pack_w_pair(s_lo, s_hi);
        let new = tr.pack_w_pair(t_lo, t_hi);
        let old = tr.b.cas(addr, expected, new, Width::W64, order);
        tr.split_w_pair(old)
    };
    tr.set_reg(s, lo);
    tr.set_reg(s + 1, hi);
    Ok(())
}
