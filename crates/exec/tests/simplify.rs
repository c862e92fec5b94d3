//! `passes::simplify` against plain Rust arithmetic: random blocks of the idioms it
//! rewrites (RV64-style word ops that truncate, compute in 32 bits and sign-extend;
//! shift pairs that are rotates or almost; logic on extended values with constants that
//! are or are not sign extensions) run in the interpreter, which gets them after the
//! passes, and must leave the registers the Rust model computes.

use crossrun_exec::{BlockCache, BlockLog, Executor, Exit, Interpreter};
use crossrun_ir::{Block, Builder, CpuState, Frontend, Reg, Terminator, Ty, Value, Width};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

#[derive(Clone, Copy, Debug)]
enum Bin {
    Add,
    Sub,
    And,
    Or,
    Xor,
    Shl,
    Lshr,
}

/// One guest instruction of the model; registers are x1..=x6.
#[derive(Clone, Copy, Debug)]
enum Insn {
    /// rd = sext32(op(rs1[31:0], rs2[31:0])), shift counts mod 32.
    Word(Bin, u8, u8, u8),
    /// rd = sext32(op(rs1[31:0], c)).
    WordImm(Bin, u8, u8, u32),
    /// rd = op(rs1, rs2), shift counts mod 64.
    Long(Bin, u8, u8, u8),
    /// rd = op(rs1, c).
    LongImm(Bin, u8, u8, u64),
    /// rd = zext32(rs) or sext8(rs).
    Ext(bool, u8, u8),
}

fn apply(op: Bin, a: u64, b: u64, bits: u32) -> u64 {
    let m = if bits == 32 { u32::MAX as u64 } else { u64::MAX };
    let s = (b % bits as u64) as u32;
    let r = match op {
        Bin::Add => a.wrapping_add(b),
        Bin::Sub => a.wrapping_sub(b),
        Bin::And => a & b,
        Bin::Or => a | b,
        Bin::Xor => a ^ b,
        Bin::Shl => a << s,
        Bin::Lshr => (a & m) >> s,
    };
    r & m
}

fn sext32(v: u64) -> u64 {
    v as u32 as i32 as i64 as u64
}

fn model(prog: &[Insn], x: &mut [u64; 8]) {
    for &insn in prog {
        match insn {
            Insn::Word(op, d, a, b) => x[d as usize] = sext32(apply(op, x[a as usize] & 0xffff_ffff, x[b as usize] & 0xffff_ffff, 32)),
            Insn::WordImm(op, d, a, c) => x[d as usize] = sext32(apply(op, x[a as usize] & 0xffff_ffff, c as u64, 32)),
            Insn::Long(op, d, a, b) => x[d as usize] = apply(op, x[a as usize], x[b as usize], 64),
            Insn::LongImm(op, d, a, c) => x[d as usize] = apply(op, x[a as usize], c, 64),
            Insn::Ext(true, d, a) => x[d as usize] = x[a as usize] & 0xffff_ffff,
            Insn::Ext(false, d, a) => x[d as usize] = x[a as usize] as i8 as i64 as u64,
        }
    }
}

fn bin(b: &mut Builder, op: Bin, x: Value, y: Value) -> Value {
    match op {
        Bin::Add => b.add(x, y),
        Bin::Sub => b.sub(x, y),
        Bin::And => b.and(x, y),
        Bin::Or => b.or(x, y),
        Bin::Xor => b.xor(x, y),
        Bin::Shl => b.shl(x, y),
        Bin::Lshr => b.lshr(x, y),
    }
}

/// Translates the model's program as a frontend would (one `GetReg` per read, the word
/// forms as truncation, 32-bit op and sign extension).
struct Program(Vec<Insn>);

impl Frontend for Program {
    fn translate(&self, pc: u64) -> Block {
        let mut b = Builder::new(pc);
        let word = |b: &mut Builder, r: u8| {
            let v = b.get(Reg::X(r));
            b.zext(Ty::I32, Width::W32, v)
        };
        for (n, &insn) in self.0.iter().enumerate() {
            b.guest_pc(pc + 4 * n as u64);
            let (d, v) = match insn {
                Insn::Word(op, d, x, y) => {
                    let (x, y) = (word(&mut b, x), word(&mut b, y));
                    let r = bin(&mut b, op, x, y);
                    (d, b.sext(Ty::I64, Width::W32, r))
                }
                Insn::WordImm(op, d, x, c) => {
                    let x = word(&mut b, x);
                    let c = b.c32(c);
                    let r = bin(&mut b, op, x, c);
                    (d, b.sext(Ty::I64, Width::W32, r))
                }
                Insn::Long(op, d, x, y) => {
                    let (x, y) = (b.get(Reg::X(x)), b.get(Reg::X(y)));
                    (d, bin(&mut b, op, x, y))
                }
                Insn::LongImm(op, d, x, c) => {
                    let x = b.get(Reg::X(x));
                    let c = b.c64(c);
                    (d, bin(&mut b, op, x, c))
                }
                Insn::Ext(zero, d, x) => {
                    let x = b.get(Reg::X(x));
                    (d, if zero { b.zext(Ty::I64, Width::W32, x) } else { b.sext(Ty::I64, Width::W8, x) })
                }
            };
            b.set(Reg::X(d), v);
        }
        let end = pc + 4 * self.0.len() as u64;
        b.finish(end, self.0.len() as u32, Terminator::Syscall { next_pc: end })
    }

    fn disassemble(&self, _pc: u64) -> Option<(String, u64)> {
        None
    }
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn reg(&mut self) -> u8 {
        1 + self.below(6) as u8
    }
}

/// A random instruction, often one half of a rotate (whose other half follows).
fn random_insns(rng: &mut Rng, out: &mut Vec<Insn>) {
    const OPS: [Bin; 7] = [Bin::Add, Bin::Sub, Bin::And, Bin::Or, Bin::Xor, Bin::Shl, Bin::Lshr];
    const LOGIC: [Bin; 3] = [Bin::And, Bin::Or, Bin::Xor];
    let op = OPS[rng.below(7) as usize];
    let (d, a, b) = (rng.reg(), rng.reg(), rng.reg());
    match rng.below(7) {
        0 => out.push(Insn::Word(op, d, a, b)),
        1 => out.push(Insn::WordImm(op, d, a, rng.below(40) as u32)),
        2 => out.push(Insn::Long(LOGIC[rng.below(3) as usize], d, a, b)),
        3 => {
            // Constants that are and are not sign extensions of 32 bits.
            let c = [0, u64::MAX, 0x7fff_ffff, 0xffff_ffff_8000_0000, 0x8000_0000, 0xffff_ffff, rng.next()];
            out.push(Insn::LongImm(LOGIC[rng.below(3) as usize], d, a, c[rng.below(7) as usize]));
        }
        4 => out.push(Insn::Ext(rng.below(2) == 0, d, a)),
        5 => {
            // A word rotate: srliw/slliw into two registers, then or; amounts that add
            // up to 32 or nearly.
            let n = rng.below(32) as u32;
            let m = (32 - n as i64 + [0, 0, 0, 1, -1][rng.below(5) as usize]).rem_euclid(40) as u32;
            let (t, u) = (rng.reg(), rng.reg());
            let other = if rng.below(6) == 0 { rng.reg() } else { a };
            out.push(Insn::WordImm(Bin::Lshr, t, a, n));
            out.push(Insn::WordImm(Bin::Shl, u, other, m));
            out.push(Insn::Long(Bin::Or, d, t, u));
        }
        _ => {
            let n = rng.below(64);
            let m = (64 - n as i64 + [0, 0, 0, 1, -1][rng.below(5) as usize]).rem_euclid(70) as u64;
            let (t, u) = (rng.reg(), rng.reg());
            out.push(Insn::LongImm(Bin::Shl, t, a, m));
            out.push(Insn::LongImm(Bin::Lshr, u, a, n));
            out.push(Insn::Long(Bin::Or, d, u, t));
        }
    }
}

#[test]
fn simplified_blocks_compute_what_the_unsimplified_idioms_do() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for case in 0..3000 {
        let mut prog = Vec::new();
        while prog.len() < 2 + rng.below(24) as usize {
            random_insns(&mut rng, &mut prog);
        }
        let mut x = [0u64; 8];
        for r in x.iter_mut().skip(1) {
            *r = match rng.below(4) {
                0 => sext32(rng.next()),
                1 => rng.next() & 0xffff_ffff,
                _ => rng.next(),
            };
        }
        let mut cpu = CpuState { pc: 0x1000, ..Default::default() };
        cpu.x[..8].copy_from_slice(&x);
        let cache = Arc::new(BlockCache::new(Arc::new(Program(prog.clone())), BlockLog::default()));
        let mut interp = Interpreter::new(cache, Arc::new(AtomicBool::new(false)), Default::default());
        assert_eq!(interp.run(&mut cpu), Exit::Syscall);
        model(&prog, &mut x);
        assert_eq!(cpu.x[..8], x, "case {case}: {prog:?}");
    }
}
