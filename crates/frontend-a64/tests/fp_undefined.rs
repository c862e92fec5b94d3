//! UNDEFINED floating-point encodings: each must trap (SIGILL) without changing state.
//!
//! Each encoding is unallocated or reserved in Armv8.0 per the Arm ARM encoding tables
//! (FEAT_FP16, FEAT_FHM, FEAT_JSCVT and FEAT_FRINTTS forms are absent); each was also
//! checked to raise an exception in the Unicorn engine's Cortex-A72 model.

mod fp_harness;
mod support;

#[allow(unused_imports)]
use fp_harness::*;

/// Unallocated and reserved scalar FP encodings (Armv8.0 without FEAT_FP16 and later extensions).
#[test]
fn scalar_fp_undefined() {
    // ftype=11 (half) arithmetic is FEAT_FP16; ftype=10 is unallocated; M=1 and S=1 are unallocated
    undefined(0x1ee22820, "fadd h0, h1, h2");
    undefined(0x1ea22820, "fadd (ftype=10)");
    undefined(0x9e222820, "fadd (M=1)");
    undefined(0x3e222820, "fadd (S=1)");
    undefined(0x1fc20c20, "fmadd h0, h1, h2, h3");
    undefined(0x1ee1c020, "fsqrt h0, h1");
    undefined(0x1eee1000, "fmov h0, #1.0");
    undefined(0x1ee12000, "fcmp h0, h1");
    undefined(0x1ee20c20, "fcsel h0, h1, h2, eq");
    undefined(0x1ee10400, "fccmp h0, h1, #0, eq");
    // FCVT to its own type, and to opc=10
    undefined(0x1e224020, "fcvt s0, s1 (opc == ftype)");
    undefined(0x1e234020, "fcvt (opc=10)");
    undefined(0x1ea2c020, "fcvt (ftype=10)");
    // FRINT rmode=101, and FRINT32Z (FEAT_FRINTTS)
    undefined(0x1e26c020, "frint (rmode=101)");
    undefined(0x1e284020, "frint32z s0, s1");
    // 2-source opcode 1001; compare with op != 00 or opcode2<2:0> != 000; immediate with imm5 != 0
    undefined(0x1e229820, "fmul (opcode=1001)");
    undefined(0x1e226020, "fcmp (op=01)");
    undefined(0x1e222021, "fcmp (opcode2=00001)");
    undefined(0x1e2e1020, "fmov s0, #1.0 (imm5=00001)");
    // conversions: 32-bit fixed point needs scale >= 32 (fbits <= 32); FMOV only W/S, X/D and X/V.D[1]
    undefined(0x1e187c20, "fcvtzs w0, s1, #33");
    undefined(0x1e020020, "scvtf s0, w1, #64");
    undefined(0x9e00f020, "fcvtzs (fixed, rmode=00)");
    undefined(0x1e660020, "fmov w0, d1");
    undefined(0x9e260020, "fmov x0, s1");
    undefined(0x1ee60020, "fmov w0, h1");
    undefined(0x9e6e0020, "fmov x0, v1.d[1] (ftype=01)");
    undefined(0x1eae0020, "fmov w0, v1.d[1] (sf=0)");
    undefined(0x1ef80020, "fcvtzs w0, h1");
    undefined(0x1e2a0020, "scvtf (rmode=01)");
    undefined(0x1e3c0020, "fcvtas (rmode=11)");
    undefined(0x1e7e0020, "fjcvtzs w0, d1");
}

/// Reserved AdvSIMD FP encodings: one-lane double vectors, wrong sizes, FEAT_FP16/FHM forms.
#[test]
fn simd_fp_undefined() {
    // sz=1 with Q=0 (a 1D arrangement) is reserved
    undefined(0x0e62d420, "fadd v0.1d, v1.1d, v2.1d");
    undefined(0x0e62cc20, "fmla v0.1d, v1.1d, v2.1d");
    undefined(0x2e62d420, "faddp v0.1d, v1.1d, v2.1d");
    undefined(0x2ee1f820, "fsqrt v0.1d, v1.1d");
    undefined(0x0ee0f820, "fabs v0.1d, v1.1d");
    undefined(0x0ee0d820, "fcmeq v0.1d, v1.1d, #0.0");
    undefined(0x0ee1b820, "fcvtzs v0.1d, v1.1d");
    undefined(0x0f7de420, "scvtf v0.1d, v1.1d, #3");
    undefined(0x0fc29820, "fmul v0.1d, v1.1d, v2.d[1]");
    undefined(0x2f03f600, "fmov v0.1d, #1.0");
    // double by element with L=1; across lanes other than 4S; URECPE/URSQRTE and FCVTXN sizes
    undefined(0x4fe21820, "fmla v0.2d, v1.2d, v2.d[1] (L=1)");
    undefined(0x5fe29020, "fmul d0, d1, v2.d[0] (L=1)");
    undefined(0x2e30f820, "fmaxv s0, v1.2s");
    undefined(0x6ef0c820, "fminnmv d0, v1.2d");
    undefined(0x4ee1c820, "urecpe v0.2d, v1.2d");
    undefined(0x6ee1c820, "ursqrte v0.2d, v1.2d");
    undefined(0x2e216820, "fcvtxn v0.4h, v1.4s");
    undefined(0x7e216820, "fcvtxn h0, s1");
    // FEAT_FP16 and FEAT_FHM forms
    undefined(0x0e421420, "fadd v0.4h, v1.4h, v2.4h");
    undefined(0x4ef8f820, "fabs v0.8h, v1.8h");
    undefined(0x4e30f820, "fmaxv h0, v1.8h");
    undefined(0x5e30d820, "faddp h0, v1.2h");
    undefined(0x4f329820, "fmul v0.8h, v1.8h, v2.h[7]");
    undefined(0x4f1de420, "scvtf v0.8h, v1.8h, #3");
    undefined(0x4f03fe00, "fmov v0.8h, #1.0");
    undefined(0x0e22ec20, "fmlal v0.2s, v1.2h, v2.2h");
    undefined(0x4e21e820, "frint32z v0.4s, v1.4s");
}
