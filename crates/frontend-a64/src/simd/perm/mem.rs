//! Memory access for the structure loads and stores: a run of bytes is moved with the
//! widest naturally sized IR accesses (16, 8, 4, 2, 1 bytes, greedily), then split
//! into or assembled from elements with 64-bit IR ops.

use super::lanes;
use crate::translate::Tr;
use crossrun_ir::{MemOrder, Ty, Value, Width};

/// One access: `bytes` bytes at byte `offset` of the run; V128 if 16 bytes, else I64.
#[derive(Clone, Copy)]
struct Chunk {
    offset: u32,
    bytes: u32,
    value: Value,
}

/// The accesses covering `len` bytes: as many 16-byte ones as fit, then one each of
/// 8, 4, 2 and 1 bytes as needed. `len` is always a multiple of the element size,
/// so no element straddles two accesses.
fn split(len: u32) -> impl Iterator<Item = (u32, u32)> {
    let mut offset = 0;
    std::iter::from_fn(move || {
        let left = len - offset;
        if left == 0 {
            return None;
        }
        let bytes = if left >= 16 { 16 } else { 1 << (31 - left.leading_zeros()) };
        let chunk = (offset, bytes);
        offset += bytes;
        Some(chunk)
    })
}

fn address(tr: &mut Tr, base: Value, offset: u32) -> Value {
    if offset == 0 {
        base
    } else {
        let o = tr.b.c64(offset as u64);
        tr.b.add(base, o)
    }
}

/// Bytes loaded from memory, to be taken apart.
pub(super) struct Loaded {
    chunks: Vec<Chunk>,
    len: u32,
}

impl Loaded {
    /// Loads `len` bytes at `base`. Every load is emitted here, before the caller writes
    /// any register, so a fault leaves the registers unchanged.
    pub(super) fn load(tr: &mut Tr, base: Value, len: u32) -> Loaded {
        let chunks = split(len)
            .map(|(offset, bytes)| {
                let addr = address(tr, base, offset);
                let ty = if bytes == 16 { Ty::V128 } else { Ty::I64 };
                let width = Width::from_bytes(bytes).expect("access size");
                let value = tr.b.load(ty, addr, width, false, MemOrder::Plain);
                Chunk { offset, bytes, value }
            })
            .collect();
        Loaded { chunks, len }
    }

    /// The `ebytes` bytes at `offset`, zero-extended to I64.
    pub(super) fn elem(&self, tr: &mut Tr, offset: u32, ebytes: u32) -> Value {
        let c = *self
            .chunks
            .iter()
            .find(|c| c.offset <= offset && offset < c.offset + c.bytes)
            .expect("offset inside the loaded bytes");
        let within = offset - c.offset;
        if c.bytes == 16 {
            let half = lanes::half(tr, c.value, within);
            lanes::extract(tr, half, ebytes, within % 8)
        } else if c.bytes == ebytes {
            c.value
        } else {
            lanes::extract(tr, c.value, ebytes, within)
        }
    }

    /// The 16 bytes at `offset` (a multiple of 8) as a V128; bytes past the end read as 0.
    pub(super) fn vector(&self, tr: &mut Tr, offset: u32) -> Value {
        if let Some(c) = self.chunks.iter().find(|c| c.offset == offset && c.bytes == 16) {
            return c.value;
        }
        let lo = self.word(tr, offset);
        let hi = self.word(tr, offset + 8);
        tr.b.vmake(lo, hi)
    }

    fn word(&self, tr: &mut Tr, offset: u32) -> Value {
        if offset < self.len {
            self.elem(tr, offset, 8)
        } else {
            tr.b.c64(0)
        }
    }
}

/// Stores `elems` (I64 values of `ebytes` bytes each, packed in order) at `base`.
pub(super) fn store_elems(tr: &mut Tr, base: Value, elems: &[Value], ebytes: u32) {
    let len = elems.len() as u32 * ebytes;
    // Pack the elements into little-endian 64-bit words first.
    let per_word = (8 / ebytes) as usize;
    let words: Vec<Value> = elems
        .chunks(per_word)
        .map(|group| {
            let mut word = group[0];
            for (i, &e) in group.iter().enumerate().skip(1) {
                let sh = tr.b.c64((i as u32 * ebytes * 8) as u64);
                let e = tr.b.shl(e, sh);
                word = tr.b.or(word, e);
            }
            word
        })
        .collect();
    for (offset, bytes) in split(len) {
        let addr = address(tr, base, offset);
        let i = (offset / 8) as usize;
        let val = if bytes == 16 {
            tr.b.vmake(words[i], words[i + 1])
        } else if offset % 8 == 0 {
            words[i]
        } else {
            let sh = tr.b.c64((offset % 8 * 8) as u64);
            tr.b.lshr(words[i], sh)
        };
        let width = Width::from_bytes(bytes).expect("access size");
        tr.b.store(addr, val, width, MemOrder::Plain);
    }
}

/// Stores V128 `value`'s low `bytes` (16 or 8) bytes at `base + offset`.
pub(super) fn store_vector(tr: &mut Tr, base: Value, offset: u32, value: Value, bytes: u32) {
    let addr = address(tr, base, offset);
    if bytes == 16 {
        tr.b.store(addr, value, Width::W128, MemOrder::Plain);
    } else {
        let lo = tr.b.vlo(value);
        tr.b.store(addr, lo, Width::W64, MemOrder::Plain);
    }
}
