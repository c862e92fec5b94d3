//! Immediates the ISA scatters across an instruction: the B-, J-, S- and U-type formats
//! of the base ISA and the many formats of the C extension, as the specifications'
//! format diagrams lay them out. (I-type immediates are contiguous: a row's `i` field.)

/// Gathers `(high, low, at)` pieces: instruction bits `high..=low` become immediate bits
/// from `at` up.
fn gather(insn: u32, pieces: &[(u32, u32, u32)]) -> u64 {
    pieces.iter().fold(0, |acc, &(hi, lo, at)| {
        let width = hi - lo + 1;
        acc | (u64::from((insn >> lo) & ((1 << width) - 1)) << at)
    })
}

/// `value` sign-extended from `bits` bits.
fn sext(value: u64, bits: u32) -> i64 {
    ((value << (64 - bits)) as i64) >> (64 - bits)
}

/// S-type: imm[11:5] = insn[31:25], imm[4:0] = insn[11:7].
pub fn s_type(insn: u32) -> i64 {
    sext(gather(insn, &[(31, 25, 5), (11, 7, 0)]), 12)
}

/// B-type: imm[12|10:5] = insn[31:25], imm[4:1|11] = insn[11:7].
pub fn b_type(insn: u32) -> i64 {
    sext(gather(insn, &[(31, 31, 12), (30, 25, 5), (11, 8, 1), (7, 7, 11)]), 13)
}

/// U-type: imm[31:12] = insn[31:12], sign-extended from bit 31 as RV64 does.
pub fn u_type(insn: u32) -> i64 {
    (insn & 0xffff_f000) as i32 as i64
}

/// J-type: imm[20|10:1|11|19:12] = insn[31:12].
pub fn j_type(insn: u32) -> i64 {
    sext(gather(insn, &[(31, 31, 20), (30, 21, 1), (20, 20, 11), (19, 12, 12)]), 21)
}

/// CI: imm[5] = insn[12], imm[4:0] = insn[6:2], signed (C.ADDI, C.LI, C.ADDIW, C.ANDI).
pub fn ci(insn: u32) -> i64 {
    sext(gather(insn, &[(12, 12, 5), (6, 2, 0)]), 6)
}

/// CI shift amount: shamt[5] = insn[12], shamt[4:0] = insn[6:2], unsigned.
pub fn ci_shamt(insn: u32) -> u32 {
    gather(insn, &[(12, 12, 5), (6, 2, 0)]) as u32
}

/// C.LUI: nzimm[17] = insn[12], nzimm[16:12] = insn[6:2].
pub fn c_lui(insn: u32) -> i64 {
    sext(gather(insn, &[(12, 12, 17), (6, 2, 12)]), 18)
}

/// C.ADDI16SP: nzimm[9] = insn[12], nzimm[4|6|8:7|5] = insn[6:2].
pub fn c_addi16sp(insn: u32) -> i64 {
    sext(gather(insn, &[(12, 12, 9), (6, 6, 4), (5, 5, 6), (4, 3, 7), (2, 2, 5)]), 10)
}

/// CIW (C.ADDI4SPN): nzuimm[5:4|9:6|2|3] = insn[12:5].
pub fn ciw(insn: u32) -> u64 {
    gather(insn, &[(12, 11, 4), (10, 7, 6), (6, 6, 2), (5, 5, 3)])
}

/// CL/CS word offset (C.LW, C.SW): uimm[5:3] = insn[12:10], uimm[2|6] = insn[6:5].
pub fn cl_word(insn: u32) -> u64 {
    gather(insn, &[(12, 10, 3), (6, 6, 2), (5, 5, 6)])
}

/// CL/CS doubleword offset (C.LD, C.SD, C.FLD, C.FSD): uimm[5:3] = insn[12:10],
/// uimm[7:6] = insn[6:5].
pub fn cl_double(insn: u32) -> u64 {
    gather(insn, &[(12, 10, 3), (6, 5, 6)])
}

/// C.LWSP: uimm[5] = insn[12], uimm[4:2|7:6] = insn[6:2].
pub fn ci_lwsp(insn: u32) -> u64 {
    gather(insn, &[(12, 12, 5), (6, 4, 2), (3, 2, 6)])
}

/// C.LDSP, C.FLDSP: uimm[5] = insn[12], uimm[4:3|8:6] = insn[6:2].
pub fn ci_ldsp(insn: u32) -> u64 {
    gather(insn, &[(12, 12, 5), (6, 5, 3), (4, 2, 6)])
}

/// C.SWSP: uimm[5:2|7:6] = insn[12:7].
pub fn css_word(insn: u32) -> u64 {
    gather(insn, &[(12, 9, 2), (8, 7, 6)])
}

/// C.SDSP, C.FSDSP: uimm[5:3|8:6] = insn[12:7].
pub fn css_double(insn: u32) -> u64 {
    gather(insn, &[(12, 10, 3), (9, 7, 6)])
}

/// CJ (C.J): imm[11|4|9:8|10|6|7|3:1|5] = insn[12:2].
pub fn cj(insn: u32) -> i64 {
    let pieces = [(12, 12, 11), (11, 11, 4), (10, 9, 8), (8, 8, 10), (7, 7, 6), (6, 6, 7), (5, 3, 1), (2, 2, 5)];
    sext(gather(insn, &pieces), 12)
}

/// CB (C.BEQZ, C.BNEZ): imm[8|4:3] = insn[12:10], imm[7:6|2:1|5] = insn[6:2].
pub fn cb(insn: u32) -> i64 {
    sext(gather(insn, &[(12, 12, 8), (11, 10, 3), (6, 5, 6), (4, 3, 1), (2, 2, 5)]), 9)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Encodings from riscv64-linux-gnu-as, with the offsets they were written with.
    #[test]
    fn base_formats() {
        assert_eq!(b_type(0xfe000ee3), -4); // beq x0, x0, .-4
        assert_eq!(b_type(0x7e000fe3), 4094); // beq x0, x0, .+4094
        assert_eq!(b_type(0x80000063), -4096); // beq x0, x0, .-4096
        assert_eq!(j_type(0x7ffff06f), 0xffffe); // j .+0xffffe
        assert_eq!(j_type(0x8000006f), -0x100000); // j .-0x100000
        assert_eq!(j_type(0x0080006f), 8); // j .+8
        assert_eq!(s_type(0xfe113c23), -8); // sd ra, -8(sp)
        assert_eq!(u_type(0x800002b7), -0x8000_0000); // lui t0, 0x80000
    }

    #[test]
    fn compressed_formats() {
        assert_eq!(cj(0xbffd), -2); // c.j .-2
        assert_eq!(cj(0xa801), 16); // c.j .+16
        assert_eq!(cj(0xaffd), 2046); // c.j .+2046
        assert_eq!(cj(0xb001), -2048); // c.j .-2048
        assert_eq!(cb(0xdd7d), -2); // c.beqz a0, .-2
        assert_eq!(cb(0xeffd), 254); // c.bnez a5, .+254
        assert_eq!(cb(0xd001), -256); // c.beqz s0, .-256
        assert_eq!(ciw(0x1fe0), 1020); // c.addi4spn s0, sp, 1020
        assert_eq!(ciw(0x005c), 4); // c.addi4spn a5, sp, 4
        assert_eq!(cl_word(0x5de8), 124); // c.lw a0, 124(a1)
        assert_eq!(cl_word(0xc1a8), 64); // c.sw a0, 64(a1)
        assert_eq!(cl_double(0x7de8), 248); // c.ld a0, 248(a1)
        assert_eq!(ci_lwsp(0x557e), 252); // c.lwsp a0, 252(sp)
        assert_eq!(ci_ldsp(0x757e), 504); // c.ldsp a0, 504(sp)
        assert_eq!(css_word(0xdfaa), 252); // c.swsp a0, 252(sp)
        assert_eq!(css_double(0xffaa), 504); // c.sdsp a0, 504(sp)
        assert_eq!(c_lui(0x7505), -0x1f000); // c.lui a0, 0xfffe1
        assert_eq!(c_lui(0x657d), 0x1f000); // c.lui a0, 0x1f
        assert_eq!(c_addi16sp(0x7101), -512); // c.addi16sp sp, -512
        assert_eq!(c_addi16sp(0x617d), 496); // c.addi16sp sp, 496
        assert_eq!(ci(0x1501), -32); // c.addi a0, -32
        assert_eq!(ci_shamt(0x957d), 63); // c.srai a0, 63
    }
}
