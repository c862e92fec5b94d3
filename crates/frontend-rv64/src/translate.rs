//! The translation loop and the context translation functions emit IR through.

use crate::decoder;
use crossrun_ir::{Block, BranchKind, Builder, CpuState, Frontend, IntCC, Reg, Terminator, TrapKind, Ty, Value, Width};
use crossrun_memory::{access, page_down, PAGE_SIZE};
use crossrun_softfp::riscv::{self as rv, CANONICAL_NAN_S};

/// Returned by a translation function for an encoding that is reserved or that crossrun
/// does not implement; the guest gets SIGILL.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Undefined;

/// The most guest instructions one block holds.
const MAX_BLOCK_INSNS: u32 = 64;

/// The translation context of one instruction.
#[derive(Debug)]
pub struct Tr {
    /// The block being built. Translation functions may use it directly for ops that
    /// have no helper method here.
    pub b: Builder,
    /// Address of the instruction being translated.
    pub pc: u64,
    /// The instruction (a compressed one zero-extended).
    pub insn: u32,
    /// Its length in bytes: 2 or 4.
    pub len: u64,
    term: Option<Terminator>,
    /// Whether an earlier instruction of this block checked that `frm` holds a valid
    /// rounding mode, with no write to `frm` since.
    frm_checked: bool,
}

impl Tr {
    pub fn new(pc: u64) -> Self {
        Tr { b: Builder::new(pc), pc, insn: 0, len: 4, term: None, frm_checked: false }
    }

    /// The address of the next instruction (the link address of a jump).
    pub fn next_pc(&self) -> u64 {
        self.pc.wrapping_add(self.len)
    }

    /// Ends the block after this instruction with `term`.
    pub fn end(&mut self, term: Terminator) {
        self.term = Some(term);
    }

    /// Ends the block with a direct jump.
    pub fn jump(&mut self, target: u64, kind: BranchKind) {
        self.end(Terminator::Jump { target, kind });
    }

    /// Integer register `n`; x0 reads as zero.
    pub fn x(&mut self, n: u8) -> Value {
        if n == 0 {
            self.b.c64(0)
        } else {
            self.b.get(Reg::X(n))
        }
    }

    /// The low 32 bits of integer register `n`, as an I32.
    pub fn w(&mut self, n: u8) -> Value {
        let x = self.x(n);
        self.b.zext(Ty::I32, Width::W32, x)
    }

    /// Writes integer register `n` (an I64); writes to x0 are discarded.
    pub fn set_x(&mut self, n: u8, v: Value) {
        if n != 0 {
            self.b.set(Reg::X(n), v);
        }
    }

    /// Writes a 32-bit result (I32) sign-extended to 64 bits, as every RV64 W-form does.
    pub fn set_x_w(&mut self, n: u8, v: Value) {
        if n != 0 {
            let v = self.b.sext(Ty::I64, Width::W32, v);
            self.b.set(Reg::X(n), v);
        }
    }

    /// Writes `cond ? 1 : 0` (an I1) to integer register `n`.
    pub fn set_x_bool(&mut self, n: u8, cond: Value) {
        if n != 0 {
            let one = self.b.c64(1);
            let zero = self.b.c64(0);
            let v = self.b.select(cond, one, zero);
            self.b.set(Reg::X(n), v);
        }
    }

    /// A 64-bit constant from a sign-extended immediate.
    pub fn imm(&mut self, value: i64) -> Value {
        self.b.c64(value as u64)
    }

    /// The 64 bits of floating-point register `n`.
    pub fn f(&mut self, n: u8) -> Value {
        let v = self.b.get(Reg::V(n));
        self.b.vlo(v)
    }

    /// Writes 64 bits to floating-point register `n` (the rest of the 128-bit slot is
    /// kept zero).
    pub fn set_f(&mut self, n: u8, v: Value) {
        let zero = self.b.c64(0);
        let full = self.b.vmake(v, zero);
        self.b.set(Reg::V(n), full);
    }

    /// Writes a single-precision value (the low 32 bits of I32 or I64 `v`) NaN-boxed:
    /// the upper 32 bits all ones.
    pub fn set_f_single(&mut self, n: u8, v: Value) {
        let low = self.b.zext(Ty::I64, Width::W32, v);
        let ones = self.b.c64(NAN_BOX);
        let boxed = self.b.or(low, ones);
        self.set_f(n, boxed);
    }

    /// The single-precision value in floating-point register `n` as an I64 (zero above
    /// bit 31): its low 32 bits if it is properly NaN-boxed, else the canonical NaN, as
    /// every single-precision operation but the transfers reads it.
    pub fn f_single(&mut self, n: u8) -> Value {
        let v = self.f(n);
        let box_ = self.b.c64(NAN_BOX);
        let boxed = self.b.icmp(IntCC::Uge, v, box_);
        let low = self.b.zext(Ty::I64, Width::W32, v);
        let nan = self.b.c64(u64::from(CANONICAL_NAN_S));
        self.b.select(boxed, low, nan)
    }

    /// The rounding mode of an instruction's `rm` field as an I32 constant for a helper:
    /// a static mode, or the dynamic mode (7) after a check that `frm` holds a valid
    /// mode (the instruction is illegal otherwise); the helper reads `frm`. The reserved modes
    /// 5 and 6 make the instruction illegal. Must come before the instruction's register
    /// writes.
    pub fn rounding_mode(&mut self, rm: u32) -> Result<Value, Undefined> {
        if rv::is_static_mode(rm) {
            return Ok(self.b.c32(rm));
        }
        if rm != rv::DYN {
            return Err(Undefined);
        }
        if !self.frm_checked {
            let frm = self.b.get(Reg::FpControl);
            let max = self.b.c32(rv::RMM);
            let reserved = self.b.icmp(IntCC::Ugt, frm, max);
            self.b.trap_if(reserved, TrapKind::Undefined { insn: self.insn });
            self.frm_checked = true;
        }
        // The helper reads `frm` itself, so its control argument stays a constant.
        Ok(self.b.c32(rv::DYN))
    }

    /// Records that `frm` was written, so the next dynamic rounding mode is checked again.
    pub fn frm_written(&mut self) {
        self.frm_checked = false;
    }
}

/// The upper half of a NaN-boxed single-precision value.
const NAN_BOX: u64 = 0xffff_ffff_0000_0000;

/// The RISC-V frontend, for the executor.
#[derive(Debug, Default)]
pub struct Rv64Frontend;

impl Frontend for Rv64Frontend {
    fn translate(&self, pc: u64) -> Block {
        translate_block(pc)
    }

    fn initial_state(&self) -> CpuState {
        // fcsr is zero at process start: round to nearest even, no flags.
        CpuState::default()
    }

    fn disassemble(&self, pc: u64) -> Option<(String, u64)> {
        let (insn, len) = fetch(pc).ok()?;
        let row = if len == 2 { decoder::decode_compressed(insn as u16) } else { decoder::decode(insn) };
        let what = row.map_or("(undefined)", |(row, _)| row.name);
        Some(if len == 2 { (format!("{insn:04x}      {what}"), 2) } else { (format!("{insn:08x}  {what}"), 4) })
    }
}

/// Reads the instruction at `pc`: its encoding (a compressed one zero-extended) and
/// length. An instruction whose low two bits are not `11` is a 16-bit one. A 32-bit
/// instruction may straddle a page boundary; if its second half cannot be read the
/// error is the address of that half, as the hardware reports it.
pub(crate) fn fetch(pc: u64) -> Result<(u32, u64), u64> {
    let within_page = (pc & (PAGE_SIZE - 1)) <= PAGE_SIZE - 4;
    if within_page {
        let word = access::load(pc, 4).map_err(|f| f.addr)? as u32;
        return Ok(if word & 3 == 3 { (word, 4) } else { (word & 0xffff, 2) });
    }
    let low = access::load(pc, 2).map_err(|f| f.addr)? as u32;
    if low & 3 != 3 {
        return Ok((low, 2));
    }
    let high = access::load(pc + 2, 2).map_err(|f| f.addr)? as u32;
    Ok((low | high << 16, 4))
}

/// Translates guest code at `pc` until a branch, a trap, the end of the block's first
/// page (an instruction straddling into the next page is the block's last) or the
/// block size limit.
pub fn translate_block(start: u64) -> Block {
    let mut tr = Tr::new(start);
    if start & 1 != 0 {
        let b = tr.b;
        return b.finish(start, 0, Terminator::Trap { kind: TrapKind::PcAlignment, pc: start });
    }
    let mut count = 0u32;
    loop {
        let pc = tr.pc;
        let (insn, len) = match fetch(pc) {
            Ok(fetched) => fetched,
            Err(addr) if count == 0 => {
                return tr.b.finish(pc, 0, Terminator::Trap { kind: TrapKind::FetchFault { addr }, pc });
            }
            // The fault belongs to the next block, which will report it precisely.
            Err(_) => return tr.b.finish(pc, count, Terminator::Jump { target: pc, kind: BranchKind::Plain }),
        };
        tr.insn = insn;
        tr.len = len;
        let mark = tr.b.len();
        let frm_checked = tr.frm_checked;
        tr.b.guest_pc(pc);
        let decoded = if len == 2 { decoder::decode_compressed(insn as u16) } else { decoder::decode(insn) };
        let ok = match decoded {
            Some((row, fields)) => (row.handler)(&mut tr, fields).is_ok(),
            None => false,
        };
        if !ok {
            tr.b.truncate(mark);
            tr.term = None;
            tr.frm_checked = frm_checked;
            // The block covers the undefined instruction too, so rewriting it
            // invalidates the block like any other code.
            return tr.b.finish(pc.wrapping_add(len), count, Terminator::Trap { kind: TrapKind::Undefined { insn }, pc });
        }
        count += 1;
        tr.pc = pc.wrapping_add(len);
        if let Some(term) = tr.term.take() {
            return tr.b.finish(tr.pc, count, term);
        }
        if count >= MAX_BLOCK_INSNS || page_down(tr.pc) != page_down(start) {
            let next = tr.pc;
            return tr.b.finish(next, count, Terminator::Jump { target: next, kind: BranchKind::Plain });
        }
    }
}
