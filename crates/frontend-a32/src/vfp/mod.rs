//! VFP: the floating-point data-processing instructions of VFPv2, VFPv3 and VFPv4 (with
//! 32 double registers) and ARMv8's additions (VSEL, VMAXNM/VMINNM, VRINT*, VCVT with
//! a rounding mode), the loads and stores of floating-point registers, and the
//! transfers between them, the general registers and FPSCR. A32 and T32 share these
//! rows (T32's coprocessor space decodes as A32 with condition AL).
//!
//! Arithmetic runs on `crossrun_arm_shared::fp`'s helpers with FPSCR's control bits as
//! FPCR, so rounding modes, flush-to-zero, default NaN and the cumulative flags follow
//! the Arm ARM's pseudocode. Register mapping, the architecture's own aliasing: Q<n> is
//! `V(n)`, D<2n> and D<2n+1> its low and high halves, S<4n>..S<4n+3> its 32-bit lanes
//! (so `CpuState`'s first 256 bytes are D0..D31 in order, as in the signal frame's VFP
//! area). D and S registers are read and written as lane registers (`Reg::VLane`): a
//! write of one neither reads nor waits for the rest of its Q register.
//!
//! Short vectors: while FPSCR.Len or FPSCR.Stride is non-zero (the location says so)
//! every VFP data-processing instruction is UNDEFINED, as on a Cortex-A core (they have
//! no short-vector hardware) and under qemu-arm. A 32-bit Arm Linux kernel would
//! instead emulate the VFPv2 ones as short vectors in its VFP support code (VFP_bounce);
//! an arm64 kernel's AArch32 tasks, on hardware where the fields are RES0, never see
//! them set. No compiler emits short vectors and the procedure call standard requires
//! the fields to be zero, so only hand-written VFPv2 code could tell.

use crate::decoder::Row;
use crate::translate::{Tr, Undefined};
use crossrun_ir::{Reg, Ty, Value, Width};

mod dp;
mod dp_other;
mod ldst;
mod transfer;
mod v8;

pub(crate) use dp_other::expand_imm;



/// The tables of the conditional (A32) space.
pub(crate) const TABLES: &[&[Row]] = &[dp::ROWS, dp_other::ROWS, ldst::ROWS, transfer::ROWS];

/// The tables of the unconditional space (ARMv8's additions).
pub(crate) const UNCONDITIONAL_TABLES: &[&[Row]] = &[v8::ROWS];

/// A floating-point operand size: the `sz` bit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Fsz {
    S,
    D,
}

impl Fsz {
    pub(crate) fn from_sz(sz: bool) -> Fsz {
        if sz {
            Fsz::D
        } else {
            Fsz::S
        }
    }

    /// Index into a `[single, double]` helper pair.
    pub(crate) fn index(self) -> usize {
        self as usize
    }

    pub(crate) fn bits(self) -> u32 {
        match self {
            Fsz::S => 32,
            Fsz::D => 64,
        }
    }

    /// The sign bit.
    pub(crate) fn sign(self) -> u64 {
        1 << (self.bits() - 1)
    }
}

/// The register number of a single-precision register from its 4-bit field and the
/// extra bit (`Vd:D`), or of a double one (`D:Vd`).
pub(crate) fn reg_number(sz: Fsz, field: u32, extra: bool) -> u8 {
    match sz {
        Fsz::S => (field << 1 | extra as u32) as u8,
        Fsz::D => ((extra as u32) << 4 | field) as u8,
    }
}

/// Floating-point register access in the VFP mapping.
impl Tr {
    /// The VFP data-processing prologue: UNDEFINED while FPSCR.Len or Stride is set.
    pub(crate) fn vfp_dp(&mut self) -> Result<(), Undefined> {
        if self.fp_vector {
            return Err(Undefined);
        }
        Ok(())
    }

    /// D<n>: the low or high half of Q<n / 2>.
    fn d_reg(n: u8) -> Reg {
        crate::d_register(n)
    }

    /// S<n>: a 32-bit lane of Q<n / 4>.
    fn s_reg(n: u8) -> Reg {
        Reg::VLane(n >> 2, n & 3, Width::W32)
    }

    /// D<n> as an I64.
    pub(crate) fn d(&mut self, n: u8) -> Value {
        let v = self.b.get(Self::d_reg(n));
        self.b.vlo(v)
    }

    /// D<n> as a V128 with zeros above it.
    pub(crate) fn d_vec(&mut self, n: u8) -> Value {
        self.b.get(Self::d_reg(n))
    }

    /// Writes D<n> from an I64.
    pub(crate) fn set_d(&mut self, n: u8, x: Value) {
        let zero = self.b.c64(0);
        let v = self.b.vmake(x, zero);
        self.set_reg(Self::d_reg(n), v);
    }

    /// Writes D registers from I64s, in order; a D<2n> immediately followed by D<2n+1>
    /// is written as one write of Q<n>, so a later read of Q<n> finds it whole.
    pub(crate) fn set_d_list(&mut self, writes: &[(u8, Value)]) {
        let mut k = 0;
        while k < writes.len() {
            let (n, v) = writes[k];
            match writes.get(k + 1) {
                Some(&(m, w)) if n % 2 == 0 && m == n + 1 => {
                    let q = self.b.vmake(v, w);
                    self.set_q(n >> 1, q);
                    k += 2;
                }
                _ => {
                    self.set_d(n, v);
                    k += 1;
                }
            }
        }
    }

    /// Writes D<d>, D<d+1>, ... from I64s (see `set_d_list`).
    pub(crate) fn set_ds(&mut self, d: u8, values: &[Value]) {
        let writes: Vec<(u8, Value)> = values.iter().enumerate().map(|(k, &v)| (d + k as u8, v)).collect();
        self.set_d_list(&writes);
    }

    /// S<n> as an I64 holding the 32 bits.
    pub(crate) fn s(&mut self, n: u8) -> Value {
        let v = self.b.get(Self::s_reg(n));
        self.b.vlo(v)
    }

    /// Writes S<n> from the low 32 bits of an I64.
    pub(crate) fn set_s(&mut self, n: u8, x: Value) {
        let low = self.b.zext(Ty::I64, Width::W32, x);
        let zero = self.b.c64(0);
        let v = self.b.vmake(low, zero);
        self.set_reg(Self::s_reg(n), v);
    }

    /// The register of size `sz` as an I64 (a single zero-extended).
    pub(crate) fn fp_reg(&mut self, sz: Fsz, n: u8) -> Value {
        match sz {
            Fsz::S => self.s(n),
            Fsz::D => self.d(n),
        }
    }

    /// Writes the register of size `sz` from an I64.
    pub(crate) fn set_fp_reg(&mut self, sz: Fsz, n: u8, x: Value) {
        match sz {
            Fsz::S => self.set_s(n, x),
            Fsz::D => self.set_d(n, x),
        }
    }

    /// The register as the lane-0 operand of an FP helper: a V128 with it in the low
    /// bits and zeros above (as lane registers are read).
    pub(crate) fn fp_operand(&mut self, sz: Fsz, n: u8) -> Value {
        match sz {
            Fsz::D => self.b.get(Self::d_reg(n)),
            Fsz::S => self.b.get(Self::s_reg(n)),
        }
    }

    /// Writes lane 0 of an FP helper's V128 result to the register. The helper zeroed
    /// the other lanes, as a lane register's write needs.
    pub(crate) fn set_fp_result(&mut self, sz: Fsz, n: u8, r: Value) {
        match sz {
            Fsz::D => self.set_reg(Self::d_reg(n), r),
            Fsz::S => self.set_reg(Self::s_reg(n), r),
        }
    }

    /// Q<n> as a V128 (D<2n+1>:D<2n>).
    pub(crate) fn q(&mut self, n: u8) -> Value {
        self.b.get(Reg::V(n))
    }

    /// Writes Q<n> from a V128.
    pub(crate) fn set_q(&mut self, n: u8, v: Value) {
        self.set_reg(Reg::V(n), v);
    }

    /// FPSCR's control bits (`Fpcr`) as an I32.
    pub(crate) fn fpcr(&mut self) -> Value {
        self.b.get(Reg::FpControl)
    }
}
