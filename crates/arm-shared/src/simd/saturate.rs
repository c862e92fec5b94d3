//! The saturating integer lane operations. Each one that saturates in any element sets
//! FPSR.QC, so these helpers are impure. `S` selects the signed (SQ...) or unsigned
//! (UQ...) instruction of a pair.

use super::lanes::{ext, long, map1, map2, narrow, sat, set_qc, shift, shift_count, sized, Sized};
use crossrun_ir::CpuState;

type Args<'a> = &'a [u128];

fn qadd<const E: u32, const S: bool>(cpu: &mut CpuState, v: Args) -> u128 {
    let mut q = false;
    let r = map2::<E>(v[0], v[1], |a, b| sat(ext(a, E, S) + ext(b, E, S), E, S, &mut q));
    set_qc(cpu, q);
    r
}
fn qsub<const E: u32, const S: bool>(cpu: &mut CpuState, v: Args) -> u128 {
    let mut q = false;
    let r = map2::<E>(v[0], v[1], |a, b| sat(ext(a, E, S) - ext(b, E, S), E, S, &mut q));
    set_qc(cpu, q);
    r
}
fn qshl<const E: u32, const S: bool>(cpu: &mut CpuState, v: Args) -> u128 {
    let mut q = false;
    let r = map2::<E>(v[0], v[1], |a, b| sat(shift(ext(a, E, S), shift_count(b), false), E, S, &mut q));
    set_qc(cpu, q);
    r
}
fn qrshl<const E: u32, const S: bool>(cpu: &mut CpuState, v: Args) -> u128 {
    let mut q = false;
    let r = map2::<E>(v[0], v[1], |a, b| sat(shift(ext(a, E, S), shift_count(b), true), E, S, &mut q));
    set_qc(cpu, q);
    r
}
/// SQSHLU: a signed element shifted left, saturated to unsigned.
fn sqshlu<const E: u32>(cpu: &mut CpuState, v: Args) -> u128 {
    let mut q = false;
    let r = map2::<E>(v[0], v[1], |a, b| sat(shift(ext(a, E, true), shift_count(b), false), E, false, &mut q));
    set_qc(cpu, q);
    r
}
/// SQDMULH (`R` = false) and SQRDMULH: the high half of the doubled product.
fn qdmulh<const E: u32, const R: bool>(cpu: &mut CpuState, v: Args) -> u128 {
    let mut q = false;
    let rc = if R { 1i128 << (E - 1) } else { 0 };
    let r = map2::<E>(v[0], v[1], |a, b| sat((2 * ext(a, E, true) * ext(b, E, true) + rc) >> E, E, true, &mut q));
    set_qc(cpu, q);
    r
}
fn sqabs<const E: u32>(cpu: &mut CpuState, v: Args) -> u128 {
    let mut q = false;
    let r = map1::<E>(v[0], |a| sat(ext(a, E, true).abs(), E, true, &mut q));
    set_qc(cpu, q);
    r
}
fn sqneg<const E: u32>(cpu: &mut CpuState, v: Args) -> u128 {
    let mut q = false;
    let r = map1::<E>(v[0], |a| sat(-ext(a, E, true), E, true, &mut q));
    set_qc(cpu, q);
    r
}
/// SUQADD (`S`, arguments Vd, Vn): signed Vd plus unsigned Vn, saturated signed.
/// USQADD: unsigned Vd plus signed Vn, saturated unsigned.
fn sqadd_mixed<const E: u32, const S: bool>(cpu: &mut CpuState, v: Args) -> u128 {
    let mut q = false;
    let r = map2::<E>(v[0], v[1], |d, n| sat(ext(d, E, S) + ext(n, E, !S), E, S, &mut q));
    set_qc(cpu, q);
    r
}
/// SQXTN/UQXTN: each 2E-bit element saturated to E bits of its own signedness.
fn qxtn<const E: u32, const S: bool>(cpu: &mut CpuState, v: Args) -> u128 {
    let mut q = false;
    let r = narrow::<E>(v[0], 0, |a, _| sat(ext(a, 2 * E, S), E, S, &mut q));
    set_qc(cpu, q);
    r as u128
}
/// SQXTUN: each signed 2E-bit element saturated to E bits unsigned.
fn sqxtun<const E: u32>(cpu: &mut CpuState, v: Args) -> u128 {
    let mut q = false;
    let r = narrow::<E>(v[0], 0, |a, _| sat(ext(a, 2 * E, true), E, false, &mut q));
    set_qc(cpu, q);
    r as u128
}
/// SQDMULL: the doubled product of E-bit elements, saturated to 2E bits (only
/// MIN * MIN saturates).
fn sqdmull<const E: u32>(cpu: &mut CpuState, v: Args) -> u128 {
    let mut q = false;
    let r = long::<E>(v[0] as u64, v[1] as u64, |a, b| sat(2 * ext(a, E, true) * ext(b, E, true), 2 * E, true, &mut q));
    set_qc(cpu, q);
    r
}

pub static SQADD: Sized = sized!("sqadd", qadd<true>, [8, 16, 32, 64], [V128, V128] -> V128, false);
pub static UQADD: Sized = sized!("uqadd", qadd<false>, [8, 16, 32, 64], [V128, V128] -> V128, false);
pub static SQSUB: Sized = sized!("sqsub", qsub<true>, [8, 16, 32, 64], [V128, V128] -> V128, false);
pub static UQSUB: Sized = sized!("uqsub", qsub<false>, [8, 16, 32, 64], [V128, V128] -> V128, false);
pub static SQSHL: Sized = sized!("sqshl", qshl<true>, [8, 16, 32, 64], [V128, V128] -> V128, false);
pub static UQSHL: Sized = sized!("uqshl", qshl<false>, [8, 16, 32, 64], [V128, V128] -> V128, false);
pub static SQRSHL: Sized = sized!("sqrshl", qrshl<true>, [8, 16, 32, 64], [V128, V128] -> V128, false);
pub static UQRSHL: Sized = sized!("uqrshl", qrshl<false>, [8, 16, 32, 64], [V128, V128] -> V128, false);
pub static SQSHLU: Sized = sized!("sqshlu", sqshlu, [8, 16, 32, 64], [V128, V128] -> V128, false);
pub static SQDMULH: Sized = sized!("sqdmulh", qdmulh<false>, [16, 32], [V128, V128] -> V128, false);
pub static SQRDMULH: Sized = sized!("sqrdmulh", qdmulh<true>, [16, 32], [V128, V128] -> V128, false);
pub static SQABS: Sized = sized!("sqabs", sqabs, [8, 16, 32, 64], [V128] -> V128, false);
pub static SQNEG: Sized = sized!("sqneg", sqneg, [8, 16, 32, 64], [V128] -> V128, false);
pub static SUQADD: Sized = sized!("suqadd", sqadd_mixed<true>, [8, 16, 32, 64], [V128, V128] -> V128, false);
pub static USQADD: Sized = sized!("usqadd", sqadd_mixed<false>, [8, 16, 32, 64], [V128, V128] -> V128, false);
pub static SQXTN: Sized = sized!("sqxtn", qxtn<true>, [8, 16, 32], [V128] -> I64, false);
pub static UQXTN: Sized = sized!("uqxtn", qxtn<false>, [8, 16, 32], [V128] -> I64, false);
pub static SQXTUN: Sized = sized!("sqxtun", sqxtun, [8, 16, 32], [V128] -> I64, false);
pub static SQDMULL: Sized = sized!("sqdmull", sqdmull, [16, 32], [I64, I64] -> V128, false);
