// crossrun-test: arch=riscv64 compare=expected
/* RISC-V F and D as the specification defines them, instruction by instruction
 * (inline asm, so the compiler chooses nothing): the accrued flags NV DZ OF UF NX of
 * each operation; the canonical NaN for every NaN result (payloads and signs are not
 * propagated, and a signaling input raises NV); tininess detected after rounding;
 * IEEE 754-2019 minimumNumber/maximumNumber in FMIN/FMAX; FEQ quiet and FLT/FLE
 * signaling; FCLASS; FMA's invalid flag for inf * 0 + qNaN; conversions to integers
 * that saturate (NaN gives the largest integer) and raise NV, and round in every
 * static and dynamic rounding mode; NaN-boxing of singles in the 64-bit registers;
 * and the fcsr/frm/fflags CSRs. Each line: name, the result's 64 register bits (an
 * integer destination, sign-extended as the ISA writes it, or the f register), and the
 * flags raised. */
#include "common.h"

#define BOX(s) (0xffffffff00000000ULL | (s))
/* doubles */
#define D_ONE 0x3ff0000000000000ULL
#define D_TWO 0x4000000000000000ULL
#define D_THREE 0x4008000000000000ULL
#define D_HALF 0x3fe0000000000000ULL
#define D_MAX 0x7fefffffffffffffULL
#define D_MIN 0x0010000000000000ULL
#define D_TRUE_MIN 0x0000000000000001ULL
#define D_INF 0x7ff0000000000000ULL
#define D_NINF 0xfff0000000000000ULL
#define D_QNAN_PAYLOAD 0xfff8000000001234ULL
#define D_SNAN 0x7ff0000000000001ULL
#define D_ZERO 0x0000000000000000ULL
#define D_NZERO 0x8000000000000000ULL
#define D_NEG(x) ((x) ^ 0x8000000000000000ULL)
/* singles */
#define S_ONE 0x3f800000ULL
#define S_THREE 0x40400000ULL
#define S_MAX 0x7f7fffffULL
#define S_SNAN 0x7f800001ULL
#define S_QNAN_PAYLOAD 0xffc01234ULL

static void show(const char *label, uint64_t result, uint64_t flags)
{
    static const char names[] = "NXUFOFDZNV"; /* fflags bits 0..4 */
    char f[16] = "-";
    int n = 0;
    for (int bit = 4; bit >= 0; bit--) {
        if (flags & (1u << bit)) {
            if (n) f[n++] = ',';
            f[n++] = names[bit * 2];
            f[n++] = names[bit * 2 + 1];
        }
    }
    if (n) f[n] = 0;
    printf("%-26s %016llx %s\n", label, (unsigned long long)result, f);
}

/* Runs INSN with ft0, ft1, ft2 = A, B, C (raw 64-bit register contents), ft3 and t0
 * zero and fflags cleared; shows ft3 (F) or t0 (I) and the flags. */
#define FP_OP(want_int, label, insn, a, b, c)                                                                  \
    do {                                                                                                       \
        uint64_t rf_, ri_, fl_;                                                                                \
        __asm__ volatile("fmv.d.x ft0, %3\n\tfmv.d.x ft1, %4\n\tfmv.d.x ft2, %5\n\tfmv.d.x ft3, zero\n\t"        \
                         "li t0, 0\n\tfsflags zero\n\t" insn "\n\tfrflags %2\n\tfmv.x.d %0, ft3\n\tmv %1, t0"  \
                         : "=&r"(rf_), "=&r"(ri_), "=&r"(fl_)                                                  \
                         : "r"((uint64_t)(a)), "r"((uint64_t)(b)), "r"((uint64_t)(c))                          \
                         : "t0", "ft0", "ft1", "ft2", "ft3");                                                  \
        show(label, want_int ? ri_ : rf_, fl_);                                                                \
    } while (0)
#define F(label, insn, a, b, c) FP_OP(0, label, insn, a, b, c)
#define I(label, insn, a, b, c) FP_OP(1, label, insn, a, b, c)

static uint64_t read_csr_fcsr(void) { uint64_t v; __asm__ volatile("frcsr %0" : "=r"(v)); return v; }

int main(void)
{
    printf("-- arithmetic and flags\n");
    F("fadd.d 1+2^-60", "fadd.d ft3, ft0, ft1", D_ONE, 0x3c30000000000000ULL, 0);
    F("fmul.d max*2", "fmul.d ft3, ft0, ft1", D_MAX, D_TWO, 0);
    F("fmul.d max*2 rtz", "fmul.d ft3, ft0, ft1, rtz", D_MAX, D_TWO, 0);
    F("fmul.d -max*2 rdn", "fmul.d ft3, ft0, ft1, rdn", D_NEG(D_MAX), D_TWO, 0);
    F("fmul.d -max*2 rup", "fmul.d ft3, ft0, ft1, rup", D_NEG(D_MAX), D_TWO, 0);
    F("fdiv.d 1/0", "fdiv.d ft3, ft0, ft1", D_ONE, D_ZERO, 0);
    F("fdiv.d -1/0", "fdiv.d ft3, ft0, ft1", D_NEG(D_ONE), D_ZERO, 0);
    F("fdiv.d 0/0", "fdiv.d ft3, ft0, ft1", D_ZERO, D_ZERO, 0);
    F("fdiv.d inf/0", "fdiv.d ft3, ft0, ft1", D_INF, D_ZERO, 0);
    F("fsub.d inf-inf", "fsub.d ft3, ft0, ft1", D_INF, D_INF, 0);
    F("fmul.d 0*inf", "fmul.d ft3, ft0, ft1", D_ZERO, D_NINF, 0);
    F("fadd.d qnan+1", "fadd.d ft3, ft0, ft1", D_QNAN_PAYLOAD, D_ONE, 0);
    F("fadd.d snan+1", "fadd.d ft3, ft0, ft1", D_SNAN, D_ONE, 0);
    F("fadd.d 1+qnan", "fadd.d ft3, ft0, ft1", D_ONE, D_QNAN_PAYLOAD, 0);
    F("fadd.d -0+-0", "fadd.d ft3, ft0, ft1", D_NZERO, D_NZERO, 0);
    F("fadd.d 1+-1", "fadd.d ft3, ft0, ft1", D_ONE, D_NEG(D_ONE), 0);
    F("fadd.d 1+-1 rdn", "fadd.d ft3, ft0, ft1, rdn", D_ONE, D_NEG(D_ONE), 0);
    F("fmul.d min*0.5", "fmul.d ft3, ft0, ft1", D_MIN, D_HALF, 0);
    F("fmul.d truemin*0.5", "fmul.d ft3, ft0, ft1", D_TRUE_MIN, D_HALF, 0);
    F("fmul.d truemin*0.5 rup", "fmul.d ft3, ft0, ft1, rup", D_TRUE_MIN, D_HALF, 0);
    F("fmul.d min*1 exact", "fmul.d ft3, ft0, ft1", D_MIN, D_ONE, 0);
    /* DBL_MIN - 2^-1076: tiny before rounding, not after (it rounds to DBL_MIN with an
     * unbounded exponent), so RISC-V raises NX alone where Arm also raises UF. */
    F("fmadd.d tiny-after-round", "fmadd.d ft3, ft0, ft1, ft2", D_NEG(D_TRUE_MIN), 0x3fd0000000000000ULL, D_MIN);
    /* DBL_MIN * (1 - 2^-53): tiny after rounding too. */
    F("fmul.d tiny", "fmul.d ft3, ft0, ft1", D_MIN, 0x3fefffffffffffffULL, 0);
    F("fsqrt.d 2", "fsqrt.d ft3, ft0", D_TWO, 0, 0);
    F("fsqrt.d -0", "fsqrt.d ft3, ft0", D_NZERO, 0, 0);
    F("fsqrt.d -1", "fsqrt.d ft3, ft0", D_NEG(D_ONE), 0, 0);
    F("fsqrt.d -inf", "fsqrt.d ft3, ft0", D_NINF, 0, 0);
    F("fsqrt.d inf", "fsqrt.d ft3, ft0", D_INF, 0, 0);
    F("fdiv.s 3/0", "fdiv.s ft3, ft0, ft1", BOX(S_THREE), BOX(0), 0);
    F("fmul.s max*3", "fmul.s ft3, ft0, ft1", BOX(S_MAX), BOX(S_THREE), 0);
    F("fadd.s snan+1", "fadd.s ft3, ft0, ft1", BOX(S_SNAN), BOX(S_ONE), 0);
    F("fdiv.s 1/3", "fdiv.s ft3, ft0, ft1", BOX(S_ONE), BOX(S_THREE), 0);
    F("fdiv.s 1/3 rdn", "fdiv.s ft3, ft0, ft1, rdn", BOX(S_ONE), BOX(S_THREE), 0);

    printf("-- fused multiply-add\n");
    F("fmadd.d 1*2+3", "fmadd.d ft3, ft0, ft1, ft2", D_ONE, D_TWO, D_THREE);
    F("fmsub.d 1*2-3", "fmsub.d ft3, ft0, ft1, ft2", D_ONE, D_TWO, D_THREE);
    F("fnmsub.d -(1*2)+3", "fnmsub.d ft3, ft0, ft1, ft2", D_ONE, D_TWO, D_THREE);
    F("fnmadd.d -(1*2)-3", "fnmadd.d ft3, ft0, ft1, ft2", D_ONE, D_TWO, D_THREE);
    F("fmadd.d inf*0+qnan", "fmadd.d ft3, ft0, ft1, ft2", D_INF, D_ZERO, D_QNAN_PAYLOAD);
    F("fmadd.d inf*0+1", "fmadd.d ft3, ft0, ft1, ft2", D_INF, D_ZERO, D_ONE);
    F("fmadd.d 1*1+snan", "fmadd.d ft3, ft0, ft1, ft2", D_ONE, D_ONE, D_SNAN);
    F("fmadd.d inf*1-inf", "fmadd.d ft3, ft0, ft1, ft2", D_INF, D_ONE, D_NINF);
    F("fnmadd.d 0*1+0", "fnmadd.d ft3, ft0, ft1, ft2", D_ZERO, D_ONE, D_ZERO);
    /* (1 + 2^-52)^2 - 1 exact in one rounding: 2^-51 + 2^-104 */
    F("fmadd.d single rounding", "fmadd.d ft3, ft0, ft0, ft1", 0x3ff0000000000001ULL, D_NEG(D_ONE), 0);
    F("fmadd.s 1*3+1", "fmadd.s ft3, ft0, ft1, ft2", BOX(S_ONE), BOX(S_THREE), BOX(S_ONE));

    printf("-- min, max, sign injection, compare, classify\n");
    F("fmin.d -0,+0", "fmin.d ft3, ft0, ft1", D_NZERO, D_ZERO, 0);
    F("fmin.d +0,-0", "fmin.d ft3, ft0, ft1", D_ZERO, D_NZERO, 0);
    F("fmax.d -0,+0", "fmax.d ft3, ft0, ft1", D_NZERO, D_ZERO, 0);
    F("fmax.d +0,-0", "fmax.d ft3, ft0, ft1", D_ZERO, D_NZERO, 0);
    F("fmin.d qnan,1", "fmin.d ft3, ft0, ft1", D_QNAN_PAYLOAD, D_ONE, 0);
    F("fmax.d 1,qnan", "fmax.d ft3, ft0, ft1", D_ONE, D_QNAN_PAYLOAD, 0);
    F("fmin.d snan,1", "fmin.d ft3, ft0, ft1", D_SNAN, D_ONE, 0);
    F("fmax.d qnan,snan", "fmax.d ft3, ft0, ft1", D_QNAN_PAYLOAD, D_SNAN, 0);
    F("fmin.d qnan,qnan", "fmin.d ft3, ft0, ft1", D_QNAN_PAYLOAD, D_QNAN_PAYLOAD, 0);
    F("fmin.s snan,-1", "fmin.s ft3, ft0, ft1", BOX(S_SNAN), BOX(S_ONE | 0x80000000), 0);
    F("fsgnj.d qnan,+", "fsgnj.d ft3, ft0, ft1", D_QNAN_PAYLOAD, D_ONE, 0);
    F("fsgnjn.d snan,+", "fsgnjn.d ft3, ft0, ft1", D_SNAN, D_ONE, 0);
    F("fsgnjx.d -1,-2", "fsgnjx.d ft3, ft0, ft1", D_NEG(D_ONE), D_NEG(D_TWO), 0);
    F("fsgnjn.s 1,1", "fsgnjn.s ft3, ft0, ft1", BOX(S_ONE), BOX(S_ONE), 0);
    I("feq.d qnan,1", "feq.d t0, ft0, ft1", D_QNAN_PAYLOAD, D_ONE, 0);
    I("feq.d snan,1", "feq.d t0, ft0, ft1", D_SNAN, D_ONE, 0);
    I("flt.d qnan,1", "flt.d t0, ft0, ft1", D_QNAN_PAYLOAD, D_ONE, 0);
    I("fle.d 1,qnan", "fle.d t0, ft0, ft1", D_ONE, D_QNAN_PAYLOAD, 0);
    I("feq.d -0,+0", "feq.d t0, ft0, ft1", D_NZERO, D_ZERO, 0);
    I("flt.d -0,+0", "flt.d t0, ft0, ft1", D_NZERO, D_ZERO, 0);
    I("fle.d -0,+0", "fle.d t0, ft0, ft1", D_NZERO, D_ZERO, 0);
    I("flt.d -inf,max", "flt.d t0, ft0, ft1", D_NINF, D_MAX, 0);
    I("feq.s snan,snan", "feq.s t0, ft0, ft1", BOX(S_SNAN), BOX(S_SNAN), 0);
    static const uint64_t class_in[] = {D_NINF, D_NEG(D_ONE), D_NEG(D_TRUE_MIN), D_NZERO, D_ZERO, D_TRUE_MIN, D_ONE,
                                        D_INF, D_SNAN, D_QNAN_PAYLOAD};
    for (unsigned i = 0; i < sizeof class_in / sizeof class_in[0]; i++) {
        char label[32];
        snprintf(label, sizeof label, "fclass.d %016llx", (unsigned long long)class_in[i]);
        I(label, "fclass.d t0, ft0", class_in[i], 0, 0);
    }
    I("fclass.s snan", "fclass.s t0, ft0", BOX(S_SNAN), 0, 0);
    I("fclass.s -subnormal", "fclass.s t0, ft0", BOX(0x80000001), 0, 0);

    printf("-- conversions\n");
    I("fcvt.w.d 2^31", "fcvt.w.d t0, ft0, rtz", 0x41e0000000000000ULL, 0, 0);
    I("fcvt.w.d -2^31-1", "fcvt.w.d t0, ft0, rtz", 0xc1e0000000200000ULL, 0, 0);
    I("fcvt.w.d -2^31-0.5 rtz", "fcvt.w.d t0, ft0, rtz", 0xc1e0000000100000ULL, 0, 0);
    I("fcvt.w.d nan", "fcvt.w.d t0, ft0, rtz", D_QNAN_PAYLOAD, 0, 0);
    I("fcvt.w.d -inf", "fcvt.w.d t0, ft0, rtz", D_NINF, 0, 0);
    I("fcvt.wu.d -1", "fcvt.wu.d t0, ft0, rtz", D_NEG(D_ONE), 0, 0);
    I("fcvt.wu.d -0.5 rtz", "fcvt.wu.d t0, ft0, rtz", D_NEG(D_HALF), 0, 0);
    I("fcvt.wu.d -0.5 rdn", "fcvt.wu.d t0, ft0, rdn", D_NEG(D_HALF), 0, 0);
    I("fcvt.wu.d 2^32-1", "fcvt.wu.d t0, ft0, rtz", 0x41efffffffe00000ULL, 0, 0);
    I("fcvt.wu.d 2^32-0.5 rne", "fcvt.wu.d t0, ft0, rne", 0x41efffffffF00000ULL, 0, 0);
    I("fcvt.wu.d nan", "fcvt.wu.d t0, ft0, rtz", D_SNAN, 0, 0);
    I("fcvt.l.d nan", "fcvt.l.d t0, ft0, rtz", D_QNAN_PAYLOAD, 0, 0);
    I("fcvt.l.d 2^63", "fcvt.l.d t0, ft0, rtz", 0x43e0000000000000ULL, 0, 0);
    I("fcvt.l.d -2^63", "fcvt.l.d t0, ft0, rtz", 0xc3e0000000000000ULL, 0, 0);
    I("fcvt.lu.d inf", "fcvt.lu.d t0, ft0, rtz", D_INF, 0, 0);
    I("fcvt.lu.d -inf", "fcvt.lu.d t0, ft0, rtz", D_NINF, 0, 0);
    I("fcvt.lu.d 2^64-2048", "fcvt.lu.d t0, ft0, rtz", 0x43efffffffffffffULL, 0, 0);
    I("fcvt.w.s nan", "fcvt.w.s t0, ft0, rtz", BOX(S_QNAN_PAYLOAD), 0, 0);
    I("fcvt.wu.s 3", "fcvt.wu.s t0, ft0, rtz", BOX(S_THREE), 0, 0);
    static const char *rm_name[] = {"rne", "rtz", "rdn", "rup", "rmm"};
    static const uint64_t halves[] = {0x4004000000000000ULL /* 2.5 */, 0xc004000000000000ULL /* -2.5 */,
                                      0x400c000000000000ULL /* 3.5 */, 0xbfe0000000000000ULL /* -0.5 */};
    for (unsigned h = 0; h < 4; h++) {
        for (int rm = 0; rm < 5; rm++) {
            char label[32];
            snprintf(label, sizeof label, "fcvt.l.d %016llx %s", (unsigned long long)halves[h], rm_name[rm]);
            switch (rm) {
            case 0: I(label, "fcvt.l.d t0, ft0, rne", halves[h], 0, 0); break;
            case 1: I(label, "fcvt.l.d t0, ft0, rtz", halves[h], 0, 0); break;
            case 2: I(label, "fcvt.l.d t0, ft0, rdn", halves[h], 0, 0); break;
            case 3: I(label, "fcvt.l.d t0, ft0, rup", halves[h], 0, 0); break;
            default: I(label, "fcvt.l.d t0, ft0, rmm", halves[h], 0, 0); break;
            }
        }
    }
    F("fcvt.s.d max", "fcvt.s.d ft3, ft0", D_MAX, 0, 0);
    F("fcvt.s.d max rtz", "fcvt.s.d ft3, ft0, rtz", D_MAX, 0, 0);
    F("fcvt.s.d qnan", "fcvt.s.d ft3, ft0", D_QNAN_PAYLOAD, 0, 0);
    F("fcvt.s.d snan", "fcvt.s.d ft3, ft0", D_SNAN, 0, 0);
    F("fcvt.s.d 1+2^-30", "fcvt.s.d ft3, ft0", 0x3ff0000004000000ULL, 0, 0);
    F("fcvt.s.d min", "fcvt.s.d ft3, ft0", D_MIN, 0, 0);
    F("fcvt.d.s snan", "fcvt.d.s ft3, ft0", BOX(S_SNAN), 0, 0);
    F("fcvt.d.s qnan payload", "fcvt.d.s ft3, ft0", BOX(S_QNAN_PAYLOAD), 0, 0);
    F("fcvt.d.l 2^63-1", "li t1, 0x7fffffffffffffff; fcvt.d.l ft3, t1", 0, 0, 0);
    F("fcvt.d.l 2^63-1 rtz", "li t1, 0x7fffffffffffffff; fcvt.d.l ft3, t1, rtz", 0, 0, 0);
    F("fcvt.d.lu 2^64-1", "li t1, -1; fcvt.d.lu ft3, t1", 0, 0, 0);
    F("fcvt.d.w -1", "li t1, -1; fcvt.d.w ft3, t1", 0, 0, 0);
    F("fcvt.d.wu -1", "li t1, -1; fcvt.d.wu ft3, t1", 0, 0, 0);
    F("fcvt.s.w 2^24+1", "li t1, 0x1000001; fcvt.s.w ft3, t1", 0, 0, 0);
    F("fcvt.s.w 2^24+1 rup", "li t1, 0x1000001; fcvt.s.w ft3, t1, rup", 0, 0, 0);
    F("fcvt.s.l -2^63", "li t1, 1; slli t1, t1, 63; fcvt.s.l ft3, t1", 0, 0, 0);

    printf("-- dynamic rounding mode (frm)\n");
    /* 1 + 2^-53 and -(1 + 2^-53): exactly halfway */
    F("frm=rne 1+2^-53", "fsrmi 0; fadd.d ft3, ft0, ft1; fsrmi 0", D_ONE, 0x3ca0000000000000ULL, 0);
    F("frm=rtz 1+2^-53", "fsrmi 1; fadd.d ft3, ft0, ft1; fsrmi 0", D_ONE, 0x3ca0000000000000ULL, 0);
    F("frm=rdn -1-2^-53", "fsrmi 2; fadd.d ft3, ft0, ft1; fsrmi 0", D_NEG(D_ONE), 0xbca0000000000000ULL, 0);
    F("frm=rup 1+2^-53", "fsrmi 3; fadd.d ft3, ft0, ft1; fsrmi 0", D_ONE, 0x3ca0000000000000ULL, 0);
    F("frm=rmm 1+2^-53", "fsrmi 4; fadd.d ft3, ft0, ft1; fsrmi 0", D_ONE, 0x3ca0000000000000ULL, 0);
    F("frm=rup static rdn", "fsrmi 3; fadd.d ft3, ft0, ft1, rdn; fsrmi 0", D_ONE, 0x3ca0000000000000ULL, 0);
    I("frm=rdn fcvt.w.d dyn", "fsrmi 2; fcvt.w.d t0, ft0, dyn; fsrmi 0", 0xc004000000000000ULL, 0, 0);
    F("frm=rdn fdiv.s dyn", "fsrmi 2; fdiv.s ft3, ft0, ft1; fsrmi 0", BOX(S_ONE), BOX(S_THREE), 0);
    F("frm=rdn 1+-1", "fsrmi 2; fsub.d ft3, ft0, ft0; fsrmi 0", D_ONE, 0, 0);

    printf("-- NaN-boxing\n");
    /* A single whose upper 32 bits are not all ones is the canonical NaN to single
     * operations, without NV. */
    F("fadd.s unboxed+1", "fadd.s ft3, ft0, ft1", 0x000000003f800000ULL, BOX(S_ONE), 0);
    F("fsgnj.s unboxed", "fsgnj.s ft3, ft0, ft0", 0x123456783f800000ULL, 0, 0);
    F("fsgnjn.s unboxed,1", "fsgnjn.s ft3, ft1, ft0", 0x00000000bf800000ULL, BOX(S_ONE), 0);
    I("fclass.s unboxed", "fclass.s t0, ft0", 0x000000003f800000ULL, 0, 0);
    I("feq.s unboxed,unboxed", "feq.s t0, ft0, ft0", 0x000000003f800000ULL, 0, 0);
    I("fmv.x.w unboxed", "fmv.x.w t0, ft0", 0x00000000bf800000ULL, 0, 0);
    I("fcvt.w.s unboxed", "fcvt.w.s t0, ft0, rtz", 0x7fffffff3f800000ULL, 0, 0);
    F("fmv.w.x", "li t1, 0xffffffff80000001; fmv.w.x ft3, t1", 0, 0, 0);
    F("fcvt.s.w result boxed", "li t1, 7; fcvt.s.w ft3, t1", 0, 0, 0);
    F("flw boxes", "addi sp, sp, -16; li t1, 0x40490fdb; sw t1, 0(sp); flw ft3, 0(sp); addi sp, sp, 16", 0, 0, 0);
    I("fsw keeps low bits", "addi sp, sp, -16; fsw ft0, 0(sp); lwu t0, 0(sp); addi sp, sp, 16", 0x1234567800c0ffeeULL,
      0, 0);
    F("fld/fsd raw", "addi sp, sp, -16; fsd ft0, 0(sp); fld ft3, 0(sp); addi sp, sp, 16", D_SNAN, 0, 0);

    printf("-- fcsr, frm, fflags\n");
    uint64_t old, v1, v2, v3, v4;
    __asm__ volatile("fscsr %0, %1" : "=r"(old) : "r"(0xfffUL));
    v1 = read_csr_fcsr();
    __asm__ volatile("frrm %0" : "=r"(v2));
    __asm__ volatile("frflags %0" : "=r"(v3));
    __asm__ volatile("fsrmi %0, 1" : "=r"(v4));
    printf("fcsr after writing 0xfff %02llx frm %llu fflags %02llx; fsrmi returned %llu\n", (unsigned long long)v1,
           (unsigned long long)v2, (unsigned long long)v3, (unsigned long long)v4);
    __asm__ volatile("fsflagsi %0, 0x3" : "=r"(v1));
    v2 = read_csr_fcsr();
    __asm__ volatile("csrrs %0, fflags, %1" : "=r"(v3) : "r"(0x10UL));
    __asm__ volatile("csrrc %0, fcsr, %1" : "=r"(v4) : "r"(0x21UL));
    printf("fsflagsi returned %02llx, fcsr %02llx; csrrs fflags returned %02llx; csrrc fcsr returned %02llx, now %02llx\n",
           (unsigned long long)v1, (unsigned long long)v2, (unsigned long long)v3, (unsigned long long)v4,
           (unsigned long long)read_csr_fcsr());
    /* Flags accrue across operations until cleared. */
    __asm__ volatile("fscsr zero");
    double x = bitsd(D_ONE), y = bitsd(D_ZERO), z;
    __asm__ volatile("fdiv.d %0, %1, %2" : "=f"(z) : "f"(x), "f"(y));
    __asm__ volatile("fdiv.d %0, %1, %2" : "=f"(z) : "f"(y), "f"(y));
    __asm__ volatile("fadd.d %0, %1, %2" : "=f"(z) : "f"(x), "f"(bitsd(0x3c30000000000000ULL)));
    printf("accrued flags %02llx\n", (unsigned long long)read_csr_fcsr());
    __asm__ volatile("fscsr zero");
    return 0;
}
