//! Removes instructions without side effects whose values nothing uses, and renumbers
//! the survivors. Unused flag computations are the main catch.

use crate::{Block, Terminator, Value};

pub fn remove_dead_code(block: &mut Block) {
    let n = block.insts.len();
    let mut live = vec![false; n];
    match &block.term {
        Terminator::Branch { cond, .. } => live[cond.index()] = true,
        Terminator::Indirect { target, .. } => live[target.index()] = true,
        _ => {}
    }
    for i in (0..n).rev() {
        let inst = &block.insts[i];
        if inst.op.has_side_effects() {
            live[i] = true;
        }
        if live[i] {
            inst.op.each_arg(|a| live[a.index()] = true);
        }
    }
    let mut renumber = vec![Value(u32::MAX); n];
    let mut next = 0u32;
    for (i, &alive) in live.iter().enumerate() {
        if alive {
            renumber[i] = Value(next);
            next += 1;
        }
    }
    // retain_mut visits the instructions in order, so `i` is each one's old index.
    let mut i = 0;
    block.insts.retain_mut(|inst| {
        let alive = live[i];
        i += 1;
        if alive {
            inst.op.each_arg_mut(|a| *a = renumber[a.index()]);
        }
        alive
    });
    match &mut block.term {
        Terminator::Branch { cond, .. } => *cond = renumber[cond.index()],
        Terminator::Indirect { target, .. } => *target = renumber[target.index()],
        _ => {}
    }
}
