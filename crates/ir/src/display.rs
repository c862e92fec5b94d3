//! Text form of blocks, for `-d ir` dumps and test failure messages.

use crate::{Block, Op, Terminator};
use std::fmt;

impl fmt::Display for Block {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "block {:#x}..{:#x} ({} guest instructions)", self.start_pc, self.end_pc, self.guest_insns)?;
        for (i, inst) in self.insts.iter().enumerate() {
            match &inst.op {
                Op::GuestPc(pc) => writeln!(f, "  ; {pc:#x}")?,
                Op::ExitIf { cond, target } => writeln!(f, "  exit if {cond:?} to {target:#x}")?,
                Op::Call(helper, args) => writeln!(f, "  v{i}:{:?} = call {}{:?}", inst.ty, helper.name, args)?,
                op if inst.ty == crate::Ty::Void => writeln!(f, "  {op:?}")?,
                op => writeln!(f, "  v{i}:{:?} = {op:?}", inst.ty)?,
            }
        }
        match &self.term {
            Terminator::Jump { target, kind } => writeln!(f, "  jump {target:#x} {kind:?}"),
            Terminator::Branch { cond, taken, fallthrough } => {
                writeln!(f, "  branch {cond:?} ? {taken:#x} : {fallthrough:#x}")
            }
            Terminator::Indirect { target, kind } => writeln!(f, "  jump {target:?} {kind:?}"),
            Terminator::Syscall { next_pc } => writeln!(f, "  syscall, then {next_pc:#x}"),
            Terminator::Trap { kind, pc } => writeln!(f, "  trap {kind:?} at {pc:#x}"),
        }
    }
}
