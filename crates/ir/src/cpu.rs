//! The architectural state of one guest thread.

use crate::Width;

/// A piece of guest state the IR can read or write.
///
/// The register file is shaped to hold any supported guest: 32 general-purpose 64-bit
/// registers and 32 128-bit vector registers. Each frontend documents how it maps its
/// architecture's registers here, and each guest's descriptor names the ones the rest
/// of crossrun must know (the stack pointer, the thread pointer).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Reg {
    X(u8),
    V(u8),
    /// `VLane(n, lane, width)`: lane `lane` of `V(n)` seen as `width` (32 or 64-bit)
    /// lanes, for guests whose smaller FP and vector registers are parts of the 128-bit
    /// ones rather than their low bits: read as a `V128` with the lane's bits at the
    /// bottom and zeros above; a write takes the low bits of a `V128` whose other bits
    /// must be zero (so a later read may be replaced by the value written) and leaves
    /// the rest of `V(n)` as it was.
    VLane(u8, u8, Width),
    /// Condition flags, N Z C V in bits 31:28 (the IR's flag format, which the `Flags*`
    /// ops produce).
    Nzcv,
    /// The floating-point control register (AArch64 FPCR, AArch32 FPSCR's control bits,
    /// RISC-V frm; the guest's FpEnv says which bits mean what).
    FpControl,
    /// The floating-point status register (cumulative exception flags; FPSR, fflags).
    FpStatus,
    /// A user thread pointer register kept outside the general registers (for guests
    /// that have one, like AArch64's TPIDR_EL0).
    ThreadPointer,
}

impl Reg {
    pub fn ty(self) -> crate::Ty {
        match self {
            Reg::X(_) | Reg::ThreadPointer => crate::Ty::I64,
            Reg::V(_) | Reg::VLane(..) => crate::Ty::V128,
            Reg::Nzcv | Reg::FpControl | Reg::FpStatus => crate::Ty::I32,
        }
    }

    /// Whether writing `self` changes what reading `other` gives.
    pub fn overlaps(self, other: Reg) -> bool {
        match (self, other) {
            (Reg::V(n), Reg::VLane(m, ..)) | (Reg::VLane(n, ..), Reg::V(m)) => n == m,
            (Reg::VLane(n, ..), Reg::VLane(m, ..)) if n == m => {
                let (a, b) = (self.lane_bits().expect("a lane"), other.lane_bits().expect("a lane"));
                a.start < b.end && b.start < a.end
            }
            _ => self == other,
        }
    }

    /// Whether writing `self` writes every bit of `other`.
    pub fn covers(self, other: Reg) -> bool {
        match (self, other) {
            (Reg::V(n), Reg::VLane(m, ..)) => n == m,
            (Reg::VLane(n, ..), Reg::VLane(m, ..)) if n == m => {
                let (a, b) = (self.lane_bits().expect("a lane"), other.lane_bits().expect("a lane"));
                a.start <= b.start && b.end <= a.end
            }
            _ => self == other,
        }
    }

    /// The bits of its vector register a lane register is.
    pub fn lane_bits(self) -> Option<std::ops::Range<u32>> {
        match self {
            Reg::VLane(_, lane, width) => {
                let start = lane as u32 * width.bits();
                Some(start..start + width.bits())
            }
            _ => None,
        }
    }
}

/// The address and value an exclusive load saw, for the matching exclusive store.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ExclusiveMonitor {
    pub valid: bool,
    pub addr: u64,
    pub bytes: u32,
    pub value: u128,
}

/// Architectural state of one guest thread. `repr(C)` so a JIT can address fields.
#[repr(C)]
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CpuState {
    pub x: [u64; 32],
    pub v: [u128; 32],
    pub pc: u64,
    pub thread_pointer: u64,
    pub nzcv: u32,
    pub fp_control: u32,
    pub fp_status: u32,
    pub monitor: ExclusiveMonitor,
}

impl CpuState {
    /// Reads a register, widened to 128 bits.
    pub fn get(&self, reg: Reg) -> u128 {
        match reg {
            Reg::X(n) => self.x[n as usize] as u128,
            Reg::V(n) => self.v[n as usize],
            Reg::VLane(n, lane, width) => {
                let bits = width.bits();
                self.v[n as usize] >> (bits * lane as u32) & (u128::MAX >> (128 - bits))
            }
            Reg::Nzcv => self.nzcv as u128,
            Reg::FpControl => self.fp_control as u128,
            Reg::FpStatus => self.fp_status as u128,
            Reg::ThreadPointer => self.thread_pointer as u128,
        }
    }

    /// Writes a register, truncating the value to the register's width.
    pub fn set(&mut self, reg: Reg, value: u128) {
        match reg {
            Reg::X(n) => self.x[n as usize] = value as u64,
            Reg::V(n) => self.v[n as usize] = value,
            Reg::VLane(n, lane, width) => {
                let bits = width.bits();
                let mask = u128::MAX >> (128 - bits);
                let shift = bits * lane as u32;
                let v = &mut self.v[n as usize];
                *v = *v & !(mask << shift) | (value & mask) << shift;
            }
            Reg::Nzcv => self.nzcv = value as u32 & 0xf000_0000,
            Reg::FpControl => self.fp_control = value as u32,
            Reg::FpStatus => self.fp_status = value as u32,
            Reg::ThreadPointer => self.thread_pointer = value as u64,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lane_is_read_zero_extended_and_written_alone() {
        let mut cpu = CpuState::default();
        cpu.v[3] = 0x4444_4444_3333_3333_2222_2222_1111_1111;
        assert_eq!(cpu.get(Reg::VLane(3, 2, Width::W32)), 0x3333_3333);
        assert_eq!(cpu.get(Reg::VLane(3, 1, Width::W64)), 0x4444_4444_3333_3333);
        cpu.set(Reg::VLane(3, 1, Width::W32), 0xdead_beef);
        assert_eq!(cpu.v[3], 0x4444_4444_3333_3333_dead_beef_1111_1111);
        cpu.set(Reg::VLane(3, 3, Width::W32), 0xffff_ffff_0000_0005);
        assert_eq!(cpu.v[3], 0x0000_0005_3333_3333_dead_beef_1111_1111);
        cpu.set(Reg::VLane(3, 0, Width::W64), 0x7777_6666_5555_4444);
        assert_eq!(cpu.v[3], 0x0000_0005_3333_3333_7777_6666_5555_4444);
    }

    #[test]
    fn a_vector_register_covers_its_lanes() {
        let (s1, d0, d1) = (Reg::VLane(2, 1, Width::W32), Reg::VLane(2, 0, Width::W64), Reg::VLane(2, 1, Width::W64));
        assert!(Reg::V(2).covers(s1));
        assert!(!s1.covers(Reg::V(2)));
        assert!(s1.overlaps(Reg::V(2)));
        assert!(!s1.overlaps(Reg::VLane(2, 0, Width::W32)));
        assert!(!Reg::V(1).overlaps(Reg::VLane(2, 0, Width::W32)));
        assert!(d0.covers(s1) && s1.overlaps(d0) && !s1.covers(d0));
        assert!(!d1.overlaps(s1) && !d1.overlaps(d0));
    }
}
