// crossrun-test: variants=all compare=native armabi=hf
/* Float <-> integer conversions including the cases that are UB in C:
 * out-of-range and NaN inputs. On aarch64 they run through FCVTZS/FCVTZU
 * (and FCVTNS/FCVTAS/FCVTMS/FCVTPS rounding variants) inline asm, which
 * saturate and map NaN to 0. On other hosts a C model of those
 * architectural rules produces the reference output.
 * armel's soft-float double-to-float conversion (libgcc) returns the default NaN for
 * a NaN input where hardware keeps its sign, so arm builds are hard-float only. */
#include "common.h"
#include <math.h>
#include <limits.h>

enum { RZ, RN, RA, RM, RP };

/* Model: round to integral per mode, then saturate; NaN -> 0. */
static double round_mode(double x, int mode)
{
    switch (mode) {
    case RZ: return trunc(x);
    case RA: return round(x);
    case RM: return floor(x);
    case RP: return ceil(x);
    default: { /* ties to even */
        double r = floor(x), d = x - r;
        if (d > 0.5 || (d == 0.5 && fmod(r, 2.0) != 0)) r += 1;
        return r;
    }
    }
}
__attribute__((unused)) static int64_t model_s64(double x, int mode)
{
    if (isnan(x)) return 0;
    double r = round_mode(x, mode);
    if (r >= 9223372036854775808.0) return INT64_MAX;
    if (r < -9223372036854775808.0) return INT64_MIN;
    return (int64_t)r;
}
__attribute__((unused)) static uint64_t model_u64(double x, int mode)
{
    if (isnan(x)) return 0;
    double r = round_mode(x, mode);
    if (r >= 18446744073709551616.0) return UINT64_MAX;
    if (r <= 0) return 0;
    return (uint64_t)r;
}
__attribute__((unused)) static int32_t model_s32(double x, int mode)
{
    if (isnan(x)) return 0;
    double r = round_mode(x, mode);
    if (r >= 2147483648.0) return INT32_MAX;
    if (r < -2147483648.0) return INT32_MIN;
    return (int32_t)r;
}
__attribute__((unused)) static uint32_t model_u32(double x, int mode)
{
    if (isnan(x)) return 0;
    double r = round_mode(x, mode);
    if (r >= 4294967296.0) return UINT32_MAX;
    if (r <= 0) return 0;
    return (uint32_t)r;
}

#if defined(__aarch64__)
#define CVT(insn, reg, type, x) ({ type r_; __asm__(insn " %" reg "0, %d1" : "=r"(r_) : "w"(x)); r_; })
#define CVTF(insn, reg, type, x) ({ type r_; __asm__(insn " %" reg "0, %s1" : "=r"(r_) : "w"(x)); r_; })
static void conv_d(double x, int64_t *s64, uint64_t *u64, int32_t *s32, uint32_t *u32, int mode)
{
    switch (mode) {
    case RZ: *s64 = CVT("fcvtzs", "x", int64_t, x); *u64 = CVT("fcvtzu", "x", uint64_t, x);
             *s32 = CVT("fcvtzs", "w", int32_t, x); *u32 = CVT("fcvtzu", "w", uint32_t, x); break;
    case RN: *s64 = CVT("fcvtns", "x", int64_t, x); *u64 = CVT("fcvtnu", "x", uint64_t, x);
             *s32 = CVT("fcvtns", "w", int32_t, x); *u32 = CVT("fcvtnu", "w", uint32_t, x); break;
    case RA: *s64 = CVT("fcvtas", "x", int64_t, x); *u64 = CVT("fcvtau", "x", uint64_t, x);
             *s32 = CVT("fcvtas", "w", int32_t, x); *u32 = CVT("fcvtau", "w", uint32_t, x); break;
    case RM: *s64 = CVT("fcvtms", "x", int64_t, x); *u64 = CVT("fcvtmu", "x", uint64_t, x);
             *s32 = CVT("fcvtms", "w", int32_t, x); *u32 = CVT("fcvtmu", "w", uint32_t, x); break;
    default: *s64 = CVT("fcvtps", "x", int64_t, x); *u64 = CVT("fcvtpu", "x", uint64_t, x);
             *s32 = CVT("fcvtps", "w", int32_t, x); *u32 = CVT("fcvtpu", "w", uint32_t, x); break;
    }
}
static void conv_f(float x, int64_t *s64, uint64_t *u64, int32_t *s32, uint32_t *u32)
{
    *s64 = CVTF("fcvtzs", "x", int64_t, x); *u64 = CVTF("fcvtzu", "x", uint64_t, x);
    *s32 = CVTF("fcvtzs", "w", int32_t, x); *u32 = CVTF("fcvtzu", "w", uint32_t, x);
}
#else
static void conv_d(double x, int64_t *s64, uint64_t *u64, int32_t *s32, uint32_t *u32, int mode)
{
    *s64 = model_s64(x, mode); *u64 = model_u64(x, mode); *s32 = model_s32(x, mode); *u32 = model_u32(x, mode);
}
static void conv_f(float x, int64_t *s64, uint64_t *u64, int32_t *s32, uint32_t *u32)
{
    conv_d(x, s64, u64, s32, u32, RZ);
}
#endif

int main(void)
{
    double vals[] = {0.0, -0.0, 0.4, 0.5, 0.6, 1.5, 2.5, -0.5, -1.5, -2.5, -0.6, 3.49999, 1e10, -1e10,
                     2147483647.0, 2147483647.5, 2147483648.0, -2147483648.0, -2147483648.5, -2147483649.0,
                     4294967295.0, 4294967295.5, 4294967296.0, 9223372036854774784.0, 9223372036854775808.0,
                     -9223372036854775808.0, -9223372036854777856.0, 18446744073709549568.0,
                     18446744073709551616.0, 1e300, -1e300, INFINITY, -INFINITY, NAN, -NAN, 4.9e-324, -4.9e-324};
    const char *mn[] = {"z", "n", "a", "m", "p"};
    int nv = sizeof vals / sizeof vals[0];
    for (int i = 0; i < nv; i++) {
        for (int m = 0; m < 5; m++) {
            int64_t s64; uint64_t u64; int32_t s32; uint32_t u32;
            conv_d(vals[i], &s64, &u64, &s32, &u32, m);
            printf("d[%2d]=%016llx %s s64=%lld u64=%llu s32=%d u32=%u\n", i,
                   (unsigned long long)dbits(vals[i]), mn[m], (long long)s64, (unsigned long long)u64, s32, u32);
        }
        float f = (float)vals[i];
        int64_t s64; uint64_t u64; int32_t s32; uint32_t u32;
        conv_f(f, &s64, &u64, &s32, &u32);
        /* A NaN narrowed to float keeps its sign and payload on x86 and Arm but is
         * the canonical NaN on RISC-V, so NaNs print as such. */
        char fb[16] = "nan";
        if (!isnan(f)) snprintf(fb, sizeof fb, "%08x", fbits(f));
        printf("f[%2d]=%s z s64=%lld u64=%llu s32=%d u32=%u\n", i, fb, (long long)s64, (unsigned long long)u64, s32,
               u32);
    }
    /* int -> float conversions (SCVTF/UCVTF), including rounding of large values */
    uint64_t ints[] = {0, 1, 0x7fffffff, 0x80000000, 0xffffffff, 0x1fffffffffffffULL, 0x20000000000001ULL,
                       0x7fffffffffffffffULL, 0x8000000000000000ULL, 0xffffffffffffffffULL,
                       0x8000000000000401ULL, 0x123456789abcdefULL, 0xffffff7fffffffffULL};
    for (unsigned i = 0; i < sizeof ints / sizeof ints[0]; i++) {
        uint64_t u = ints[i];
        printf("i2f %016llx: u2d=%016llx s2d=%016llx u2f=%08x s2f=%08x w2d=%016llx w2f=%08x\n",
               (unsigned long long)u, (unsigned long long)dbits((double)u),
               (unsigned long long)dbits((double)(int64_t)u), fbits((float)u), fbits((float)(int64_t)u),
               (unsigned long long)dbits((double)(int32_t)u), fbits((float)(uint32_t)u));
    }
    /* double <-> float narrowing/widening */
    double dn[] = {1.0 / 3, 3.4028235677973366e38, 3.4028235677973367e38, 1e39, 1.1754942106924411e-38,
                   1e-45, 7e-46, 1e-46, -0.0, 16777217.0, 0.1};
    for (unsigned i = 0; i < sizeof dn / sizeof dn[0]; i++) {
        float f = (float)dn[i];
        printf("d2f %.17g -> %08x -> %016llx\n", dn[i], fbits(f), (unsigned long long)dbits((double)f));
    }
    /* in-range C conversions over many values */
    uint64_t h = FNV_INIT;
    rng_seed(5);
    for (int i = 0; i < 20000; i++) {
        double d = ((double)(int64_t)rng_next()) / (double)(1ULL << rng_below(62));
        h = fnv_u64(h, (uint64_t)(int64_t)d);
        if (fabs(d) < 9e18) h = fnv_u64(h, (uint64_t)(int64_t)(float)d);
        /* llrint: lrint of a value a 32-bit long cannot hold is implementation-defined
         * (Arm saturates, x86 returns LONG_MIN); with a 64-bit long the two agree. */
        h = fnv_u64(h, (uint64_t)llrint(d) ^ (uint64_t)llround(d));
        if (fabs(d) < 2e9) h = fnv_u64(h, (uint64_t)(int32_t)d);
        h = fnv_u64(h, dbits((double)(int64_t)rng_next()) ^ fbits((float)rng_next()));
    }
    printf("hash %016llx\n", (unsigned long long)h);
    return 0;
}
