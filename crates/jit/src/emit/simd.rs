//! Integer AdvSIMD-style helpers emitted as SSE code: shifts by a constant, long
//! multiplies, widening shifts, unzip/zip, compare-equal and pairwise min/max (see
//! `inline.rs` for which meanings and shapes come here).

use super::{slot, x64, Emitter, RAX};
use crossrun_ir::{PermuteKind, Permutation, Value};
use dynasmrt::{DynasmApi, DynasmLabelApi};

impl Emitter<'_> {
    pub(super) fn vector_shift(&mut self, i: usize, a: Value, esize: u8, count: i32, signed: bool) {
        self.load_xmm0(a);
        // Counts of 128 do not fit an i8 immediate but do fit the unsigned byte the
        // instruction takes; any count >= esize has the same effect.
        let n = count.unsigned_abs().min(esize as u32) as i8;
        match (esize, count >= 0, signed) {
            (_, true, _) if count == 0 => {}
            (16, true, _) => x64!(self.asm; psllw xmm0, n),
            (32, true, _) => x64!(self.asm; pslld xmm0, n),
            (64, true, _) => x64!(self.asm; psllq xmm0, n),
            (16, false, false) => x64!(self.asm; psrlw xmm0, n),
            (32, false, false) => x64!(self.asm; psrld xmm0, n),
            (64, false, false) => x64!(self.asm; psrlq xmm0, n),
            (16, false, true) => x64!(self.asm; psraw xmm0, n),
            (32, false, true) => x64!(self.asm; psrad xmm0, n),
            _ => unreachable!("classify() admitted an unsupported shift"),
        }
        self.v128_result(i);
    }

    pub(super) fn mul_long(&mut self, i: usize, a: Value, b: Value, esize: u8, signed: bool) {
        self.load(RAX, a);
        x64!(self.asm; movq xmm0, rax);
        self.load(RAX, b);
        x64!(self.asm; movq xmm1, rax);
        match (esize, signed) {
            // Widen the bytes to words (sign- or zero-extended); the products fit.
            (8, true) => x64!(self.asm
                ; punpcklbw xmm0, xmm0
                ; psraw xmm0, 8
                ; punpcklbw xmm1, xmm1
                ; psraw xmm1, 8
                ; pmullw xmm0, xmm1
            ),
            (8, false) => x64!(self.asm
                ; pxor xmm2, xmm2
                ; punpcklbw xmm0, xmm2
                ; punpcklbw xmm1, xmm2
                ; pmullw xmm0, xmm1
            ),
            // Low and high halves of the 32-bit products, interleaved.
            (16, true) => x64!(self.asm
                ; movdqa xmm2, xmm0
                ; pmullw xmm0, xmm1
                ; pmulhw xmm2, xmm1
                ; punpcklwd xmm0, xmm2
            ),
            (16, false) => x64!(self.asm
                ; movdqa xmm2, xmm0
                ; pmullw xmm0, xmm1
                ; pmulhuw xmm2, xmm1
                ; punpcklwd xmm0, xmm2
            ),
            // pmul(u)dq multiplies dwords 0 and 2: spread lanes 0 and 1 there.
            (32, true) => x64!(self.asm
                ; pshufd xmm0, xmm0, 0x50
                ; pshufd xmm1, xmm1, 0x50
                ; pmuldq xmm0, xmm1
            ),
            (32, false) => x64!(self.asm
                ; pshufd xmm0, xmm0, 0x50
                ; pshufd xmm1, xmm1, 0x50
                ; pmuludq xmm0, xmm1
            ),
            _ => unreachable!("classify() admitted an unsupported long multiply"),
        }
        self.v128_result(i);
    }

    /// A narrowing: the low halves of the lanes, packed into the low 64 bits. The packs
    /// saturate, so each lane is first reduced to a value that fits (zero- or
    /// sign-extended from its low half), which the pack then keeps exactly.
    pub(super) fn narrow(&mut self, i: usize, a: Value, esize: u8) {
        self.load_xmm0(a);
        match esize {
            8 => x64!(self.asm; psllw xmm0, 8; psrlw xmm0, 8; packuswb xmm0, xmm0),
            16 => x64!(self.asm; pslld xmm0, 16; psrad xmm0, 16; packssdw xmm0, xmm0),
            32 => x64!(self.asm; pshufd xmm0, xmm0, 0x08),
            _ => unreachable!("classify() admitted an unsupported narrowing"),
        }
        x64!(self.asm; movq rax, xmm0);
        self.store(RAX, i);
    }

    /// A byte extract: palignr shifts high:low right by whole bytes.
    pub(super) fn byte_extract(&mut self, i: usize, low: Value, high: Value, position: u8) {
        // low first, while xmm0 may still hold it.
        self.load_vec(1, low);
        self.load_xmm0(high);
        x64!(self.asm; palignr xmm0, xmm1, position as i8);
        self.v128_result(i);
    }

    pub(super) fn widen_shift(&mut self, i: usize, a: Value, esize: u8, signed: bool, shift: u32) {
        self.load(RAX, a);
        x64!(self.asm; movq xmm0, rax);
        let n = shift as i8;
        match (esize, signed) {
            // Signed: each lane lands in the high half of its widened lane, then an
            // arithmetic shift brings it down.
            (8, true) => x64!(self.asm; punpcklbw xmm0, xmm0; psraw xmm0, 8),
            (16, true) => x64!(self.asm; punpcklwd xmm0, xmm0; psrad xmm0, 16),
            (8, false) => x64!(self.asm; pxor xmm1, xmm1; punpcklbw xmm0, xmm1),
            (16, false) => x64!(self.asm; pxor xmm1, xmm1; punpcklwd xmm0, xmm1),
            (32, false) => x64!(self.asm; pxor xmm1, xmm1; punpckldq xmm0, xmm1),
            _ => unreachable!("classify() admitted an unsupported widening"),
        }
        if shift != 0 {
            match esize {
                8 => x64!(self.asm; psllw xmm0, n),
                16 => x64!(self.asm; pslld xmm0, n),
                _ => x64!(self.asm; psllq xmm0, n),
            }
        }
        self.v128_result(i);
    }

    pub(super) fn permute(&mut self, i: usize, a: Value, b: Value, p: Permutation) {
        let (zip, part, esize, q) = (p.kind == PermuteKind::Zip, p.second, p.esize, p.full);
        let (sa, sb) = (slot(a), slot(b));
        x64!(self.asm
            ; movdqu xmm0, [r12 + sa]
            ; movdqu xmm1, [r12 + sb]
        );
        if zip {
            // Interleaving the low halves gives the first zip; for 64-bit vectors the
            // second is the high half of that, and for 128-bit ones the high-half
            // interleave.
            match (esize, part && q) {
                (8, false) => x64!(self.asm; punpcklbw xmm0, xmm1),
                (16, false) => x64!(self.asm; punpcklwd xmm0, xmm1),
                (32, false) => x64!(self.asm; punpckldq xmm0, xmm1),
                (_, false) => x64!(self.asm; punpcklqdq xmm0, xmm1),
                (8, true) => x64!(self.asm; punpckhbw xmm0, xmm1),
                (16, true) => x64!(self.asm; punpckhwd xmm0, xmm1),
                (32, true) => x64!(self.asm; punpckhdq xmm0, xmm1),
                (_, true) => x64!(self.asm; punpckhqdq xmm0, xmm1),
            }
            match (q, part) {
                (false, false) => x64!(self.asm; movq xmm0, xmm0),
                (false, true) => x64!(self.asm; psrldq xmm0, 8),
                _ => {}
            }
        } else {
            // An unzip of 64-bit vectors is the unzip of (b:a, 0), whose low half is the
            // result.
            if !q {
                x64!(self.asm
                    ; punpcklqdq xmm0, xmm1
                    ; pxor xmm1, xmm1
                );
            }
            match (esize, part) {
                // Keep the even (first form) or odd (second) lane of each pair in the low
                // half of the pair, zero-extended, then pack (no value saturates).
                (8, false) => x64!(self.asm
                    ; pcmpeqd xmm2, xmm2
                    ; psrlw xmm2, 8
                    ; pand xmm0, xmm2
                    ; pand xmm1, xmm2
                    ; packuswb xmm0, xmm1
                ),
                (8, true) => x64!(self.asm
                    ; psrlw xmm0, 8
                    ; psrlw xmm1, 8
                    ; packuswb xmm0, xmm1
                ),
                (16, false) => x64!(self.asm
                    ; pcmpeqd xmm2, xmm2
                    ; psrld xmm2, 16
                    ; pand xmm0, xmm2
                    ; pand xmm1, xmm2
                    ; packusdw xmm0, xmm1
                ),
                (16, true) => x64!(self.asm
                    ; psrld xmm0, 16
                    ; psrld xmm1, 16
                    ; packusdw xmm0, xmm1
                ),
                (32, false) => x64!(self.asm; shufps xmm0, xmm1, 0x88u8 as i8),
                (32, true) => x64!(self.asm; shufps xmm0, xmm1, 0xddu8 as i8),
                (_, false) => x64!(self.asm; punpcklqdq xmm0, xmm1),
                (_, true) => x64!(self.asm; punpckhqdq xmm0, xmm1),
            }
        }
        self.v128_result(i);
    }

    pub(super) fn cmp_eq(&mut self, i: usize, a: Value, b: Value, esize: u8) {
        let sb = slot(b);
        self.load_xmm0(a);
        x64!(self.asm; movdqu xmm1, [r12 + sb]);
        match esize {
            8 => x64!(self.asm; pcmpeqb xmm0, xmm1),
            16 => x64!(self.asm; pcmpeqw xmm0, xmm1),
            32 => x64!(self.asm; pcmpeqd xmm0, xmm1),
            _ => x64!(self.asm; pcmpeqq xmm0, xmm1),
        }
        self.v128_result(i);
    }

    /// The even lanes of b:a (the first unzip) in xmm0, the odd ones (the second) in
    /// xmm2, then the lane-wise min or max of the two.
    pub(super) fn min_max_pairwise(&mut self, i: usize, a: Value, b: Value, esize: u8, signed: bool, max: bool) {
        let (sa, sb) = (slot(a), slot(b));
        x64!(self.asm
            ; movdqu xmm0, [r12 + sa]
            ; movdqu xmm1, [r12 + sb]
            ; movdqa xmm2, xmm0
            ; movdqa xmm3, xmm1
        );
        match esize {
            8 => x64!(self.asm
                ; pcmpeqd xmm4, xmm4
                ; psrlw xmm4, 8
                ; pand xmm0, xmm4
                ; pand xmm1, xmm4
                ; packuswb xmm0, xmm1
                ; psrlw xmm2, 8
                ; psrlw xmm3, 8
                ; packuswb xmm2, xmm3
            ),
            16 => x64!(self.asm
                ; pcmpeqd xmm4, xmm4
                ; psrld xmm4, 16
                ; pand xmm0, xmm4
                ; pand xmm1, xmm4
                ; packusdw xmm0, xmm1
                ; psrld xmm2, 16
                ; psrld xmm3, 16
                ; packusdw xmm2, xmm3
            ),
            _ => x64!(self.asm
                ; shufps xmm0, xmm1, 0x88u8 as i8
                ; shufps xmm2, xmm3, 0xddu8 as i8
            ),
        }
        match (esize, signed, max) {
            (8, false, false) => x64!(self.asm; pminub xmm0, xmm2),
            (8, false, true) => x64!(self.asm; pmaxub xmm0, xmm2),
            (8, true, false) => x64!(self.asm; pminsb xmm0, xmm2),
            (8, true, true) => x64!(self.asm; pmaxsb xmm0, xmm2),
            (16, false, false) => x64!(self.asm; pminuw xmm0, xmm2),
            (16, false, true) => x64!(self.asm; pmaxuw xmm0, xmm2),
            (16, true, false) => x64!(self.asm; pminsw xmm0, xmm2),
            (16, true, true) => x64!(self.asm; pmaxsw xmm0, xmm2),
            (_, false, false) => x64!(self.asm; pminud xmm0, xmm2),
            (_, false, true) => x64!(self.asm; pmaxud xmm0, xmm2),
            (_, true, false) => x64!(self.asm; pminsd xmm0, xmm2),
            (_, true, true) => x64!(self.asm; pmaxsd xmm0, xmm2),
        }
        self.v128_result(i);
    }


    /// Byte `i` of the result is byte `idx[i]` of tables `t0..t(count-1)` concatenated,
    /// else the fallback's. `pshufb` zeroes a byte whose index has its top bit set and
    /// otherwise uses the index's low four bits: for table k, `idx - 16k` (wrapping) plus
    /// 0x70 with unsigned saturation keeps exactly the indices 16k..16k+15 below 0x80.
    pub(super) fn byte_lookup(&mut self, i: usize, args: &[Value], count: u8) {
        let (idx, fallback) = (args[4], args[5]);
        self.load_vec(1, idx);
        let zero_fallback = self.const_v128(fallback) == Some(0);
        if !zero_fallback {
            self.load_vec(2, fallback);
        }
        for k in 0..count {
            self.load_vec(3 + k, args[k as usize]);
        }
        self.xmm0_reuse = None;
        let bias = self.const_label(u128::from_le_bytes([0x70; 16]));
        x64!(self.asm; pxor xmm0, xmm0);
        for k in 0..count {
            x64!(self.asm; movdqa xmm7, xmm1);
            if k > 0 {
                let sub = self.const_label(u128::from_le_bytes([16 * k; 16]));
                x64!(self.asm; psubb xmm7, [=>sub]);
            }
            let t = 3 + k;
            x64!(self.asm
                ; paddusb xmm7, [=>bias]
                ; pshufb Rx(t), xmm7
                ; por xmm0, Rx(t)
            );
        }
        if !zero_fallback {
            // In range where idx - (16 * count - 1), saturating, is zero.
            let last = self.const_label(u128::from_le_bytes([16 * count - 1; 16]));
            x64!(self.asm
                ; movdqa xmm7, xmm1
                ; psubusb xmm7, [=>last]
                ; pxor xmm3, xmm3
                ; pcmpeqb xmm7, xmm3
                ; pandn xmm7, xmm2
                ; por xmm0, xmm7
            );
        }
        self.v128_result(i);
    }
}
