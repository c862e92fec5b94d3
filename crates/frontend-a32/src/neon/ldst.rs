//! AdvSIMD element and structure loads and stores: VLD1-VLD4 and VST1-VST4 of multiple
//! structures, of a single structure to one lane, and (loads) to all lanes, with
//! their alignment qualifiers (a misaligned access is an alignment fault, as Linux
//! delivers it: SIGBUS) and the three write-back forms (none, by the transfer size, by
//! Rm). Every access comes before every register write.

use super::dreg;
use crate::decoder::{Fields, Row};
use crate::row;
use crate::translate::{Tr, Undefined};
use crossrun_arm_shared::simd::perm::{DEINTERLEAVE, INTERLEAVE};
use crossrun_ir::{MemOrder, Ty, Value, Width};

pub(crate) const ROWS: &[Row] = &[
    row!("VST1-VST4 (multiple structures)", "111101000D00nnnnddddttttzzaammmm", |t, f| multiple(t, f, false)),
    row!("VLD1-VLD4 (multiple structures)", "111101000D10nnnnddddttttzzaammmm", |t, f| multiple(t, f, true)),
    row!("VST1-VST4 (single structure to one lane)", "111101001D00nnnnddddzzkkiiiimmmm", |t, f| lane(t, f, false)),
    row!("VLD1-VLD4 (single structure to one lane)", "111101001D10nnnnddddzzkkiiiimmmm", |t, f| lane(t, f, true)),
    row!("VLD1-VLD4 (single structure to all lanes)", "111101001D10nnnndddd11kkzzTammmm", all_lanes),
];

/// The accesses' base address (Rn), checked against `alignment`, and what write-back
/// does: Rm = 15 none, Rm = 13 by `size` bytes, else by Rm.
struct Address {
    base: Value,
    n: u8,
    m: u8,
}

fn address(t: &mut Tr, f: Fields, alignment: u32, write: bool) -> Result<Address, Undefined> {
    let (n, m) = (f.reg('n'), f.reg('m'));
    if n == 15 {
        t.unpredictable()?;
    }
    let base = t.r(n);
    if alignment > 1 {
        let a = t.address(base);
        t.b.check_alignment(a, alignment, write);
    }
    Ok(Address { base, n, m })
}

impl Address {
    /// The I64 address `offset` bytes on.
    fn at(&self, t: &mut Tr, offset: u32) -> Value {
        let a = if offset == 0 {
            self.base
        } else {
            let o = t.c(offset);
            t.b.add(self.base, o)
        };
        t.address(a)
    }

    /// Writes Rn back after a transfer of `size` bytes.
    fn writeback(&self, t: &mut Tr, size: u32) {
        let step = match self.m {
            15 => return,
            13 => t.c(size),
            m => t.r(m),
        };
        let v = t.b.add(self.base, step);
        t.set_r(self.n, v);
    }
}

/// The multiple-structures forms: (number of registers per structure element list,
/// structure elements, register increment) from the `t` field, and whether the
/// `align` field value is allowed.
fn layout(kind: u32, align: u32) -> Option<(u32, u32, u32)> {
    let (regs, selems, inc, ok) = match kind {
        0b0111 => (1, 1, 1, align & 2 == 0),
        0b1010 => (2, 1, 1, align != 3),
        0b0110 => (3, 1, 1, align & 2 == 0),
        0b0010 => (4, 1, 1, true),
        0b1000 => (1, 2, 1, align != 3),
        0b1001 => (1, 2, 2, align != 3),
        0b0011 => (2, 2, 2, true),
        0b0100 => (1, 3, 1, align & 2 == 0),
        0b0101 => (1, 3, 2, align & 2 == 0),
        0b0000 => (1, 4, 1, true),
        0b0001 => (1, 4, 2, true),
        _ => return None,
    };
    ok.then_some((regs, selems, inc))
}

/// VLDn/VSTn (multiple structures): `regs` groups of `selems` registers (d + k*inc for
/// member k), each group a 8 * selems-byte interleaved image.
fn multiple(t: &mut Tr, f: Fields, load: bool) -> Result<(), Undefined> {
    let (kind, size, align) = (f.get('t'), f.get('z'), f.get('a'));
    let (regs, selems, inc) = layout(kind, align).ok_or(Undefined)?;
    if selems > 1 && size == 3 {
        return Err(Undefined);
    }
    let d = dreg(f, 'D', 'd');
    let last = u32::from(d) + (selems - 1) * inc + regs - 1;
    if last > 31 {
        return t.unpredictable();
    }
    let alignment = if align == 0 { 1 } else { 4 << align };
    let a = address(t, f, alignment, !load)?;
    let reg = |g: u32, k: u32| d + (g + k * inc) as u8;
    let group_bytes = 8 * selems;
    if selems == 1 {
        // VLD1/VST1: consecutive D registers.
        let mut loaded = Vec::new();
        for g in 0..regs {
            let at = a.at(t, 8 * g);
            if load {
                loaded.push(t.b.load(Ty::I64, at, Width::W64, false, MemOrder::Plain));
            } else {
                let v = t.d(reg(g, 0));
                t.b.store(at, v, Width::W64, MemOrder::Plain);
            }
        }
        a.writeback(t, 8 * regs);
        let writes: Vec<(u8, Value)> = loaded.into_iter().enumerate().map(|(g, v)| (reg(g as u32, 0), v)).collect();
        t.set_d_list(&writes);
        return Ok(());
    }
    let zero = t.b.c64(0);
    let mut results = Vec::new();
    for g in 0..regs {
        let base = g * group_bytes;
        if size == 2 {
            // 32-bit elements, two per register: element e of member k is word
            // e * selems + k of the image, moved with 32-bit accesses.
            let word_at = |t: &mut Tr, e: u32, k: u32| a.at(t, base + 4 * (e * selems + k));
            for k in 0..selems {
                if load {
                    let at = word_at(t, 0, k);
                    let lo = t.b.load(Ty::I64, at, Width::W32, false, MemOrder::Plain);
                    let at = word_at(t, 1, k);
                    let hi = t.b.load(Ty::I64, at, Width::W32, false, MemOrder::Plain);
                    let sh = t.b.c64(32);
                    let hi = t.b.shl(hi, sh);
                    let v = t.b.or(lo, hi);
                    results.push((reg(g, k), v));
                } else {
                    let v = t.d(reg(g, k));
                    let at = word_at(t, 0, k);
                    t.b.store(at, v, Width::W32, MemOrder::Plain);
                    let sh = t.b.c64(32);
                    let hi = t.b.lshr(v, sh);
                    let at = word_at(t, 1, k);
                    t.b.store(at, hi, Width::W32, MemOrder::Plain);
                }
            }
            continue;
        }
        if load {
            // The image as V128 pieces: selems (2..4) 8-byte words.
            let mut words = Vec::new();
            for w in 0..selems {
                let at = a.at(t, base + 8 * w);
                words.push(t.b.load(Ty::I64, at, Width::W64, false, MemOrder::Plain));
            }
            while words.len() < 8 {
                words.push(zero);
            }
            let pieces: Vec<Value> = (0..4).map(|p| t.b.vmake(words[2 * p], words[2 * p + 1])).collect();
            for k in 0..selems {
                let params = t.c(size | selems << 2 | k << 5);
                let v = t.b.call(&DEINTERLEAVE, &[pieces[0], pieces[1], pieces[2], pieces[3], params]);
                let lo = t.b.vlo(v);
                results.push((reg(g, k), lo));
            }
        } else {
            let regs_v: Vec<Value> = (0..4).map(|k| t.vec(reg(g, k.min(selems - 1)), false)).collect();
            for piece in 0..selems.div_ceil(2) {
                let params = t.c(size | selems << 2 | piece << 5);
                let v = t.b.call(&INTERLEAVE, &[regs_v[0], regs_v[1], regs_v[2], regs_v[3], params]);
                let lo = t.b.vlo(v);
                let at = a.at(t, base + 16 * piece);
                t.b.store(at, lo, Width::W64, MemOrder::Plain);
                if 16 * piece + 8 < group_bytes {
                    let hi = t.b.vhi(v);
                    let at = a.at(t, base + 16 * piece + 8);
                    t.b.store(at, hi, Width::W64, MemOrder::Plain);
                }
            }
        }
    }
    a.writeback(t, group_bytes * regs);
    t.set_d_list(&results);
    Ok(())
}

/// The element size (`size` field), register increment and alignment of the single
/// lane forms, from the index_align field `ia` and the number of structure elements.
fn lane_layout(size: u32, selems: u32, ia: u32) -> Option<(u32, u32, u32)> {
    let bit = |i: u32| ia >> i & 1;
    let (index, inc, alignment) = match (selems, size) {
        (1, 0) if bit(0) == 0 => (ia >> 1, 1, 1),
        (1, 1) if bit(1) == 0 => (ia >> 2, 1, if bit(0) == 1 { 2 } else { 1 }),
        (1, 2) if bit(2) == 0 && matches!(ia & 3, 0 | 3) => (ia >> 3, 1, if ia & 3 == 3 { 4 } else { 1 }),
        (2, 0) => (ia >> 1, 1, if bit(0) == 1 { 2 } else { 1 }),
        (2, 1) => (ia >> 2, 1 + bit(1), if bit(0) == 1 { 4 } else { 1 }),
        (2, 2) if bit(1) == 0 => (ia >> 3, 1 + bit(2), if bit(0) == 1 { 8 } else { 1 }),
        (3, 0) if bit(0) == 0 => (ia >> 1, 1, 1),
        (3, 1) if bit(0) == 0 => (ia >> 2, 1 + bit(1), 1),
        (3, 2) if ia & 3 == 0 => (ia >> 3, 1 + bit(2), 1),
        (4, 0) => (ia >> 1, 1, if bit(0) == 1 { 4 } else { 1 }),
        (4, 1) => (ia >> 2, 1 + bit(1), if bit(0) == 1 { 8 } else { 1 }),
        (4, 2) if ia & 3 != 3 => (ia >> 3, 1 + bit(2), if ia & 3 == 0 { 1 } else { 4 << (ia & 3) }),
        _ => return None,
    };
    Some((index, inc, alignment))
}

/// VLDn/VSTn (single structure to one lane): member k in lane `index` of D(d + k*inc).
fn lane(t: &mut Tr, f: Fields, load: bool) -> Result<(), Undefined> {
    let (size, selems, ia) = (f.get('z'), f.get('k') + 1, f.get('i'));
    let (index, inc, alignment) = lane_layout(size, selems, ia).ok_or(Undefined)?;
    let d = dreg(f, 'D', 'd');
    if u32::from(d) + (selems - 1) * inc > 31 {
        return t.unpredictable();
    }
    let ebytes = 1u32 << size;
    let w = Width::from_bytes(ebytes).expect("1, 2 or 4 bytes");
    let a = address(t, f, alignment, !load)?;
    let shift = 8 * ebytes * index;
    let mut loaded = Vec::new();
    for k in 0..selems {
        let reg = d + (k * inc) as u8;
        let at = a.at(t, k * ebytes);
        if load {
            loaded.push((reg, t.b.load(Ty::I64, at, w, false, MemOrder::Plain)));
        } else {
            let v = t.d(reg);
            let sh = t.b.c64(u64::from(shift));
            let e = t.b.lshr(v, sh);
            t.b.store(at, e, w, MemOrder::Plain);
        }
    }
    a.writeback(t, ebytes * selems);
    for (reg, x) in loaded {
        let old = t.d(reg);
        let field = (u64::MAX >> (64 - 8 * ebytes)) << shift;
        let keep = t.b.c64(!field);
        let kept = t.b.and(old, keep);
        let sh = t.b.c64(u64::from(shift));
        let x = t.b.shl(x, sh);
        let v = t.b.or(kept, x);
        t.set_d(reg, v);
    }
    Ok(())
}

/// VLDn (single structure to all lanes): member k copied into every lane of
/// D(d + k*inc) (VLD1 with T set fills two registers).
fn all_lanes(t: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let (selems, size, tbit, abit) = (f.get('k') + 1, f.get('z'), f.bit('T'), f.bit('a'));
    let ebytes_of = |s: u32| 1u32 << s;
    let (ebytes, alignment, regs, inc) = match selems {
        1 if size == 3 || (size == 0 && abit) => return Err(Undefined),
        1 => (ebytes_of(size), if abit { ebytes_of(size) } else { 1 }, if tbit { 2 } else { 1 }, 1),
        2 if size == 3 => return Err(Undefined),
        2 => (ebytes_of(size), if abit { 2 * ebytes_of(size) } else { 1 }, 1, 1 + tbit as u32),
        3 if size == 3 || abit => return Err(Undefined),
        3 => (ebytes_of(size), 1, 1, 1 + tbit as u32),
        _ if size == 3 && !abit => return Err(Undefined),
        _ if size == 3 => (4, 16, 1, 1 + tbit as u32),
        _ if size == 2 => (4, if abit { 8 } else { 1 }, 1, 1 + tbit as u32),
        _ => (ebytes_of(size), if abit { 4 * ebytes_of(size) } else { 1 }, 1, 1 + tbit as u32),
    };
    let d = dreg(f, 'D', 'd');
    if u32::from(d) + (selems - 1) * inc + regs - 1 > 31 {
        return t.unpredictable();
    }
    let w = Width::from_bytes(ebytes).expect("1, 2 or 4 bytes");
    let a = address(t, f, alignment, false)?;
    let mut values = Vec::new();
    for k in 0..selems {
        let at = a.at(t, k * ebytes);
        let x = t.b.load(Ty::I64, at, w, false, MemOrder::Plain);
        let pattern = t.b.c64(u64::MAX / (u64::MAX >> (64 - 8 * ebytes)));
        values.push(t.b.mul(x, pattern));
    }
    a.writeback(t, ebytes * selems);
    let mut writes = Vec::new();
    for (k, v) in values.into_iter().enumerate() {
        for r in 0..regs {
            writes.push((d + (k as u32 * inc + r) as u8, v));
        }
    }
    t.set_d_list(&writes);
    Ok(())
}
