//! Lane access on 128-bit vector values, built from 64-bit IR ops. Lane numbers are
//! always known at translation time, so each access is a shift and a mask.

use crate::translate::Tr;
use crossrun_ir::{Ty, Value, Width};

/// The IR width of an element of `ebytes` bytes.
pub(super) fn width(ebytes: u32) -> Width {
    Width::from_bytes(ebytes).expect("element size")
}

fn ones(ebytes: u32) -> u64 {
    if ebytes == 8 {
        u64::MAX
    } else {
        (1u64 << (ebytes * 8)) - 1
    }
}

/// The 64-bit half of `v` that holds byte `byte` (I64).
pub(super) fn half(tr: &mut Tr, v: Value, byte: u32) -> Value {
    if byte >= 8 {
        tr.b.vhi(v)
    } else {
        tr.b.vlo(v)
    }
}

/// Element `index` (of `ebytes` bytes) of the V128 `v`, zero-extended to I64.
pub(super) fn get(tr: &mut Tr, v: Value, ebytes: u32, index: u32) -> Value {
    let byte = index * ebytes;
    let h = half(tr, v, byte);
    extract(tr, h, ebytes, byte % 8)
}

/// The `ebytes` bytes at byte offset `byte` of the I64 `word`, zero-extended.
pub(super) fn extract(tr: &mut Tr, word: Value, ebytes: u32, byte: u32) -> Value {
    let shifted = if byte == 0 {
        word
    } else {
        let sh = tr.b.c64(byte as u64 * 8);
        tr.b.lshr(word, sh)
    };
    if ebytes == 8 {
        shifted
    } else {
        tr.b.zext(Ty::I64, width(ebytes), shifted)
    }
}

/// `v` with element `index` replaced by the low `ebytes` bytes of the I64 `elem`.
pub(super) fn set(tr: &mut Tr, v: Value, ebytes: u32, index: u32, elem: Value) -> Value {
    let byte = index * ebytes;
    let lo = tr.b.vlo(v);
    let hi = tr.b.vhi(v);
    let word = if byte >= 8 { hi } else { lo };
    let word = deposit(tr, word, ebytes, byte % 8, elem);
    if byte >= 8 {
        tr.b.vmake(lo, word)
    } else {
        tr.b.vmake(word, hi)
    }
}

/// The I64 `word` with the `ebytes` bytes at byte offset `byte` replaced by the low
/// bytes of the I64 `elem`.
pub(super) fn deposit(tr: &mut Tr, word: Value, ebytes: u32, byte: u32, elem: Value) -> Value {
    if ebytes == 8 {
        return elem;
    }
    let keep = tr.b.c64(!(ones(ebytes) << (byte * 8)));
    let kept = tr.b.and(word, keep);
    let e = tr.b.zext(Ty::I64, width(ebytes), elem);
    let e = if byte == 0 {
        e
    } else {
        let sh = tr.b.c64(byte as u64 * 8);
        tr.b.shl(e, sh)
    };
    tr.b.or(kept, e)
}

/// A 64-bit word holding the low `ebytes` bytes of the I64 `elem` in every lane.
pub(super) fn replicate(tr: &mut Tr, elem: Value, ebytes: u32) -> Value {
    if ebytes == 8 {
        return elem;
    }
    // Multiplying the zero-extended element by 0x...0101 copies it into each lane
    // without carries between lanes.
    let e = tr.b.zext(Ty::I64, width(ebytes), elem);
    let pattern = u64::MAX / ones(ebytes);
    let p = tr.b.c64(pattern);
    tr.b.mul(e, p)
}

/// Writes a vector result: all 128 bits if `q`, else the low 64 with the rest zeroed.
pub(super) fn write(tr: &mut Tr, d: u8, q: bool, v: Value) {
    if q {
        tr.set_v(d, v);
    } else {
        let lo = tr.b.vlo(v);
        tr.set_v_lo(d, lo);
    }
}

/// Register `t + i` with the wrap-around of register lists (V31 is followed by V0).
pub(super) fn wrap(t: u8, i: u32) -> u8 {
    ((t as u32 + i) % 32) as u8
}

/// Post-index write-back, emitted after every memory access: Xn|SP = `base` + Xm, or
/// + `imm` (the number of bytes transferred) when Rm is 31.
pub(super) fn writeback(tr: &mut Tr, n: u8, m: u8, base: Value, imm: u64) {
    // Rm = 31 encodes the immediate form: the offset is the number of bytes transferred.
    let offs = if m == 31 { tr.b.c64(imm) } else { tr.x(m) };
    let new = tr.b.add(base, offs);
    tr.set_x_sp(n, new);
}
