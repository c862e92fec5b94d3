//! AdvSIMD integer arithmetic (scalar forms): one case per instruction form (several for
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
fn scalar_three() {
    #[rustfmt::skip]
    check(&[
        ("sqadd b0, b1, b2", 0x5e220c20, &[], 0xc1, false),
        ("sqadd d0, d1, d2", 0x5ee20c20, &[(1, S64), (2, S64)], 0x7fffffffffffffff, true),
        ("uqadd h0, h1, h2", 0x7e620c20, &[], 0xffff, true),
        ("uqadd s0, s1, s2", 0x7ea20c20, &[(1, S32), (2, 0x8000000080000000_000000027ffffffe)], 0x7fffffff, false),
        ("sqsub s0, s1, s2", 0x5ea22c20, &[(1, S32), (2, 0x8000000080000000_000000027ffffffe)], 0x80000003, false),
        ("sqsub h0, h1, h2", 0x5e622c20, &[], 0xc041, false),
        ("uqsub d0, d1, d2", 0x7ee22c20, &[(1, B), (2, A)], 0x0, true),
        ("uqsub b0, b1, b2", 0x7e222c20, &[], 0x41, false),
        ("cmgt d0, d1, d2", 0x5ee23420, &[], 0x0, false),
        ("cmhi d0, d1, d2", 0x7ee23420, &[], 0xffffffffffffffff, false),
        ("cmge d0, d1, d2", 0x5ee23c20, &[(2, A)], 0xffffffffffffffff, false),
        ("cmhs d0, d1, d2", 0x7ee23c20, &[], 0xffffffffffffffff, false),
        ("sshl d0, d1, d3", 0x5ee34420, &[(1, S64), (3, CNT64)], 0x0, false),
        ("ushl d0, d1, d3", 0x7ee34420, &[], 0x0, false),
        ("sqshl b0, b1, b3", 0x5e234c20, &[], 0xff, false),
        ("sqshl d0, d1, d3", 0x5ee34c20, &[(3, 0x3f)], 0x8000000000000000, true),
        ("uqshl s0, s1, s3", 0x7ea34c20, &[(3, 0x1f)], 0xffffffff, true),
        ("uqshl h0, h1, h3", 0x7e634c20, &[], 0x0, false),
        ("srshl d0, d1, d3", 0x5ee35420, &[(1, S64), (3, CNT64)], 0x1, false),
        ("urshl d0, d1, d3", 0x7ee35420, &[(3, 0xf0)], 0x807f01ff00ff, false),
        ("sqrshl h0, h1, h3", 0x5e635c20, &[(3, 0x10)], 0x8000, true),
        ("sqrshl s0, s1, s3", 0x5ea35c20, &[], 0x0, false),
        ("uqrshl d0, d1, d3", 0x7ee35c20, &[(1, S64), (3, CNT64)], 0x1, false),
        ("uqrshl b0, b1, b3", 0x7e235c20, &[(3, 0x4)], 0xff, true),
        ("add d0, d1, d2", 0x5ee28420, &[], 0x1007fff40c1, false),
        ("sub d0, d1, d2", 0x7ee28420, &[], 0xfe02fd81fdc041, false),
        ("cmtst d0, d1, d2", 0x5ee28c20, &[], 0xffffffffffffffff, false),
        ("cmeq d0, d1, d2", 0x7ee28c20, &[(2, A)], 0xffffffffffffffff, false),
        ("cmeq d0, d1, d2", 0x7ee28c20, &[], 0x0, false),
        ("sqdmulh h0, h1, h2", 0x5e62b420, &[(1, 0x8000), (2, 0x8000)], 0x7fff, true),
        ("sqdmulh s0, s1, s2", 0x5ea2b420, &[], 0xfc84fe, false),
        ("sqrdmulh s0, s1, s2", 0x7ea2b420, &[(1, T32), (2, T32)], 0x7ffffffe, false),
        ("sqrdmulh h0, h1, h2", 0x7e62b420, &[], 0x3f80, false),
        ("sqdmlal s0, h1, h2", 0x5e629020, &[], 0x7fffffff, true),
        ("sqdmlsl d0, s1, s2", 0x5ea2b020, &[], 0xfde0359a38527190, false),
        ("sqdmull s0, h1, h2", 0x5e62d020, &[(1, 0x8000), (2, 0x8000)], 0x7fffffff, true),
        ("sqdmull d0, s1, s2", 0x5ea2d020, &[], 0xfc84fe3e01c080, false),
        ("sqdmlal d0, s1, s2", 0x5ea29020, &[(0, S64), (1, T32), (2, T32)], 0x7fffffffffffffff, true),
        ("sqdmlsl s0, h1, h2", 0x5e62b020, &[(0, S32)], 0xc0803f81, false),
    ]);
}

#[test]
fn scalar_misc() {
    #[rustfmt::skip]
    check(&[
        ("suqadd b0, b1", 0x5e203820, &[], 0x7f, true),
        ("suqadd d0, d1", 0x5ee03820, &[(0, S64), (1, S64)], 0x7fffffffffffffff, true),
        ("usqadd d0, d1", 0x7ee03820, &[], 0x7f5bbc977752b291, false),
        ("usqadd h0, h1", 0x7e603820, &[], 0x0, true),
        ("sqabs h0, h1", 0x5e607820, &[(1, 0x8000)], 0x7fff, true),
        ("sqabs b0, b1", 0x5e207820, &[], 0x7f, false),
        ("sqneg s0, s1", 0x7ea07820, &[], 0xff017f7f, false),
        ("sqneg d0, d1", 0x7ee07820, &[(1, 0x8000000000000000)], 0x7fffffffffffffff, true),
        ("cmgt d0, d1, #0", 0x5ee08820, &[], 0x0, false),
        ("cmge d0, d1, #0", 0x7ee08820, &[(1, 0x0)], 0xffffffffffffffff, false),
        ("cmeq d0, d1, #0", 0x5ee09820, &[(1, 0x0000000000000001_0000000000000000)], 0xffffffffffffffff, false),
        ("cmle d0, d1, #0", 0x7ee09820, &[(1, 0x8000000000000000)], 0xffffffffffffffff, false),
        ("cmlt d0, d1, #0", 0x5ee0a820, &[], 0xffffffffffffffff, false),
        ("abs d0, d1", 0x5ee0b820, &[(1, 0x8000000000000000)], 0x8000000000000000, false),
        ("abs d0, d1", 0x5ee0b820, &[(1, 0xfffffffffffffffe)], 0x2, false),
        ("neg d0, d1", 0x7ee0b820, &[], 0x7f80fe00ff017f7f, false),
        ("sqxtun b0, h1", 0x7e212820, &[], 0x0, true),
        ("sqxtun s0, d1", 0x7ea12820, &[(1, 0x100000000)], 0xffffffff, true),
        ("sqxtn h0, s1", 0x5e614820, &[], 0x7fff, true),
        ("sqxtn b0, h1", 0x5e214820, &[(1, 0xff80)], 0x80, false),
        ("uqxtn s0, d1", 0x7ea14820, &[], 0xffffffff, true),
        ("uqxtn b0, h1", 0x7e214820, &[(1, 0xff)], 0xff, false),
        ("addp d0, v1.2d", 0x5ef1b820, &[], 0x7e820000fd8082, false),
        ("addp d0, v1.2d", 0x5ef1b820, &[(1, S64)], 0xffffffffffffffff, false),
    ]);
}

#[test]
fn scalar_shift_imm() {
    #[rustfmt::skip]
    check(&[
        ("sshr d0, d1, #1", 0x5f7f0420, &[], 0xc03f80ff807f4040, false),
        ("ushr d0, d1, #64", 0x7f400420, &[], 0x0, false),
        ("sshr d0, d1, #64", 0x5f400420, &[(1, 0x8000000000000000)], 0xffffffffffffffff, false),
        ("ssra d0, d1, #63", 0x5f411420, &[], 0xfedcba987654320f, false),
        ("usra d0, d1, #1", 0x7f7f1420, &[], 0x3f1c3b97f6d37250, false),
        ("srshr d0, d1, #64", 0x5f402420, &[], 0x0, false),
        ("urshr d0, d1, #3", 0x7f7d2420, &[], 0x100fe03fe01fd010, false),
        ("urshr d0, d1, #64", 0x7f402420, &[(1, 0x8000000000000000)], 0x1, false),
        ("srsra d0, d1, #2", 0x5f7e3420, &[], 0xdefc7b183693d230, false),
        ("ursra d0, d1, #64", 0x7f403420, &[], 0xfedcba9876543211, false),
        ("sri d0, d1, #7", 0x7f794420, &[], 0xff00fe03fe01fd01, false),
        ("sri d0, d1, #64", 0x7f404420, &[], 0xfedcba9876543210, false),
        ("shl d0, d1, #63", 0x5f7f5420, &[], 0x8000000000000000, false),
        ("sli d0, d1, #1", 0x7f415420, &[], 0xfe03fe01fd0102, false),
        ("sli d0, d1, #0", 0x7f405420, &[], 0x807f01ff00fe8081, false),
        ("sqshlu b0, b1, #7", 0x7f0f6420, &[], 0x0, true),
        ("sqshlu d0, d1, #1", 0x7f416420, &[], 0x0, true),
        ("sqshl h0, h1, #3", 0x5f137420, &[], 0x8000, true),
        ("sqshl s0, s1, #31", 0x5f3f7420, &[(1, 0x1)], 0x7fffffff, true),
        ("uqshl d0, d1, #1", 0x7f417420, &[], 0xffffffffffffffff, true),
        ("uqshl b0, b1, #0", 0x7f087420, &[], 0x81, false),
        ("sqshrun b0, h1, #1", 0x7f0f8420, &[], 0x0, true),
        ("sqshrun s0, d1, #1", 0x7f3f8420, &[(1, 0x7fffffffffff)], 0xffffffff, true),
        ("sqrshrun h0, s1, #16", 0x7f108c20, &[], 0xff, false),
        ("sqshrn s0, d1, #1", 0x5f3f9420, &[], 0x80000000, true),
        ("sqshrn b0, h1, #8", 0x5f089420, &[], 0x80, false),
        ("uqshrn b0, h1, #8", 0x7f089420, &[], 0x80, false),
        ("uqshrn h0, s1, #1", 0x7f1f9420, &[(1, 0x1fffe)], 0xffff, false),
        ("sqrshrn h0, s1, #3", 0x5f1d9c20, &[], 0x7fff, true),
        ("sqrshrn s0, d1, #32", 0x5f209c20, &[(1, 0x7fffffff80000000)], 0x7fffffff, true),
        ("uqrshrn s0, d1, #32", 0x7f209c20, &[], 0x807f01ff, false),
        ("uqrshrn b0, h1, #1", 0x7f0f9c20, &[(1, 0x1ff)], 0xff, true),
    ]);
}
