//! AES: the AESE, AESD, AESMC and AESIMC steps (A64's and A32's instructions of those
//! names compute the same thing).
//!
//! The S-boxes are computed at compile time from their definition in FIPS-197 §5.1.1
//! (multiplicative inverse in GF(2^8) followed by the affine transformation), so no
//! table has to be trusted. The state's byte i is register byte i (bits 8i+7:8i), and
//! FIPS-197 arranges the input bytes column by column: s[r][c] = byte r + 4c.

use crossrun_ir::{AesStep, CpuState, Helper, Meaning, Ty};

/// Multiplication in GF(2^8) modulo x^8 + x^4 + x^3 + x + 1.
const fn gmul(mut a: u8, mut b: u8) -> u8 {
    let mut p = 0u8;
    while b != 0 {
        if b & 1 != 0 {
            p ^= a;
        }
        let carry = a & 0x80 != 0;
        a <<= 1;
        if carry {
            a ^= 0x1b;
        }
        b >>= 1;
    }
    p
}

/// The multiplicative inverse in GF(2^8), with 0 mapped to 0: a^254.
const fn ginv(a: u8) -> u8 {
    let mut result = 1u8;
    let mut i = 0;
    while i < 254 {
        result = gmul(result, a);
        i += 1;
    }
    result
}

const fn make_sbox() -> [u8; 256] {
    let mut sbox = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let b = ginv(i as u8);
        sbox[i] = b ^ b.rotate_left(1) ^ b.rotate_left(2) ^ b.rotate_left(3) ^ b.rotate_left(4) ^ 0x63;
        i += 1;
    }
    sbox
}

const fn invert(table: &[u8; 256]) -> [u8; 256] {
    let mut inv = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        inv[table[i] as usize] = i as u8;
        i += 1;
    }
    inv
}

const SBOX: [u8; 256] = make_sbox();
const INV_SBOX: [u8; 256] = invert(&SBOX);

pub static AESE: Helper = Helper {
    name: "aese",
    func: aese_helper,
    args: &[Ty::V128, Ty::V128],
    ret: Ty::V128,
    pure: true,
    meaning: Meaning::Aes(AesStep::Encrypt),
};
pub static AESD: Helper = Helper {
    name: "aesd",
    func: aesd_helper,
    args: &[Ty::V128, Ty::V128],
    ret: Ty::V128,
    pure: true,
    meaning: Meaning::Aes(AesStep::Decrypt),
};
pub static AESMC: Helper = Helper {
    name: "aesmc",
    func: aesmc_helper,
    args: &[Ty::V128],
    ret: Ty::V128,
    pure: true,
    meaning: Meaning::Aes(AesStep::MixColumns),
};
pub static AESIMC: Helper = Helper {
    name: "aesimc",
    func: aesimc_helper,
    args: &[Ty::V128],
    ret: Ty::V128,
    pure: true,
    meaning: Meaning::Aes(AesStep::InvMixColumns),
};

/// SubBytes(ShiftRows(state)): row r moves left by r columns, s'[r][c] = s[r][c + r].
fn aese_helper(_: &mut CpuState, a: &[u128]) -> u128 {
    let state = (a[0] ^ a[1]).to_le_bytes();
    let out: [u8; 16] = std::array::from_fn(|i| {
        let (r, c) = (i % 4, i / 4);
        SBOX[state[r + 4 * ((c + r) % 4)] as usize]
    });
    u128::from_le_bytes(out)
}

/// InvSubBytes(InvShiftRows(state)): row r moves right by r columns.
fn aesd_helper(_: &mut CpuState, a: &[u128]) -> u128 {
    let state = (a[0] ^ a[1]).to_le_bytes();
    let out: [u8; 16] = std::array::from_fn(|i| {
        let (r, c) = (i % 4, i / 4);
        INV_SBOX[state[r + 4 * ((c + 4 - r) % 4)] as usize]
    });
    u128::from_le_bytes(out)
}

/// Each byte of the four columns multiplied by {02}: shifted left, reduced where its top
/// bit falls out (a byte-parallel `xtime`).
fn xtime(w: u128) -> u128 {
    const LOW7: u128 = u128::from_le_bytes([0x7f; 16]);
    const ONES: u128 = u128::from_le_bytes([0x01; 16]);
    ((w & LOW7) << 1) ^ (((w >> 7) & ONES) * 0x1b)
}

/// Every column rotated so that row r takes row r + k's byte.
fn rotate_rows(w: u128, k: u32) -> u128 {
    let column = |c: u32| ((w >> (32 * c)) as u32).rotate_right(8 * k) as u128;
    column(0) | column(1) << 32 | column(2) << 64 | column(3) << 96
}

/// MixColumns on all four columns at once: row r of a column becomes
/// {02}a_r + {03}a_r+1 + a_r+2 + a_r+3 = {02}(a_r + a_r+1) + a_r+1 + a_r+2 + a_r+3.
fn mix_columns(state: u128) -> u128 {
    let next = rotate_rows(state, 1);
    xtime(state ^ next) ^ next ^ rotate_rows(state, 2) ^ rotate_rows(state, 3)
}

/// InvMixColumns. Its matrix (rows {0e} {0b} {0d} {09}) is MixColumns' times the one with
/// rows {05} {00} {04} {00}, so a column first becomes a_r + {04}(a_r + a_r+2).
fn inv_mix_columns(state: u128) -> u128 {
    let pre = state ^ xtime(xtime(state ^ rotate_rows(state, 2)));
    mix_columns(pre)
}

fn aesmc_helper(_: &mut CpuState, a: &[u128]) -> u128 {
    mix_columns(a[0])
}

fn aesimc_helper(_: &mut CpuState, a: &[u128]) -> u128 {
    inv_mix_columns(a[0])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sbox_matches_fips_197_examples() {
        // FIPS-197 Figure 7: S-box entries for {53} and, in the text, inverse {53} = {ca}.
        assert_eq!(SBOX[0x53], 0xed);
        assert_eq!(ginv(0x53), 0xca);
        assert_eq!(SBOX[0x00], 0x63);
        assert_eq!(INV_SBOX[0xed], 0x53);
    }

    /// MixColumns by the matrix definition of FIPS-197 §5.1.3 (and its inverse, §5.3.3),
    /// one byte product at a time.
    fn mix_by_definition(state: u128, coef: [u8; 4]) -> u128 {
        let s = state.to_le_bytes();
        let out: [u8; 16] = std::array::from_fn(|i| {
            let (c, r) = (i / 4, i % 4);
            (0..4).fold(0, |acc, k| acc ^ gmul(coef[(k + 4 - r) % 4], s[4 * c + k]))
        });
        u128::from_le_bytes(out)
    }

    #[test]
    fn mix_columns_match_the_matrix_definition() {
        let mut x = 0x0123_4567_89ab_cdef_fedc_ba98_7654_3210u128;
        for _ in 0..1000 {
            assert_eq!(mix_columns(x), mix_by_definition(x, [2, 3, 1, 1]));
            assert_eq!(inv_mix_columns(x), mix_by_definition(x, [0x0e, 0x0b, 0x0d, 0x09]));
            x = x.wrapping_mul(0x2545_f491_4f6c_dd1d_9e37_79b9_7f4a_7c15).rotate_left(17) ^ 0x5a;
        }
    }

    #[test]
    fn gmul_matches_fips_197_example() {
        // FIPS-197 §4.2: {57} • {83} = {c1}, {57} • {13} = {fe}.
        assert_eq!(gmul(0x57, 0x83), 0xc1);
        assert_eq!(gmul(0x57, 0x13), 0xfe);
    }
}
