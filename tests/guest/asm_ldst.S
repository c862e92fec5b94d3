// crossrun-test: arch=aarch64 variants=all compare=expected
/* Load/store addressing modes without libc: immediate offset, pre/post
 * index with writeback, register offset with LSL/UXTW/SXTW/SXTX, LDUR
 * with negative offsets, LDP/STP (incl. pre/post index and LDPSW),
 * sign/zero-extending loads LDRSB/LDRSH/LDRSW into W and X, LDR literal,
 * bitfield/extract instructions on the loaded data, and misaligned accesses.
 * Each line: name, x2, x3, NZCV. */
#include "asm_report.inc"
    .global _start
_start:
    adrp x20, buf
    add x20, x20, :lo12:buf
    CASE ldr_imm,        0, 0, 0, "ldr x2, [x20, #8]; ldr w3, [x20, #4]"
    CASE ldr_pre,        0, 0, 0, "mov x21, x20; ldr x2, [x21, #16]!; sub x3, x21, x20"
    CASE ldr_post,       0, 0, 0, "mov x21, x20; ldr x2, [x21], #24; sub x3, x21, x20"
    CASE ldr_reg_lsl,    0, 3, 0, "ldr x2, [x20, x0, lsl #3]; ldr w3, [x20, x0, lsl #2]"
    CASE ldr_uxtw,       0, 0xffffffff00000005, 0, "ldrb w2, [x20, w0, uxtw]; ldrh w3, [x20, w0, uxtw #1]"
    CASE ldr_sxtw,       0, 0x00000000fffffffc, 0, "add x21, x20, #32; ldr x2, [x21, w0, sxtw #3]; ldrsw x3, [x21, w0, sxtw #2]"
    CASE ldur_neg,       0, 0, 0, "add x21, x20, #40; ldur x2, [x21, #-3]; ldur w3, [x21, #-37]"
    CASE ldrsb,          0, 0, 0, "ldrsb x2, [x20, #7]; ldrsb w3, [x20, #7]"
    CASE ldrsh,          0, 0, 0, "ldrsh x2, [x20, #6]; ldrsh w3, [x20, #2]"
    CASE ldrsw,          0, 0, 0, "ldrsw x2, [x20, #4]; ldr w3, [x20, #4]"
    CASE ldrb_ldrh,      0, 0, 0, "ldrb w2, [x20, #15]; ldrh w3, [x20, #13]"
    CASE ldp,            0, 0, 0, "ldp x2, x3, [x20, #16]"
    CASE ldp_w,          0, 0, 0, "ldp w2, w3, [x20, #4]"
    CASE ldpsw,          0, 0, 0, "ldpsw x2, x3, [x20]"
    CASE ldp_pre,        0, 0, 0, "mov x21, x20; ldp x2, x3, [x21, #32]!; sub x4, x21, x20; add x3, x3, x4"
    CASE ldp_post,       0, 0, 0, "mov x21, x20; ldp x4, x5, [x21], #-16; sub x2, x21, x20; mov x3, x5"
    CASE misaligned,     0, 0, 0, "ldr x2, [x20, #3]; ldr w3, [x20, #1]"
    CASE str_variants,   0, 0x1122334455667788, 0x99aabbccddeeff00, "add x21, x20, #64; str x0, [x21]; strb w1, [x21, #1]; strh w1, [x21, #4]; stur w1, [x21, #-4]; ldr x2, [x21]; ldr x3, [x21, #-8]"
    CASE stp_pre_post,   0, 0x1111, 0x2222, "add x21, x20, #96; stp x0, x1, [x21, #-16]!; stp x1, x0, [x21], #32; sub x4, x21, x20; ldr x2, [x20, #88]; add x3, x4, #0"
    CASE str_writeback,  0, 0xabcdef, 0, "add x21, x20, #128; str w0, [x21, #4]!; strb w0, [x21], #-1; sub x2, x21, x20; ldr x3, [x20, #128]"
    CASE ldr_literal,    0, 0, 0, "ldr x2, lit64; ldr w3, lit64"
    CASE ldrsw_literal,  0, 0, 0, "ldrsw x2, lit64; mov x3, #0"
    CASE ubfx_sbfx,      0, 0, 0, "ldr x4, [x20, #8]; ubfx x2, x4, #12, #20; sbfx x3, x4, #60, #4"
    CASE bfi_bfxil,      0, 0xffffffffffffffff, 0, "ldr x4, [x20]; mov x2, x0; bfi x2, x4, #8, #16; mov x3, xzr; bfxil x3, x4, #4, #12"
    CASE extr_ror,       0, 0x0123456789abcdef, 0xfedcba9876543210, "extr x2, x0, x1, #20; ror w3, w0, #7"
    CASE rev_clz_cls,    0, 0x00ff000000001234, 0xfff0000000000000, "rev x2, x0; rev32 x3, x0; clz x4, x0; cls x5, x1; add x3, x3, x4, lsl #56; add x3, x3, x5, lsl #48"
    CASE shifts_reg,     0, 0x8000000000000001, 65, "lsl x2, x0, x1; asr x3, x0, x1"
    CASE shifts_w,       0, 0x80000001, 33, "lsr w2, w0, w1; asr w3, w0, w1"
    CASE mul_family,     0, 0xfedcba9876543210, 0x0123456789abcdef, "umulh x2, x0, x1; smulh x3, x0, x1"
    CASE mul_long,       0, 0xfffffffe, 0x7fffffff, "umull x2, w0, w1; smull x3, w0, w1"
    CASE madd_msub,      0, 12345, 678, "madd x2, x0, x1, x1; msub x3, x0, x1, x0"
    CASE div,            0, 0xfffffffffffffff9, 2, "sdiv x2, x0, x1; udiv x3, x0, x1"
    CASE div_zero,       0, 77, 0, "sdiv x2, x0, x1; udiv w3, w0, w1"
    EXIT 0
    .balign 8
lit64:
    .quad 0x80000000fedcba98

    .data
    .balign 64
buf:
    .byte 0x01, 0x82, 0x03, 0x84, 0xf5, 0x06, 0x87, 0x88
    .byte 0x19, 0x2a, 0x3b, 0x4c, 0x5d, 0x6e, 0x7f, 0x90
    .quad 0xa1a2a3a4a5a6a7a8, 0xb1b2b3b4b5b6b7b8
    .quad 0xc1c2c3c4c5c6c7c8, 0xd1d2d3d4d5d6d7d8
    .quad 0xe1e2e3e4e5e6e7e8, 0xf1f2f3f4f5f6f7f8
    .space 256
