//! Memory ordering: FENCE (with FENCE.TSO and Zihintpause's PAUSE, which are FENCE
//! encodings) and Zifencei's FENCE.I.
//!
//! FENCE.I must make this hart's later instruction fetches see its earlier stores. In
//! crossrun a store to a page holding translated code drops that page's translations
//! (the page is write-protected on the host while code translated from it exists, see
//! `crossrun_memory::code_pages`), and every executor applies those drops at its next
//! block boundary; so FENCE.I is a full fence that ends the block, and the instructions
//! after it are translated afresh from the code as it now is (as A64's ISB does).

use crate::decoder::{Fields, Row};
use crate::row;
use crate::translate::{Tr, Undefined};
use crossrun_ir::{BranchKind, FenceKind};

// FENCE is fm pred succ rs1 000 rd 0001111; the reserved fm values and nonzero rs1/rd
// are ordinary fences, as the specification requires of base implementations.
pub(crate) const ROWS: &[Row] = &[
    row!("FENCE", "ffffppppqqqqsssss000ddddd0001111", fence),
    row!("FENCE.TSO", "100000110011sssss000ddddd0001111", fence),
    row!("PAUSE", "00000001000000000000000000001111", pause),
    row!("FENCE.I", "------------sssss001ddddd0001111", fence_i),
];

/// Predecessor and successor set bits: device input, device output, memory reads,
/// memory writes.
const I: u32 = 8;
const O: u32 = 4;
const R: u32 = 2;
const W: u32 = 1;

/// The IR barrier at least as strong as `fence pred, succ`, or none when either set is
/// empty (nothing is ordered). Device input and output order like reads and writes.
fn fence_kind(pred: u32, succ: u32) -> Option<FenceKind> {
    if pred == 0 || succ == 0 {
        return None;
    }
    let reads_only = |set: u32| set & (O | W) == 0;
    let writes_only = |set: u32| set & (I | R) == 0;
    Some(if reads_only(pred) {
        FenceKind::Load
    } else if writes_only(pred) && writes_only(succ) {
        FenceKind::Store
    } else {
        FenceKind::Full
    })
}

fn fence(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    if let Some(kind) = fence_kind(f.get('p'), f.get('q')) {
        tr.b.fence(kind);
    }
    Ok(())
}

/// A hint that the hart is spinning; nothing to wait for here.
fn pause(_tr: &mut Tr, _f: Fields) -> Result<(), Undefined> {
    Ok(())
}

fn fence_i(tr: &mut Tr, _f: Fields) -> Result<(), Undefined> {
    tr.b.fence(FenceKind::Full);
    let next = tr.next_pc();
    tr.jump(next, BranchKind::Plain);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fence_sets_map_to_barriers() {
        assert_eq!(fence_kind(R | W, R | W), Some(FenceKind::Full));
        assert_eq!(fence_kind(R, R | W), Some(FenceKind::Load));
        assert_eq!(fence_kind(W, W), Some(FenceKind::Store));
        assert_eq!(fence_kind(W, R), Some(FenceKind::Full));
        assert_eq!(fence_kind(I | O | R | W, I | O | R | W), Some(FenceKind::Full));
        assert_eq!(fence_kind(W, 0), None);
        assert_eq!(fence_kind(0, R), None);
    }
}
