//! Quadrant 0: C.ADDI4SPN and the loads and stores with a register base: C.FLD, C.LW,
//! C.LD, C.FSD, C.SW, C.SD.

use super::prime;
use crate::decoder::{Fields, Row};
use crate::fp::load_store::{fld, fsd};
use crate::imm;
use crate::int::load_store::{load, store};
use crate::int::op_imm::addi;
use crate::row;
use crate::translate::{Tr, Undefined};
use crossrun_ir::Width;

pub(crate) const ROWS: &[Row] = &[
    row!("C.ADDI4SPN", "000iiiiiiiiddd00", c_addi4spn),
    row!("C.FLD", "001iiisssiiddd00", c_fld),
    row!("C.LW", "010iiisssiiddd00", c_lw),
    row!("C.LD", "011iiisssiiddd00", c_ld),
    row!("C.FSD", "101iiisssiittt00", c_fsd),
    row!("C.SW", "110iiisssiittt00", c_sw),
    row!("C.SD", "111iiisssiittt00", c_sd),
];

/// addi rd', sp, nzuimm; a zero immediate (the all-zero parcel among them) is reserved.
fn c_addi4spn(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let offset = imm::ciw(f.insn);
    if offset == 0 {
        return Err(Undefined);
    }
    addi(tr, prime(f, 'd'), 2, offset as i64);
    Ok(())
}

fn c_fld(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    fld(tr, prime(f, 'd'), prime(f, 's'), imm::cl_double(f.insn) as i64);
    Ok(())
}

fn c_lw(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    load(tr, prime(f, 'd'), prime(f, 's'), imm::cl_word(f.insn) as i64, Width::W32, true);
    Ok(())
}

fn c_ld(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    load(tr, prime(f, 'd'), prime(f, 's'), imm::cl_double(f.insn) as i64, Width::W64, false);
    Ok(())
}

fn c_fsd(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    fsd(tr, prime(f, 't'), prime(f, 's'), imm::cl_double(f.insn) as i64);
    Ok(())
}

fn c_sw(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    store(tr, prime(f, 't'), prime(f, 's'), imm::cl_word(f.insn) as i64, Width::W32);
    Ok(())
}

fn c_sd(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    store(tr, prime(f, 't'), prime(f, 's'), imm::cl_double(f.insn) as i64, Width::W64);
    Ok(())
}
