//! AdvSIMD integer arithmetic (vector forms): one case per instruction form (several for
//! the edge cases: saturation, rounding, shifts of 0 and of the full element size, Q=0
//! zeroing the upper half, the "2" forms keeping the lower half).
//!
//! Expected values were recorded from the unicorn Python package (an independent
//! AArch64 model) for the inputs below and embedded as literals; a few were checked by
//! hand against the Arm ARM pseudocode (see simd_arith_hand.rs for worked cases).

mod support;

use crossrun_ir::CpuState;

const A: u128 = 0x7fff8000ffff0001_807f01ff00fe8081;
const B: u128 = 0x00010002fffe7fff_7f80ff017f00c040;
/// Shift counts (the low byte of each element is a signed count).
const C: u128 = 0x01ff07f908f80081_02fe3fc110f07f80;
const D: u128 = 0x0123456789abcdef_fedcba9876543210;
#[allow(dead_code)]
const S32: u128 = 0x800000007fffffff_ffffffff00000001;
#[allow(dead_code)]
const T32: u128 = 0x8000000080000000_000000027fffffff;
#[allow(dead_code)]
const S64: u128 = 0x8000000000000000_7fffffffffffffff;
#[allow(dead_code)]
const H16: u128 = 0x80007fff80000001_ffff80007fff0004;
/// D-element shift counts: -63 in the low element, +64 in the high one.
#[allow(dead_code)]
const CNT64: u128 = 0x0000000000000040_00000000000000c1;

/// (assembly, encoding, registers set besides the defaults, expected Vd, FPSR.QC after).
type Case = (&'static str, u32, &'static [(usize, u128)], u128, bool);

/// Runs each case from V0 = D, V1 = A, V2 = B, V3 = C (other registers zero, FPSR
/// zero) and checks Vd, FPSR.QC, and that no other register changed.
fn check(cases: &[Case]) {
    for &(asm, insn, regs, want, qc) in cases {
        let mut cpu = CpuState::default();
        cpu.v[..4].copy_from_slice(&[D, A, B, C]);
        for &(r, v) in regs {
            cpu.v[r] = v;
        }
        let before = cpu.clone();
        let out = support::run(&[insn], cpu);
        let d = (insn & 31) as usize;
        assert_eq!(out.v[d], want, "{asm}: V{d} = {:#034x}, want {want:#034x}", out.v[d]);
        assert_eq!(out.fpsr >> 27 & 1 != 0, qc, "{asm}: FPSR.QC");
        assert_eq!(out.fpsr & !(1 << 27), 0, "{asm}: FPSR");
        for r in (0..32).filter(|&r| r != d) {
            assert_eq!(out.v[r], before.v[r], "{asm}: V{r} changed");
        }
    }
}

#[test]
fn three_same() {
    #[rustfmt::skip]
    check(&[
        ("shadd v0.16b, v1.16b, v2.16b", 0x4e220420, &[], 0x3f00c001fffe3f00_ffff00003fffa0e0, false),
        ("uhadd v0.8h, v1.8h, v2.8h", 0x6e620420, &[], 0x40004001fffe4000_7fff80803fffa060, false),
        ("sqadd v0.16b, v1.16b, v2.16b", 0x4e220c20, &[], 0x7f008002fefd7f00_ffff00007ffe80c1, true),
        ("sqadd v0.2d, v1.2d, v2.2d", 0x4ee20c20, &[(1, S64), (2, S64)], S64, true),
        ("uqadd v0.8b, v1.8b, v2.8b", 0x2e220c20, &[], 0xffffffff7ffeffc1, true),
        ("uqadd v0.4s, v1.4s, v2.4s", 0x6ea20c20, &[(1, S32), (2, T32)], 0xffffffffffffffff_ffffffff80000000, true),
        ("srhadd v0.4s, v1.4s, v2.4s", 0x4ea21420, &[], 0x40004001fffec000_000000803fffa061, false),
        ("urhadd v0.16b, v1.16b, v2.16b", 0x6e221420, &[], 0x40804001ffff4080_80808080407fa061, false),
        ("shsub v0.4h, v1.4h, v2.4h", 0x0e622420, &[], 0x807f017fc0ffe020, false),
        ("uhsub v0.4s, v1.4s, v2.4s", 0x6ea22420, &[], 0x3fff3fff00004001_007f017fc0fee020, false),
        ("sqsub v0.8h, v1.8h, v2.8h", 0x4e622c20, &[], 0x7ffe800000018002_800002fe81fec041, true),
        ("sqsub v0.2s, v1.2s, v2.2s", 0x0ea22c20, &[(1, S32), (2, T32)], 0xfffffffd80000002, false),
        ("uqsub v0.16b, v1.16b, v2.16b", 0x6e222c20, &[], 0x7ffe800000010000_010000fe00fe0041, true),
        ("uqsub v0.2d, v1.2d, v2.2d", 0x6ee22c20, &[(1, S64), (2, A)], 0x00007fff0000ffff_0000000000000000, true),
        ("cmgt v0.16b, v1.16b, v2.16b", 0x4e223420, &[], 0xff00000000ff00ff_00ffff0000000000, false),
        ("cmhi v0.8h, v1.8h, v2.8h", 0x6e623420, &[], 0xffffffffffff0000_ffff000000000000, false),
        ("cmge v0.4s, v1.4s, v2.4s", 0x4ea23c20, &[(1, S32), (2, T32)], 0xffffffffffffffff_0000000000000000, false),
        ("cmhs v0.2d, v1.2d, v2.2d", 0x6ee23c20, &[], 0xffffffffffffffff_ffffffffffffffff, false),
        ("sshl v0.16b, v1.16b, v3.16b", 0x4e234420, &[], 0xfeff000000ff0000_001f00ff00ff00ff, false),
        ("sshl v0.2d, v1.2d, v3.2d", 0x4ee34420, &[(1, S64), (3, CNT64)], 0x0, false),
        ("ushl v0.8h, v1.8h, v3.8h", 0x6e634420, &[], 0x3fff010000ff0000_201f000000000000, false),
        ("ushl v0.2s, v1.2s, v3.2s", 0x2ea34420, &[], 0x0, false),
        ("sqshl v0.4s, v1.4s, v3.4s", 0x4ea34c20, &[], 0x00ffff00ffffffff_ffffffff00000000, false),
        ("sqshl v0.16b, v1.16b, v3.16b", 0x4e234c20, &[], 0x7fff800080ff0000_801f7fff00ff80ff, true),
        ("uqshl v0.16b, v1.16b, v3.16b", 0x6e234c20, &[], 0xfe7fff00ff000000_ff1fff000000ff00, true),
        ("uqshl v0.2d, v1.2d, v3.2d", 0x6ee34c20, &[(3, CNT64)], 0xffffffffffffffff_0000000000000001, true),
        ("srshl v0.8h, v1.8h, v3.8h", 0x4e635420, &[], 0x4000ff0000000000_e020000000000000, false),
        ("srshl v0.16b, v1.16b, v3.16b", 0x4e235420, &[], 0xfe00000000000000_0020000000000000, false),
        ("urshl v0.2d, v1.2d, v3.2d", 0x6ee35420, &[(1, S64), (3, CNT64)], 0x1, false),
        ("urshl v0.4s, v1.4s, v3.4s", 0x6ea35420, &[], 0x00ffff0000000000_0000000000000000, false),
        ("sqrshl v0.16b, v1.16b, v3.16b", 0x4e235c20, &[], 0x7f00800080000000_80207f0000008000, true),
        ("uqrshl v0.4s, v1.4s, v3.4s", 0x6ea35c20, &[], 0x00ffff0000000000_0000000000000000, false),
        ("uqrshl v0.8b, v1.8b, v3.8b", 0x2e235c20, &[], 0xff20ff000000ff00, true),
        ("smax v0.16b, v1.16b, v2.16b", 0x4e226420, &[], 0x7f010002ffff7f01_7f7f01017f00c040, false),
        ("umax v0.4s, v1.4s, v2.4s", 0x6ea26420, &[], 0x7fff8000ffff0001_807f01ff7f00c040, false),
        ("smin v0.8h, v1.8h, v2.8h", 0x4e626c20, &[], 0x00018000fffe0001_807fff0100fe8081, false),
        ("umin v0.8b, v1.8b, v2.8b", 0x2e226c20, &[], 0x7f7f010100008040, false),
        ("sabd v0.16b, v1.16b, v2.16b", 0x4e227420, &[], 0x7f02800200017f02_ffff02027f0240bf, false),
        ("uabd v0.4h, v1.4h, v2.4h", 0x2e627420, &[], 0xfffd027e023fbf, false),
        ("saba v0.16b, v1.16b, v2.16b", 0x4e227c20, &[], 0x8025c56989ac4cf1_fddbbc9af55672cf, false),
        ("uaba v0.4s, v1.4s, v2.4s", 0x6ea27c20, &[], 0x8121c56589ac4df1_ffdabd96f45671cf, false),
        ("add v0.2d, v1.2d, v2.2d", 0x4ee28420, &[], 0x80008003fffd8000_000001007fff40c1, false),
        ("add v0.16b, v1.16b, v2.16b", 0x4e228420, &[], 0x7f008002fefd7f00_ffff00007ffe40c1, false),
        ("add v0.4h, v1.4h, v2.4h", 0x0e628420, &[], 0xffff01007ffe40c1, false),
        ("sub v0.8h, v1.8h, v2.8h", 0x6e628420, &[], 0x7ffe7ffe00018002_00ff02fe81fec041, false),
        ("sub v0.2s, v1.2s, v2.2s", 0x2ea28420, &[], 0xfe02fe81fdc041, false),
        ("sub v31.16b, v1.16b, v31.16b", 0x6e3f843f, &[(31, B)], 0x7ffe80fe00018102_01ff02fe81fec041, false),
        ("cmtst v0.16b, v1.16b, v2.16b", 0x4e228c20, &[], 0x00ff0000ffff00ff_0000ffff0000ff00, false),
        ("cmeq v0.4s, v1.4s, v2.4s", 0x6ea28c20, &[(2, 0x7fff8000ffff0001_807f01ff00fe807e)], 0xffffffffffffffff_ffffffff00000000, false),
        ("mla v0.8h, v1.8h, v2.8h", 0x4e629420, &[], 0x8122456789ad4dee_3f5cbd9778541250, false),
        ("mls v0.4s, v1.4s, v2.4s", 0x6ea29420, &[], 0x8124456709ac4df0_7ae0b799575351d0, false),
        ("mla v0.8b, v1.8b, v2.8b", 0x0e229420, &[], 0x7e5cb99776543250, false),
        ("mul v0.16b, v1.16b, v2.16b", 0x4e229c20, &[], 0x00ff0000010200ff_8080ffff00000040, false),
        ("mul v0.2s, v1.2s, v2.2s", 0x0ea29c20, &[], 0x83fc02ff1f00e040, false),
        ("pmul v0.16b, v1.16b, v2.16b", 0x6e229c20, &[], 0x00ff000055aa00ff_8080ffff00000040, false),
        ("smaxp v0.8b, v1.8b, v2.8b", 0x0e22a420, &[], 0x7f017f407f010081, false),
        ("umaxp v0.16b, v1.16b, v2.16b", 0x6e22a420, &[], 0x0102ffff80ff7fc0_ff80ff0180fffe81, false),
        ("sminp v0.4s, v1.4s, v2.4s", 0x4ea2ac20, &[], 0xfffe7fff7f00c040_ffff0001807f01ff, false),
        ("uminp v0.8h, v1.8h, v2.8h", 0x6e62ac20, &[], 0x00017fff7f807f00_7fff000101ff00fe, false),
        ("sqdmulh v0.8h, v1.8h, v2.8h", 0x4e62b420, &[(1, H16), (2, H16)], 0x7fff7ffe7fff0000_00007fff7ffe0000, true),
        ("sqrdmulh v0.4s, v1.4s, v2.4s", 0x6ea2b420, &[(1, S32), (2, T32)], 0x7fffffff80000001_0000000000000001, true),
        ("sqrdmulh v0.4h, v1.4h, v2.4h", 0x2e62b420, &[(1, H16), (2, A)], 0x1fe0100fefffc, false),
        ("addp v0.2d, v1.2d, v2.2d", 0x4ee2bc20, &[], 0x7f81ff047eff403f_007e820000fd8082, false),
        ("addp v0.8b, v1.8b, v2.8b", 0x0e22bc20, &[], 0xff007f00ff00fe01, false),
        ("addp v0.4s, v1.4s, v2.4s", 0x4ea2bc20, &[], 0xffff8001fe81bf41_7ffe8001817d8280, false),
        ("and v0.16b, v1.16b, v2.16b", 0x4e221c20, &[], 0x00010000fffe0001_0000010100008000, false),
        ("bic v0.8b, v1.8b, v2.8b", 0x0e621c20, &[], 0x807f00fe00fe0081, false),
        ("orr v0.16b, v1.16b, v2.16b", 0x4ea21c20, &[], 0x7fff8002ffff7fff_ffffffff7ffec0c1, false),
        ("orn v0.16b, v1.16b, v2.16b", 0x4ee21c20, &[], 0xfffffffdffff8001_807f01ff80ffbfbf, false),
        ("eor v0.8b, v1.8b, v2.8b", 0x2e221c20, &[], 0xfffffefe7ffe40c1, false),
        ("bsl v0.16b, v1.16b, v2.16b", 0x6e621c20, &[], 0x01230000ffff3211_815c45990954c040, false),
        ("bit v0.16b, v1.16b, v2.16b", 0x6ea21c20, &[], 0x01234565ffff8001_805c01990054b210, false),
        ("bif v0.8b, v1.8b, v2.8b", 0x2ee21c20, &[], 0xfeffbafe76fe0081, false),
    ]);
}

#[test]
fn three_different() {
    #[rustfmt::skip]
    check(&[
        ("saddl v0.8h, v1.8b, v2.8b", 0x0e220020, &[], 0xffffffff00000000_007ffffeff40ffc1, false),
        ("uaddl2 v0.4s, v1.8h, v2.8h", 0x6e620020, &[], 0x0000800000008002_0001fffd00008000, false),
        ("saddw v0.2d, v1.2d, v2.2s", 0x0ea21020, &[], 0x7fff80017f7fff02_807f01ff7fff40c1, false),
        ("uaddw2 v0.8h, v1.8h, v2.16b", 0x6e221020, &[], 0x7fff8001ffff0003_817e02fd017d8180, false),
        ("ssubl v0.4s, v1.4h, v2.4h", 0x0e622020, &[], 0xffff00ff000002fe_ffff81feffffc041, false),
        ("usubl2 v0.2d, v1.4s, v2.4s", 0x6ea22020, &[], 0x000000007ffe7ffe_0000000000008002, false),
        ("ssubw2 v0.4s, v1.4s, v2.8h", 0x4e623020, &[], 0x7fff7ffffffeffff_807f020100fe0082, false),
        ("usubw v0.8h, v1.8h, v2.8b", 0x2e223020, &[], 0x7f807f80ff000000_800001ff003e8041, false),
        ("addhn v0.8b, v1.8h, v2.8h", 0x0e224020, &[], 0x8080ff80ff017f40, false),
        ("addhn2 v0.16b, v1.8h, v2.8h", 0x4e224020, &[], 0x8080ff80ff017f40_fedcba9876543210, false),
        ("raddhn v0.4h, v1.4s, v2.4s", 0x2e624020, &[], 0x8001fffe00007fff, false),
        ("raddhn2 v0.4s, v1.2d, v2.2d", 0x6ea24020, &[], 0x8000800400000100_fedcba9876543210, false),
        ("subhn2 v0.4s, v1.2d, v2.2d", 0x4ea26020, &[], 0x7ffe7ffe00fe02fd_fedcba9876543210, false),
        ("subhn v0.8b, v1.8h, v2.8h", 0x0e226020, &[], 0x7f7f0080000281c0, false),
        ("rsubhn v0.8b, v1.8h, v2.8h", 0x2e226020, &[], 0x80800080010382c0, false),
        ("rsubhn2 v0.8h, v1.4s, v2.4s", 0x6e626020, &[], 0x7ffe000100fe81fe_fedcba9876543210, false),
        ("sabal v0.8h, v1.8b, v2.8b", 0x0e225020, &[], 0x0222466689adcdf1_ff5bba9a769432cf, false),
        ("uabal2 v0.4s, v1.8h, v2.8h", 0x6e625020, &[], 0x0123c56589ac4ded_fedcba997654b20e, false),
        ("sabdl2 v0.2d, v1.4s, v2.4s", 0x4ea27020, &[], 0x000000007ffe7ffe_0000000000008002, false),
        ("uabdl v0.8h, v1.8b, v2.8b", 0x2e227020, &[], 0x0001000100fe00fe_007f00fe00400041, false),
        ("smlal v0.4s, v1.4h, v2.4h", 0x0e628020, &[], 0xc1a285e789a9d0ee_ff5abc9896141250, false),
        ("umlal2 v0.2d, v1.4s, v2.4s", 0x6ea28020, &[], 0x0123c56809aacdef_feda3a99f653b20f, false),
        ("smlsl2 v0.8h, v1.16b, v2.16b", 0x4e22a020, &[], 0x0123456889abcdef_fedbba9676543211, false),
        ("umlsl v0.4s, v1.4h, v2.4h", 0x2e62a020, &[], 0xc12404e787aecaf0_fe5eb89815d351d0, false),
        ("sqdmlal v0.4s, v1.4h, v2.4h", 0x0e629020, &[(1, H16), (2, H16)], 0x0123456909abcdee_7edaba9a76543230, true),
        ("sqdmlal2 v0.2d, v1.4s, v2.4s", 0x4ea29020, &[(1, S32), (2, T32)], 0x7fffffffffffffff_8000000000000000, true),
        ("sqdmlal v0.2d, v1.2s, v2.2s", 0x0ea29020, &[(0, S64), (1, S32), (2, S32)], 0x8000000000000002_7fffffffffffffff, true),
        ("sqdmlsl v0.4s, v1.4h, v2.4h", 0x0e62b020, &[], 0x7fffffff89afc7f1_fde0b69836d47190, true),
        ("sqdmlsl2 v0.2d, v1.4s, v2.4s", 0x4ea2b020, &[(0, S64), (1, S32), (2, S32)], 0x8000000000000000_00000001fffffffd, true),
        ("sqdmull v0.4s, v1.4h, v2.4h", 0x0e62d020, &[(1, H16), (2, H16)], 0x000000027fffffff_7ffe000200000020, true),
        ("sqdmull2 v0.2d, v1.4s, v2.4s", 0x4ea2d020, &[(1, T32), (2, T32)], 0x7fffffffffffffff_7fffffffffffffff, true),
        ("smull v0.8h, v1.8b, v2.8b", 0x0e22c020, &[], 0xc080c080ffffffff_000000002000e040, false),
        ("umull2 v0.2d, v1.4s, v2.4s", 0x6ea2c020, &[], 0x000080007fff0000_fffd80017fff7fff, false),
        ("smull2 v0.4s, v1.8h, v2.8h", 0x4e62c020, &[], 0x00007fffffff0000_0000000200007fff, false),
        ("umull v0.8h, v1.8b, v2.8b", 0x2e22c020, &[], 0x3f803f8000ff00ff_0000000060002040, false),
        ("pmull v0.8h, v1.8b, v2.8b", 0x0e22e020, &[], 0x3f803f8000ff00ff_0000000060002040, false),
        ("pmull2 v0.8h, v1.16b, v2.16b", 0x4e22e020, &[], 0x000000ff00000000_555555aa000000ff, false),
        ("pmull v0.1q, v1.1d, v2.1d", 0x0ee2e020, &[], 0x3fd5157f40ea8b00_e0eb55be20c0e040, false),
        ("pmull2 v0.1q, v1.2d, v2.2d", 0x4ee2e020, &[], 0x00007fff55553ffe_c00000022aab7fff, false),
    ]);
}

#[test]
fn two_reg_misc() {
    #[rustfmt::skip]
    check(&[
        ("rev64 v0.16b, v1.16b", 0x4e200820, &[], 0x0100ffff0080ff7f_8180fe00ff017f80, false),
        ("rev64 v0.4h, v1.4h", 0x0e600820, &[], 0x808100fe01ff807f, false),
        ("rev64 v0.4s, v1.4s", 0x4ea00820, &[], 0xffff00017fff8000_00fe8081807f01ff, false),
        ("rev32 v0.16b, v1.16b", 0x6e200820, &[], 0x0080ff7f0100ffff_ff017f808180fe00, false),
        ("rev32 v0.4h, v1.4h", 0x2e600820, &[], 0x1ff807f808100fe, false),
        ("rev16 v0.16b, v1.16b", 0x4e201820, &[], 0xff7f0080ffff0100_7f80ff01fe008180, false),
        ("saddlp v0.8h, v1.16b", 0x4e202820, &[], 0x007eff80fffe0001_ffff0000fffeff01, false),
        ("uaddlp v0.1d, v1.2s", 0x2ea02820, &[], 0x817d8280, false),
        ("saddlp v0.2d, v1.4s", 0x4ea02820, &[(1, S32)], 0xffffffffffffffff_0000000000000000, false),
        ("sadalp v0.4s, v1.8h", 0x4e606820, &[], 0x0123456689abcdef_fedc3d167653b38f, false),
        ("uadalp v0.2d, v1.4s", 0x6ea06820, &[], 0x0123456909aa4df0_fedcba98f7d1b490, false),
        ("uadalp v0.4h, v1.8b", 0x2e206820, &[], 0xffdbbb9877523311, false),
        ("suqadd v0.16b, v1.16b", 0x4e203820, &[], 0x7f7f7f677f7fcdf0_7e5bbb7f767f7f7f, true),
        ("usqadd v0.8h, v1.8h", 0x6e603820, &[], 0x8122000089aacdf0_7f5bbc9777520000, true),
        ("suqadd v0.2d, v1.2d", 0x4ee03820, &[(0, S64), (1, S64)], 0x7fffffffffffffff, true),
        ("usqadd v0.4s, v1.4s", 0x6ea03820, &[(0, S32), (1, T32)], 0xffffffff80000000, true),
        ("cls v0.16b, v1.16b", 0x4e204820, &[], 0x0007000707070706_0000060707060000, false),
        ("cls v0.4s, v1.4s", 0x4ea04820, &[], 0x000000000000000f_0000000000000007, false),
        ("clz v0.4s, v1.4s", 0x6ea04820, &[], 0x0000000100000000_0000000000000008, false),
        ("clz v0.8h, v1.8h", 0x6e604820, &[], 0x000100000000000f_0000000700080000, false),
        ("cnt v0.8b, v1.8b", 0x0e205820, &[], 0x107010800070102, false),
        ("cnt v0.16b, v1.16b", 0x4e205820, &[], 0x0708010008080001_0107010800070102, false),
        ("not v0.16b, v1.16b", 0x6e205820, &[], 0x80007fff0000fffe_7f80fe00ff017f7e, false),
        ("rbit v0.8b, v1.8b", 0x2e605820, &[], 0x1fe80ff007f0181, false),
        ("sqabs v0.16b, v1.16b", 0x4e207820, &[], 0x7f017f0001010001_7f7f010100027f7f, true),
        ("sqneg v0.2d, v1.2d", 0x6ee07820, &[(1, S64)], 0x7fffffffffffffff_8000000000000001, true),
        ("sqneg v0.8h, v1.8h", 0x6e607820, &[], 0x80017fff0001ffff_7f81fe01ff027f7f, true),
        ("abs v0.8h, v1.8h", 0x4e60b820, &[], 0x7fff800000010001_7f8101ff00fe7f7f, false),
        ("abs v0.2d, v1.2d", 0x4ee0b820, &[(1, S64)], S64, false),
        ("neg v0.4s, v1.4s", 0x6ea0b820, &[], 0x800080000000ffff_7f80fe01ff017f7f, false),
        ("neg v0.2d, v1.2d", 0x6ee0b820, &[], 0x80007fff0000ffff_7f80fe00ff017f7f, false),
        ("neg v0.8b, v1.8b", 0x2e20b820, &[], 0x8081ff010002807f, false),
        ("cmgt v0.16b, v1.16b, #0", 0x4e208820, &[], 0xff000000000000ff_00ffff0000000000, false),
        ("cmge v0.8h, v1.8h, #0", 0x6e608820, &[], 0xffff00000000ffff_0000ffffffff0000, false),
        ("cmeq v0.4s, v1.4s, #0", 0x4ea09820, &[(1, 0x800000007fffffff_ffffffff00000000)], 0xffffffff, false),
        ("cmle v0.2d, v1.2d, #0", 0x6ee09820, &[(1, S64)], 0xffffffffffffffff_0000000000000000, false),
        ("cmlt v0.8b, v1.8b, #0", 0x0e20a820, &[], 0xff0000ff00ffffff, false),
        ("xtn v0.8b, v1.8h", 0x0e212820, &[], 0xff00ff017ffffe81, false),
        ("xtn2 v0.16b, v1.8h", 0x4e212820, &[], 0xff00ff017ffffe81_fedcba9876543210, false),
        ("xtn v0.2s, v1.2d", 0x0ea12820, &[], 0xffff000100fe8081, false),
        ("sqxtn v0.4h, v1.4s", 0x0e614820, &[], 0x7fff800080007fff, true),
        ("sqxtn2 v0.4s, v1.2d", 0x4ea14820, &[(1, S64)], 0x800000007fffffff_fedcba9876543210, true),
        ("uqxtn v0.8b, v1.8h", 0x2e214820, &[], 0xffffff01fffffeff, true),
        ("uqxtn2 v0.8h, v1.4s", 0x6e614820, &[], 0xffffffffffffffff_fedcba9876543210, true),
        ("sqxtun v0.2s, v1.2d", 0x2ea12820, &[(1, S64)], 0xffffffff, true),
        ("sqxtun2 v0.16b, v1.8h", 0x6e212820, &[], 0xff00000100fffe00_fedcba9876543210, true),
        ("shll v0.8h, v1.8b, #8", 0x2e213820, &[], 0x80007f000100ff00_0000fe0080008100, false),
        ("shll2 v0.4s, v1.8h, #16", 0x6e613820, &[], 0x7fff000080000000_ffff000000010000, false),
        ("shll v0.2d, v1.2s, #32", 0x2ea13820, &[], 0x807f01ff00000000_00fe808100000000, false),
    ]);
}

#[test]
fn across_lanes() {
    #[rustfmt::skip]
    check(&[
        ("addv b0, v1.16b", 0x4e31b820, &[], 0xfb, false),
        ("addv h0, v1.4h", 0x0e71b820, &[], 0x3fd, false),
        ("addv s0, v1.4s", 0x4eb1b820, &[], 0x17c0281, false),
        ("addv b0, v1.8b", 0x0e31b820, &[], 0xfe, false),
        ("saddlv h0, v1.16b", 0x4e303820, &[], 0xfefb, false),
        ("uaddlv d0, v1.4s", 0x6eb03820, &[], 0x2017c0281, false),
        ("saddlv s0, v1.4h", 0x0e703820, &[], 0xffff03fd, false),
        ("uaddlv h0, v1.8b", 0x2e303820, &[], 0x3fe, false),
        ("smaxv b0, v1.8b", 0x0e30a820, &[], 0x7f, false),
        ("umaxv h0, v1.8h", 0x6e70a820, &[], 0xffff, false),
        ("smaxv s0, v1.4s", 0x4eb0a820, &[], 0x7fff8000, false),
        ("sminv s0, v1.4s", 0x4eb1a820, &[], 0x807f01ff, false),
        ("uminv b0, v1.16b", 0x6e31a820, &[], 0x0, false),
        ("uminv h0, v1.4h", 0x2e71a820, &[], 0xfe, false),
        ("sminv b0, v1.16b", 0x4e31a820, &[], 0x80, false),
    ]);
}

#[test]
fn modified_imm() {
    #[rustfmt::skip]
    check(&[
        ("movi v0.4s, #0xab, lsl #8", 0x4f052560, &[], 0x0000ab000000ab00_0000ab000000ab00, false),
        ("movi v0.2s, #0x12, lsl #24", 0x0f006640, &[], 0x1200000012000000, false),
        ("mvni v0.4s, #0x12, lsl #16", 0x6f004640, &[], 0xffedffffffedffff_ffedffffffedffff, false),
        ("mvni v0.2s, #0x80", 0x2f040400, &[], 0xffffff7fffffff7f, false),
        ("orr v0.4s, #0x5a", 0x4f021740, &[], 0x0123457f89abcdff_fedcbada7654325a, false),
        ("orr v0.2s, #0x5a, lsl #24", 0x0f027740, &[], 0xfedcba987e543210, false),
        ("bic v0.2s, #0xff, lsl #8", 0x2f0737e0, &[], 0xfedc009876540010, false),
        ("bic v0.4s, #0x81, lsl #16", 0x6f045420, &[], 0x01224567892acdef_fe5cba9876543210, false),
        ("movi v0.8h, #0x34, lsl #8", 0x4f01a680, &[], 0x3400340034003400_3400340034003400, false),
        ("movi v0.4h, #0xff", 0x0f0787e0, &[], 0xff00ff00ff00ff, false),
        ("mvni v0.4h, #0x34", 0x2f018680, &[], 0xffcbffcbffcbffcb, false),
        ("mvni v0.8h, #0x34, lsl #8", 0x6f01a680, &[], 0xcbffcbffcbffcbff_cbffcbffcbffcbff, false),
        ("orr v0.8h, #0x81, lsl #8", 0x4f04b420, &[], 0x8123c56789abcdef_ffdcbb98f754b310, false),
        ("orr v0.4h, #0x3", 0x0f009460, &[], 0xfedfba9b76573213, false),
        ("bic v0.4h, #0x0f", 0x2f0095e0, &[], 0xfed0ba9076503210, false),
        ("bic v0.8h, #0xf0, lsl #8", 0x6f07b600, &[], 0x0123056709ab0def_0edc0a9806540210, false),
        ("movi v0.4s, #0x12, msl #8", 0x4f00c640, &[], 0x000012ff000012ff_000012ff000012ff, false),
        ("movi v0.2s, #0xfe, msl #16", 0x0f07d7c0, &[], 0xfeffff00feffff, false),
        ("mvni v0.2s, #0x12, msl #16", 0x2f00d640, &[], 0xffed0000ffed0000, false),
        ("mvni v0.4s, #0x12, msl #8", 0x6f00c640, &[], 0xffffed00ffffed00_ffffed00ffffed00, false),
        ("movi v0.16b, #0xa5", 0x4f05e4a0, &[], 0xa5a5a5a5a5a5a5a5_a5a5a5a5a5a5a5a5, false),
        ("movi v0.8b, #0x3c", 0x0f01e780, &[], 0x3c3c3c3c3c3c3c3c, false),
        ("movi d0, #0xff00ff0000ffff00", 0x2f05e4c0, &[], 0xff00ff0000ffff00, false),
        ("movi v0.2d, #0xff000000000000ff", 0x6f04e420, &[], 0xff000000000000ff_ff000000000000ff, false),
        ("movi v31.2d, #0", 0x6f00e41f, &[(31, A)], 0x0, false),
    ]);
}
