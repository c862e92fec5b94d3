//! What the single-register loads and stores share: the size:opc:V table that says what
//! moves between memory and which register, and the two halves of a transfer (the
//! access, then the register write once every access of the instruction is done).

use crate::translate::{Tr, Undefined};
use crossrun_ir::{MemOrder, Ty, Value, Width};

/// One register's transfer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Xfer {
    /// Into a general register, as an `I32` (W destination) or `I64`.
    Load { width: Width, signed: bool, ty: Ty },
    /// The low `width` bytes of a general register.
    Store { width: Width },
    /// Into a SIMD&FP register, zeroing the bits above.
    LoadV { width: Width },
    /// The low `width` bytes of a SIMD&FP register.
    StoreV { width: Width },
    /// PRFM: a hint with no access.
    Prefetch,
}

impl Xfer {
    /// The LDR/STR family's size:opc table (immediate, unscaled, register offset and
    /// unprivileged forms), `v` selecting the SIMD&FP registers. PRFM is size 11, opc 10;
    /// forms without a prefetch reject it themselves.
    pub(super) fn decode(size: u32, v: bool, opc: u32) -> Result<Xfer, Undefined> {
        let width = width(size);
        Ok(match (v, opc, size) {
            (false, 0b00, _) => Xfer::Store { width },
            (false, 0b01, 3) => Xfer::Load { width, signed: false, ty: Ty::I64 },
            (false, 0b01, _) => Xfer::Load { width, signed: false, ty: Ty::I32 },
            (false, 0b10, 3) => Xfer::Prefetch,
            // LDRSB, LDRSH, LDRSW to an X register.
            (false, 0b10, _) => Xfer::Load { width, signed: true, ty: Ty::I64 },
            // LDRSB, LDRSH to a W register.
            (false, 0b11, 0 | 1) => Xfer::Load { width, signed: true, ty: Ty::I32 },
            (true, 0b00, _) => Xfer::StoreV { width },
            (true, 0b01, _) => Xfer::LoadV { width },
            // The 128-bit Q forms hide in size 00's spare opc values.
            (true, 0b10, 0) => Xfer::StoreV { width: Width::W128 },
            (true, 0b11, 0) => Xfer::LoadV { width: Width::W128 },
            _ => return Err(Undefined),
        })
    }

    /// log2 of the access size, the scale of scaled offsets (PRFM scales by 8).
    pub(super) fn scale(self) -> u32 {
        match self {
            Xfer::Load { width, .. } | Xfer::Store { width } | Xfer::LoadV { width } | Xfer::StoreV { width } => {
                width.bytes().trailing_zeros()
            }
            Xfer::Prefetch => 3,
        }
    }

    pub(super) fn bytes(self) -> u64 {
        1 << self.scale()
    }
}

/// The width of a 1 << size byte access.
pub(super) fn width(size: u32) -> Width {
    match size {
        0 => Width::W8,
        1 => Width::W16,
        2 => Width::W32,
        _ => Width::W64,
    }
}

/// A loaded value waiting for its register.
#[derive(Clone, Copy, Debug)]
pub(super) enum Pending {
    X(u8, Value),
    V(u8, Value),
}

impl Tr {
    /// Xn|SP + offset.
    pub(super) fn base_plus(&mut self, n: u8, offset: u64) -> Value {
        let base = self.x_sp(n);
        if offset == 0 {
            return base;
        }
        let o = self.b.c64(offset);
        self.b.add(base, o)
    }

    /// The memory half of `x` for register `t` at `addr`: a store completes here, a load
    /// returns the value for [`Tr::commit`]. Rt 31 is XZR for general registers.
    pub(super) fn transfer(&mut self, x: Xfer, t: u8, addr: Value) -> Option<Pending> {
        let plain = MemOrder::Plain;
        match x {
            Xfer::Load { width, signed, ty } => Some(Pending::X(t, self.b.load(ty, addr, width, signed, plain))),
            Xfer::Store { width } => {
                let v = self.x(t);
                self.b.store(addr, v, width, plain);
                None
            }
            Xfer::LoadV { width } => {
                let ty = if width == Width::W128 { Ty::V128 } else { Ty::I64 };
                Some(Pending::V(t, self.b.load(ty, addr, width, false, plain)))
            }
            Xfer::StoreV { width } => {
                let mut v = self.v(t);
                if width != Width::W128 {
                    v = self.b.vlo(v);
                }
                self.b.store(addr, v, width, plain);
                None
            }
            Xfer::Prefetch => None,
        }
    }

    /// The 64-bit memory image of a W register pair (exclusive and CAS pairs): `lo`'s
    /// low word at the lower address. Both operands are I64 register values.
    pub(super) fn pack_w_pair(&mut self, lo: Value, hi: Value) -> Value {
        let lo = self.b.zext(Ty::I64, Width::W32, lo);
        let shift = self.b.c64(32);
        let hi = self.b.shl(hi, shift);
        self.b.or(lo, hi)
    }

    /// The two W registers of a 64-bit memory image, for [`Tr::set_reg`].
    pub(super) fn split_w_pair(&mut self, v: Value) -> (Value, Value) {
        let lo = self.b.zext(Ty::I32, Width::W32, v);
        let shift = self.b.c64(32);
        (lo, self.b.lshr(v, shift))
    }

    /// The register half of a transfer.
    pub(super) fn commit(&mut self, p: Option<Pending>) {
        match p {
            Some(Pending::X(t, v)) => self.set_reg(t, v),
            Some(Pending::V(t, v)) if self.b.ty(v) == Ty::V128 => self.set_v(t, v),
            Some(Pending::V(t, v)) => self.set_v_lo(t, v),
            None => {}
        }
    }
}
