//! AdvSIMD copy and AdvSIMD scalar copy: DUP (element, general), INS (element,
//! general), UMOV, SMOV, and the scalar DUP (element) (the MOV Bd, Vn.B[i] alias).
//!
//! Every form encodes the element size as the lowest set bit of imm5 and the lane
//! number in the imm5 bits above it.

use super::lanes;
use crate::decoder::Fields;
use crate::row;
use crate::translate::{Tr, Undefined};
use crossrun_ir::{Ty, Value};

pub(crate) const ROWS: &[crate::decoder::Row] = &[
    row!("DUP (element)", "0q001110000iiiii000001nnnnnddddd", dup_element),
    row!("DUP (general)", "0q001110000iiiii000011nnnnnddddd", dup_general),
    row!("SMOV", "0q001110000iiiii001011nnnnnddddd", smov),
    row!("UMOV", "0q001110000iiiii001111nnnnnddddd", umov),
    row!("INS (general)", "01001110000iiiii000111nnnnnddddd", ins_general),
    row!("INS (element)", "01101110000iiiii0jjjj1nnnnnddddd", ins_element),
    row!("DUP (element, scalar)", "01011110000iiiii000001nnnnnddddd", dup_element_scalar),
];

/// Element size in bytes and lane number from imm5, or None for imm5 = x0000.
fn size_index(imm5: u32) -> Option<(u32, u32)> {
    if imm5 & 0xf == 0 {
        return None;
    }
    let size = imm5.trailing_zeros();
    Some((1 << size, imm5 >> (size + 1)))
}

fn dup_element(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let (ebytes, index) = size_index(f.get('i')).ok_or(Undefined)?;
    let q = f.bit('q');
    if ebytes == 8 && !q {
        return Err(Undefined);
    }
    let vn = tr.v(f.reg('n'));
    let elem = lanes::get(tr, vn, ebytes, index);
    let word = lanes::replicate(tr, elem, ebytes);
    write_replicated(tr, f.reg('d'), q, word);
    Ok(())
}

fn dup_general(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let (ebytes, _) = size_index(f.get('i')).ok_or(Undefined)?;
    let q = f.bit('q');
    if ebytes == 8 && !q {
        return Err(Undefined);
    }
    let xn = tr.x(f.reg('n'));
    let word = lanes::replicate(tr, xn, ebytes);
    write_replicated(tr, f.reg('d'), q, word);
    Ok(())
}

/// Writes a 64-bit pattern to both halves of Vd (Q=1) or to the low half.
fn write_replicated(tr: &mut Tr, d: u8, q: bool, word: Value) {
    if q {
        let v = tr.b.vmake(word, word);
        tr.set_v(d, v);
    } else {
        tr.set_v_lo(d, word);
    }
}

fn smov(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let imm5 = f.get('i');
    let q = f.bit('q');
    // Q=0 gives a W result, so only B and H sources are allowed; Q=1 (X) adds S.
    let (ebytes, index) = match size_index(imm5) {
        Some((e @ (1 | 2), i)) => (e, i),
        Some((4, i)) if q => (4, i),
        _ => return Err(Undefined),
    };
    let vn = tr.v(f.reg('n'));
    let elem = lanes::get(tr, vn, ebytes, index);
    let ty = if q { Ty::I64 } else { Ty::I32 };
    let r = tr.b.sext(ty, lanes::width(ebytes), elem);
    tr.set_reg(f.reg('d'), r);
    Ok(())
}

fn umov(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let q = f.bit('q');
    // W results take B, H or S; the X result only takes D.
    let (ebytes, index) = match size_index(f.get('i')) {
        Some((e @ (1 | 2 | 4), i)) if !q => (e, i),
        Some((8, i)) if q => (8, i),
        _ => return Err(Undefined),
    };
    let vn = tr.v(f.reg('n'));
    let elem = lanes::get(tr, vn, ebytes, index);
    tr.set_reg(f.reg('d'), elem);
    Ok(())
}

fn ins_general(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let (ebytes, index) = size_index(f.get('i')).ok_or(Undefined)?;
    let d = f.reg('d');
    let xn = tr.x(f.reg('n'));
    let vd = tr.v(d);
    let r = lanes::set(tr, vd, ebytes, index, xn);
    tr.set_v(d, r);
    Ok(())
}

fn ins_element(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let (ebytes, dst_index) = size_index(f.get('i')).ok_or(Undefined)?;
    // imm4 holds the source lane above bit log2(ebytes); the bits below are ignored.
    let src_index = f.get('j') >> ebytes.trailing_zeros();
    let d = f.reg('d');
    let vn = tr.v(f.reg('n'));
    let elem = lanes::get(tr, vn, ebytes, src_index);
    let vd = tr.v(d);
    let r = lanes::set(tr, vd, ebytes, dst_index, elem);
    tr.set_v(d, r);
    Ok(())
}

fn dup_element_scalar(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let (ebytes, index) = size_index(f.get('i')).ok_or(Undefined)?;
    let vn = tr.v(f.reg('n'));
    let elem = lanes::get(tr, vn, ebytes, index);
    tr.set_v_lo(f.reg('d'), elem);
    Ok(())
}
