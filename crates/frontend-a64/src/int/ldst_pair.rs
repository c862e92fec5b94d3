//! Load/store register pair: LDP, STP, LDPSW (signed offset, pre- and post-index) and
//! LDNP, STNP (no-allocate, offset only), for general and SIMD&FP registers.
//!
//! CONSTRAINED UNPREDICTABLE cases, resolved as QEMU does within what the Arm ARM allows:
//! a load with writeback whose Rt or Rt2 is Rn (not SP) leaves Rn UNKNOWN, here the
//! written-back address; a load with Rt = Rt2 leaves it UNKNOWN, here the value from the
//! lower address for general registers and from the higher one for SIMD&FP registers; a
//! store with writeback stores the original register values.

use super::ldst::Xfer;
use crate::decoder::{Fields, Row};
use crate::row;
use crate::translate::{Tr, Undefined};
use crossrun_ir::{Ty, Width};

// Bits 24:23 are the addressing mode; 'T' is Rt2 and 'L' the load bit.
pub(crate) const ROWS: &[Row] = &[
    row!("LDNP/STNP", "oo101V000LiiiiiiiTTTTTnnnnnttttt", no_allocate),
    row!("LDP/STP/LDPSW (post-index)", "oo101V001LiiiiiiiTTTTTnnnnnttttt", post_index),
    row!("LDP/STP/LDPSW (signed offset)", "oo101V010LiiiiiiiTTTTTnnnnnttttt", signed_offset),
    row!("LDP/STP/LDPSW (pre-index)", "oo101V011LiiiiiiiTTTTTnnnnnttttt", pre_index),
];

/// The transfer of each register: opc selects W, (LDPSW), X for general registers and
/// S, D, Q for SIMD&FP ones. opc 01 without V is LDPSW for loads (there is no
/// non-temporal LDPSW, and the store is MTE's STGP); opc 11 is unallocated.
fn decode(f: Fields, no_allocate: bool) -> Result<Xfer, Undefined> {
    let load = f.bit('L');
    let (w32, w64) = (Width::W32, Width::W64);
    Ok(match (f.bit('V'), f.get('o'), load) {
        (false, 0b00, true) => Xfer::Load { width: w32, signed: false, ty: Ty::I32 },
        (false, 0b00, false) => Xfer::Store { width: w32 },
        (false, 0b01, true) if !no_allocate => Xfer::Load { width: w32, signed: true, ty: Ty::I64 },
        (false, 0b10, true) => Xfer::Load { width: w64, signed: false, ty: Ty::I64 },
        (false, 0b10, false) => Xfer::Store { width: w64 },
        (true, opc @ 0..=2, true) => Xfer::LoadV { width: [w32, w64, Width::W128][opc as usize] },
        (true, opc @ 0..=2, false) => Xfer::StoreV { width: [w32, w64, Width::W128][opc as usize] },
        _ => return Err(Undefined),
    })
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Offset,
    PostIndex,
    PreIndex,
}

fn pair(tr: &mut Tr, f: Fields, mode: Mode, no_allocate: bool) -> Result<(), Undefined> {
    let x = decode(f, no_allocate)?;
    let (n, t, t2) = (f.reg('n'), f.reg('t'), f.reg('T'));
    let base = tr.x_sp(n);
    let offset = tr.b.c64((f.signed('i') << x.scale()) as u64);
    let updated = tr.b.add(base, offset);
    let addr = if mode == Mode::PostIndex { base } else { updated };
    let size = tr.b.c64(x.bytes());
    let addr2 = tr.b.add(addr, size);
    let first = tr.transfer(x, t, addr);
    let second = tr.transfer(x, t2, addr2);
    // Later writes win: the written-back base over both registers, and for Rt = Rt2
    // the value QEMU keeps too.
    if f.bit('V') {
        tr.commit(first);
        tr.commit(second);
    } else {
        tr.commit(second);
        tr.commit(first);
    }
    if mode != Mode::Offset {
        tr.set_x_sp(n, updated);
    }
    Ok(())
}

fn no_allocate(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    pair(tr, f, Mode::Offset, true)
}

fn post_index(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    pair(tr, f, Mode::PostIndex, false)
}

fn signed_offset(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    pair(tr, f, Mode::Offset, false)
}

fn pre_index(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    pair(tr, f, Mode::PreIndex, false)
}
