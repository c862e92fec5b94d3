//! Locations: a guest address with the execution mode that decides how the instructions
//! there decode, packed into the `u64` the IR calls a pc (see `crossrun_ir::Frontend`),
//! after dynarmic's location descriptor.
//!
//! | bits   | meaning                                                              |
//! | ------ | -------------------------------------------------------------------- |
//! | 0..32  | the instruction's address                                            |
//! | 32     | T: Thumb state (T32) rather than Arm state (A32)                     |
//! | 33..41 | ITSTATE (CPSR.IT[7:0]): the rest of the IT block, in T32 state only  |
//! | 41     | FPSCR.Len or FPSCR.Stride is not zero                                |
//!
//! Everything else that changes decoding is fixed for a Linux user process and so not
//! part of the key: CPSR.E (SETEND BE is UNDEFINED here, see the system group) and the
//! privilege level. FPSCR's vector fields are in the key because they change what a VFP
//! data-processing instruction does: crossrun makes such an instruction UNDEFINED while
//! either field is non-zero (see the vfp group), so a VMSR ends its block and continues
//! at a location computed from the value it wrote.
//!
//! `CpuState::pc` holds the same packed value, so the Linux layer reads the T bit and IT
//! state for signal frames (CPSR) from it, and builds it back on sigreturn.

/// The bit holding Thumb state.
pub const THUMB: u64 = 1 << 32;
/// The lowest bit of ITSTATE.
const IT_SHIFT: u32 = 33;
/// The bit saying FPSCR.{Len,Stride} is non-zero.
pub const FP_VECTOR: u64 = 1 << 41;
/// FPSCR.Len (bits 18:16) and FPSCR.Stride (bits 21:20).
pub const FPSCR_VECTOR_FIELDS: u32 = 0x0037_0000;

/// The guest address of the instruction at `pc`.
pub const fn address_of(pc: u64) -> u32 {
    pc as u32
}

/// Whether `pc` is in Thumb state.
pub const fn thumb(pc: u64) -> bool {
    pc & THUMB != 0
}

/// The IT state (CPSR.IT[7:0]) at `pc`: zero outside an IT block.
pub const fn itstate(pc: u64) -> u8 {
    (pc >> IT_SHIFT) as u8
}

/// The location of address `addr` in the given state, with FPSCR's vector fields clear
/// (as at every function boundary the procedure call standard defines, and as Linux
/// sets them for a signal handler).
pub const fn location(addr: u32, thumb: bool, it: u8) -> u64 {
    addr as u64 | (thumb as u64) << 32 | (it as u64) << IT_SHIFT
}

/// `pc` with its address kept and its state replaced: Thumb or not, IT state `it`, and
/// FPSCR's vector fields clear.
pub const fn with(pc: u64, thumb: bool, it: u8) -> u64 {
    location(address_of(pc), thumb, it)
}

/// `pc` with the FP vector bit set as FPSCR value `fpscr` requires (after restoring
/// FPSCR, as sigreturn does).
pub const fn with_fpscr(pc: u64, fpscr: u32) -> u64 {
    if fpscr & FPSCR_VECTOR_FIELDS != 0 {
        pc | FP_VECTOR
    } else {
        pc & !FP_VECTOR
    }
}

/// Whether FPSCR's vector fields were non-zero at `pc`.
pub const fn fp_vector(pc: u64) -> bool {
    pc & FP_VECTOR != 0
}

/// The size in bytes of the system call instruction (SVC) that ends at `pc`: 2 in Thumb
/// state, 4 in Arm state.
pub const fn svc_len(pc: u64) -> u32 {
    if thumb(pc) {
        2
    } else {
        4
    }
}

/// IT state helpers, after the Arm ARM's ITAdvance and InITBlock.
pub mod it {
    /// Whether an instruction with IT state `it` is inside an IT block.
    pub const fn active(it: u8) -> bool {
        it & 0xf != 0
    }

    /// Whether it is the last instruction of its IT block.
    pub const fn last(it: u8) -> bool {
        it & 0xf == 0x8
    }

    /// The condition of the instruction with IT state `it` (inside a block).
    pub const fn cond(it: u8) -> u8 {
        it >> 4
    }

    /// The IT state of the next instruction.
    pub const fn advance(it: u8) -> u8 {
        if it & 0x7 == 0 {
            0
        } else {
            (it & 0xe0) | ((it << 1) & 0x1f)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_round_trip() {
        let pc = location(0xffff_fffe, true, 0xa5);
        assert_eq!((address_of(pc), thumb(pc), itstate(pc), fp_vector(pc)), (0xffff_fffe, true, 0xa5, false));
        let v = with_fpscr(pc, 1 << 16);
        assert!(fp_vector(v) && address_of(v) == 0xffff_fffe && itstate(v) == 0xa5);
        assert_eq!(with(v, false, 0), 0xffff_fffe);
        assert_eq!(with_fpscr(v, 0), pc);
        assert_eq!((svc_len(pc), svc_len(0x1000)), (2, 4));
    }

    /// `ITTE EQ` (firstcond 0000, mask 0110: T is firstcond[0], E its inverse, then the
    /// terminating 1) runs EQ, EQ, NE and then leaves the block.
    #[test]
    fn it_blocks_advance_through_their_conditions() {
        let mut s = 0b0000_0110;
        let mut conds = Vec::new();
        while it::active(s) {
            conds.push((it::cond(s), it::last(s)));
            s = it::advance(s);
        }
        assert_eq!(conds, vec![(0, false), (0, false), (1, true)]);
        // IT GT: one instruction.
        assert_eq!((it::cond(0xc8), it::last(0xc8), it::advance(0xc8)), (0xc, true, 0));
    }
}
