//! The non-saturating integer lane operations, as helper families (pure: they read no
//! guest state). `S` selects the signed (S...) or unsigned (U...) instruction of a pair.

use super::lanes::{ext, fold, get, long, map1, map2, narrow, ones, pairwise, shift, shift_count, sized, wide, Sized};
use crossrun_ir::CpuState;

type Args<'a> = &'a [u128];

/// All ones for true, as the compare instructions write.
fn mask(c: bool) -> u64 {
    if c {
        u64::MAX
    } else {
        0
    }
}

/// Carry-less product of the low `bits` bits of `a` and `b`.
pub fn clmul(a: u64, b: u64, bits: u32) -> u128 {
    (0..bits).filter(|i| b >> i & 1 != 0).fold(0u128, |acc, i| acc ^ ((a as u128) << i))
}

// ---- Elementwise ----

fn mul<const E: u32>(_: &mut CpuState, v: Args) -> u128 {
    map2::<E>(v[0], v[1], |a, b| a.wrapping_mul(b))
}
fn pmul<const E: u32>(_: &mut CpuState, v: Args) -> u128 {
    map2::<E>(v[0], v[1], |a, b| clmul(a, b, E) as u64)
}
fn hadd<const E: u32, const S: bool>(_: &mut CpuState, v: Args) -> u128 {
    map2::<E>(v[0], v[1], |a, b| ((ext(a, E, S) + ext(b, E, S)) >> 1) as u64)
}
fn rhadd<const E: u32, const S: bool>(_: &mut CpuState, v: Args) -> u128 {
    map2::<E>(v[0], v[1], |a, b| ((ext(a, E, S) + ext(b, E, S) + 1) >> 1) as u64)
}
fn hsub<const E: u32, const S: bool>(_: &mut CpuState, v: Args) -> u128 {
    map2::<E>(v[0], v[1], |a, b| ((ext(a, E, S) - ext(b, E, S)) >> 1) as u64)
}
fn max<const E: u32, const S: bool>(_: &mut CpuState, v: Args) -> u128 {
    map2::<E>(v[0], v[1], |a, b| ext(a, E, S).max(ext(b, E, S)) as u64)
}
fn min<const E: u32, const S: bool>(_: &mut CpuState, v: Args) -> u128 {
    map2::<E>(v[0], v[1], |a, b| ext(a, E, S).min(ext(b, E, S)) as u64)
}
fn abd<const E: u32, const S: bool>(_: &mut CpuState, v: Args) -> u128 {
    map2::<E>(v[0], v[1], |a, b| (ext(a, E, S) - ext(b, E, S)).unsigned_abs() as u64)
}
fn cmgt<const E: u32, const S: bool>(_: &mut CpuState, v: Args) -> u128 {
    map2::<E>(v[0], v[1], |a, b| mask(ext(a, E, S) > ext(b, E, S)))
}
fn cmge<const E: u32, const S: bool>(_: &mut CpuState, v: Args) -> u128 {
    map2::<E>(v[0], v[1], |a, b| mask(ext(a, E, S) >= ext(b, E, S)))
}
fn cmeq<const E: u32>(_: &mut CpuState, v: Args) -> u128 {
    map2::<E>(v[0], v[1], |a, b| mask(a == b))
}
fn cmtst<const E: u32>(_: &mut CpuState, v: Args) -> u128 {
    map2::<E>(v[0], v[1], |a, b| mask(a & b != 0))
}
fn shl<const E: u32, const S: bool>(_: &mut CpuState, v: Args) -> u128 {
    map2::<E>(v[0], v[1], |a, b| shift(ext(a, E, S), shift_count(b), false) as u64)
}
fn rshl<const E: u32, const S: bool>(_: &mut CpuState, v: Args) -> u128 {
    map2::<E>(v[0], v[1], |a, b| shift(ext(a, E, S), shift_count(b), true) as u64)
}
fn abs<const E: u32>(_: &mut CpuState, v: Args) -> u128 {
    map1::<E>(v[0], |a| ext(a, E, true).unsigned_abs() as u64)
}
fn cls<const E: u32>(_: &mut CpuState, v: Args) -> u128 {
    // Leading sign bits below the sign bit: leading zeros of a XOR (a >> 1), minus one.
    map1::<E>(v[0], |a| ((a ^ (ext(a, E, true) >> 1) as u64) & ones(E)).leading_zeros() as u64 - (64 - E as u64) - 1)
}
fn clz<const E: u32>(_: &mut CpuState, v: Args) -> u128 {
    map1::<E>(v[0], |a| a.leading_zeros() as u64 - (64 - E as u64))
}
fn cnt<const E: u32>(_: &mut CpuState, v: Args) -> u128 {
    map1::<E>(v[0], |a| a.count_ones() as u64)
}

pub static MUL: Sized = sized!("mul", mul, [8, 16, 32], [V128, V128] -> V128, true);
pub static PMUL: Sized = sized!("pmul", pmul, [8], [V128, V128] -> V128, true);
pub static SHADD: Sized = sized!("shadd", hadd<true>, [8, 16, 32], [V128, V128] -> V128, true);
pub static UHADD: Sized = sized!("uhadd", hadd<false>, [8, 16, 32], [V128, V128] -> V128, true);
pub static SRHADD: Sized = sized!("srhadd", rhadd<true>, [8, 16, 32], [V128, V128] -> V128, true);
pub static URHADD: Sized = sized!("urhadd", rhadd<false>, [8, 16, 32], [V128, V128] -> V128, true);
pub static SHSUB: Sized = sized!("shsub", hsub<true>, [8, 16, 32], [V128, V128] -> V128, true);
pub static UHSUB: Sized = sized!("uhsub", hsub<false>, [8, 16, 32], [V128, V128] -> V128, true);
pub static SMAX: Sized = sized!("smax", max<true>, [8, 16, 32], [V128, V128] -> V128, true);
pub static UMAX: Sized = sized!("umax", max<false>, [8, 16, 32], [V128, V128] -> V128, true);
pub static SMIN: Sized = sized!("smin", min<true>, [8, 16, 32], [V128, V128] -> V128, true);
pub static UMIN: Sized = sized!("umin", min<false>, [8, 16, 32], [V128, V128] -> V128, true);
pub static SABD: Sized = sized!("sabd", abd<true>, [8, 16, 32], [V128, V128] -> V128, true);
pub static UABD: Sized = sized!("uabd", abd<false>, [8, 16, 32], [V128, V128] -> V128, true);
pub static CMGT: Sized = sized!("cmgt", cmgt<true>, [8, 16, 32, 64], [V128, V128] -> V128, true);
pub static CMHI: Sized = sized!("cmhi", cmgt<false>, [8, 16, 32, 64], [V128, V128] -> V128, true);
pub static CMGE: Sized = sized!("cmge", cmge<true>, [8, 16, 32, 64], [V128, V128] -> V128, true);
pub static CMHS: Sized = sized!("cmhs", cmge<false>, [8, 16, 32, 64], [V128, V128] -> V128, true);
pub static CMEQ: Sized = sized!("cmeq", cmeq, [8, 16, 32, 64], [V128, V128] -> V128, true, CmpEq {});
pub static CMTST: Sized = sized!("cmtst", cmtst, [8, 16, 32, 64], [V128, V128] -> V128, true);
pub static SSHL: Sized = sized!("sshl", shl<true>, [8, 16, 32, 64], [V128, V128] -> V128, true, ShiftByLane { signed: true });
pub static USHL: Sized = sized!("ushl", shl<false>, [8, 16, 32, 64], [V128, V128] -> V128, true, ShiftByLane { signed: false });
pub static SRSHL: Sized = sized!("srshl", rshl<true>, [8, 16, 32, 64], [V128, V128] -> V128, true);
pub static URSHL: Sized = sized!("urshl", rshl<false>, [8, 16, 32, 64], [V128, V128] -> V128, true);
pub static ABS: Sized = sized!("abs", abs, [8, 16, 32, 64], [V128] -> V128, true);
pub static CLS: Sized = sized!("cls", cls, [8, 16, 32], [V128] -> V128, true);
pub static CLZ: Sized = sized!("clz", clz, [8, 16, 32], [V128] -> V128, true);
pub static CNT: Sized = sized!("cnt", cnt, [8], [V128] -> V128, true);

// ---- Pairwise ----

fn addp<const E: u32>(_: &mut CpuState, v: Args) -> u128 {
    pairwise::<E>(v[0], v[1], |a, b| a.wrapping_add(b))
}
fn maxp<const E: u32, const S: bool>(_: &mut CpuState, v: Args) -> u128 {
    pairwise::<E>(v[0], v[1], |a, b| ext(a, E, S).max(ext(b, E, S)) as u64)
}
fn minp<const E: u32, const S: bool>(_: &mut CpuState, v: Args) -> u128 {
    pairwise::<E>(v[0], v[1], |a, b| ext(a, E, S).min(ext(b, E, S)) as u64)
}
/// SADDLP/UADDLP: each `2E`-bit result element is the sum of the two `E`-bit elements
/// it overlays.
fn addlp<const E: u32, const S: bool>(_: &mut CpuState, v: Args) -> u128 {
    let mut r = 0u128;
    for i in 0..64 / E {
        let x = ext(get(v[0], E, 2 * i), E, S) + ext(get(v[0], E, 2 * i + 1), E, S);
        r |= ((x as u64 & ones(2 * E)) as u128) << (i * 2 * E);
    }
    r
}

pub static ADDP: Sized = sized!("addp", addp, [8, 16, 32, 64], [V128, V128] -> V128, true);
pub static SMAXP: Sized = sized!("smaxp", maxp<true>, [8, 16, 32], [V128, V128] -> V128, true, MinMaxPairwise { signed: true, max: true });
pub static UMAXP: Sized = sized!("umaxp", maxp<false>, [8, 16, 32], [V128, V128] -> V128, true, MinMaxPairwise { signed: false, max: true });
pub static SMINP: Sized = sized!("sminp", minp<true>, [8, 16, 32], [V128, V128] -> V128, true, MinMaxPairwise { signed: true, max: false });
pub static UMINP: Sized = sized!("uminp", minp<false>, [8, 16, 32], [V128, V128] -> V128, true, MinMaxPairwise { signed: false, max: false });
pub static SADDLP: Sized = sized!("saddlp", addlp<true>, [8, 16, 32], [V128] -> V128, true);
pub static UADDLP: Sized = sized!("uaddlp", addlp<false>, [8, 16, 32], [V128] -> V128, true);

// ---- Widening, wide and narrowing (E is the narrow element size) ----

fn addl<const E: u32, const S: bool>(_: &mut CpuState, v: Args) -> u128 {
    long::<E>(v[0] as u64, v[1] as u64, |a, b| (ext(a, E, S) + ext(b, E, S)) as u64)
}
fn subl<const E: u32, const S: bool>(_: &mut CpuState, v: Args) -> u128 {
    long::<E>(v[0] as u64, v[1] as u64, |a, b| (ext(a, E, S) - ext(b, E, S)) as u64)
}
fn abdl<const E: u32, const S: bool>(_: &mut CpuState, v: Args) -> u128 {
    long::<E>(v[0] as u64, v[1] as u64, |a, b| (ext(a, E, S) - ext(b, E, S)).unsigned_abs() as u64)
}
fn mull<const E: u32, const S: bool>(_: &mut CpuState, v: Args) -> u128 {
    long::<E>(v[0] as u64, v[1] as u64, |a, b| (ext(a, E, S) * ext(b, E, S)) as u64)
}
fn pmull<const E: u32>(_: &mut CpuState, v: Args) -> u128 {
    long::<E>(v[0] as u64, v[1] as u64, |a, b| clmul(a, b, E) as u64)
}
/// SSHLL/USHLL (and SXTL/UXTL, SHLL): each element widened, then shifted left by the
/// second argument (at most E, so nothing is lost).
fn shll<const E: u32, const S: bool>(_: &mut CpuState, v: Args) -> u128 {
    let sh = v[1] as u32;
    long::<E>(v[0] as u64, 0, |a, _| (ext(a, E, S) << sh) as u64)
}
fn addw<const E: u32, const S: bool>(_: &mut CpuState, v: Args) -> u128 {
    wide::<E>(v[0], v[1] as u64, |a, b| (a as i128 + ext(b, E, S)) as u64)
}
fn subw<const E: u32, const S: bool>(_: &mut CpuState, v: Args) -> u128 {
    wide::<E>(v[0], v[1] as u64, |a, b| (a as i128 - ext(b, E, S)) as u64)
}
/// ADDHN/SUBHN/RADDHN/RSUBHN (`RN` = 0..3: bit 0 subtracts, bit 1 rounds): the high
/// half of each 2E-bit sum or difference.
fn hn<const E: u32, const RN: u8>(_: &mut CpuState, v: Args) -> u128 {
    let (neg, round) = (RN & 1 != 0, RN & 2 != 0);
    let rc = if round { 1u128 << (E - 1) } else { 0 };
    narrow::<E>(v[0], v[1], |a, b| {
        let (a, b) = (a as u128, b as u128);
        let x = if neg { a.wrapping_sub(b) } else { a + b };
        (x.wrapping_add(rc) >> E) as u64
    }) as u128
}
fn xtn<const E: u32>(_: &mut CpuState, v: Args) -> u128 {
    narrow::<E>(v[0], 0, |a, _| a) as u128
}

pub static SADDL: Sized = sized!("saddl", addl<true>, [8, 16, 32], [I64, I64] -> V128, true);
pub static UADDL: Sized = sized!("uaddl", addl<false>, [8, 16, 32], [I64, I64] -> V128, true);
pub static SSUBL: Sized = sized!("ssubl", subl<true>, [8, 16, 32], [I64, I64] -> V128, true);
pub static USUBL: Sized = sized!("usubl", subl<false>, [8, 16, 32], [I64, I64] -> V128, true);
pub static SABDL: Sized = sized!("sabdl", abdl<true>, [8, 16, 32], [I64, I64] -> V128, true);
pub static UABDL: Sized = sized!("uabdl", abdl<false>, [8, 16, 32], [I64, I64] -> V128, true);
pub static SMULL: Sized = sized!("smull", mull<true>, [8, 16, 32], [I64, I64] -> V128, true, MulLong { signed: true });
pub static UMULL: Sized = sized!("umull", mull<false>, [8, 16, 32], [I64, I64] -> V128, true, MulLong { signed: false });
pub static PMULL: Sized = sized!("pmull", pmull, [8], [I64, I64] -> V128, true);
pub static SSHLL: Sized = sized!("sshll", shll<true>, [8, 16, 32], [I64, I32] -> V128, true, WidenShift { signed: true });
pub static USHLL: Sized = sized!("ushll", shll<false>, [8, 16, 32], [I64, I32] -> V128, true, WidenShift { signed: false });
pub static SADDW: Sized = sized!("saddw", addw<true>, [8, 16, 32], [V128, I64] -> V128, true);
pub static UADDW: Sized = sized!("uaddw", addw<false>, [8, 16, 32], [V128, I64] -> V128, true);
pub static SSUBW: Sized = sized!("ssubw", subw<true>, [8, 16, 32], [V128, I64] -> V128, true);
pub static USUBW: Sized = sized!("usubw", subw<false>, [8, 16, 32], [V128, I64] -> V128, true);
pub static ADDHN: Sized = sized!("addhn", hn<0>, [8, 16, 32], [V128, V128] -> I64, true);
pub static SUBHN: Sized = sized!("subhn", hn<1>, [8, 16, 32], [V128, V128] -> I64, true);
pub static RADDHN: Sized = sized!("raddhn", hn<2>, [8, 16, 32], [V128, V128] -> I64, true);
pub static RSUBHN: Sized = sized!("rsubhn", hn<3>, [8, 16, 32], [V128, V128] -> I64, true);
pub static XTN: Sized = sized!("xtn", xtn, [8, 16, 32], [V128] -> I64, true, Narrow {});

// ---- Across lanes: the vector, and the number of elements the form reads ----

fn addv<const E: u32>(_: &mut CpuState, v: Args) -> u128 {
    fold::<E>(v[0], v[1] as u32, 0, |acc, a| acc + a as i128) as u64 as u128 & ones(E) as u128
}
fn addlv<const E: u32, const S: bool>(_: &mut CpuState, v: Args) -> u128 {
    fold::<E>(v[0], v[1] as u32, 0, |acc, a| acc + ext(a, E, S)) as u64 as u128 & ones(2 * E) as u128
}
fn maxv<const E: u32, const S: bool>(_: &mut CpuState, v: Args) -> u128 {
    fold::<E>(v[0], v[1] as u32, ext(get(v[0], E, 0), E, S), |acc, a| acc.max(ext(a, E, S))) as u64 as u128 & ones(E) as u128
}
fn minv<const E: u32, const S: bool>(_: &mut CpuState, v: Args) -> u128 {
    fold::<E>(v[0], v[1] as u32, ext(get(v[0], E, 0), E, S), |acc, a| acc.min(ext(a, E, S))) as u64 as u128 & ones(E) as u128
}

pub static ADDV: Sized = sized!("addv", addv, [8, 16, 32], [V128, I32] -> I64, true);
pub static SADDLV: Sized = sized!("saddlv", addlv<true>, [8, 16, 32], [V128, I32] -> I64, true);
pub static UADDLV: Sized = sized!("uaddlv", addlv<false>, [8, 16, 32], [V128, I32] -> I64, true);
pub static SMAXV: Sized = sized!("smaxv", maxv<true>, [8, 16, 32], [V128, I32] -> I64, true);
pub static UMAXV: Sized = sized!("umaxv", maxv<false>, [8, 16, 32], [V128, I32] -> I64, true);
pub static SMINV: Sized = sized!("sminv", minv<true>, [8, 16, 32], [V128, I32] -> I64, true);
pub static UMINV: Sized = sized!("uminv", minv<false>, [8, 16, 32], [V128, I32] -> I64, true);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn carry_less_products() {
        assert_eq!(clmul(0b11, 0b11, 8), 0b101);
        assert_eq!(clmul(0xff, 0xff, 8), 0x5555);
    }

    #[test]
    fn cls_counts_sign_bits_after_the_first() {
        let mut cpu = CpuState::default();
        // 8-bit lanes 0x00 -> 7, 0xff -> 7, 0x40 -> 0, 0xc0 -> 1, 0x20 -> 1.
        let r = cls::<8>(&mut cpu, &[0x20_c0_40_ff_00]);
        assert_eq!(r & 0xff_ff_ff_ff_ff, 0x01_01_00_07_07);
    }
}
