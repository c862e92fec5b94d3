//! A32 media instructions: parallel addition and subtraction, packing, unpacking,
//! saturation and reversal, the signed multiplies and divides, USAD8, the bitfield
//! instructions and UDF.

use crate::decoder::{Fields, Row};
use crate::ops::media::{bfi, bfx, extend, pkh, reverse, saturate, saturate16, Extend, Reverse};
use crate::ops::multiply::{div, smlad, smlald, smmul, usad8};
use crate::ops::parallel::{parallel, sel, Kind, Lanes};
use crate::row;
use crate::translate::{Tr, Undefined};
use crossrun_ir::TrapKind;

pub(crate) const ROWS: &[Row] = &[
    row!("SADD16, SASX, SSAX, SSUB16, SADD8, SSUB8", "----01100001nnnndddd1111ooo1mmmm", |t, f| par(t, f, Kind::Signed)),
    row!("QADD16, QASX, QSAX, QSUB16, QADD8, QSUB8", "----01100010nnnndddd1111ooo1mmmm", |t, f| par(t, f, Kind::SignedSat)),
    row!("SHADD16, SHASX, SHSAX, SHSUB16, SHADD8, SHSUB8", "----01100011nnnndddd1111ooo1mmmm", |t, f| par(t, f, Kind::SignedHalve)),
    row!("UADD16, UASX, USAX, USUB16, UADD8, USUB8", "----01100101nnnndddd1111ooo1mmmm", |t, f| par(t, f, Kind::Unsigned)),
    row!("UQADD16, UQASX, UQSAX, UQSUB16, UQADD8, UQSUB8", "----01100110nnnndddd1111ooo1mmmm", |t, f| par(t, f, Kind::UnsignedSat)),
    row!("UHADD16, UHASX, UHSAX, UHSUB16, UHADD8, UHSUB8", "----01100111nnnndddd1111ooo1mmmm", |t, f| par(t, f, Kind::UnsignedHalve)),
    row!("PKHBT, PKHTB", "----01101000nnnnddddiiiiiT01mmmm", |t, f| pkh(t, f.reg('d'), f.reg('n'), f.reg('m'), f.bit('T'), f.get('i'))),
    row!("SEL", "----01101000nnnndddd11111011mmmm", sel_row),
    row!("SSAT", "----0110101sssssddddiiiiih01nnnn", |t, f| sat(t, f, true)),
    row!("USAT", "----0110111sssssddddiiiiih01nnnn", |t, f| sat(t, f, false)),
    row!("SSAT16", "----01101010ssssdddd11110011nnnn", |t, f| saturate16(t, f.reg('d'), f.reg('n'), f.get('s') + 1, true)),
    row!("USAT16", "----01101110ssssdddd11110011nnnn", |t, f| saturate16(t, f.reg('d'), f.reg('n'), f.get('s'), false)),
    row!("SXTAB16, SXTB16", "----01101000nnnnddddrr000111mmmm", |t, f| ext(t, f, Extend::Byte16, true)),
    row!("SXTAB, SXTB", "----01101010nnnnddddrr000111mmmm", |t, f| ext(t, f, Extend::Byte, true)),
    row!("SXTAH, SXTH", "----01101011nnnnddddrr000111mmmm", |t, f| ext(t, f, Extend::Half, true)),
    row!("UXTAB16, UXTB16", "----01101100nnnnddddrr000111mmmm", |t, f| ext(t, f, Extend::Byte16, false)),
    row!("UXTAB, UXTB", "----01101110nnnnddddrr000111mmmm", |t, f| ext(t, f, Extend::Byte, false)),
    row!("UXTAH, UXTH", "----01101111nnnnddddrr000111mmmm", |t, f| ext(t, f, Extend::Half, false)),
    row!("REV", "----011010111111dddd11110011mmmm", |t, f| reverse(t, f.reg('d'), f.reg('m'), Reverse::Rev)),
    row!("REV16", "----011010111111dddd11111011mmmm", |t, f| reverse(t, f.reg('d'), f.reg('m'), Reverse::Rev16)),
    row!("RBIT", "----011011111111dddd11110011mmmm", |t, f| reverse(t, f.reg('d'), f.reg('m'), Reverse::Rbit)),
    row!("REVSH", "----011011111111dddd11111011mmmm", |t, f| reverse(t, f.reg('d'), f.reg('m'), Reverse::Revsh)),
    row!("SMLAD, SMLADX", "----01110000ddddaaaammmm00x1nnnn", |t, f| dual(t, f, false, true)),
    row!("SMUAD, SMUADX", "----01110000dddd1111mmmm00x1nnnn", |t, f| dual(t, f, false, false)),
    row!("SMLSD, SMLSDX", "----01110000ddddaaaammmm01x1nnnn", |t, f| dual(t, f, true, true)),
    row!("SMUSD, SMUSDX", "----01110000dddd1111mmmm01x1nnnn", |t, f| dual(t, f, true, false)),
    row!("SDIV", "----01110001dddd1111mmmm0001nnnn", |t, f| div(t, f.reg('d'), f.reg('n'), f.reg('m'), true)),
    row!("UDIV", "----01110011dddd1111mmmm0001nnnn", |t, f| div(t, f.reg('d'), f.reg('n'), f.reg('m'), false)),
    row!("SMLALD, SMLALDX", "----01110100hhhhllllmmmm00x1nnnn", |t, f| dual_long(t, f, false)),
    row!("SMLSLD, SMLSLDX", "----01110100hhhhllllmmmm01x1nnnn", |t, f| dual_long(t, f, true)),
    row!("SMMLA, SMMLAR", "----01110101ddddaaaammmm00r1nnnn", |t, f| most(t, f, Some(false))),
    row!("SMMUL, SMMULR", "----01110101dddd1111mmmm00r1nnnn", |t, f| most(t, f, None)),
    row!("SMMLS, SMMLSR", "----01110101ddddaaaammmm11r1nnnn", |t, f| most(t, f, Some(true))),
    row!("USADA8", "----01111000ddddaaaammmm0001nnnn", |t, f| usad8(t, f.reg('d'), f.reg('n'), f.reg('m'), Some(f.reg('a')))),
    row!("USAD8", "----01111000dddd1111mmmm0001nnnn", |t, f| usad8(t, f.reg('d'), f.reg('n'), f.reg('m'), None)),
    row!("SBFX", "----0111101wwwwwddddlllll101nnnn", |t, f| bfx(t, f.reg('d'), f.reg('n'), f.get('l'), f.get('w') + 1, true)),
    row!("UBFX", "----0111111wwwwwddddlllll101nnnn", |t, f| bfx(t, f.reg('d'), f.reg('n'), f.get('l'), f.get('w') + 1, false)),
    row!("BFI", "----0111110mmmmmddddlllll001nnnn", |t, f| bfi(t, f.reg('d'), Some(f.reg('n')), f.get('l'), f.get('m'))),
    row!("BFC", "----0111110mmmmmddddlllll0011111", |t, f| bfi(t, f.reg('d'), None, f.get('l'), f.get('m'))),
    row!("UDF", "----01111111iiiiiiiiiiii1111iiii", |t, f| udf(t, f, BREAKPOINT_A32)),
];

/// The UDF encodings Linux's ptrace code treats as breakpoints (its break hooks): the
/// guest gets SIGTRAP for them, SIGILL for every other UDF.
pub(crate) const BREAKPOINT_A32: u32 = 0x07f0_01f0;

/// UDF: the breakpoint word (whatever its condition field, as Linux's hook matches it)
/// traps as a breakpoint, any other as an undefined instruction.
pub(crate) fn udf(t: &mut Tr, f: Fields, breakpoint: u32) -> Result<(), Undefined> {
    let insn = if t.thumb { f.insn } else { f.insn & 0x0fff_ffff };
    if insn == breakpoint {
        t.trap(TrapKind::Breakpoint { imm: f.get('i') as u16 });
        Ok(())
    } else {
        Err(Undefined)
    }
}

/// The `ooo` field of the parallel instructions.
pub(crate) fn lanes(op: u32) -> Option<Lanes> {
    Some(match op {
        0 => Lanes::Add16,
        1 => Lanes::Asx,
        2 => Lanes::Sax,
        3 => Lanes::Sub16,
        4 => Lanes::Add8,
        7 => Lanes::Sub8,
        _ => return None,
    })
}

fn par(t: &mut Tr, f: Fields, kind: Kind) -> Result<(), Undefined> {
    let (d, n, m) = (f.reg('d'), f.reg('n'), f.reg('m'));
    let op = lanes(f.get('o')).ok_or(Undefined)?;
    if [d, n, m].contains(&15) {
        return t.unpredictable();
    }
    let (a, b) = (t.r(n), t.r(m));
    let r = parallel(t, kind, op, a, b);
    t.set_r(d, r);
    Ok(())
}

fn sel_row(t: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let (d, n, m) = (f.reg('d'), f.reg('n'), f.reg('m'));
    if [d, n, m].contains(&15) {
        return t.unpredictable();
    }
    let (a, b) = (t.r(n), t.r(m));
    let r = sel(t, a, b);
    t.set_r(d, r);
    Ok(())
}

/// SSAT (saturate to `s` + 1 bits) and USAT (to `s` bits), of Rn shifted by `h`
/// (ASR if set, else LSL) `i`.
fn sat(t: &mut Tr, f: Fields, signed: bool) -> Result<(), Undefined> {
    let bits = if signed { f.get('s') + 1 } else { f.get('s') };
    let asr = f.bit('h');
    if asr && f.get('i') == 0 {
        // ASR #32 is allowed and encoded as 0.
        return saturate(t, f.reg('d'), f.reg('n'), bits, true, 0, signed);
    }
    saturate(t, f.reg('d'), f.reg('n'), bits, asr, f.get('i'), signed)
}

fn ext(t: &mut Tr, f: Fields, kind: Extend, signed: bool) -> Result<(), Undefined> {
    extend(t, f.reg('d'), f.reg('n'), f.reg('m'), f.get('r'), kind, signed)
}

fn dual(t: &mut Tr, f: Fields, sub: bool, accumulate: bool) -> Result<(), Undefined> {
    let acc = accumulate.then(|| f.reg('a'));
    smlad(t, f.reg('d'), f.reg('n'), f.reg('m'), f.bit('x'), sub, acc)
}

fn dual_long(t: &mut Tr, f: Fields, sub: bool) -> Result<(), Undefined> {
    smlald(t, f.reg('l'), f.reg('h'), f.reg('n'), f.reg('m'), f.bit('x'), sub)
}

fn most(t: &mut Tr, f: Fields, acc: Option<bool>) -> Result<(), Undefined> {
    smmul(t, f.reg('d'), f.reg('n'), f.reg('m'), acc.map(|sub| (f.reg('a'), sub)), f.bit('r'))
}
