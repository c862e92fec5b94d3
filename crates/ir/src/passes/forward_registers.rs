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
                let r = *r;
                // A vector register and its lanes hold the same bits.
                if matches!(r, Reg::V(_) | Reg::VLane(..)) {
                    known.retain(|k, _| *k == r || !k.overlaps(r));
                }
                known.insert(r, *v);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{BranchKind, Builder, Terminator, Ty, Width};

    /// A lane written after its vector register was read makes that read stale, and the
    /// other way round; the lane's own value is forwarded.
    #[test]
    fn a_lane_write_forgets_its_vector_register() {
        let mut b = Builder::new(0x1000);
        let v = b.get(Reg::V(1));
        let lane = b.get(Reg::VLane(1, 1, Width::W32));
        b.set(Reg::VLane(1, 0, Width::W32), lane);
        let again = b.get(Reg::V(1));
        let lane_again = b.get(Reg::VLane(1, 0, Width::W32));
        b.set(Reg::V(2), again);
        b.set(Reg::V(3), v);
        b.set(Reg::V(1), v);
        let after = b.get(Reg::VLane(1, 0, Width::W32));
        b.set(Reg::VLane(2, 0, Width::W32), lane_again);
        b.set(Reg::VLane(3, 0, Width::W32), after);
        let mut block = b.finish(0x1004, 1, Terminator::Jump { target: 0x1004, kind: BranchKind::Plain });
        forward_registers(&mut block);
        assert_eq!(block.ty(again), Ty::V128);
        assert!(matches!(block.insts[again.index()].op, Op::GetReg(Reg::V(1))), "{block}");
        assert!(matches!(block.insts[after.index()].op, Op::GetReg(Reg::VLane(1, 0, Width::W32))), "{block}");
        // The lane read after the lane write is the value written.
        let uses_written = block.insts.iter().any(|inst| matches!(inst.op, Op::SetReg(Reg::VLane(2, 0, Width::W32), x) if x == lane));
        assert!(uses_written, "{block}");
        // The second read of V(1) is not replaced by the first.
        let uses_first = block.insts.iter().any(|inst| matches!(inst.op, Op::SetReg(Reg::V(2), x) if x == v));
        assert!(!uses_first, "{block}");
    }
}
