//! Quadrant 2: C.SLLI, the stack-pointer-based loads and stores (C.FLDSP, C.LWSP,
//! C.LDSP, C.FSDSP, C.SWSP, C.SDSP), and C.JR, C.MV, C.EBREAK, C.JALR, C.ADD.

use crate::decoder::{Fields, Row};
use crate::fp::load_store::{fld, fsd};
use crate::imm;
use crate::int::control::jalr;
use crate::int::load_store::{load, store};
use crate::int::op::op;
use crate::int::op_imm::{shift_imm, Shift};
use crate::int::system::ebreak;
use crate::row;
use crate::translate::{Tr, Undefined};
use crossrun_ir::Width;

pub(crate) const ROWS: &[Row] = &[
    row!("C.SLLI", "000idddddiiiii10", c_slli),
    row!("C.FLDSP", "001idddddiiiii10", c_fldsp),
    row!("C.LWSP", "010idddddiiiii10", c_lwsp),
    row!("C.LDSP", "011idddddiiiii10", c_ldsp),
    row!("C.JR", "1000sssss0000010", c_jr),
    row!("C.MV", "1000dddddttttt10", c_mv),
    row!("C.EBREAK", "1001000000000010", ebreak),
    row!("C.JALR", "1001sssss0000010", c_jalr),
    row!("C.ADD", "1001dddddttttt10", c_add),
    row!("C.FSDSP", "101iiiiiittttt10", c_fsdsp),
    row!("C.SWSP", "110iiiiiittttt10", c_swsp),
    row!("C.SDSP", "111iiiiiittttt10", c_sdsp),
];

fn c_slli(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let rd = f.reg('d');
    shift_imm(tr, Shift::Left, rd, rd, imm::ci_shamt(f.insn));
    Ok(())
}

fn c_fldsp(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    fld(tr, f.reg('d'), 2, imm::ci_ldsp(f.insn) as i64);
    Ok(())
}

/// lw rd, offset(sp); rd = x0 is reserved.
fn c_lwsp(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let rd = f.reg('d');
    if rd == 0 {
        return Err(Undefined);
    }
    load(tr, rd, 2, imm::ci_lwsp(f.insn) as i64, Width::W32, true);
    Ok(())
}

/// ld rd, offset(sp); rd = x0 is reserved.
fn c_ldsp(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let rd = f.reg('d');
    if rd == 0 {
        return Err(Undefined);
    }
    load(tr, rd, 2, imm::ci_ldsp(f.insn) as i64, Width::W64, false);
    Ok(())
}

/// jalr x0, 0(rs1); rs1 = x0 is reserved.
fn c_jr(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let rs1 = f.reg('s');
    if rs1 == 0 {
        return Err(Undefined);
    }
    jalr(tr, 0, rs1, 0);
    Ok(())
}

/// add rd, x0, rs2 (rs2 = x0 is C.JR's row).
fn c_mv(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    op(tr, f.reg('d'), 0, f.reg('t'), |b, x, y| b.add(x, y));
    Ok(())
}

/// jalr ra, 0(rs1) (rs1 = x0 is C.EBREAK's row).
fn c_jalr(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    jalr(tr, 1, f.reg('s'), 0);
    Ok(())
}

fn c_add(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let rd = f.reg('d');
    op(tr, rd, rd, f.reg('t'), |b, x, y| b.add(x, y));
    Ok(())
}

fn c_fsdsp(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    fsd(tr, f.reg('t'), 2, imm::css_double(f.insn) as i64);
    Ok(())
}

fn c_swsp(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    store(tr, f.reg('t'), 2, imm::css_word(f.insn) as i64, Width::W32);
    Ok(())
}

fn c_sdsp(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    store(tr, f.reg('t'), 2, imm::css_double(f.insn) as i64, Width::W64);
    Ok(())
}

