//! T32 data processing (shifted register), with the compare aliases (Rd = PC with S)
//! and the moves (Rn = PC: MOV, MVN and the immediate shifts), and PKHBT/PKHTB.

use crate::decoder::{Fields, Row};
use crate::ops::alu::{data_processing, AluOp};
use crate::ops::shift::{imm_shift, imm_shift_c, ShiftType};
use crate::row;
use crate::translate::{Tr, Undefined};

pub(crate) const ROWS: &[Row] = &[
    row!("AND (register)", "11101010000Snnnn0iiiddddiittmmmm", |t, f| op(t, f, AluOp::And)),
    row!("TST (register)", "111010100001nnnn0iii1111iittmmmm", |t, f| op(t, f, AluOp::Tst)),
    row!("BIC (register)", "11101010001Snnnn0iiiddddiittmmmm", |t, f| op(t, f, AluOp::Bic)),
    row!("ORR (register)", "11101010010Snnnn0iiiddddiittmmmm", |t, f| op(t, f, AluOp::Orr)),
    row!("MOV (register), LSL, LSR, ASR, ROR, RRX (immediate)", "11101010010S11110iiiddddiittmmmm", |t, f| op(t, f, AluOp::Mov)),
    row!("ORN (register)", "11101010011Snnnn0iiiddddiittmmmm", |t, f| op(t, f, AluOp::Orn)),
    row!("MVN (register)", "11101010011S11110iiiddddiittmmmm", |t, f| op(t, f, AluOp::Mvn)),
    row!("EOR (register)", "11101010100Snnnn0iiiddddiittmmmm", |t, f| op(t, f, AluOp::Eor)),
    row!("TEQ (register)", "111010101001nnnn0iii1111iittmmmm", |t, f| op(t, f, AluOp::Teq)),
    row!("PKHBT, PKHTB", "111010101100nnnn0iiiddddiiT0mmmm", |t, f| {
        crate::ops::media::pkh(t, f.reg('d'), f.reg('n'), f.reg('m'), f.bit('T'), f.get('i'))
    }),
    row!("ADD (register)", "11101011000Snnnn0iiiddddiittmmmm", |t, f| op(t, f, AluOp::Add)),
    row!("CMN (register)", "111010110001nnnn0iii1111iittmmmm", |t, f| op(t, f, AluOp::Cmn)),
    row!("ADC (register)", "11101011010Snnnn0iiiddddiittmmmm", |t, f| op(t, f, AluOp::Adc)),
    row!("SBC (register)", "11101011011Snnnn0iiiddddiittmmmm", |t, f| op(t, f, AluOp::Sbc)),
    row!("SUB (register)", "11101011101Snnnn0iiiddddiittmmmm", |t, f| op(t, f, AluOp::Sub)),
    row!("CMP (register)", "111010111011nnnn0iii1111iittmmmm", |t, f| op(t, f, AluOp::Cmp)),
    row!("RSB (register)", "11101011110Snnnn0iiiddddiittmmmm", |t, f| op(t, f, AluOp::Rsb)),
];

fn op(t: &mut Tr, f: Fields, op: AluOp) -> Result<(), Undefined> {
    let (d, m) = (f.reg('d'), f.reg('m'));
    if (!op.is_test() && d == 15) || m == 15 {
        return t.unpredictable();
    }
    let s = f.bit('S') || op.is_test();
    let rm = t.r(m);
    let ty = ShiftType::from_bits(f.get('t'));
    let op2 = if s && op.is_logical() {
        imm_shift_c(t, rm, ty, f.get('i'))
    } else {
        (imm_shift(t, rm, ty, f.get('i')), None)
    };
    data_processing(t, op, d, f.reg('n'), op2, s)
}
