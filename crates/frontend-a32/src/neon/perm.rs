//! AdvSIMD element movement: VEXT, VTBL/VTBX, VDUP (scalar), and from the two-register
//! miscellaneous group VSWP, VTRN, VUZP and VZIP, which rewrite both of their registers
//! (the permutes run A64's UZP/ZIP/TRN helper once for each result).

use super::{dreg, even};
use crate::decoder::{Fields, Row};
use crate::row;
use crate::translate::{Tr, Undefined};
use crossrun_arm_shared::simd::perm::{permute_params, EXTRACT, PERMUTE, TABLE_LOOKUP, TABLE_LOOKUP_BYTES};
use crossrun_ir::{Ty, Value, Width};

pub(crate) const ROWS: &[Row] = &[
    row!("VEXT", "111100101D11nnnnddddiiiiNQM0mmmm", vext),
    row!("VTBL, VTBX", "111100111D11nnnndddd10llNoM0mmmm", vtbl),
    row!("VDUP (scalar)", "111100111D11iiiidddd11000QM0mmmm", vdup_scalar),
    row!("VSWP", "111100111D11zz10dddd00000QM0mmmm", vswp),
    row!("VTRN", "111100111D11zz10dddd00001QM0mmmm", |t, f| permute(t, f, 1)),
    row!("VUZP", "111100111D11zz10dddd00010QM0mmmm", |t, f| permute(t, f, 0)),
    row!("VZIP", "111100111D11zz10dddd00011QM0mmmm", |t, f| permute(t, f, 2)),
];

/// VEXT: bytes `imm4` on of the concatenation Vm:Vn (a D form's `imm4` < 8).
fn vext(t: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let q = f.bit('Q');
    let (d, n, m) = (dreg(f, 'D', 'd'), dreg(f, 'N', 'n'), dreg(f, 'M', 'm'));
    even(q, &[d, n, m])?;
    let k = f.get('i');
    if !q && k >= 8 {
        return Err(Undefined);
    }
    if q && !k.is_multiple_of(8) {
        // Not a shuffle of whole halves: one byte extract of the concatenation.
        let (qn, qm) = (t.q(n >> 1), t.q(m >> 1));
        let position = t.b.c32(k);
        let r = t.b.call(&EXTRACT, &[qn, qm, position]);
        t.set_q(d >> 1, r);
        return Ok(());
    }
    let words: Vec<Value> = if q {
        // The halves of whole Q registers: a shift by whole words is then a shuffle of
        // vector halves.
        let (qn, qm) = (t.q(n >> 1), t.q(m >> 1));
        vec![t.b.vlo(qn), t.b.vhi(qn), t.b.vlo(qm), t.b.vhi(qm)]
    } else {
        vec![t.d(n), t.d(m)]
    };
    let (skip, bits) = ((k / 8) as usize, 8 * (k % 8));
    let count = if q { 2 } else { 1 };
    let mut out = Vec::new();
    for j in 0..count {
        let lo = words[j + skip];
        let r = if bits == 0 {
            lo
        } else {
            let hi = words[j + skip + 1];
            let r = t.b.c64(u64::from(bits));
            let l = t.b.c64(u64::from(64 - bits));
            let a = t.b.lshr(lo, r);
            let b = t.b.shl(hi, l);
            t.b.or(a, b)
        };
        out.push(r);
    }
    t.set_ds(d, &out);
    Ok(())
}

/// VTBL (`o` clear: out-of-range indices give 0) and VTBX (they keep Dd's byte): Dd =
/// bytes of the table Dn..Dn+len indexed by Dm.
fn vtbl(t: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let (d, n, m) = (dreg(f, 'D', 'd'), dreg(f, 'N', 'n'), dreg(f, 'M', 'm'));
    let regs = f.get('l') + 1;
    if u32::from(n) + regs > 32 {
        return t.unpredictable();
    }
    let reg = |t: &mut Tr, i: u32| if i < regs { t.d(n + i as u8) } else { t.b.c64(0) };
    let (t0, t1, t2, t3) = (reg(t, 0), reg(t, 1), reg(t, 2), reg(t, 3));
    let part0 = t.b.vmake(t0, t1);
    let part1 = t.b.vmake(t2, t3);
    let zero = t.b.const_(Ty::V128, 0);
    let indices = t.vec(m, false);
    let fallback = if f.bit('o') { t.vec(d, false) } else { zero };
    // Whole 16-byte parts take the lookup the JIT inlines; one or three D registers
    // end inside a part.
    let (helper, size) = if regs.is_multiple_of(2) { (&TABLE_LOOKUP, regs / 2) } else { (&TABLE_LOOKUP_BYTES, 8 * regs) };
    let size = t.b.c32(size);
    let r = t.b.call(helper, &[part0, part1, zero, zero, indices, fallback, size]);
    let lo = t.b.vlo(r);
    t.set_d(d, lo);
    Ok(())
}

/// VDUP.<size> Vd, Dm[x]: the size and index from imm4 (xxx1 bytes, xx10 halfwords,
/// x100 words).
fn vdup_scalar(t: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let q = f.bit('Q');
    let (d, m) = (dreg(f, 'D', 'd'), dreg(f, 'M', 'm'));
    even(q, &[d])?;
    let imm4 = f.get('i');
    let (esize, index) = match imm4.trailing_zeros() {
        0 => (8, imm4 >> 1),
        1 => (16, imm4 >> 2),
        2 => (32, imm4 >> 3),
        _ => return Err(Undefined),
    };
    let x = t.d(m);
    let sh = t.b.c64(u64::from(esize * index));
    let x = t.b.lshr(x, sh);
    let x = t.b.zext(Ty::I64, Width::from_bytes(esize / 8).expect("1, 2 or 4 bytes"), x);
    let pattern = t.b.c64(u64::MAX / (u64::MAX >> (64 - esize)));
    let word = t.b.mul(x, pattern);
    if q {
        t.set_ds(d, &[word, word]);
    } else {
        t.set_d(d, word);
    }
    Ok(())
}

/// VSWP: exchanges Vd and Vm.
fn vswp(t: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let q = f.bit('Q');
    let (d, m) = (dreg(f, 'D', 'd'), dreg(f, 'M', 'm'));
    even(q, &[d, m])?;
    if f.get('z') != 0 {
        return Err(Undefined);
    }
    let (a, b) = (t.vec(d, q), t.vec(m, q));
    t.set_vec(d, q, b);
    t.set_vec(m, q, a);
    Ok(())
}

/// VTRN (`kind` 1), VUZP (0), VZIP (2): Vd gets the first of the pair of results, Vm the
/// second. VUZP and VZIP have no 32-bit D form (it would be VTRN).
fn permute(t: &mut Tr, f: Fields, kind: u32) -> Result<(), Undefined> {
    let q = f.bit('Q');
    let (d, m) = (dreg(f, 'D', 'd'), dreg(f, 'M', 'm'));
    even(q, &[d, m])?;
    let size = f.get('z');
    if size == 3 || (kind != 1 && !q && size == 2) {
        return Err(Undefined);
    }
    if d == m {
        return t.unpredictable();
    }
    let (a, b) = (t.vec(d, q), t.vec(m, q));
    let first = t.c(permute_params(kind, 0, size, q));
    let second = t.c(permute_params(kind, 1, size, q));
    let r1 = t.b.call(&PERMUTE, &[a, b, first]);
    let r2 = t.b.call(&PERMUTE, &[a, b, second]);
    t.set_vec(d, q, r1);
    t.set_vec(m, q, r2);
    Ok(())
}
