//! The type checker for blocks. Frontends' tests run it on everything they emit, so an
//! executor may assume every block it is given is well formed.

use crate::{Block, Op, Terminator, Ty, Value, Width};
use std::fmt;

/// Why a block is malformed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifyError {
    pub inst: usize,
    pub message: String,
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "IR instruction {}: {}", self.inst, self.message)
    }
}

impl std::error::Error for VerifyError {}

/// Checks that every operand is defined earlier, and that types fit their ops.
pub fn verify(block: &Block) -> Result<(), VerifyError> {
    for (i, inst) in block.insts.iter().enumerate() {
        let fail = |message: String| Err(VerifyError { inst: i, message });
        let arg_ty = |v: Value| -> Option<Ty> {
            (v.index() < i).then(|| block.insts[v.index()].ty).filter(|t| *t != Ty::Void)
        };
        let mut tys = Vec::new();
        for a in inst.op.args() {
            match arg_ty(a) {
                Some(t) => tys.push(t),
                None => return fail(format!("operand {a:?} is not a value defined earlier")),
            }
        }
        if let Err(message) = check_types(&inst.op, inst.ty, &tys) {
            return fail(format!("{message} in {:?}", inst.op));
        }
    }
    let n = block.insts.len();
    let check = |v: Value, want: Ty| -> Result<(), VerifyError> {
        let got = (v.index() < n).then(|| block.insts[v.index()].ty);
        if got == Some(want) {
            Ok(())
        } else {
            Err(VerifyError { inst: n, message: format!("terminator operand {v:?} is {got:?}, wants {want:?}") })
        }
    };
    match &block.term {
        Terminator::Branch { cond, .. } => check(*cond, Ty::I1),
        Terminator::Indirect { target, .. } => check(*target, Ty::I64),
        _ => Ok(()),
    }
}

/// Whether `r` exists in `CpuState` (32 general and 32 vector registers, lanes of 32 or
/// 64 bits).
fn in_file(r: crate::Reg) -> bool {
    match r {
        crate::Reg::X(n) | crate::Reg::V(n) => n < 32,
        crate::Reg::VLane(n, lane, width) => n < 32 && matches!(width, crate::Width::W32 | crate::Width::W64) && u32::from(lane) < 128 / width.bits(),
        _ => true,
    }
}

fn is_int(t: Ty) -> bool {
    matches!(t, Ty::I32 | Ty::I64)
}

fn width_fits(width: Width, ty: Ty) -> bool {
    width.bits() <= ty.bits()
}

fn check_types(op: &Op, ty: Ty, args: &[Ty]) -> Result<(), String> {
    use Op::*;
    let need = |ok: bool, what: &str| if ok { Ok(()) } else { Err(format!("{what} (result {ty:?}, operands {args:?})")) };
    match op {
        GuestPc(_) | ClearExclusive | Fence(_) | InvalidateCode(_) => need(ty == Ty::Void, "defines no value"),
        Const(_) => need(ty != Ty::Void, "a constant needs a type"),
        GetReg(r) => need(ty == r.ty() && in_file(*r), "a register of the file, of its type"),
        SetReg(r, _) => need(ty == Ty::Void && args[0] == r.ty() && in_file(*r), "a register of the file, of its type"),
        Add(..) | Sub(..) | Mul(..) | UDiv(..) | SDiv(..) | And(..) | Or(..) | Xor(..)
        | AndNot(..) | Shl(..) | Lshr(..) | Ashr(..) | Ror(..) => {
            need(is_int(ty) && args[0] == ty && args[1] == ty, "integer operands of the result type")
        }
        UMulHi(..) | SMulHi(..) => need(ty == Ty::I64 && args == [Ty::I64, Ty::I64], "I64 operands"),
        Not(_) | Neg(_) | Clz(_) | Cls(_) | Rbit(_) | Rev(_) | Rev16(_) => {
            need(is_int(ty) && args[0] == ty, "an integer operand of the result type")
        }
        Rev32(_) => need(ty == Ty::I64 && args[0] == Ty::I64, "an I64 operand"),
        Zext(w, _) | Sext(w, _) => need(
            is_int(ty) && is_int(args[0]) && *w != Width::W128 && width_fits(*w, args[0]),
            "an integer source at least as wide as the extension width",
        ),
        Icmp(..) => need(ty == Ty::I1 && is_int(args[0]) && args[0] == args[1], "integer operands of one type"),
        Select(..) => need(args[0] == Ty::I1 && args[1] == ty && args[2] == ty, "an I1 condition and two values of the result type"),
        FlagsAdd(..) | FlagsSub(..) => need(ty == Ty::I32 && is_int(args[0]) && args[0] == args[1], "integer operands of one type"),
        FlagsAdc(..) | FlagsSbc(..) => need(
            ty == Ty::I32 && is_int(args[0]) && args[0] == args[1] && args[2] == Ty::I32,
            "integer operands and an I32 NZCV",
        ),
        FlagsLogic(_) => need(ty == Ty::I32 && is_int(args[0]), "an integer operand"),
        Adc(..) | Sbc(..) => need(
            is_int(ty) && args[0] == ty && args[1] == ty && args[2] == Ty::I32,
            "operands of the result type and an I32 NZCV",
        ),
        CondHolds(c, _) => need(ty == Ty::I1 && args[0] == Ty::I32 && c.0 < 16, "an I32 NZCV and a 4-bit condition"),
        VLo(_) | VHi(_) => need(ty == Ty::I64 && args[0] == Ty::V128, "a V128 operand"),
        VMake(..) => need(ty == Ty::V128 && args == [Ty::I64, Ty::I64], "two I64 halves"),
        Load { width, .. } | LoadExclusive { width, .. } => {
            need(args[0] == Ty::I64 && (is_int(ty) || ty == Ty::V128) && width_fits(*width, ty), "an I64 address and a wide enough result")
        }
        Store { width, .. } => need(ty == Ty::Void && args[0] == Ty::I64 && width_fits(*width, args[1]), "an I64 address and a wide enough value"),
        StoreExclusive { width, .. } => need(ty == Ty::I32 && args[0] == Ty::I64 && width_fits(*width, args[1]), "an I64 address and a wide enough value"),
        AtomicRmw { width, .. } => need(
            args[0] == Ty::I64 && is_int(ty) && args[1] == ty && *width != Width::W128 && width_fits(*width, ty),
            "an I64 address and an integer value of the result type",
        ),
        Cas { width, .. } => need(
            args[0] == Ty::I64 && args[1] == ty && args[2] == ty && width_fits(*width, ty),
            "an I64 address and expected/new values of the result type",
        ),
        Call(helper, _) => {
            need(ty == helper.ret && args == helper.args, "the helper's signature")?;
            let implied = helper.meaning.signature().is_none_or(|(a, r)| a == helper.args && r == helper.ret);
            need(implied, "a helper signature matching its meaning")
        }
        TrapIf(..) | ExitIf { .. } => need(ty == Ty::Void && args[0] == Ty::I1, "an I1 condition and no value"),
        CheckAlignment { bytes, .. } => {
            need(ty == Ty::Void && args[0] == Ty::I64 && bytes.is_power_of_two(), "an I64 address, a power-of-two size and no value")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Builder, BranchKind, Reg};

    fn exit_block(cond_ty: Ty) -> Block {
        let mut b = Builder::new(0x1000);
        b.guest_pc(0x1000);
        let x = b.get(Reg::X(0));
        let cond = match cond_ty {
            Ty::I1 => {
                let zero = b.c64(0);
                b.icmp(crate::IntCC::Eq, x, zero)
            }
            _ => x,
        };
        b.exit_if(cond, 0x2000);
        b.finish(0x1004, 1, Terminator::Jump { target: 0x1004, kind: BranchKind::Plain })
    }

    #[test]
    fn exit_if_takes_an_i1_condition() {
        assert_eq!(verify(&exit_block(Ty::I1)), Ok(()));
        let err = verify(&exit_block(Ty::I64)).unwrap_err();
        assert_eq!(err.inst, 2, "{err}");
        assert!(err.message.contains("I1 condition"), "{err}");
    }

    /// Dead-code removal keeps an exit (it has an effect) and what its condition needs.
    #[test]
    fn an_exit_and_its_condition_survive_dead_code_removal() {
        let mut block = exit_block(Ty::I1);
        crate::passes::optimize(&mut block);
        assert_eq!(block.insts.len(), 5, "{block}");
        assert!(matches!(block.insts[4].op, Op::ExitIf { cond: Value(3), target: 0x2000 }), "{block}");
    }
}
