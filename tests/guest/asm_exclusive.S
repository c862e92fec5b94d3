// crossrun-test: arch=aarch64 compare=expected
/* Exclusive and atomic memory instructions without libc: LDXR/STXR
 * increment loops (8/16/32/64-bit), LDAXR/STLXR, LDXP/STXP (128-bit),
 * STXR failing after CLREX (architecturally required: CLREX clears the
 * local monitor), LSE CAS/CASP/SWP/LDADD/LDCLR/LDSET/LDEOR/LDSMAX/LDUMIN
 * (ARMv8.1), and ordering instructions DMB/DSB/ISB.
 * Each line: name, x2, x3, NZCV; x2/x3 hold loaded/returned values. */
#include "asm_report.inc"
    .arch armv8.1-a
    .global _start
_start:
    adrp x20, data
    add x20, x20, :lo12:data
    CASE ldxr_stxr_loop,  0, 0, 0, "mov x5, #1000; 1: ldxr x6, [x20]; add x6, x6, #3; stxr w7, x6, [x20]; cbnz w7, 1b; subs x5, x5, #1; b.ne 1b; ldr x2, [x20]"
    CASE ldxrb_stxrb,     0, 0xff, 0, "strb w0, [x20, #8]; add x21, x20, #8; 1: ldxrb w6, [x21]; add w6, w6, #2; stxrb w7, w6, [x21]; cbnz w7, 1b; ldr x2, [x20, #8]; mov x3, x6"
    CASE ldxrh_stlxrh,    0, 0x1234fffe, 0, "str x0, [x20, #16]; add x21, x20, #16; 1: ldaxrh w6, [x21]; add w6, w6, #5; stlxrh w7, w6, [x21]; cbnz w7, 1b; ldr x2, [x20, #16]"
    CASE ldaxr_w,         0, 0xfffffffe00000005, 0, "str x0, [x20, #24]; add x21, x20, #24; 1: ldaxr w6, [x21]; sub w6, w6, #6; stlxr w7, w6, [x21]; cbnz w7, 1b; ldr x2, [x21]"
    CASE clrex_fails,     0, 77, 0, "str x0, [x20]; ldxr x6, [x20]; clrex; mov x6, #88; stxr w7, x6, [x20]; mov x3, x7; ldr x2, [x20]"
    CASE ldxp_stxp,       0, 0x1111111111111111, 0x2222222222222222, "stp x0, x1, [x20, #32]; add x21, x20, #32; 1: ldxp x6, x7, [x21]; add x6, x6, #1; add x7, x7, x6; stxp w8, x6, x7, [x21]; cbnz w8, 1b; ldp x2, x3, [x21]"
    CASE ldaxp_stlxp,     0, 5, 6, "stp x0, x1, [x20, #32]; add x21, x20, #32; 1: ldaxp x6, x7, [x21]; stlxp w8, x7, x6, [x21]; cbnz w8, 1b; ldp x2, x3, [x21]"
    CASE cas_success,     0, 10, 20, "str x0, [x20]; mov x2, x0; cas x2, x1, [x20]; ldr x3, [x20]"
    CASE cas_fail,        0, 10, 20, "str x0, [x20]; mov x2, #11; casal x2, x1, [x20]; ldr x3, [x20]"
    CASE casb,            0, 0x1ff, 0x2aa, "str x0, [x20]; mov w2, #0xff; casb w2, w1, [x20]; ldr x3, [x20]"
    CASE casp,            0, 1, 2, "stp x0, x1, [x20, #32]; add x21, x20, #32; mov x4, #1; mov x5, #2; mov x6, #7; mov x7, #8; caspal x4, x5, x6, x7, [x21]; ldp x2, x3, [x21]"
    CASE casp_fail,       0, 1, 2, "stp x0, x1, [x20, #32]; add x21, x20, #32; mov x4, #1; mov x5, #3; mov x6, #7; mov x7, #8; casp x4, x5, x6, x7, [x21]; mov x2, x5; ldr x3, [x21, #8]"
    CASE swp,             0, 0xaaaa, 0xbbbb, "str x0, [x20]; swpal x1, x2, [x20]; ldr x3, [x20]"
    CASE ldadd,           0, 40, 2, "str x0, [x20]; ldaddal x1, x2, [x20]; ldr x3, [x20]"
    CASE ldadd_w_wrap,    0, 0xffffffff, 1, "str x0, [x20]; ldadd w1, w2, [x20]; ldr x3, [x20]"
    CASE ldclr,           0, 0xff, 0x0f, "str x0, [x20]; ldclr x1, x2, [x20]; ldr x3, [x20]"
    CASE ldset,           0, 0xf0, 0x0f, "str x0, [x20]; ldsetl x1, x2, [x20]; ldr x3, [x20]"
    CASE ldeor,           0, 0xff00, 0x0ff0, "str x0, [x20]; ldeora x1, x2, [x20]; ldr x3, [x20]"
    CASE ldsmax,          0, 0xfffffffffffffff0, 5, "str x0, [x20]; ldsmax x1, x2, [x20]; ldr x3, [x20]"
    CASE ldumin,          0, 0xfffffffffffffff0, 5, "str x0, [x20]; ldumin x1, x2, [x20]; ldr x3, [x20]"
    CASE ldsminh,         0, 0x8001, 0x0005, "str x0, [x20]; ldsminh w1, w2, [x20]; ldr x3, [x20]"
    CASE stadd,           0, 100, 23, "str x0, [x20]; stadd x1, [x20]; ldr x2, [x20]"
    CASE barriers,        0, 1, 2, "dmb ish; dsb sy; isb; dmb ishld; dmb ishst; add x2, x0, x1"
    EXIT 0

    .data
    .balign 64
data:
    .space 128
