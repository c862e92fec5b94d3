//! Replaces reads of guest registers whose value the block already knows (from an earlier
//! read or write of the same register) with that value. Frontends read NZCV and registers
//! freely; this turns a flag-setting compare and a conditional branch in one block into a
//! flag value used directly.

use crate::{Block, Op, Reg, Value};
use rustc_hash::FxHashMap;

pub fn forward_registers(block: &mut Block) {
    let mut known: FxHashMap<Reg, Value> = FxHashMap::default();
    let mut replace: Vec<Option<Value>> = vec![None; block.insts.len()];
    for i in 0..block.insts.len() {
        block.insts[i].op.each_arg_mut(|arg| {
            if let Some(v) = replace[arg.index()] {
                *arg = v;
            }
        });
        match &block.insts[i].op {
            Op::GetReg(r) => match known.get(r) {
                Some(&v) => replace[i] = Some(v),
                None => {
                    known.insert(*r, Value(i as u32));
                }
            },
            Op::SetReg(r, v) => {
                known.insert(*r, *v);
            }
            // Helpers may read FPCR and update FPSR behind the IR's back.
            Op::Call(helper, _) if !helper.pure => {
                known.remove(&Reg::FpStatus);
                known.remove(&Reg::FpControl);
            }
            _ => {}
        }
    }
    let fix = |v: &mut Value| {
        if let Some(r) = replace[v.index()] {
            *v = r;
        }
    };
    match &mut block.term {
        crate::Terminator::Branch { cond, .. } => fix(cond),
        crate::Terminator::Indirect { target, .. } => fix(target),
        _ => {}
    }
}
