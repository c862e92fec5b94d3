//! AES, carry-less multiply and SHA helpers (`Meaning::Aes`, `ClMul64`, `Sha`) on the
//! host's AES-NI, PCLMULQDQ and SHA-NI. `inline.rs` sends them here only when the host
//! has the extension; otherwise the helper (portable code) is called.
//!
//! The meanings number words from the least significant, as the guest's registers hold
//! them; SHA-NI keeps its state words in the opposite order (A in the top dword) and
//! split differently (ABEF/CDGH for SHA-256), so the SHA steps shuffle on the way in
//! and out.

use super::{x64, Emitter, RAX, RCX};
use crossrun_ir::{AesStep, Sha1Function, ShaStep, Value};
use dynasmrt::{DynasmApi, DynasmLabelApi};

/// x86's SHA1RNDS4 adds these round constants itself (selected by its immediate); the
/// guest's schedule words already include one, so it is taken back out first.
const SHA1_K: [u32; 3] = [0x5a82_7999, 0x6ed9_eba1, 0x8f1b_bcdc];

impl Emitter<'_> {
    pub(super) fn aes(&mut self, i: usize, step: AesStep, args: &[Value]) {
        match step {
            AesStep::Encrypt | AesStep::Decrypt => {
                // The guest's round adds the key first; x86's last-round instructions
                // add theirs last, so they get a zero key.
                self.load_vec(1, args[1]);
                self.load_xmm0(args[0]);
                x64!(self.asm
                    ; pxor xmm0, xmm1
                    ; pxor xmm1, xmm1
                );
                if step == AesStep::Encrypt {
                    x64!(self.asm; aesenclast xmm0, xmm1);
                } else {
                    x64!(self.asm; aesdeclast xmm0, xmm1);
                }
            }
            AesStep::MixColumns => {
                // AESENC(AESDECLAST(s, 0), 0) = MixColumns(SubBytes(ShiftRows(
                // InvShiftRows(InvSubBytes(s))))) = MixColumns(s).
                self.load_xmm0(args[0]);
                x64!(self.asm
                    ; pxor xmm1, xmm1
                    ; aesdeclast xmm0, xmm1
                    ; aesenc xmm0, xmm1
                );
            }
            AesStep::InvMixColumns => {
                self.load_xmm0(args[0]);
                x64!(self.asm; aesimc xmm0, xmm0);
            }
        }
        self.v128_result(i);
    }

    pub(super) fn clmul64(&mut self, i: usize, a: Value, b: Value) {
        self.load(RAX, a);
        self.load(RCX, b);
        x64!(self.asm
            ; movq xmm0, rax
            ; movq xmm1, rcx
            ; pclmulqdq xmm0, xmm1, 0
        );
        self.v128_result(i);
    }

    pub(super) fn sha(&mut self, i: usize, step: ShaStep, args: &[Value]) {
        match step {
            ShaStep::Sha256RoundsAbcd | ShaStep::Sha256RoundsEfgh => {
                let (abcd, efgh) = if step == ShaStep::Sha256RoundsAbcd { (args[0], args[1]) } else { (args[1], args[0]) };
                self.load_vec(3, abcd);
                self.load_vec(4, efgh);
                // SHA256RNDS2 takes the round inputs in xmm0.
                self.load_xmm0(args[2]);
                x64!(self.asm
                    // xmm1 = ABEF = [f, e, b, a], xmm2 = CDGH = [h, g, d, c] (word 0 first).
                    ; movdqa xmm1, xmm4
                    ; punpcklqdq xmm1, xmm3
                    ; pshufd xmm1, xmm1, 0xb1u8 as i8
                    ; movdqa xmm2, xmm4
                    ; punpckhqdq xmm2, xmm3
                    ; pshufd xmm2, xmm2, 0xb1u8 as i8
                    // Two rounds with words 0 and 1, two with words 2 and 3; the new
                    // ABEF ends in xmm1, CDGH in xmm2.
                    ; sha256rnds2 xmm2, xmm1
                    ; pshufd xmm0, xmm0, 0x0e
                    ; sha256rnds2 xmm1, xmm2
                    ; movdqa xmm0, xmm1
                );
                if step == ShaStep::Sha256RoundsAbcd {
                    // [b, a, d, c] -> [a, b, c, d]
                    x64!(self.asm; punpckhqdq xmm0, xmm2);
                } else {
                    // [f, e, h, g] -> [e, f, g, h]
                    x64!(self.asm; punpcklqdq xmm0, xmm2);
                }
                x64!(self.asm; pshufd xmm0, xmm0, 0xb1u8 as i8);
            }
            ShaStep::Sha256Schedule0 => {
                self.load_vec(1, args[1]);
                self.load_xmm0(args[0]);
                x64!(self.asm; sha256msg1 xmm0, xmm1);
            }
            ShaStep::Sha256Schedule1 => {
                // SHA256MSG2(x + [w9, w10, w11, w12], w12..w15).
                self.load_vec(1, args[1]);
                self.load_vec(2, args[2]);
                self.load_xmm0(args[0]);
                x64!(self.asm
                    ; movdqa xmm3, xmm2
                    ; palignr xmm3, xmm1, 4
                    ; paddd xmm0, xmm3
                    ; sha256msg2 xmm0, xmm2
                );
            }
            ShaStep::Sha1Rounds(f) => {
                let (imm, k) = match f {
                    Sha1Function::Choose => (0, SHA1_K[0]),
                    Sha1Function::Parity => (1, SHA1_K[1]),
                    Sha1Function::Majority => (2, SHA1_K[2]),
                };
                let k = k as u128;
                let k = self.const_label(k | k << 32 | k << 64 | k << 96);
                self.load_vec(1, args[1]);
                self.load_vec(2, args[2]);
                self.load_xmm0(args[0]);
                x64!(self.asm
                    // xmm2 = [w3, w2, w1, w0 + e] without the guest's round constant.
                    ; psubd xmm2, [=>k]
                    ; pshufd xmm2, xmm2, 0x1b
                    ; pslldq xmm1, 12
                    ; paddd xmm2, xmm1
                    ; pshufd xmm0, xmm0, 0x1b
                    ; sha1rnds4 xmm0, xmm2, imm
                    ; pshufd xmm0, xmm0, 0x1b
                );
            }
            ShaStep::Sha1Schedule0 => {
                // w0 ^ w8 ^ [w0[2], w0[3], w4[0], w4[1]].
                self.load_vec(1, args[1]);
                self.load_vec(2, args[2]);
                self.load_xmm0(args[0]);
                x64!(self.asm
                    ; palignr xmm1, xmm0, 8
                    ; pxor xmm0, xmm2
                    ; pxor xmm0, xmm1
                );
            }
            ShaStep::Sha1Schedule1 => {
                self.load_vec(1, args[1]);
                self.load_xmm0(args[0]);
                x64!(self.asm
                    ; pshufd xmm0, xmm0, 0x1b
                    ; pshufd xmm1, xmm1, 0x1b
                    ; sha1msg2 xmm0, xmm1
                    ; pshufd xmm0, xmm0, 0x1b
                );
            }
        }
        self.v128_result(i);
    }
}
