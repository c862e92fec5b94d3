//! Crypto extension: AES (AESE, AESD, AESMC, AESIMC), SHA-1 (SHA1C/P/M/H/SU0/SU1),
//! SHA-256 (SHA256H/H2/SU0/SU1) and PMULL/PMULL2 with 64-bit elements, checked with
//! the known answers published in FIPS-197 and FIPS 180-4.

mod support;

use crossrun_exec::Exit;
use crossrun_ir::{CpuState, TrapKind};

fn hex(s: &str) -> Vec<u8> {
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
}

/// A 16-byte block as a register value: byte i of the block in bits 8i+7:8i, which is
/// what LD1 {Vt.16B} makes of it in memory order.
fn block(s: &str) -> u128 {
    u128::from_le_bytes(hex(s).try_into().unwrap())
}

// --- An AES-128 key expansion (FIPS-197 §5.2), written independently of the frontend:
// the S-box comes from log/antilog tables with generator {03} and the bitwise affine
// transformation of equation (5.1).

fn xtime(b: u8) -> u8 {
    (b << 1) ^ if b & 0x80 != 0 { 0x1b } else { 0 }
}

fn sbox() -> [u8; 256] {
    let (mut exp, mut log) = ([0u8; 255], [0usize; 256]);
    let mut x = 1u8;
    for (i, e) in exp.iter_mut().enumerate() {
        *e = x;
        log[x as usize] = i;
        x ^= xtime(x); // x * {03}
    }
    std::array::from_fn(|a| {
        let b = if a == 0 { 0 } else { exp[(255 - log[a]) % 255] };
        let mut out = 0u8;
        for i in 0..8 {
            let bit = |k: usize| (b >> ((i + k) % 8)) & 1;
            out |= (bit(0) ^ bit(4) ^ bit(5) ^ bit(6) ^ bit(7) ^ ((0x63 >> i) & 1)) << i;
        }
        out
    })
}

/// The 11 round keys of AES-128, each as a register value.
fn expand_key(key: &str) -> [u128; 11] {
    let s = sbox();
    let key = hex(key);
    let mut w: Vec<[u8; 4]> = key.chunks(4).map(|c| c.try_into().unwrap()).collect();
    let mut rcon = 1u8;
    for i in 4..44 {
        let mut temp = w[i - 1];
        if i % 4 == 0 {
            temp = [s[temp[1] as usize] ^ rcon, s[temp[2] as usize], s[temp[3] as usize], s[temp[0] as usize]];
            rcon = xtime(rcon);
        }
        w.push(std::array::from_fn(|j| w[i - 4][j] ^ temp[j]));
    }
    std::array::from_fn(|r| u128::from_le_bytes(w[4 * r..4 * r + 4].concat().try_into().unwrap()))
}

#[test]
fn key_expansion_matches_fips_197_appendix_a() {
    // The test's own helper, against FIPS-197 A.1 (w40..w43).
    assert_eq!(expand_key("2b7e151628aed2a6abf7158809cf4f3c")[10], block("d014f9a8c9ee2589e13f0cc8b6630ca6"));
}

fn aese(n: u32) -> u32 {
    0x4e284800 | n << 5 // aese v0.16b, vn.16b
}
fn aesd(n: u32) -> u32 {
    0x4e285800 | n << 5 // aesd v0.16b, vn.16b
}
const AESMC_V0: u32 = 0x4e286800; // aesmc v0.16b, v0.16b
const AESIMC_V0: u32 = 0x4e287800; // aesimc v0.16b, v0.16b

/// Encrypts with AESE/AESMC: round keys 0..9 in V1..V10; the last AddRoundKey (an EOR,
/// not part of this group) is done here.
fn encrypt(key: &str, plaintext: &str) -> u128 {
    let rk = expand_key(key);
    let mut code = Vec::new();
    for r in 1..=10 {
        code.push(aese(r));
        if r < 10 {
            code.push(AESMC_V0);
        }
    }
    let mut cpu = CpuState::default();
    cpu.v[0] = block(plaintext);
    cpu.v[1..=10].copy_from_slice(&rk[..10]);
    support::run_both(&code, cpu).v[0] ^ rk[10]
}

/// Decrypts with AESD/AESIMC (the equivalent inverse cipher, FIPS-197 §5.3.5): the
/// middle round keys go through AESIMC first, in the emulator.
fn decrypt(key: &str, ciphertext: &str) -> u128 {
    let rk = expand_key(key);
    let mut code = Vec::new();
    // aesimc v(11+i), v(1+i) for round keys 1..9 held in V2..V10.
    for r in 1..=9u32 {
        code.push(0x4e287800 | (1 + r) << 5 | (11 + r));
    }
    // Round key 10 is in V11 as is; round r < 10 uses InvMixColumns(rk[r]) in V(11 + r).
    code.push(aesd(11));
    code.push(AESIMC_V0);
    for r in (1..=9).rev() {
        code.push(aesd(11 + r));
        if r > 1 {
            code.push(AESIMC_V0);
        }
    }
    let mut cpu = CpuState::default();
    cpu.v[0] = block(ciphertext);
    cpu.v[1..=11].copy_from_slice(&rk);
    support::run_both(&code, cpu).v[0] ^ rk[0]
}

#[test]
fn aes128_fips_197_known_answers() {
    // FIPS-197 Appendix B.
    assert_eq!(encrypt("2b7e151628aed2a6abf7158809cf4f3c", "3243f6a8885a308d313198a2e0370734"), block("3925841d02dc09fbdc118597196a0b32"));
    // FIPS-197 Appendix C.1.
    assert_eq!(encrypt("000102030405060708090a0b0c0d0e0f", "00112233445566778899aabbccddeeff"), block("69c4e0d86a7b0430d8cdb78070b4c55a"));
    assert_eq!(decrypt("000102030405060708090a0b0c0d0e0f", "69c4e0d86a7b0430d8cdb78070b4c55a"), block("00112233445566778899aabbccddeeff"));
    assert_eq!(decrypt("2b7e151628aed2a6abf7158809cf4f3c", "3925841d02dc09fbdc118597196a0b32"), block("3243f6a8885a308d313198a2e0370734"));
}

fn run1(insn: u32, v3: u128, v4: u128) -> u128 {
    let mut cpu = CpuState::default();
    cpu.v[3] = v3;
    cpu.v[4] = v4;
    support::run_both(&[insn], cpu).v[3]
}

#[test]
fn aes_single_steps_fips_197_round_1() {
    // FIPS-197 Appendix B, round 1: start of round, after ShiftRows, after MixColumns.
    let start = block("193de3bea0f4e22b9ac68d2ae9f84808");
    let shifted = block("d4bf5d30e0b452aeb84111f11e2798e5");
    let mixed = block("046681e5e0cb199a48f8d37a2806264c");
    // aese v3.16b, v4.16b with the state split between Vd and Vn (it XORs them first).
    assert_eq!(run1(0x4e284883, start ^ 0x1234, 0x1234), shifted);
    // aesd v3.16b, v4.16b undoes it.
    assert_eq!(run1(0x4e285883, shifted, 0), start);
    // aesmc v3.16b, v4.16b: only Vn is read.
    assert_eq!(run1(0x4e286883, u128::MAX, shifted), mixed);
    // aesimc v3.16b, v4.16b
    assert_eq!(run1(0x4e287883, u128::MAX, mixed), shifted);
    // aese v0.16b, v0.16b: the state is Vd EOR Vn = 0, and S(0) = {63}.
    let mut cpu = CpuState::default();
    cpu.v[0] = 0xdead_beef;
    assert_eq!(support::run_both(&[0x4e284800], cpu).v[0], u128::from_le_bytes([0x63; 16]));
}

// --- SHA-256 (FIPS 180-4 §6.2) driven the way AArch64 code does it, four rounds per
// SHA256H/SHA256H2 pair. Constants are derived exactly with integer roots (§4.2.2,
// §5.3.3); the vector adds of W + K and of the final state are done here, as they are
// integer arithmetic outside this group.

/// floor(x^(1/k)) for k = 2 or 3.
fn iroot(x: u128, k: u32) -> u128 {
    let (mut lo, mut hi) = (0u128, 1u128 << (128 / k + 1));
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if mid.checked_pow(k).is_some_and(|p| p <= x) {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    lo
}

fn primes(n: usize) -> Vec<u128> {
    (2u128..).filter(|&p| (2..p).take_while(|d| d * d <= p).all(|d| p % d != 0)).take(n).collect()
}

fn lanes(v: u128) -> [u32; 4] {
    std::array::from_fn(|i| (v >> (32 * i)) as u32)
}

fn from_lanes(l: [u32; 4]) -> u128 {
    l.iter().enumerate().map(|(i, &x)| (x as u128) << (32 * i)).sum()
}

fn add4(a: u128, b: u128) -> u128 {
    let (a, b) = (lanes(a), lanes(b));
    from_lanes(std::array::from_fn(|i| a[i].wrapping_add(b[i])))
}

/// The padded one-block message "abc" as 16 big-endian words.
fn abc_block() -> [u32; 16] {
    let mut m = [0u8; 64];
    m[..3].copy_from_slice(b"abc");
    m[3] = 0x80;
    m[63] = 24; // length in bits
    std::array::from_fn(|i| u32::from_be_bytes(m[4 * i..4 * i + 4].try_into().unwrap()))
}

fn run_with(code: &[u32], cpu: &mut CpuState) {
    *cpu = support::run_both(code, cpu.clone());
}

#[test]
fn sha256_of_abc() {
    let k: Vec<u32> = primes(64).iter().map(|&p| iroot(p << 96, 3) as u32).collect();
    let h0: Vec<u32> = primes(8).iter().map(|&p| iroot(p << 64, 2) as u32).collect();
    assert_eq!((k[0], k[63], h0[0], h0[7]), (0x428a2f98, 0xc67178f2, 0x6a09e667, 0x5be0cd19));

    let m = abc_block();
    let mut w: [u128; 4] = std::array::from_fn(|i| from_lanes(m[4 * i..4 * i + 4].try_into().unwrap()));
    let init = [from_lanes(h0[..4].try_into().unwrap()), from_lanes(h0[4..].try_into().unwrap())];
    let mut cpu = CpuState::default();
    (cpu.v[0], cpu.v[1]) = (init[0], init[1]);
    for g in 0..16 {
        cpu.v[16] = add4(w[g % 4], from_lanes(k[4 * g..4 * g + 4].try_into().unwrap()));
        run_with(
            &[
                0x6e000002, // ext v2.16b, v0.16b, v0.16b, #0 (a copy of abcd)
                0x5e104020, // sha256h q0, q1, v16.4s
                0x5e105041, // sha256h2 q1, q2, v16.4s
            ],
            &mut cpu,
        );
        if g < 12 {
            // W[4g+16..4g+19] from the four previous groups of the schedule.
            for i in 0..4 {
                cpu.v[4 + i] = w[(g + i) % 4];
            }
            run_with(
                &[
                    0x5e2828a4, // sha256su0 v4.4s, v5.4s
                    0x5e0760c4, // sha256su1 v4.4s, v6.4s, v7.4s
                ],
                &mut cpu,
            );
            w[g % 4] = cpu.v[4];
        }
    }
    let digest: Vec<u32> = [add4(cpu.v[0], init[0]), add4(cpu.v[1], init[1])].iter().flat_map(|&v| lanes(v)).collect();
    // FIPS 180-4 example (SHA256.pdf): SHA-256("abc").
    assert_eq!(digest, [0xba7816bf, 0x8f01cfea, 0x414140de, 0x5dae2223, 0xb00361a3, 0x96177a9c, 0xb410ff61, 0xf20015ad]);
}

#[test]
fn sha1_of_abc() {
    // FIPS 180-4 §5.3.1 and §4.2.1.
    let h0 = [0x67452301u32, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0];
    let k = [0x5a827999u32, 0x6ed9eba1, 0x8f1bbcdc, 0xca62c1d6];
    let m = abc_block();
    let mut w: [u128; 4] = std::array::from_fn(|i| from_lanes(m[4 * i..4 * i + 4].try_into().unwrap()));
    let init = from_lanes(h0[..4].try_into().unwrap());
    let mut cpu = CpuState::default();
    cpu.v[0] = init;
    cpu.v[1] = h0[4] as u128;
    for g in 0..20 {
        cpu.v[16] = add4(w[g % 4], from_lanes([k[g / 5]; 4]));
        let round = match g / 5 {
            0 => 0x5e100020, // sha1c q0, s1, v16.4s
            2 => 0x5e102020, // sha1m q0, s1, v16.4s
            _ => 0x5e101020, // sha1p q0, s1, v16.4s
        };
        run_with(
            &[
                0x5e280802, // sha1h s2, s0 (e of the next group: a rotated by 30)
                round,
                0x5e040441, // mov s1, v2.s[0]
            ],
            &mut cpu,
        );
        if g < 16 {
            for i in 0..4 {
                cpu.v[4 + i] = w[(g + i) % 4];
            }
            run_with(
                &[
                    0x5e0630a4, // sha1su0 v4.4s, v5.4s, v6.4s
                    0x5e2818e4, // sha1su1 v4.4s, v7.4s
                ],
                &mut cpu,
            );
            w[g % 4] = cpu.v[4];
        }
    }
    let mut digest = lanes(add4(cpu.v[0], init)).to_vec();
    digest.push((cpu.v[1] as u32).wrapping_add(h0[4]));
    // FIPS 180-4 example (SHA1.pdf): SHA-1("abc").
    assert_eq!(digest, [0xa9993e36, 0x4706816a, 0xba3e2571, 0x7850c26c, 0x9cd0d89d]);
}

#[test]
fn sha_scalar_results_zero_the_rest() {
    // sha1h s2, s0: ROL(0x80000001, 30) = 0x60000000, upper bits cleared.
    let mut cpu = CpuState::default();
    cpu.v[0] = 0xffff_ffff_ffff_ffff_ffff_ffff_8000_0001;
    cpu.v[2] = u128::MAX;
    assert_eq!(support::run_both(&[0x5e280802], cpu).v[2], 0x6000_0000);
}

#[test]
fn pmull_64bit_elements() {
    // Needs the PMULL row of AdvSIMD three different (the arithmetic group).
    let mut cpu = CpuState::default();
    cpu.v[2] = (0x8000_0000_0000_0001u128 << 64) | 0xffff_ffff_ffff_ffff;
    cpu.v[3] = (0x3u128 << 64) | 0xffff_ffff_ffff_ffff;
    // pmull2 v1.1q, v2.2d, v3.2d: (x^63 + 1)(x + 1) = x^64 + x^63 + x + 1.
    let out = support::run_both(&[0x4ee3e041], cpu.clone());
    assert_eq!(out.v[1], 0x1_8000_0000_0000_0003);
    // pmull v1.1q, v2.1d, v3.1d: the all-ones polynomial squared has only even powers.
    let out = support::run_both(&[0x0ee3e041], cpu);
    assert_eq!(out.v[1], 0x5555_5555_5555_5555_5555_5555_5555_5555);
}

#[test]
fn reserved_encodings_are_undefined() {
    for insn in [
        0x4e684820u32, // aese with size = 01
        0x4e280820,    // AES opcode 00000 (unallocated)
        0x4e288820,    // AES opcode 01000 (unallocated)
        0x5e430020,    // sha1c with size = 01
        0x5e037041,    // three-register SHA opcode 111 (unallocated)
        0x5e283841,    // two-register SHA opcode 00011 (unallocated)
        0x5e680802,    // sha1h with size = 01
    ] {
        let mut cpu = CpuState::default();
        let (exit, _) = support::run_until_exit(&[insn], &mut cpu);
        assert_eq!(exit, Exit::Trap(TrapKind::Undefined { insn }), "{insn:#010x}");
    }
}
