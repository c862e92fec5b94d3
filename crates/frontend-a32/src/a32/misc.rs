//! A32 miscellaneous instructions (status register access, branch and exchange, CLZ,
//! saturating addition, BKPT, CRC32), the halfword multiplies, and MSR (immediate) with
//! the hints.

use crate::decoder::{Fields, Row};
use crate::ops::multiply::{smlal_xy, smul_wy, smul_xy};
use crate::ops::sat::qaddsub;
use crate::row;
use crate::translate::{Tr, Undefined};
use crossrun_ir::{BranchKind, TrapKind};

pub(crate) const ROWS: &[Row] = &[
    row!("MRS", "----000100001111dddd000000000000", |t, f| crate::system::mrs(t, f.reg('d'))),
    row!("MSR (register)", "----00010010mm00111100000000nnnn", msr_reg),
    row!("MSR (immediate)", "----00110010mm001111rrrriiiiiiii", msr_imm),
    row!("NOP, YIELD, WFE, WFI, SEV, SEVL, CSDB (hints)", "----00110010000011110000oooooooo", |_, _| Ok(())),
    row!("BX", "----000100101111111111110001mmmm", |t, f| bx(t, f.reg('m'), false)),
    row!("BXJ", "----000100101111111111110010mmmm", |t, f| bx(t, f.reg('m'), false)),
    row!("BLX (register)", "----000100101111111111110011mmmm", |t, f| bx(t, f.reg('m'), true)),
    row!("CLZ", "----000101101111dddd11110001mmmm", |t, f| crate::ops::media::clz(t, f.reg('d'), f.reg('m'))),
    row!("QADD", "----00010000nnnndddd00000101mmmm", |t, f| qadd(t, f, false, false)),
    row!("QSUB", "----00010010nnnndddd00000101mmmm", |t, f| qadd(t, f, true, false)),
    row!("QDADD", "----00010100nnnndddd00000101mmmm", |t, f| qadd(t, f, false, true)),
    row!("QDSUB", "----00010110nnnndddd00000101mmmm", |t, f| qadd(t, f, true, true)),
    row!("BKPT", "----00010010iiiiiiiiiiii0111iiii", |t, f| {
        t.trap(TrapKind::Breakpoint { imm: f.get('i') as u16 });
        Ok(())
    }),
    row!("CRC32", "----00010zz0nnnndddd00000100mmmm", |t, f| crate::system::crc32(t, f, false)),
    row!("CRC32C", "----00010zz0nnnndddd00100100mmmm", |t, f| crate::system::crc32(t, f, true)),
    row!("SMLABB, SMLABT, SMLATB, SMLATT", "----00010000ddddaaaammmm1yx0nnnn", |t, f| {
        smul_xy(t, f.reg('d'), f.reg('n'), f.reg('m'), f.bit('x'), f.bit('y'), Some(f.reg('a')))
    }),
    row!("SMLAWB, SMLAWT", "----00010010ddddaaaammmm1y00nnnn", |t, f| {
        smul_wy(t, f.reg('d'), f.reg('n'), f.reg('m'), f.bit('y'), Some(f.reg('a')))
    }),
    row!("SMULWB, SMULWT", "----00010010dddd0000mmmm1y10nnnn", |t, f| {
        smul_wy(t, f.reg('d'), f.reg('n'), f.reg('m'), f.bit('y'), None)
    }),
    row!("SMLALBB, SMLALBT, SMLALTB, SMLALTT", "----00010100hhhhllllmmmm1yx0nnnn", |t, f| {
        smlal_xy(t, f.reg('l'), f.reg('h'), f.reg('n'), f.reg('m'), f.bit('x'), f.bit('y'))
    }),
    row!("SMULBB, SMULBT, SMULTB, SMULTT", "----00010110dddd0000mmmm1yx0nnnn", |t, f| {
        smul_xy(t, f.reg('d'), f.reg('n'), f.reg('m'), f.bit('x'), f.bit('y'), None)
    }),
];

/// BX, BXJ (Jazelle is absent, so it is BX) and BLX (register).
pub(crate) fn bx(t: &mut Tr, m: u8, link: bool) -> Result<(), Undefined> {
    if link && m == 15 {
        return t.unpredictable();
    }
    let target = t.r(m);
    let kind = if link {
        let ret = t.next_addr() | u32::from(t.thumb);
        let lr = t.c(ret);
        t.set_r(14, lr);
        BranchKind::Call { return_pc: t.next }
    } else if m == 14 {
        BranchKind::Return
    } else {
        BranchKind::Plain
    };
    t.bx_write_pc(target, kind);
    Ok(())
}

fn qadd(t: &mut Tr, f: Fields, sub: bool, double: bool) -> Result<(), Undefined> {
    let (d, n, m) = (f.reg('d'), f.reg('n'), f.reg('m'));
    if [d, n, m].contains(&15) {
        return t.unpredictable();
    }
    let (a, b) = (t.r(m), t.r(n));
    let r = qaddsub(t, a, b, sub, double);
    t.set_r(d, r);
    Ok(())
}

/// MSR APSR_<fields>, Rn: mask bit 1 writes N, Z, C, V and Q, bit 0 writes GE.
fn msr_reg(t: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let n = f.reg('n');
    if n == 15 {
        return t.unpredictable();
    }
    let v = t.r(n);
    crate::system::write_apsr(t, v, f.get('m'))
}

fn msr_imm(t: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let (v, _) = crate::ops::shift::arm_expand_imm(f.get('r'), f.get('i'));
    let v = t.c(v);
    crate::system::write_apsr(t, v, f.get('m'))
}
