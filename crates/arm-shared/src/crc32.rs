//! CRC32B/H/W/X and CRC32CB/CH/CW/CX (A64), CRC32B/H/W and CRC32CB/CH/CW (A32, T32).
//!
//! The Arm ARM defines them on bit-reversed operands: BitReverse(Poly32Mod2(
//! BitReverse(acc):Zeros(size) EOR BitReverse(val):Zeros(32), poly)). That is the usual
//! reflected, table-driven CRC update over the bytes of the value, low byte first, with
//! neither the initial nor the final inversion of zlib's crc32().

use crossrun_ir::{CpuState, Helper, Meaning, Ty};

/// The remainder table of a reflected polynomial: entry i is the CRC of byte i.
const fn table(reflected_poly: u32) -> [u32; 256] {
    let mut t = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 { (c >> 1) ^ reflected_poly } else { c >> 1 };
            k += 1;
        }
        t[i] = c;
        i += 1;
    }
    t
}

/// 0x04C11DB7 bit-reversed (CRC-32, as in zlib and Ethernet).
static CRC32_TABLE: [u32; 256] = table(0xEDB8_8320);
/// 0x1EDC6F41 bit-reversed (CRC-32C, Castagnoli).
static CRC32C_TABLE: [u32; 256] = table(0x82F6_3B78);

/// Folds the low `bytes` bytes of `val` into `acc`.
fn update(table: &[u32; 256], acc: u32, val: u64, bytes: u32) -> u32 {
    let mut crc = acc;
    for i in 0..bytes {
        let byte = (val >> (8 * i)) as u8;
        crc = table[((crc as u8) ^ byte) as usize] ^ (crc >> 8);
    }
    crc
}

fn crc32_fn(_: &mut CpuState, args: &[u128]) -> u128 {
    update(&CRC32_TABLE, args[0] as u32, args[1] as u64, args[2] as u32) as u128
}

fn crc32c_fn(_: &mut CpuState, args: &[u128]) -> u128 {
    update(&CRC32C_TABLE, args[0] as u32, args[1] as u64, args[2] as u32) as u128
}

/// Arguments: the accumulator (I32), the value (I64, its low bytes used) and its size in
/// bytes (I32: 1, 2, 4 or 8).
pub static CRC32: Helper =
    Helper { name: "crc32", func: crc32_fn, args: &[Ty::I32, Ty::I64, Ty::I32], ret: Ty::I32, pure: true, meaning: Meaning::Opaque };
pub static CRC32C: Helper =
    Helper { name: "crc32c", func: crc32c_fn, args: &[Ty::I32, Ty::I64, Ty::I32], ret: Ty::I32, pure: true, meaning: Meaning::Opaque };

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_values() {
        // The standard check value is the CRC of "123456789" with both inversions.
        let crc = |t, s: &[u8]| !s.iter().fold(!0u32, |acc, &b| update(t, acc, b as u64, 1));
        assert_eq!(crc(&CRC32_TABLE, b"123456789"), 0xCBF4_3926);
        assert_eq!(crc(&CRC32C_TABLE, b"123456789"), 0xE306_9283);
    }
}
