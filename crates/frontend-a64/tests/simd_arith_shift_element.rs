//! AdvSIMD integer arithmetic (shift by immediate and by element): one case per instruction form (several for
//! the edge cases: saturation, rounding, shifts of 0 and of the full element size, Q=0
//! zeroing the upper half, the "2" forms keeping the lower half).
//!
//! Expected values were recorded from the unicorn Python package (an independent
//! AArch64 model) for the inputs below and embedded as literals; a few were checked by
//! hand against the Arm ARM pseudocode (see simd_arith_hand.rs for worked cases).

mod support;

mod simd_arith_cases;

use simd_arith_cases::*;

#[test]
fn shift_imm() {
    #[rustfmt::skip]
    check(&[
        ("sshr v0.16b, v1.16b, #3", 0x4f0d0420, &[], 0x0ffff000ffff0000_f00f00ff00fff0f0, false),
        ("sshr v0.2d, v1.2d, #64", 0x4f400420, &[(1, S64)], 0xffffffffffffffff_0000000000000000, false),
        ("sshr v0.8b, v1.8b, #8", 0x0f080420, &[], 0xff0000ff00ffffff, false),
        ("ushr v0.8h, v1.8h, #16", 0x6f100420, &[], 0x0, false),
        ("ushr v0.4s, v1.4s, #1", 0x6f3f0420, &[], 0x3fffc0007fff8000_403f80ff007f4040, false),
        ("ushr v0.2d, v1.2d, #64", 0x6f400420, &[], 0x0, false),
        ("ssra v0.4s, v1.4s, #31", 0x4f211420, &[], 0x0123456789abcdee_fedcba9776543210, false),
        ("usra v0.16b, v1.16b, #8", 0x6f081420, &[], D, false),
        ("ssra v0.2d, v1.2d, #1", 0x4f7f1420, &[], 0x4123056809ab4def_bf1c3b97f6d37250, false),
        ("srshr v0.8h, v1.8h, #1", 0x4f1f2420, &[], 0x4000c00000000001_c0400100007fc041, false),
        ("srshr v0.2s, v1.2s, #32", 0x0f202420, &[(1, S32)], 0x0, false),
        ("urshr v0.2d, v1.2d, #64", 0x6f402420, &[(1, S64)], 0x0000000000000001_0000000000000000, false),
        ("urshr v0.16b, v1.16b, #8", 0x6f082420, &[], 0x0001010001010000_0100000100010101, false),
        ("srsra v0.16b, v1.16b, #7", 0x4f093420, &[], 0x0223446789abcdef_fdddba987654310f, false),
        ("ursra v0.4h, v1.4h, #3", 0x2f1d3420, &[], 0xeecbad876744220, false),
        ("ursra v0.2d, v1.2d, #64", 0x6f403420, &[(1, S64)], 0x0123456789abcdf0_fedcba9876543210, false),
        ("sri v0.16b, v1.16b, #3", 0x6f0d4420, &[], 0x0f3f50609fbfc0e0_f0cfa09f605f3010, false),
        ("sri v0.2d, v1.2d, #64", 0x6f404420, &[], D, false),
        ("sri v0.4h, v1.4h, #16", 0x2f104420, &[], 0xfedcba9876543210, false),
        ("sri v0.4s, v1.4s, #1", 0x6f3f4420, &[], 0x3fffc000ffff8000_c03f80ff007f4040, false),
        ("shl v0.8h, v1.8h, #15", 0x4f1f5420, &[], 0x8000000080008000_8000800000008000, false),
        ("shl v0.2d, v1.2d, #63", 0x4f7f5420, &[], 0x8000000000000000_8000000000000000, false),
        ("shl v0.8b, v1.8b, #0", 0x0f085420, &[], 0x807f01ff00fe8081, false),
        ("sli v0.4s, v1.4s, #0", 0x6f205420, &[], A, false),
        ("sli v0.8b, v1.8b, #5", 0x2f0d5420, &[], 0x1efc3af816d41230, false),
        ("sli v0.2d, v1.2d, #63", 0x6f7f5420, &[], 0x8123456789abcdef_fedcba9876543210, false),
        ("sqshlu v0.16b, v1.16b, #2", 0x6f0a6420, &[], 0xff00000000000004_00ff040000000000, true),
        ("sqshlu v0.2d, v1.2d, #63", 0x6f7f6420, &[(1, S64)], 0xffffffffffffffff, true),
        ("sqshlu v0.4s, v1.4s, #0", 0x6f206420, &[], 0x7fff800000000000_0000000000fe8081, true),
        ("sqshl v0.8h, v1.8h, #1", 0x4f117420, &[], 0x7fff8000fffe0002_800003fe01fc8000, true),
        ("sqshl v0.2d, v1.2d, #63", 0x4f7f7420, &[(1, 0x8000000000000000_7ffffffffffffffe)], S64, true),
        ("sqshl v0.8b, v1.8b, #7", 0x0f0f7420, &[], 0x807f7f8000808080, true),
        ("uqshl v0.4s, v1.4s, #31", 0x6f3f7420, &[], 0xffffffffffffffff_ffffffffffffffff, true),
        ("uqshl v0.16b, v1.16b, #0", 0x6f087420, &[], A, false),
        ("uqshl v0.2d, v1.2d, #1", 0x6f417420, &[], 0xffff0001fffe0002_ffffffffffffffff, true),
        ("shrn v0.8b, v1.8h, #3", 0x0f0d8420, &[], 0xff00ff000f3f1f10, false),
        ("shrn2 v0.16b, v1.8h, #8", 0x4f088420, &[], 0x7f80ff0080010080_fedcba9876543210, false),
        ("shrn v0.2s, v1.2d, #32", 0x0f208420, &[], 0x7fff8000807f01ff, false),
        ("rshrn v0.4h, v1.4s, #16", 0x0f108c20, &[], 0x8000ffff807f00ff, false),
        ("rshrn2 v0.4s, v1.2d, #1", 0x4f3f8c20, &[], 0x7fff8001807f4041_fedcba9876543210, false),
        ("rshrn v0.8b, v1.8h, #1", 0x0f0f8c20, &[], 0x140007f41, false),
        ("sqshrn v0.8b, v1.8h, #1", 0x0f0f9420, &[], 0x7f80ff00807f7f80, true),
        ("sqshrn2 v0.8h, v1.4s, #4", 0x4f1c9420, &[], 0x7ffff00080007fff_fedcba9876543210, true),
        ("sqshrn v0.2s, v1.2d, #32", 0x0f209420, &[(1, S64)], 0x800000007fffffff, false),
        ("uqshrn v0.2s, v1.2d, #32", 0x2f209420, &[], 0x7fff8000807f01ff, false),
        ("uqshrn2 v0.16b, v1.8h, #1", 0x6f0f9420, &[], 0xffffff00ffff7fff_fedcba9876543210, true),
        ("uqrshrn2 v0.16b, v1.8h, #8", 0x6f089c20, &[], 0x8080ff0080020181_fedcba9876543210, true),
        ("uqrshrn v0.4h, v1.4s, #1", 0x2f1f9c20, &[], 0xffffffffffffffff, true),
        ("uqrshrn v0.2s, v1.2d, #1", 0x2f3f9c20, &[(1, S64)], 0xffffffffffffffff, true),
        ("sqrshrn v0.4h, v1.4s, #16", 0x0f109c20, &[], 0x7fffffff807f00ff, true),
        ("sqrshrn2 v0.16b, v1.8h, #1", 0x4f0f9c20, &[], 0x7f800001807f7f80_fedcba9876543210, true),
        ("sqshrun v0.8b, v1.8h, #2", 0x2f0e8420, &[], 0xff000000007f3f00, true),
        ("sqshrun2 v0.4s, v1.2d, #31", 0x6f218420, &[(1, S64)], 0x00000000ffffffff_fedcba9876543210, true),
        ("sqrshrun2 v0.4s, v1.2d, #31", 0x6f218c20, &[], 0xffff000200000000_fedcba9876543210, true),
        ("sqrshrun v0.4h, v1.4s, #15", 0x2f118c20, &[], 0xffff0000000001fd, true),
        ("sshll v0.8h, v1.8b, #0", 0x0f08a420, &[], 0xff80007f0001ffff_0000fffeff80ff81, false),
        ("sshll2 v0.4s, v1.8h, #15", 0x4f1fa420, &[], 0x3fff8000c0000000_ffff800000008000, false),
        ("sshll v0.2d, v1.2s, #3", 0x0f23a420, &[], 0xfffffffc03f80ff8_0000000007f40408, false),
        ("ushll v0.2d, v1.2s, #31", 0x2f3fa420, &[], 0x403f80ff80000000_007f404080000000, false),
        ("ushll2 v0.8h, v1.16b, #0", 0x6f08a420, &[], 0x007f00ff00800000_00ff00ff00000001, false),
        ("ushll v0.4s, v1.4h, #7", 0x2f17a420, &[], 0x00403f800000ff80_00007f0000404080, false),
    ]);
}

#[test]
fn by_element() {
    #[rustfmt::skip]
    check(&[
        ("mla v0.8h, v1.8h, v2.h[7]", 0x6f720820, &[], 0x8122c56789aacdf0_7f5bbc977752b291, false),
        ("mla v0.2s, v1.2s, v2.s[1]", 0x2fa20020, &[], 0x82d8bd9738d33191, false),
        ("mls v0.4s, v1.4s, v2.s[3]", 0x6fa24820, &[], 0x8124456789accded_fbdfb69af3d6310e, false),
        ("mls v0.4h, v1.4h, v15.h[5]", 0x2f5f4820, &[(15, B)], 0xffdabe9678503312, false),
        ("mul v0.8h, v1.8h, v2.h[0]", 0x4f428020, &[], 0x3fc000003fc0c040_5fc0bfc0bf80e040, false),
        ("mul v0.4s, v1.4s, v31.s[2]", 0x4f9f8820, &[(31, S32)], 0x800080008000ffff_ff80fe017f017f7f, false),
        ("smlal v0.4s, v1.4h, v2.h[3]", 0x0f722020, &[], 0xc1a285e78aaa4e6f_ff5b3b9836d47190, false),
        ("umlal2 v0.2d, v1.4s, v2.s[1]", 0x6fa22020, &[], 0x40e385278a2b4def_7e5d3a18f6d43111, false),
        ("smlsl2 v0.4s, v1.8h, v2.h[6]", 0x4f626820, &[], 0x0122456989accdef_fedcba9a7654320e, false),
        ("umlsl v0.2d, v1.2s, v2.s[0]", 0x2f826020, &[], 0xc163e2eaa76c0e2f_fe5e7819575351d0, false),
        ("smull v0.4s, v1.4h, v2.h[1]", 0x0f52a020, &[], 0xc0bf010000fd8100_007e0200c0bfff00, false),
        ("umull2 v0.4s, v1.8h, v2.h[2]", 0x6f62a020, &[], 0x7f7f80ff7f808000_ff0000ff0000ff01, false),
        ("smull2 v0.2d, v1.4s, v2.s[3]", 0x4fa2a820, &[], 0x000080007fff0000_fffffffeffff0002, false),
        ("umull v0.2d, v1.2s, v2.s[2]", 0x2f82a820, &[], 0x807e413ffc827e01_00fe7f033e3fff7f, false),
        ("sqdmlal v0.4s, v1.4h, v1.h[6]", 0x0f613820, &[], 0x7fffffff87accdef_fddeba987fffffff, true),
        ("sqdmlal2 v0.2d, v1.4s, v2.s[3]", 0x4fa23820, &[(1, S32), (2, T32)], 0x7fffffffffffffff_8000000000000000, true),
        ("sqdmlsl v0.2d, v1.2s, v2.s[2]", 0x0f827820, &[(0, S64), (1, S32), (2, T32)], S64, true),
        ("sqdmlsl2 v0.4s, v1.8h, v2.h[4]", 0x4f427820, &[], 0x8125456509aacdef_feddba9676533212, false),
        ("sqdmull v0.4s, v1.4h, v1.h[6]", 0x0f61b820, &[(1, H16)], 0xffff000280010000_7ffe00020003fff8, false),
        ("sqdmull2 v0.2d, v1.4s, v2.s[0]", 0x4f82b020, &[], 0x7f00413f3fc00000_ffff01ff7d818080, false),
        ("sqdmulh v0.8h, v1.8h, v1.h[6]", 0x4f61c820, &[], 0x80017fff0001ffff_7f81fe01ff027f7f, true),
        ("sqdmulh v0.2s, v1.2s, v2.s[0]", 0x0f82c020, &[], 0x817d447900fc84fe, false),
        ("sqrdmulh v0.4s, v1.4s, v2.s[1]", 0x4fa2d020, &[], 0x7f807f80ffff00ff_80fd84f900fd83fc, false),
        ("sqrdmulh v0.4h, v1.4h, v2.h[7]", 0x0f72d820, &[], 0xffff00000000ffff, false),
        ("sqrdmulh v0.8h, v1.8h, v15.h[7]", 0x4f7fd820, &[(1, H16), (15, H16)], 0x7fff80017fffffff_00017fff8001fffc, true),
        ("sqdmlal s0, h1, v2.h[3]", 0x5f723020, &[], 0xf754b110, false),
        ("sqdmlsl d0, s1, v2.s[1]", 0x5fa27020, &[], 0xfddf369cf156330e, false),
        ("sqdmlal d0, s1, v2.s[3]", 0x5fa23820, &[(0, S64), (1, T32), (2, T32)], 0xffffffff, false),
        ("sqdmlsl s0, h1, v2.h[0]", 0x5f427020, &[], 0x36d47190, false),
        ("sqdmull s0, h1, v2.h[6]", 0x5f62b820, &[(1, 0x80007fff80000001_ffff80007fff8000), (2, H16)], 0x80010000, false),
        ("sqdmull d0, s1, v2.s[2]", 0x5f82b820, &[], 0xfffffd047c7ffefe, false),
        ("sqdmulh h0, h1, v2.h[7]", 0x5f72c820, &[], 0xffff, false),
        ("sqdmulh s0, s1, v15.s[3]", 0x5fafc820, &[(1, T32), (15, T32)], 0x80000001, false),
        ("sqrdmulh s0, s1, v2.s[3]", 0x5fa2d820, &[], 0x1fd, false),
        ("sqrdmulh h0, h1, v2.h[5]", 0x5f52d820, &[], 0x2, false),
    ]);
}
