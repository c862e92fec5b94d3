//! Data processing (immediate): logical (immediate), i.e. AND, ORR, EOR, ANDS and the
//! aliases MOV (bitmask immediate) and TST; and DecodeBitMasks(), which the bitfield
//! instructions share.

use super::operands::datasize;
use crate::decoder::{Fields, Row};
use crate::row;
use crate::translate::{Tr, Undefined};

pub(crate) const ROWS: &[Row] = &[row!(
    "AND/ORR/EOR/ANDS (immediate)",
    "zoo100100Nrrrrrrssssssnnnnnddddd",
    logical_imm
)];

/// The low `n` bits set (n <= 64).
fn ones(n: u32) -> u64 {
    if n >= 64 {
        u64::MAX
    } else {
        (1u64 << n) - 1
    }
}

/// `elem` (of `esize` bits) repeated to fill `datasize` bits.
fn replicate(elem: u64, esize: u32, datasize: u32) -> u64 {
    let mut out = 0u64;
    let mut at = 0;
    while at < datasize {
        out |= elem << at;
        at += esize;
    }
    out
}

/// Rotates the `esize`-bit `elem` right by `r` (< esize).
fn ror_elem(elem: u64, r: u32, esize: u32) -> u64 {
    if r == 0 {
        elem
    } else {
        ((elem >> r) | (elem << (esize - r))) & ones(esize)
    }
}

/// DecodeBitMasks(N, imms, immr, immediate, datasize): `(wmask, tmask)`, or `None` for
/// the reserved encodings (no element size, an element wider than the register, or, for
/// logical immediates, an all-ones element).
pub(super) fn decode_bit_masks(n: u32, imms: u32, immr: u32, immediate: bool, datasize: u32) -> Option<(u64, u64)> {
    let combined = (n << 6) | (!imms & 0x3f);
    if combined < 2 {
        return None;
    }
    let len = 31 - combined.leading_zeros();
    let esize = 1u32 << len;
    if esize > datasize {
        return None;
    }
    let levels = esize - 1;
    if immediate && imms & levels == levels {
        return None;
    }
    let s = imms & levels;
    let r = immr & levels;
    let d = s.wrapping_sub(r) & levels;
    let wmask = replicate(ror_elem(ones(s + 1), r, esize), esize, datasize);
    let tmask = replicate(ones(d + 1), esize, datasize);
    Some((wmask, tmask))
}

fn logical_imm(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let sf = f.bit('z');
    let (imm, _) =
        decode_bit_masks(f.get('N'), f.get('s'), f.get('r'), true, datasize(sf)).ok_or(Undefined)?;
    let n = tr.reg(sf, f.reg('n'));
    let m = tr.imm(sf, imm);
    let d = f.reg('d');
    match f.get('o') {
        0 => {
            let r = tr.b.and(n, m);
            tr.set_reg_sp(d, r);
        }
        1 => {
            let r = tr.b.or(n, m);
            tr.set_reg_sp(d, r);
        }
        2 => {
            let r = tr.b.xor(n, m);
            tr.set_reg_sp(d, r);
        }
        _ => {
            let r = tr.b.and(n, m);
            let flags = tr.b.flags_logic(r);
            tr.set_nzcv(flags);
            tr.set_reg(d, r);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::decode_bit_masks;

    #[test]
    fn bit_masks_of_known_immediates() {
        // and x0, x1, #0xff: N=1 immr=0 imms=000111.
        assert_eq!(decode_bit_masks(1, 0b000111, 0, true, 64).map(|m| m.0), Some(0xff));
        // orr w0, w1, #0x55555555: N=0 immr=0 imms=111100 (2-bit elements "01").
        assert_eq!(decode_bit_masks(0, 0b111100, 0, true, 32).map(|m| m.0), Some(0x5555_5555));
        // and x0, x1, #0x8000000000000000: N=1 immr=1 imms=0.
        assert_eq!(decode_bit_masks(1, 0, 1, true, 64).map(|m| m.0), Some(1 << 63));
        // All-ones elements and N=1 in 32 bits are reserved.
        assert_eq!(decode_bit_masks(1, 0b111111, 0, true, 64), None);
        assert_eq!(decode_bit_masks(0, 0b111101, 0, true, 64), None);
        assert_eq!(decode_bit_masks(0, 0b111110, 0, true, 64), None);
        assert_eq!(decode_bit_masks(1, 0, 0, true, 32), None);
        // Bitfield use: the all-ones element is allowed (ubfm x0, x1, #0, #63 = mov).
        assert_eq!(decode_bit_masks(1, 63, 0, false, 64), Some((u64::MAX, u64::MAX)));
    }
}
