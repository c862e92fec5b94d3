//! System register moves: MRS and MSR (register) for the registers Linux lets EL0 use,
//! directly or by emulation. Every other register, and MSR (immediate), is undefined at
//! EL0 (the kernel answers SIGILL).

use super::sys::ZVA_BYTES;
use crate::decoder::{Fields, Row};
use crate::row;
use crate::translate::{Tr, Undefined};
use crossrun_arm_shared::counter::CNTVCT;
use crossrun_ir::{Reg, Value};

// 1101010100 L 1 o0 op1 CRn CRm op2 Rt: 's' is o0:op1:CRn:CRm:op2, the register's name
// (op0 is 2 + o0).
pub(crate) const ROWS: &[Row] = &[
    row!("MRS", "110101010011sssssssssssssssttttt", mrs),
    row!("MSR (register)", "110101010001sssssssssssssssttttt", msr),
];

/// The 's' field of the register S<op0>_<op1>_C<CRn>_C<CRm>_<op2>.
const fn sysreg(op0: u32, op1: u32, crn: u32, crm: u32, op2: u32) -> u32 {
    ((op0 & 1) << 14) | (op1 << 11) | (crn << 7) | (crm << 3) | op2
}

const NZCV: u32 = sysreg(3, 3, 4, 2, 0);
const FPCR: u32 = sysreg(3, 3, 4, 4, 0);
const FPSR: u32 = sysreg(3, 3, 4, 4, 1);
const TPIDR_EL0: u32 = sysreg(3, 3, 13, 0, 2);
const TPIDRRO_EL0: u32 = sysreg(3, 3, 13, 0, 3);
const CTR_EL0: u32 = sysreg(3, 3, 0, 0, 1);
const DCZID_EL0: u32 = sysreg(3, 3, 0, 0, 7);
const MIDR_EL1: u32 = sysreg(3, 0, 0, 0, 0);
const MPIDR_EL1: u32 = sysreg(3, 0, 0, 0, 5);
const REVIDR_EL1: u32 = sysreg(3, 0, 0, 0, 6);
const CNTFRQ_EL0: u32 = sysreg(3, 3, 14, 0, 0);
const CNTVCT_EL0: u32 = sysreg(3, 3, 14, 0, 2);
const CNTVCTSS_EL0: u32 = sysreg(3, 3, 14, 0, 6);

/// FPCR bits that hold state: AHP, DN, FZ, RMode, Stride, FZ16, Len. The trap enables
/// (IOE..IDE) are RAZ/WI because crossrun does not trap floating-point exceptions, and
/// the later additions (AH, FIZ, NEP, EBF) are RES0 without their features. Stride and
/// Len only matter to AArch32 but are kept for context switching as on a core with
/// AArch32 (Cortex-A72); QEMU keeps the same bits.
const FPCR_MASK: u32 = 0x07ff_0000;
/// FPSR bits: the AArch32 comparison flags N, Z, C, V (kept, as FPCR's AArch32 fields),
/// QC and the cumulative exception flags IDC, IXC, UFC, OFC, DZC, IOC.
const FPSR_MASK: u32 = 0xf800_009f;

/// CTR_EL0 of a Cortex-A72: 64-byte instruction and data cache lines (IminLine and
/// DminLine 4), 64-byte exclusives granule and writeback granule (ERG, CWG 4), PIPT
/// instruction cache, and IDC = DIC = 0 so programs clean and invalidate as they must.
const CTR_VALUE: u64 = 0x8444_c004;
/// DCZID_EL0: DC ZVA allowed (DZP = 0), block size 2^BS words.
const DCZID_VALUE: u64 = (ZVA_BYTES / 4).trailing_zeros() as u64;
/// MIDR_EL1 as Linux reports it to EL0 on a Cortex-A72 r0p3: implementer Arm (0x41),
/// architecture 0xf, part 0xd08, revision 3.
pub const MIDR_VALUE: u64 = 0x410f_d083;
/// Linux hides the real affinity: EL0 reads MPIDR_EL1 as just its RES1 bit 31.
const MPIDR_VALUE: u64 = 0x8000_0000;
/// CNTVCT_EL0 counts host nanoseconds.
const CNTFRQ_VALUE: u64 = crossrun_arm_shared::counter::FREQUENCY;

fn mrs(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let v: Value = match f.get('s') {
        NZCV => tr.nzcv(),
        FPCR => tr.b.get(Reg::FpControl),
        FPSR => tr.b.get(Reg::FpStatus),
        TPIDR_EL0 => tr.b.get(Reg::ThreadPointer),
        // Linux leaves TPIDRRO_EL0 zero for 64-bit tasks.
        TPIDRRO_EL0 | REVIDR_EL1 => tr.b.c64(0),
        CTR_EL0 => tr.b.c64(CTR_VALUE),
        DCZID_EL0 => tr.b.c64(DCZID_VALUE),
        MIDR_EL1 => tr.b.c64(MIDR_VALUE),
        MPIDR_EL1 => tr.b.c64(MPIDR_VALUE),
        CNTFRQ_EL0 => tr.b.c64(CNTFRQ_VALUE),
        CNTVCT_EL0 | CNTVCTSS_EL0 => tr.b.call(&CNTVCT, &[]),
        _ => return Err(Undefined),
    };
    tr.set_reg(f.reg('t'), v);
    Ok(())
}

fn msr(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let t = f.reg('t');
    let (reg, mask) = match f.get('s') {
        NZCV => (Reg::Nzcv, 0xf000_0000),
        FPCR => (Reg::FpControl, FPCR_MASK),
        FPSR => (Reg::FpStatus, FPSR_MASK),
        TPIDR_EL0 => {
            let v = tr.x(t);
            tr.b.set(Reg::ThreadPointer, v);
            return Ok(());
        }
        _ => return Err(Undefined),
    };
    // Masked here rather than left to the register file, so that a later read in the
    // same block (forwarded from this value) sees the same bits.
    let w = tr.w(t);
    let m = tr.b.c32(mask);
    let v = tr.b.and(w, m);
    tr.b.set(reg, v);
    Ok(())
}
