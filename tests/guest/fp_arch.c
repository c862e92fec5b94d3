// crossrun-test: arch=aarch64 compare=expected
/* AArch64-specific floating-point control/status behaviour, via FPCR and
 * FPSR directly (mrs/msr):
 *  - tininess is detected BEFORE rounding on Arm (x86 detects it after), so
 *    a result that rounds up to the smallest normal still raises Underflow;
 *  - FPCR.FZ flushes subnormal inputs (IDC) and outputs (UFC) to zero;
 *  - FPCR.DN makes every NaN result the default NaN;
 *  - FPCR.RMode set directly; FPCR.AHP alternative half precision;
 *  - signed zero handling of FMIN/FMAX/FMINNM/FMAXNM;
 *  - FPSR.QC set by saturating NEON arithmetic.
 * FPSR bits: IOC=1 DZC=2 OFC=4 UFC=8 IXC=0x10 IDC=0x80 QC=0x8000000.
 * Expected output reviewed by hand against the Arm ARM (FPRound,
 * FPProcessDenorm, FPUnpack, FPConvert half with AHP). */
#include "common.h"
#include <arm_neon.h>

static uint64_t get_fpcr(void) { uint64_t v; __asm__ volatile("mrs %0, fpcr" : "=r"(v)); return v; }
static void set_fpcr(uint64_t v) { __asm__ volatile("msr fpcr, %0" : : "r"(v)); }
static uint64_t get_fpsr(void) { uint64_t v; __asm__ volatile("mrs %0, fpsr" : "=r"(v)); return v; }
static void clr_fpsr(void) { __asm__ volatile("msr fpsr, xzr"); }

static uint64_t fmadd_d(uint64_t n, uint64_t m, uint64_t a)
{ double r; __asm__ volatile("fmadd %d0, %d1, %d2, %d3" : "=w"(r) : "w"(bitsd(n)), "w"(bitsd(m)), "w"(bitsd(a))); return dbits(r); }
static uint64_t fmul_d(uint64_t n, uint64_t m)
{ double r; __asm__ volatile("fmul %d0, %d1, %d2" : "=w"(r) : "w"(bitsd(n)), "w"(bitsd(m))); return dbits(r); }
static uint64_t fadd_d(uint64_t n, uint64_t m)
{ double r; __asm__ volatile("fadd %d0, %d1, %d2" : "=w"(r) : "w"(bitsd(n)), "w"(bitsd(m))); return dbits(r); }
static uint64_t fdiv_d(uint64_t n, uint64_t m)
{ double r; __asm__ volatile("fdiv %d0, %d1, %d2" : "=w"(r) : "w"(bitsd(n)), "w"(bitsd(m))); return dbits(r); }
static uint32_t fmul_s(uint32_t n, uint32_t m)
{ float r; __asm__ volatile("fmul %s0, %s1, %s2" : "=w"(r) : "w"(bitsf(n)), "w"(bitsf(m))); return fbits(r); }

#define SHOW(label, expr) do { clr_fpsr(); uint64_t v_ = (expr); uint64_t s_ = get_fpsr(); \
        printf("%-34s %016llx fpsr=%llx\n", label, (unsigned long long)v_, (unsigned long long)s_); } while (0)

int main(void)
{
    uint64_t fpcr0 = get_fpcr();
    printf("initial fpcr=%llx\n", (unsigned long long)fpcr0);
    /* tininess before rounding */
    SHOW("fmadd -2^-60*2^-1022+2^-1022", fmadd_d(0xbc30000000000000ULL, 0x0010000000000000ULL, 0x0010000000000000ULL));
    SHOW("(1+2^-52)*maxsubnormal", fmul_d(0x3ff0000000000001ULL, 0x000fffffffffffffULL));
    SHOW("minnormal*0.5 (exact subnormal)", fmul_d(0x0010000000000000ULL, 0x3fe0000000000000ULL));
    SHOW("minnormal*(1-2^-53) inexact tiny", fmul_d(0x0010000000000000ULL, 0x3fefffffffffffffULL));
    SHOW("float (1+2^-23)*maxsubnormal", fmul_s(0x3f800001u, 0x007fffffu));
    SHOW("denormal input, exact", fadd_d(0x0000000000000001ULL, 0));
    /* flush to zero */
    set_fpcr(fpcr0 | (1u << 24));
    SHOW("FZ: subnormal+0", fadd_d(0x0000000000000001ULL, 0));
    SHOW("FZ: -subnormal*1", fmul_d(0x8000000000000010ULL, 0x3ff0000000000000ULL));
    SHOW("FZ: minnormal*0.5", fmul_d(0x0010000000000000ULL, 0x3fe0000000000000ULL));
    SHOW("FZ: 1/subnormal", fdiv_d(0x3ff0000000000000ULL, 0x0000000000000001ULL));
    SHOW("FZ: float subnormal*2", fmul_s(0x00000010u, 0x40000000u));
    /* default NaN */
    set_fpcr(fpcr0 | (1u << 25));
    SHOW("DN: qNaN(payload)+1", fadd_d(0xfff8000000000abcULL, 0x3ff0000000000000ULL));
    SHOW("DN: sNaN*1", fmul_d(0x7ff0000000000001ULL, 0x3ff0000000000000ULL));
    set_fpcr(fpcr0);
    SHOW("no DN: qNaN(payload)+1", fadd_d(0xfff8000000000abcULL, 0x3ff0000000000000ULL));
    /* rounding mode field directly: 0 RN, 1 RP, 2 RM, 3 RZ */
    for (uint64_t rm = 0; rm < 4; rm++) {
        set_fpcr(fpcr0 | (rm << 22));
        char lbl[40];
        snprintf(lbl, sizeof lbl, "rmode %llu: 1/3", (unsigned long long)rm);
        SHOW(lbl, fdiv_d(0x3ff0000000000000ULL, 0x4008000000000000ULL));
        snprintf(lbl, sizeof lbl, "rmode %llu: -1/3", (unsigned long long)rm);
        SHOW(lbl, fdiv_d(0xbff0000000000000ULL, 0x4008000000000000ULL));
        snprintf(lbl, sizeof lbl, "rmode %llu: 1-1 sign", (unsigned long long)rm);
        SHOW(lbl, fadd_d(0x3ff0000000000000ULL, 0xbff0000000000000ULL));
        snprintf(lbl, sizeof lbl, "rmode %llu: max*2", (unsigned long long)rm);
        SHOW(lbl, fmul_d(0x7fefffffffffffffULL, 0x4000000000000000ULL));
        uint64_t back = get_fpcr();
        printf("fpcr readback rmode=%llu\n", (unsigned long long)((back >> 22) & 3));
    }
    set_fpcr(fpcr0);
    /* signed zeros in min/max */
    double pz = 0.0, nz = -0.0, r;
    __asm__ volatile("fmin %d0, %d1, %d2" : "=w"(r) : "w"(pz), "w"(nz)); printf("fmin(+0,-0)   %016llx\n", (unsigned long long)dbits(r));
    __asm__ volatile("fmin %d0, %d1, %d2" : "=w"(r) : "w"(nz), "w"(pz)); printf("fmin(-0,+0)   %016llx\n", (unsigned long long)dbits(r));
    __asm__ volatile("fmax %d0, %d1, %d2" : "=w"(r) : "w"(nz), "w"(pz)); printf("fmax(-0,+0)   %016llx\n", (unsigned long long)dbits(r));
    __asm__ volatile("fmaxnm %d0, %d1, %d2" : "=w"(r) : "w"(pz), "w"(nz)); printf("fmaxnm(+0,-0) %016llx\n", (unsigned long long)dbits(r));
    __asm__ volatile("fminnm %d0, %d1, %d2" : "=w"(r) : "w"(pz), "w"(nz)); printf("fminnm(+0,-0) %016llx\n", (unsigned long long)dbits(r));
    /* half precision with and without AHP */
    float hv[] = {1.0f, 65504.0f, 65520.0f, 131008.0f, 1e-7f, __builtin_inff(), __builtin_nanf("")};
    for (int ahp = 0; ahp < 2; ahp++) {
        set_fpcr(fpcr0 | ((uint64_t)ahp << 26));
        for (unsigned i = 0; i < sizeof hv / sizeof hv[0]; i++) {
            uint32_t h; float back;
            clr_fpsr();
            __asm__ volatile("fcvt h0, %s2\n\tfmov %w0, s0\n\tfcvt %s1, h0" : "=r"(h), "=w"(back) : "w"(hv[i]) : "s0");
            printf("ahp=%d f2h %08x -> %04x -> %08x fpsr=%llx\n", ahp, fbits(hv[i]), h, fbits(back),
                   (unsigned long long)get_fpsr());
        }
    }
    set_fpcr(fpcr0);
    /* QC: cumulative saturation */
    clr_fpsr();
    volatile int8_t hundred = 100, one = 1;
    int8x8_t a = vdup_n_s8(hundred);
    int8x8_t s = vqadd_s8(a, a);
    printf("sqadd 100+100=%d fpsr=%llx\n", vget_lane_s8(s, 0), (unsigned long long)get_fpsr());
    clr_fpsr();
    s = vqadd_s8(a, vdup_n_s8(one));
    printf("sqadd 100+1=%d fpsr=%llx\n", vget_lane_s8(s, 0), (unsigned long long)get_fpsr());
    printf("final fpcr=%llx\n", (unsigned long long)get_fpcr());
    return 0;
}
