//! Element movement the Arm frontends share: the unzip/zip/transpose permutes (A64's
//! UZP/ZIP/TRN, A32's VUZP/VZIP/VTRN, which produce both of a pair), the byte extract
//! of two registers (EXT, VEXT), the byte table lookup (TBL/TBX, VTBL/VTBX), and the
//! (de)interleaving of structure loads and stores.

use crossrun_ir::{CpuState, Helper, Meaning, Permutation, PermuteKind, Ty};

/// The control argument of [`PERMUTE`]: `kind` 0 unzip, 1 transpose, 2 zip; `part` 0 or
/// 1 (the first or second of the pair); element `size` (0 = 8 bits); `full` 128-bit
/// vectors (else the low 64 bits, the result's high half zero).
pub fn permute_params(kind: u32, part: u32, size: u32, full: bool) -> u32 {
    kind | part << 2 | size << 3 | (full as u32) << 5
}

/// args: operand1, operand2, params = kind | part << 2 | size << 3 | Q << 5.
/// The result already has the upper half zeroed for Q=0.
pub static PERMUTE: Helper = Helper {
    name: "permute",
    func: permute_helper,
    args: &[Ty::V128, Ty::V128, Ty::I32],
    ret: Ty::V128,
    pure: true,
    meaning: Meaning::Permute { decode: permutation },
};

/// The params word as a [`Permutation`].
fn permutation(params: u64) -> Option<Permutation> {
    let params = u32::try_from(params).ok().filter(|p| p >> 6 == 0)?;
    let kind = match params & 3 {
        0 => PermuteKind::Unzip,
        1 => PermuteKind::Transpose,
        2 => PermuteKind::Zip,
        _ => return None,
    };
    Some(Permutation { kind, second: params & 4 != 0, esize: 8 << ((params >> 3) & 3), full: params & 1 << 5 != 0 })
}

fn permute_helper(_: &mut CpuState, a: &[u128]) -> u128 {
    let (op1, op2, params) = (a[0], a[1], a[2] as u32);
    let part = (params >> 2) & 1;
    let esize = 8u32 << ((params >> 3) & 3);
    let datasize = if params & (1 << 5) != 0 { 128 } else { 64 };
    let elements = datasize / esize;
    let pairs = elements / 2;
    let mask = u128::MAX >> (128 - esize);
    let elem = |v: u128, e: u32| (v >> (e * esize)) & mask;
    let mut result = 0u128;
    let mut put = |e: u32, x: u128| result |= x << (e * esize);
    match params & 3 {
        // UZP: the even (part 0) or odd (part 1) elements of operand2:operand1.
        0 => {
            for e in 0..elements {
                let i = 2 * e + part;
                let x = if i < elements { elem(op1, i) } else { elem(op2, i - elements) };
                put(e, x);
            }
        }
        // TRN: the even or odd elements of both operands, interleaved.
        1 => {
            for p in 0..pairs {
                put(2 * p, elem(op1, 2 * p + part));
                put(2 * p + 1, elem(op2, 2 * p + part));
            }
        }
        // ZIP: the low (part 0) or high (part 1) halves of both operands, interleaved.
        _ => {
            let base = part * pairs;
            for p in 0..pairs {
                put(2 * p, elem(op1, base + p));
                put(2 * p + 1, elem(op2, base + p));
            }
        }
    }
    result
}

/// EXT (A64) and VEXT (A32) on 128-bit registers: args the low register, the high one
/// and the byte position (0 to 15); the 16 bytes of high:low from that byte on.
pub static EXTRACT: Helper = Helper {
    name: "extract",
    func: |_, a| extract(a[0], a[1], a[2] as u32),
    args: &[Ty::V128, Ty::V128, Ty::I32],
    ret: Ty::V128,
    pure: true,
    meaning: Meaning::ByteExtract,
};

fn extract(low: u128, high: u128, position: u32) -> u128 {
    match position % 16 {
        0 => low,
        p => low >> (8 * p) | high << (128 - 8 * p),
    }
}

/// TBL, TBX (A64), VTBL, VTBX (A32): args four 16-byte table registers, the index
/// vector, the fallback vector, the number of table registers in use (1 to 4). Each
/// result byte is the table byte its index names, or the fallback byte for an index past
/// the table. Looks up all 16 bytes; the caller keeps the ones it needs.
pub static TABLE_LOOKUP: Helper = Helper {
    name: "table_lookup",
    func: |_, a| table_lookup(a, 16 * (a[6] as usize).min(4)),
    args: &[Ty::V128, Ty::V128, Ty::V128, Ty::V128, Ty::V128, Ty::V128, Ty::I32],
    ret: Ty::V128,
    pure: true,
    meaning: Meaning::ByteLookup,
};

/// [`TABLE_LOOKUP`] with the table's length in bytes (at most 64) as the last argument:
/// A32's tables of one or three 8-byte D registers end inside a 16-byte part.
pub static TABLE_LOOKUP_BYTES: Helper = Helper {
    name: "table_lookup_bytes",
    func: |_, a| table_lookup(a, (a[6] as usize).min(64)),
    args: &[Ty::V128, Ty::V128, Ty::V128, Ty::V128, Ty::V128, Ty::V128, Ty::I32],
    ret: Ty::V128,
    pure: true,
    meaning: Meaning::Opaque,
};

fn table_lookup(a: &[u128], len: usize) -> u128 {
    let (indices, fallback) = (a[4], a[5]);
    let mut table = [0u8; 64];
    for (r, chunk) in table.chunks_exact_mut(16).enumerate() {
        chunk.copy_from_slice(&a[r].to_le_bytes());
    }
    let mut out = fallback.to_le_bytes();
    for (i, &index) in indices.to_le_bytes().iter().enumerate() {
        if (index as usize) < len {
            out[i] = table[index as usize];
        }
    }
    u128::from_le_bytes(out)
}

/// The structure loads (A64's LD2-LD4, A32's VLD2-VLD4): args the loaded bytes as four
/// V128 pieces (64 bytes, least significant first), params = size | selems << 2 |
/// register << 5 | Q << 7. Returns that register of the structure list (its elements
/// `register`, `register + selems`, ... of the image), upper half zero for Q=0.
pub static DEINTERLEAVE: Helper = Helper {
    name: "deinterleave",
    func: deinterleave,
    args: &[Ty::V128, Ty::V128, Ty::V128, Ty::V128, Ty::I32],
    ret: Ty::V128,
    pure: true,
    meaning: Meaning::Opaque,
};

fn deinterleave(_: &mut CpuState, a: &[u128]) -> u128 {
    let params = a[4] as u32;
    let ebytes = 1usize << (params & 3);
    let selems = ((params >> 2) & 7) as usize;
    let t = ((params >> 5) & 3) as usize;
    let regbytes = if params & (1 << 7) != 0 { 16 } else { 8 };
    let mut image = [0u8; 64];
    for (i, piece) in image.chunks_exact_mut(16).enumerate() {
        piece.copy_from_slice(&a[i].to_le_bytes());
    }
    let mut out = [0u8; 16];
    for (j, byte) in out.iter_mut().enumerate().take(regbytes) {
        let (e, b) = (j / ebytes, j % ebytes);
        *byte = image[(e * selems + t) * ebytes + b];
    }
    u128::from_le_bytes(out)
}

/// The structure stores: args the four registers of the list (unused ones repeated),
/// params = size | selems << 2 | piece << 5. Returns bytes 16 * piece .. 16 * piece + 16
/// of the interleaved memory image.
pub static INTERLEAVE: Helper = Helper {
    name: "interleave",
    func: interleave,
    args: &[Ty::V128, Ty::V128, Ty::V128, Ty::V128, Ty::I32],
    ret: Ty::V128,
    pure: true,
    meaning: Meaning::Opaque,
};

fn interleave(_: &mut CpuState, a: &[u128]) -> u128 {
    let params = a[4] as u32;
    let ebytes = 1usize << (params & 3);
    let selems = ((params >> 2) & 7) as usize;
    let piece = ((params >> 5) & 3) as usize;
    let regs = [a[0].to_le_bytes(), a[1].to_le_bytes(), a[2].to_le_bytes(), a[3].to_le_bytes()];
    let mut out = [0u8; 16];
    for (j, byte) in out.iter_mut().enumerate() {
        let p = piece * 16 + j;
        let (elem, b) = (p / ebytes, p % ebytes);
        let (e, t) = (elem / selems, elem % selems);
        // Bytes past the end of the registers are never stored.
        *byte = regs[t].get(e * ebytes + b).copied().unwrap_or(0);
    }
    u128::from_le_bytes(out)
}

#[cfg(test)]
mod tests {
    use super::extract;

    #[test]
    fn extract_takes_sixteen_bytes_of_high_low_from_the_position() {
        // Byte k of low is k, of high 16 + k: byte j of the result must be position + j.
        let low = u128::from_le_bytes(std::array::from_fn(|k| k as u8));
        let high = u128::from_le_bytes(std::array::from_fn(|k| 16 + k as u8));
        for position in 0..16u32 {
            let want = u128::from_le_bytes(std::array::from_fn(|j| (position as usize + j) as u8));
            assert_eq!(extract(low, high, position), want, "position {position}");
        }
    }
}
