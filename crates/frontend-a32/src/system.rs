//! What A32 and T32 share outside data processing and memory: the APSR (MRS, MSR), the
//! coprocessor 15 registers and operations a Linux user process may use, the barriers,
//! SVC, and CRC32.

use crate::decoder::Fields;
use crate::translate::{Tr, Undefined, TPIDRURW};
use crossrun_arm_shared::counter::{CNTVCT, FREQUENCY};
use crossrun_arm_shared::crc32::{CRC32, CRC32C};
use crossrun_ir::{FenceKind, Reg, Terminator, Ty, Width};

/// MRS Rd, APSR: N, Z, C, V, Q, GE and User mode's mode bits (0x10), as a Cortex-A core
/// running Linux returns them (the Arm ARM makes the E, A, I, F and mode fields
/// UNKNOWN at PL0; the T and IT bits read as zero).
pub(crate) fn mrs(t: &mut Tr, d: u8) -> Result<(), Undefined> {
    if d == 15 {
        return t.unpredictable();
    }
    let nzcv = t.nzcv();
    let q = t.b.get(crate::Q_FLAG);
    let q = t.b.zext(Ty::I32, Width::W32, q);
    let sh = t.c(27);
    let q = t.b.shl(q, sh);
    // GE: the top bit of each byte of the mask, gathered into bits 19:16 by one
    // multiply (the partial products land on distinct bits).
    let ge = t.ge_mask();
    let tops = t.c(0x8080_8080);
    let ge = t.b.and(ge, tops);
    let seven = t.c(7);
    let ge = t.b.lshr(ge, seven);
    let gather = t.c(0x0102_0408);
    let ge = t.b.mul(ge, gather);
    let eight = t.c(8);
    let ge = t.b.lshr(ge, eight);
    let m = t.c(0xf_0000);
    let ge = t.b.and(ge, m);
    let r = t.b.or(nzcv, q);
    let r = t.b.or(r, ge);
    let user = t.c(0x10);
    let r = t.b.or(r, user);
    t.set_r(d, r);
    Ok(())
}

/// MSR APSR_<fields>, from the I32 `v`: mask bit 1 writes N, Z, C, V and Q, bit 0 the GE
/// bits; a mask of 0 is UNPREDICTABLE.
pub(crate) fn write_apsr(t: &mut Tr, v: crossrun_ir::Value, mask: u32) -> Result<(), Undefined> {
    if mask == 0 {
        return t.unpredictable();
    }
    if mask & 2 != 0 {
        let m = t.c(0xf000_0000);
        let nzcv = t.b.and(v, m);
        t.set_nzcv(nzcv);
        let sh = t.c(27);
        let q = t.b.lshr(v, sh);
        let one = t.c(1);
        let q = t.b.and(q, one);
        let q = t.b.zext(Ty::I64, Width::W32, q);
        t.set_reg(crate::Q_FLAG, q);
    }
    if mask & 1 != 0 {
        // GE[3:0] at bits 19:16 spread to one bit per byte, then to whole bytes.
        let sh = t.c(16);
        let ge = t.b.lshr(v, sh);
        let f = t.c(0xf);
        let ge = t.b.and(ge, f);
        let spread = t.c(0x0020_4081);
        let ge = t.b.mul(ge, spread);
        let ones = t.c(0x0101_0101);
        let ge = t.b.and(ge, ones);
        let ff = t.c(0xff);
        let mask = t.b.mul(ge, ff);
        t.set_ge_mask(mask);
    }
    Ok(())
}

/// CRC32{C}{B,H,W} Rd, Rn, Rm: `sz` 0, 1, 2 for byte, halfword, word.
pub(crate) fn crc32(t: &mut Tr, f: Fields, castagnoli: bool) -> Result<(), Undefined> {
    let (d, n, m, sz) = (f.reg('d'), f.reg('n'), f.reg('m'), f.get('z'));
    if sz == 3 || [d, n, m].contains(&15) {
        return t.unpredictable();
    }
    let acc = t.r(n);
    let val = t.r(m);
    let val = t.b.zext(Ty::I64, Width::W32, val);
    let bytes = t.c(1 << sz);
    let h = if castagnoli { &CRC32C } else { &CRC32 };
    let r = t.b.call(h, &[acc, val, bytes]);
    t.set_r(d, r);
    Ok(())
}

/// A coprocessor 15 register or operation, as (opc1, CRn, CRm, opc2).
type Cp15 = (u32, u32, u32, u32);

const TPIDRURW_REG: Cp15 = (0, 13, 0, 2);
const TPIDRURO_REG: Cp15 = (0, 13, 0, 3);
const CNTFRQ_REG: Cp15 = (0, 14, 0, 0);
/// The ARMv6 barrier operations ARMv7 keeps for user mode (SCTLR.CP15BEN, which Linux
/// sets): CP15ISB, CP15DSB, CP15DMB.
const CP15ISB: Cp15 = (0, 7, 5, 4);
const CP15DSB: Cp15 = (0, 7, 10, 4);
const CP15DMB: Cp15 = (0, 7, 10, 5);

/// MRC/MCR p15 (the `o` opc1, `n` CRn, `m` CRm, `p` opc2 and `t` Rt fields): the
/// thread ID registers (TPIDRURO reads the value Linux's set_tls stored; writing it is
/// privileged), the barriers, and CNTFRQ. Everything else at PL0 is UNDEFINED.
pub(crate) fn cp15(t: &mut Tr, f: Fields, read: bool) -> Result<(), Undefined> {
    let reg = (f.get('o'), f.get('n'), f.get('m'), f.get('p'));
    let rt = f.reg('t');
    if rt == 15 {
        return t.unpredictable();
    }
    match (reg, read) {
        (TPIDRURO_REG, true) => {
            let v = t.b.get(Reg::ThreadPointer);
            let v = t.b.zext(Ty::I32, Width::W32, v);
            t.set_r(rt, v);
        }
        (TPIDRURW_REG, true) => {
            let v = t.b.get(TPIDRURW);
            let v = t.b.zext(Ty::I32, Width::W32, v);
            t.set_r(rt, v);
        }
        (TPIDRURW_REG, false) => {
            let v = t.r(rt);
            let v = t.b.zext(Ty::I64, Width::W32, v);
            t.set_reg(TPIDRURW, v);
        }
        (CNTFRQ_REG, true) => {
            let v = t.c(FREQUENCY as u32);
            t.set_r(rt, v);
        }
        (CP15ISB, false) => {}
        (CP15DSB | CP15DMB, false) => t.b.fence(FenceKind::Full),
        _ => return Err(Undefined),
    }
    Ok(())
}

/// MRRC p15, 1, Rt, Rt2, c14: CNTVCT, the virtual count (Linux lets user mode read it for
/// its vDSO). Other 64-bit coprocessor transfers are UNDEFINED at PL0.
pub(crate) fn mrrc15(t: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let (rt, rt2, opc1, crm) = (f.reg('t'), f.reg('u'), f.get('o'), f.get('m'));
    if (opc1, crm) != (1, 14) {
        return Err(Undefined);
    }
    if rt == 15 || rt2 == 15 || rt == rt2 {
        return t.unpredictable();
    }
    let v = t.b.call(&CNTVCT, &[]);
    let lo = t.b.zext(Ty::I32, Width::W32, v);
    let sh = t.b.c64(32);
    let hi = t.b.lshr(v, sh);
    let hi = t.b.zext(Ty::I32, Width::W32, hi);
    t.set_r(rt, lo);
    t.set_r(rt2, hi);
    Ok(())
}

/// SVC: a system call; the Linux EABI takes the number from R7 and ignores the
/// immediate.
pub(crate) fn svc(t: &mut Tr) -> Result<(), Undefined> {
    t.end(Terminator::Syscall { next_pc: t.next });
    Ok(())
}

/// DMB, DSB with their `option` field: the store-only options order stores, the rest
/// everything (this host is a single coherence domain, so the shareability domains are
/// all the same).
pub(crate) fn barrier(t: &mut Tr, option: u32) -> Result<(), Undefined> {
    let kind = match option & 3 {
        2 => FenceKind::Store,
        1 => FenceKind::Load,
        _ => FenceKind::Full,
    };
    t.b.fence(kind);
    Ok(())
}
