//! A checker for single FP instructions: set up V/X registers, FPCR, FPSR and NZCV, run
//! one instruction, and compare every register with the expected values (registers
//! without an expectation must be unchanged).

#![allow(dead_code)]

use crate::support;
use crossrun_exec::Exit;
use crossrun_ir::{CpuState, TrapKind};

/// FPCR.DN, FPCR.FZ and the FPCR.RMode values.
pub const DN: u32 = 1 << 25;
pub const FZ: u32 = 1 << 24;
pub const AHP: u32 = 1 << 26;
pub const RN: u32 = 0;
pub const RP: u32 = 1 << 22;
pub const RM: u32 = 2 << 22;
pub const RZ: u32 = 3 << 22;
/// FPSR cumulative flags.
pub const IOC: u32 = 1 << 0;
pub const DZC: u32 = 1 << 1;
pub const OFC: u32 = 1 << 2;
pub const UFC: u32 = 1 << 3;
pub const IXC: u32 = 1 << 4;
pub const IDC: u32 = 1 << 7;

pub struct Fp {
    insn: u32,
    asm: &'static str,
    cpu: CpuState,
    want_v: Vec<(usize, u128)>,
    want_x: Vec<(usize, u64)>,
    want_nzcv: Option<u32>,
    want_fpsr: Option<u32>,
}

/// Starts a check of `insn` (disassembly `asm`, for messages). By default FPSR must
/// come out unchanged (no exception).
pub fn fp(insn: u32, asm: &'static str) -> Fp {
    Fp {
        insn,
        asm,
        cpu: CpuState::default(),
        want_v: vec![],
        want_x: vec![],
        want_nzcv: None,
        want_fpsr: None,
    }
}

impl Fp {
    pub fn fpcr(mut self, fpcr: u32) -> Self {
        self.cpu.fp_control = fpcr;
        self
    }
    pub fn fpsr(mut self, fpsr: u32) -> Self {
        self.cpu.fp_status = fpsr;
        self
    }
    pub fn nzcv(mut self, nzcv: u32) -> Self {
        self.cpu.nzcv = nzcv;
        self
    }
    pub fn v(mut self, n: usize, value: u128) -> Self {
        self.cpu.v[n] = value;
        self
    }
    pub fn x(mut self, n: usize, value: u64) -> Self {
        self.cpu.x[n] = value;
        self
    }
    pub fn want_v(mut self, n: usize, value: u128) -> Self {
        self.want_v.push((n, value));
        self
    }
    pub fn want_x(mut self, n: usize, value: u64) -> Self {
        self.want_x.push((n, value));
        self
    }
    pub fn want_nzcv(mut self, nzcv: u32) -> Self {
        self.want_nzcv = Some(nzcv);
        self
    }
    /// The whole FPSR after the instruction.
    pub fn want_fpsr(mut self, fpsr: u32) -> Self {
        self.want_fpsr = Some(fpsr);
        self
    }

    /// Runs the instruction and checks every register.
    pub fn check(self) {
        let before = self.cpu.clone();
        let out = support::run(&[self.insn], self.cpu.clone());
        let what = format!("{} ({:#010x})", self.asm, self.insn);
        assert_eq!(out.pc, 4, "{what}: pc");
        for i in 0..32 {
            let want = self
                .want_v
                .iter()
                .rev()
                .find(|w| w.0 == i)
                .map_or(before.v[i], |w| w.1);
            assert_eq!(
                out.v[i], want,
                "{what}: v{i} is {:#034x}, want {want:#034x}",
                out.v[i]
            );
        }
        for i in 0..32 {
            let want = self
                .want_x
                .iter()
                .rev()
                .find(|w| w.0 == i)
                .map_or(before.x[i], |w| w.1);
            assert_eq!(
                out.x[i], want,
                "{what}: x{i} is {:#x}, want {want:#x}",
                out.x[i]
            );
        }
        let nzcv = self.want_nzcv.unwrap_or(before.nzcv);
        assert_eq!(
            out.nzcv, nzcv,
            "{what}: nzcv is {:#x}, want {nzcv:#x}",
            out.nzcv
        );
        let fpsr = self.want_fpsr.unwrap_or(before.fp_status);
        assert_eq!(
            out.fp_status, fpsr,
            "{what}: fpsr is {:#x}, want {fpsr:#x}",
            out.fp_status
        );
        assert_eq!(out.fp_control, before.fp_control, "{what}: fpcr");
    }
}

/// Asserts that `insn` is UNDEFINED: it traps without changing any register.
pub fn undefined(insn: u32, asm: &'static str) {
    let mut cpu = CpuState::default();
    for i in 0..32 {
        cpu.v[i] = 0x0123_4567_89ab_cdef_0011_2233_4455_6677u128.rotate_left(i as u32 * 3);
    }
    cpu.fp_control = DN;
    let before = cpu.clone();
    let (exit, out) = support::run_until_exit(&[insn], &mut cpu);
    assert_eq!(
        exit,
        Exit::Trap(TrapKind::Undefined { insn }),
        "{asm} ({insn:#010x}) should be UNDEFINED"
    );
    assert_eq!(out.pc, 0, "{asm}: pc");
    assert_eq!(out.v, before.v, "{asm}: v registers changed");
    assert_eq!(out.fp_status, before.fp_status, "{asm}: fpsr changed");
}

/// A V register value from four single-precision lanes (lane 0 first).
pub fn s4(l: [u32; 4]) -> u128 {
    l.iter()
        .enumerate()
        .fold(0, |v, (i, &x)| v | (x as u128) << (32 * i))
}

/// A V register value from two double-precision lanes (lane 0 first).
pub fn d2(l: [u64; 2]) -> u128 {
    l[0] as u128 | (l[1] as u128) << 64
}

/// What destination registers hold before a test, to show which bits get written.
pub const GARBAGE: u128 = 0xdeadbeef_0badf00d_feedface_c0ffee00;
