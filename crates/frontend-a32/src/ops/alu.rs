//! The data-processing operations of A32 and T32 and the flags they set.

use super::shift::Shifted;
use crate::translate::{Tr, Undefined};
use crossrun_ir::{BranchKind, Value};

/// The data-processing operations.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum AluOp {
    And,
    Eor,
    Sub,
    Rsb,
    Add,
    Adc,
    Sbc,
    Rsc,
    Tst,
    Teq,
    Cmp,
    Cmn,
    Orr,
    Mov,
    Bic,
    Mvn,
    /// T32 only.
    Orn,
}

impl AluOp {
    /// Whether the operation only sets flags (no destination register).
    pub(crate) fn is_test(self) -> bool {
        matches!(self, AluOp::Tst | AluOp::Teq | AluOp::Cmp | AluOp::Cmn)
    }

    /// Whether its flags come from the logical rule (N, Z from the result, C from the
    /// shifter, V unchanged) rather than an addition.
    pub(crate) fn is_logical(self) -> bool {
        matches!(
            self,
            AluOp::And | AluOp::Eor | AluOp::Tst | AluOp::Teq | AluOp::Orr | AluOp::Mov | AluOp::Bic | AluOp::Mvn | AluOp::Orn
        )
    }

    /// Whether it reads its first operand register.
    pub(crate) fn has_rn(self) -> bool {
        !matches!(self, AluOp::Mov | AluOp::Mvn)
    }
}

/// Flags of a logical result: N and Z from `r`, C from `carry` (unchanged if `None`),
/// V unchanged.
pub(crate) fn logic_flags(t: &mut Tr, r: Value, carry: Option<Value>) -> Value {
    let f = t.b.flags_logic(r);
    let nz_mask = t.c(0xc000_0000);
    let nz = t.b.and(f, nz_mask);
    let old = t.nzcv();
    match carry {
        None => {
            let keep = t.c(0x3000_0000);
            let cv = t.b.and(old, keep);
            t.b.or(nz, cv)
        }
        Some(c) => {
            let keep = t.c(0x1000_0000);
            let v = t.b.and(old, keep);
            let sh = t.c(29);
            let c = t.b.shl(c, sh);
            let nzc = t.b.or(nz, c);
            t.b.or(nzc, v)
        }
    }
}

/// Computes `op` on the I32 `a` (ignored by MOV/MVN) and the shifter result `b`; sets
/// the flags if `s`; returns the result (None for the test operations).
pub(crate) fn compute(t: &mut Tr, op: AluOp, a: Value, (b, carry): Shifted, s: bool) -> Option<Value> {
    use AluOp::*;
    let r = match op {
        And | Tst => t.b.and(a, b),
        Eor | Teq => t.b.xor(a, b),
        Orr => t.b.or(a, b),
        Orn => {
            let nb = t.b.not(b);
            t.b.or(a, nb)
        }
        Bic => t.b.and_not(a, b),
        Mov => b,
        Mvn => t.b.not(b),
        Add | Cmn => t.b.add(a, b),
        Sub | Cmp => t.b.sub(a, b),
        Rsb => t.b.sub(b, a),
        Adc => {
            let f = t.nzcv();
            t.b.adc(a, b, f)
        }
        Sbc => {
            let f = t.nzcv();
            t.b.sbc(a, b, f)
        }
        Rsc => {
            let f = t.nzcv();
            t.b.sbc(b, a, f)
        }
    };
    if s {
        let flags = match op {
            Add | Cmn => t.b.flags_add(a, b),
            Sub | Cmp => t.b.flags_sub(a, b),
            Rsb => t.b.flags_sub(b, a),
            Adc => {
                let f = t.nzcv();
                t.b.flags_adc(a, b, f)
            }
            Sbc => {
                let f = t.nzcv();
                t.b.flags_sbc(a, b, f)
            }
            Rsc => {
                let f = t.nzcv();
                t.b.flags_sbc(b, a, f)
            }
            _ => logic_flags(t, r, carry),
        };
        t.set_nzcv(flags);
    }
    (!op.is_test()).then_some(r)
}

/// A data-processing instruction: `Rd = op(Rn, operand2)`, flags if `s`. A result for
/// the PC branches (ALUWritePC; MOV PC, LR is a return) unless `s` (an exception return,
/// which user mode cannot do).
pub(crate) fn data_processing(t: &mut Tr, op: AluOp, d: u8, n: u8, op2: Shifted, s: bool) -> Result<(), Undefined> {
    let a = if op.has_rn() { t.r(n) } else { t.c(0) };
    if d == 15 && !op.is_test() && s {
        return t.unpredictable();
    }
    let Some(r) = compute(t, op, a, op2, s) else { return Ok(()) };
    if d == 15 {
        let kind = if op == AluOp::Mov && is_lr_read(t, op2.0) { BranchKind::Return } else { BranchKind::Plain };
        t.alu_write_pc(r, kind);
    } else {
        t.set_r(d, r);
    }
    Ok(())
}

/// Whether `v` is a read of LR (for recognising `mov pc, lr` as a return).
fn is_lr_read(t: &Tr, v: Value) -> bool {
    use crossrun_ir::{Op, Reg};
    match t.b.insts()[v.index()].op {
        Op::Zext(_, x) => matches!(t.b.insts()[x.index()].op, Op::GetReg(Reg::X(14))),
        _ => false,
    }
}
