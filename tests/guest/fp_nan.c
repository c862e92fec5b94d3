// crossrun-test: arch=aarch64 variants=all compare=expected
/* NaN propagation rules of AArch64 scalar FP (FPCR.DN=0), checked with
 * inline asm so the compiler cannot reorder operands:
 *  - an sNaN operand wins over a qNaN operand; among equals the first wins
 *    (for FMADD: addend, then the multiplicands);
 *  - the result is the NaN quietened (bit 22/51 set), payload and sign kept;
 *  - invalid operations without NaN inputs give the default NaN 0x7ff8..0
 *    (positive; x86 would give the negative 0xfff8..0);
 *  - 0*inf + qNaN gives the default NaN (and raises Invalid);
 *  - FMIN/FMAX propagate NaNs, FMINNM/FMAXNM return the number if exactly
 *    one operand is a quiet NaN;
 *  - FNEG/FABS/FMOV only touch the sign bit, even of an sNaN;
 *  - FCVT double->float keeps the top payload bits, float->double too.
 * Expected output reviewed against the Arm ARM pseudocode
 * (FPProcessNaNs, FPProcessNaNs3, FPMulAdd, FPMinNum/FPMaxNum). */
#include "common.h"

#define QA 0x7ff8000000000abcULL   /* quiet, payload abc */
#define QB 0xfff800000000d00dULL   /* quiet, negative */
#define SA 0x7ff0000000000123ULL   /* signalling, payload 123 */
#define SB 0xfff4000000000456ULL   /* signalling, negative */
#define ONE 0x3ff0000000000000ULL
#define INF 0x7ff0000000000000ULL
#define ZERO 0ULL

static uint64_t op2(int op, uint64_t a, uint64_t b)
{
    double x = bitsd(a), y = bitsd(b), r;
    switch (op) {
    case 0: __asm__ volatile("fadd %d0, %d1, %d2" : "=w"(r) : "w"(x), "w"(y)); break;
    case 1: __asm__ volatile("fsub %d0, %d1, %d2" : "=w"(r) : "w"(x), "w"(y)); break;
    case 2: __asm__ volatile("fmul %d0, %d1, %d2" : "=w"(r) : "w"(x), "w"(y)); break;
    case 3: __asm__ volatile("fdiv %d0, %d1, %d2" : "=w"(r) : "w"(x), "w"(y)); break;
    case 4: __asm__ volatile("fmax %d0, %d1, %d2" : "=w"(r) : "w"(x), "w"(y)); break;
    case 5: __asm__ volatile("fmin %d0, %d1, %d2" : "=w"(r) : "w"(x), "w"(y)); break;
    case 6: __asm__ volatile("fmaxnm %d0, %d1, %d2" : "=w"(r) : "w"(x), "w"(y)); break;
    case 7: __asm__ volatile("fminnm %d0, %d1, %d2" : "=w"(r) : "w"(x), "w"(y)); break;
    default: __asm__ volatile("fmulx %d0, %d1, %d2" : "=w"(r) : "w"(x), "w"(y)); break;
    }
    return dbits(r);
}
static uint64_t fmadd(uint64_t n, uint64_t m, uint64_t a)
{
    double r;
    __asm__ volatile("fmadd %d0, %d1, %d2, %d3" : "=w"(r) : "w"(bitsd(n)), "w"(bitsd(m)), "w"(bitsd(a)));
    return dbits(r);
}
static uint64_t op1(int op, uint64_t a)
{
    double x = bitsd(a), r;
    switch (op) {
    case 0: __asm__ volatile("fneg %d0, %d1" : "=w"(r) : "w"(x)); break;
    case 1: __asm__ volatile("fabs %d0, %d1" : "=w"(r) : "w"(x)); break;
    case 2: __asm__ volatile("fsqrt %d0, %d1" : "=w"(r) : "w"(x)); break;
    case 3: __asm__ volatile("frintn %d0, %d1" : "=w"(r) : "w"(x)); break;
    default: __asm__ volatile("fmov %d0, %d1" : "=w"(r) : "w"(x)); break;
    }
    return dbits(r);
}

int main(void)
{
    const char *names2[] = {"fadd", "fsub", "fmul", "fdiv", "fmax", "fmin", "fmaxnm", "fminnm", "fmulx"};
    uint64_t ops[] = {QA, QB, SA, SB, ONE};
    const char *on[] = {"qA", "qB", "sA", "sB", "1"};
    for (int op = 0; op < 9; op++)
        for (int i = 0; i < 5; i++)
            for (int j = 0; j < 5; j++) {
                if (i == 4 && j == 4) continue;
                printf("%-6s %-2s %-2s -> %016llx\n", names2[op], on[i], on[j],
                       (unsigned long long)op2(op, ops[i], ops[j]));
            }
    /* invalid operations, no NaN inputs: default NaN */
    printf("inf-inf    -> %016llx\n", (unsigned long long)op2(1, INF, INF));
    printf("0*inf      -> %016llx\n", (unsigned long long)op2(2, ZERO, INF));
    printf("0/0        -> %016llx\n", (unsigned long long)op2(3, ZERO, ZERO));
    printf("fmulx 0*inf-> %016llx\n", (unsigned long long)op2(8, ZERO, INF | 0x8000000000000000ULL));
    printf("sqrt(-1)   -> %016llx\n", (unsigned long long)op1(2, ONE | 0x8000000000000000ULL));
    /* fmadd operand priority: n*m + a, checks a first */
    uint64_t m3[] = {QA, SA, QB, SB, ONE, ZERO, INF};
    const char *mn[] = {"qA", "sA", "qB", "sB", "1", "0", "inf"};
    for (int a = 0; a < 7; a++)
        for (int n = 0; n < 7; n++)
            for (int m = 0; m < 7; m++) {
                if (a >= 4 && n >= 4 && m >= 4) continue;
                if ((a + n + m) % 2 && !(a < 4 && (n == 5 || m == 5))) continue; /* keep output short */
                printf("fmadd n=%-3s m=%-3s a=%-3s -> %016llx\n", mn[n], mn[m], mn[a],
                       (unsigned long long)fmadd(m3[n], m3[m], m3[a]));
            }
    printf("fmadd 0*inf+qA -> %016llx\n", (unsigned long long)fmadd(ZERO, INF, QA));
    printf("fmadd inf*0+sB -> %016llx\n", (unsigned long long)fmadd(INF, ZERO, SB));
    const char *n1[] = {"fneg", "fabs", "fsqrt", "frintn", "fmov"};
    for (int op = 0; op < 5; op++)
        for (int i = 0; i < 4; i++)
            printf("%-6s %s -> %016llx\n", n1[op], on[i], (unsigned long long)op1(op, ops[i]));
    /* precision conversions of NaNs */
    for (int i = 0; i < 4; i++) {
        float f;
        double d = bitsd(ops[i] | 0x000fffff00000000ULL), back;
        __asm__ volatile("fcvt %s0, %d1" : "=w"(f) : "w"(d));
        __asm__ volatile("fcvt %d0, %s1" : "=w"(back) : "w"(f));
        printf("fcvt %s|payload -> f %08x -> d %016llx\n", on[i], fbits(f), (unsigned long long)dbits(back));
    }
    float sf = bitsf(0x7f800001u), qf = bitsf(0xffc00002u), rf;
    __asm__ volatile("fadd %s0, %s1, %s2" : "=w"(rf) : "w"(qf), "w"(sf));
    printf("fadd.s qf sf -> %08x\n", fbits(rf));
    __asm__ volatile("fmul %s0, %s1, %s2" : "=w"(rf) : "w"(qf), "w"(bitsf(0x3f800000u)));
    printf("fmul.s qf 1 -> %08x\n", fbits(rf));
    /* half precision NaN conversion */
    uint16_t hbits;
    __asm__ volatile("fcvt h0, %s1\n\tfmov %w0, s0" : "=r"(hbits) : "w"(bitsf(0x7fc12345u)) : "s0");
    printf("fcvt.h qNaN payload -> %04x\n", hbits);
    __asm__ volatile("fcvt h0, %s1\n\tfmov %w0, s0" : "=r"(hbits) : "w"(bitsf(0xff812345u)) : "s0");
    printf("fcvt.h sNaN payload -> %04x\n", hbits);
    return 0;
}
