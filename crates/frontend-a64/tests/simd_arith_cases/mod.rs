//! What the table-driven AdvSIMD arithmetic tests share: the standard input registers and
//! the checker.

use crossrun_ir::CpuState;

pub const A: u128 = 0x7fff8000ffff0001_807f01ff00fe8081;
pub const B: u128 = 0x00010002fffe7fff_7f80ff017f00c040;
/// Shift counts (the low byte of each element is a signed count).
pub const C: u128 = 0x01ff07f908f80081_02fe3fc110f07f80;
pub const D: u128 = 0x0123456789abcdef_fedcba9876543210;
#[allow(dead_code)]
pub const S32: u128 = 0x800000007fffffff_ffffffff00000001;
#[allow(dead_code)]
pub const T32: u128 = 0x8000000080000000_000000027fffffff;
#[allow(dead_code)]
pub const S64: u128 = 0x8000000000000000_7fffffffffffffff;
#[allow(dead_code)]
pub const H16: u128 = 0x80007fff80000001_ffff80007fff0004;
/// D-element shift counts: -63 in the low element, +64 in the high one.
#[allow(dead_code)]
pub const CNT64: u128 = 0x0000000000000040_00000000000000c1;

/// (assembly, encoding, registers set besides the defaults, expected Vd, FPSR.QC after).
pub type Case = (&'static str, u32, &'static [(usize, u128)], u128, bool);

/// Runs each case from V0 = D, V1 = A, V2 = B, V3 = C (other registers zero, FPSR
/// zero) and checks Vd, FPSR.QC, and that no other register changed.
pub fn check(cases: &[Case]) {
    for &(asm, insn, regs, want, qc) in cases {
        let mut cpu = CpuState::default();
        cpu.v[..4].copy_from_slice(&[D, A, B, C]);
        for &(r, v) in regs {
            cpu.v[r] = v;
        }
        let before = cpu.clone();
        let out = crate::support::run(&[insn], cpu);
        let d = (insn & 31) as usize;
        assert_eq!(out.v[d], want, "{asm}: V{d} = {:#034x}, want {want:#034x}", out.v[d]);
        assert_eq!(out.fp_status >> 27 & 1 != 0, qc, "{asm}: FPSR.QC");
        assert_eq!(out.fp_status & !(1 << 27), 0, "{asm}: FPSR");
        for r in (0..32).filter(|&r| r != d) {
            assert_eq!(out.v[r], before.v[r], "{asm}: V{r} changed");
        }
    }
}
