// crossrun-test: arch=riscv64 compare=expected
/* The A extension and the fences without libc: LR/SC increment loops (W and D, with
 * and without .aq/.rl), LR.W sign-extending its word, an SC after a successful SC
 * failing with code 1 (every SC gives up the hart's reservation, and 1 is the only
 * failure code the specification defines), every AMO in W and D width with the W
 * results sign-extended, AMOs with rd = zero, FENCE variants, FENCE.TSO, FENCE.I and
 * PAUSE, and Zicond's CZERO.EQZ/CZERO.NEZ (written with .insn: binutils 2.40 does
 * not know Zicond). Each line: name, s4, s5 (the value an instruction returned and
 * the memory after it), fflags. */
#include "rv_report.inc"
    .global _start
_start:
    lla s1, data
    CASE lr_sc_d_loop,    0, 0, "li t0, 1000; 1: lr.d t1, (s1); addi t1, t1, 3; sc.d t2, t1, (s1); bnez t2, 1b; addi t0, t0, -1; bnez t0, 1b; ld s4, 0(s1)"
    CASE lr_sc_w_loop,    0x7ffffffe, 0, "sd s2, 8(s1); addi t3, s1, 8; li t0, 5; 1: lr.w.aq t1, (t3); addi t1, t1, 1; sc.w.rl t2, t1, (t3); bnez t2, 1b; addi t0, t0, -1; bnez t0, 1b; ld s4, 8(s1); mv s5, t1"
    CASE lr_w_sign,       0xffffffff80000001, 0, "sd s2, 16(s1); addi t3, s1, 16; lr.w t1, (t3); sc.w t2, t1, (t3); mv s4, t1; mv s5, t2"
    CASE lr_d_aqrl,       0x0123456789abcdef, 0, "sd s2, 16(s1); addi t3, s1, 16; lr.d.aqrl s4, (t3); sc.d.aqrl s5, s4, (t3)"
    CASE sc_after_sc,     11, 22, "sd s2, 24(s1); addi t3, s1, 24; lr.d t1, (t3); sc.d t2, s3, (t3); sc.d s5, s2, (t3); ld s4, 24(s1); add s5, s5, t2"
    CASE sc_w_after_sc,   33, 44, "sw s2, 32(s1); addi t3, s1, 32; lr.w t1, (t3); sc.w t2, s3, (t3); sc.w s5, s2, (t3); lwu s4, 32(s1); add s5, s5, t2"
    CASE amoswap_d,       0xaaaa, 0xbbbb, "sd s2, 0(s1); amoswap.d.aqrl s4, s3, (s1); ld s5, 0(s1)"
    CASE amoswap_w,       0x80000000, 0x12345678, "sw s2, 0(s1); amoswap.w s4, s3, (s1); lwu s5, 0(s1)"
    CASE amoadd_d,        40, 2, "sd s2, 0(s1); amoadd.d.aq s4, s3, (s1); ld s5, 0(s1)"
    CASE amoadd_w_wrap,   0x7fffffff, 1, "sd zero, 0(s1); sw s2, 0(s1); amoadd.w.rl s4, s3, (s1); ld s5, 0(s1)"
    CASE amoand_d,        0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, "sd s2, 0(s1); amoand.d s4, s3, (s1); ld s5, 0(s1)"
    CASE amoand_w,        0xf0000001, 0x80000003, "sw s2, 0(s1); amoand.w s4, s3, (s1); lwu s5, 0(s1)"
    CASE amoor_d,         0xf0, 0x0f, "sd s2, 0(s1); amoor.d s4, s3, (s1); ld s5, 0(s1)"
    CASE amoor_w,         0x00ff0000, 0x80000000, "sw s2, 0(s1); amoor.w.aqrl s4, s3, (s1); lwu s5, 0(s1)"
    CASE amoxor_d,        0xff00, 0x0ff0, "sd s2, 0(s1); amoxor.d s4, s3, (s1); ld s5, 0(s1)"
    CASE amoxor_w,        0xffffffff, 0x7fffffff, "sw s2, 0(s1); amoxor.w s4, s3, (s1); lwu s5, 0(s1)"
    CASE amomin_d,        0xfffffffffffffff0, 5, "sd s2, 0(s1); amomin.d s4, s3, (s1); ld s5, 0(s1)"
    CASE amominu_d,       0xfffffffffffffff0, 5, "sd s2, 0(s1); amominu.d s4, s3, (s1); ld s5, 0(s1)"
    CASE amomax_d,        0xfffffffffffffff0, 5, "sd s2, 0(s1); amomax.d s4, s3, (s1); ld s5, 0(s1)"
    CASE amomaxu_d,       0xfffffffffffffff0, 5, "sd s2, 0(s1); amomaxu.d s4, s3, (s1); ld s5, 0(s1)"
    CASE amomin_w,        0x80000001, 0x7fffffff, "sw s2, 0(s1); amomin.w s4, s3, (s1); lwu s5, 0(s1)"
    CASE amominu_w,       0x80000001, 0x7fffffff, "sw s2, 0(s1); amominu.w s4, s3, (s1); lwu s5, 0(s1)"
    CASE amomax_w,        0x80000001, 0x7fffffff, "sw s2, 0(s1); amomax.w s4, s3, (s1); lwu s5, 0(s1)"
    CASE amomaxu_w,       0x80000001, 0x7fffffff, "sw s2, 0(s1); amomaxu.w s4, s3, (s1); lwu s5, 0(s1)"
    CASE amomin_w_upper,  0xffffffff00000005, 0xfffffffffffffffe, "sd s2, 0(s1); amomin.w s4, s3, (s1); ld s5, 0(s1)"
    CASE amoadd_rd_zero,  100, 23, "sd s2, 0(s1); li s4, 7; amoadd.d zero, s3, (s1); ld s5, 0(s1)"
    CASE amoswap_same,    5, 0, "sd s2, 0(s1); li s4, 9; amoswap.d s4, s4, (s1); ld s5, 0(s1)"
    CASE fences,          1, 2, "fence; fence rw, rw; fence r, r; fence w, w; fence iorw, iorw; fence.tso; fence.i; .4byte 0x0100000f; add s4, s2, s3"
    CASE czero_eqz_keep,  0x1234, 1, ".insn r OP, 5, 7, s4, s2, s3; li s5, 1; .insn r OP, 5, 7, s5, s5, s3"
    CASE czero_eqz_zero,  0x1234, 0, "li s4, 9; .insn r OP, 5, 7, s4, s2, s3; li s5, 1; .insn r OP, 5, 7, s5, s5, zero"
    CASE czero_nez_keep,  0x1234, 0, ".insn r OP, 7, 7, s4, s2, s3; li s5, 1; .insn r OP, 7, 7, s5, s5, zero"
    CASE czero_nez_zero,  0x1234, 0x100000000, "li s4, 9; .insn r OP, 7, 7, s4, s2, s3; .insn r OP, 7, 7, s5, zero, s3"
    EXIT 0

    .data
    .balign 64
data:
    .space 128
