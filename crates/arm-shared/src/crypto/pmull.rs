//! The 64 x 64 -> 128-bit polynomial (carry-less) multiply behind A64's PMULL/PMULL2 with
//! 64-bit elements (the 1Q arrangement) and A32's VMULL.P64, part of the Crypto
//! extension: [`PMULL64`] takes the two 64-bit operands.

use crossrun_ir::{CpuState, Helper, Meaning, Ty};

/// Carry-less product of two 64-bit polynomials over GF(2), four bits of `b` at a time:
/// the products of `a` with every 4-bit polynomial are tabulated first.
pub fn pmull64(a: u64, b: u64) -> u128 {
    let mut table = [0u128; 16];
    for i in 1..16 {
        // i = (i with its lowest set bit cleared) + that bit.
        let low = i & (i - 1);
        table[i] = table[low] ^ (a as u128) << (i ^ low).trailing_zeros();
    }
    (0..16).rev().fold(0u128, |acc, k| acc << 4 ^ table[(b >> (4 * k)) as usize & 15])
}

/// args: the two I64 operands; returns their V128 carry-less product.
pub static PMULL64: Helper = Helper {
    name: "pmull64",
    func: pmull64_helper,
    args: &[Ty::I64, Ty::I64],
    ret: Ty::V128,
    pure: true,
    meaning: Meaning::ClMul64,
};

fn pmull64_helper(_: &mut CpuState, a: &[u128]) -> u128 {
    pmull64(a[0] as u64, a[1] as u64)
}

#[cfg(test)]
mod tests {
    use super::pmull64;

    #[test]
    fn known_products() {
        // (x + 1)^2 = x^2 + 1 over GF(2).
        assert_eq!(pmull64(0b11, 0b11), 0b101);
        // x^63 * x^63 = x^126.
        assert_eq!(pmull64(1 << 63, 1 << 63), 1u128 << 126);
        assert_eq!(pmull64(u64::MAX, 0), 0);
        // (x^64 - 1)/(x - 1) squared has only even powers: all-ones squared is 0x5555...
        assert_eq!(pmull64(u64::MAX, u64::MAX), 0x5555_5555_5555_5555_5555_5555_5555_5555);
    }

    /// One bit of `b` at a time, as the definition reads.
    fn bit_by_bit(a: u64, b: u64) -> u128 {
        (0..64).filter(|i| b >> i & 1 != 0).fold(0, |acc, i| acc ^ (a as u128) << i)
    }

    #[test]
    fn matches_the_definition() {
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..1000 {
            let y = x.rotate_left(23) ^ x >> 5;
            assert_eq!(pmull64(x, y), bit_by_bit(x, y));
            x = x.wrapping_mul(0x2545_f491_4f6c_dd1d) ^ 0x1234;
        }
    }
}
