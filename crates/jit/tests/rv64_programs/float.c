/* Floating point as gcc compiles it: arithmetic in both precisions, fused multiply-add,
 * square roots, conversions with edge values, min/max, comparisons, classification
 * through bits, and every rounding mode set through frm. */
#include "rt.h"

static volatile double dv[] = {0.0, -0.0, 1.0, -1.5, 3.141592653589793, 1e308, -1e-308, 5e-324, 2.5, -2.5,
                               0.1, 1e16, -9007199254740993.0, 4294967296.5, -2147483648.75,
                               __builtin_inf(), -__builtin_inf(), __builtin_nan(""), 1.0000000000000002};
static volatile float fv[] = {0.0f, -0.0f, 1.0f, -1.5f, 3.1415927f, 3e38f, -1e-38f, 1e-45f, 2.5f, -2.5f,
                              0.1f, 16777217.0f, -8388609.5f, __builtin_inff(), __builtin_nanf(""), 1.0000001f};
#define ND (sizeof dv / sizeof dv[0])
#define NF (sizeof fv / sizeof fv[0])

static u64 bits(double d) { union { double d; u64 u; } x = {d}; return x.u; }
static u32 fbits(float f) { union { float f; u32 u; } x = {f}; return x.u; }

/* gcc 12 calls the C library for fmin/fmax; the instructions are wanted here. */
static double fmin_d(double a, double b) { double r; __asm__("fmin.d %0, %1, %2" : "=f"(r) : "f"(a), "f"(b)); return r; }
static double fmax_d(double a, double b) { double r; __asm__("fmax.d %0, %1, %2" : "=f"(r) : "f"(a), "f"(b)); return r; }
static float fmin_s(float a, float b) { float r; __asm__("fmin.s %0, %1, %2" : "=f"(r) : "f"(a), "f"(b)); return r; }
static float fmax_s(float a, float b) { float r; __asm__("fmax.s %0, %1, %2" : "=f"(r) : "f"(a), "f"(b)); return r; }

static void set_frm(unsigned mode) { __asm__ volatile("fsrm %0" : : "r"(mode)); }
static u64 fflags(void) { u64 f; __asm__ volatile("frflags %0" : "=r"(f)); return f; }
static void clear_flags(void) { __asm__ volatile("fsflags zero"); }

int main(void) {
    for (unsigned mode = 0; mode < 5; mode++) {
        set_frm(mode);
        u64 acc = 0;
        clear_flags();
        for (unsigned i = 0; i < ND; i++) {
            for (unsigned j = 0; j < ND; j++) {
                double a = dv[i], b = dv[j];
                acc = acc * 31 + bits(a + b) + bits(a - b) + bits(a * b) + bits(a / b);
                acc = acc * 31 + bits(__builtin_fma(a, b, dv[(i + j) % ND])) + bits(__builtin_fma(-a, b, -dv[j]));
                acc = acc * 31 + bits(fmin_d(a, b)) + bits(fmax_d(a, b));
                acc = acc * 31 + (a < b) + (a <= b) * 2 + (a == b) * 4 + __builtin_isunordered(a, b) * 8;
                acc = acc * 31 + bits(__builtin_copysign(a, b));
            }
            double a = dv[i];
            acc = acc * 31 + bits(__builtin_sqrt(a)) + bits((double)(float)a) + fbits((float)a);
            if (a > -9.2e18 && a < 9.2e18) acc = acc * 31 + (u64)(i64)a;
            if (a > -1.0 && a < 1.8e19) acc = acc * 31 + (u64)a;
            if (a > -2147483649.0 && a < 2147483648.0) acc = acc * 31 + (u64)(i64)(i32)a;
            acc = acc * 31 + bits((double)(i64)bits(a)) + bits((double)bits(a)) + fbits((float)(i32)bits(a));
        }
        out("double", acc);
        out("dflags", fflags());
        acc = 0;
        clear_flags();
        for (unsigned i = 0; i < NF; i++) {
            for (unsigned j = 0; j < NF; j++) {
                float a = fv[i], b = fv[j];
                acc = acc * 31 + fbits(a + b) + fbits(a - b) + fbits(a * b) + fbits(a / b);
                acc = acc * 31 + fbits(__builtin_fmaf(a, b, fv[(i * j) % NF])) + fbits(__builtin_fmaf(a, -b, fv[j]));
                acc = acc * 31 + fbits(fmin_s(a, b)) + fbits(fmax_s(a, b));
                acc = acc * 31 + (a < b) + (a >= b) * 2 + (a == b) * 4;
            }
            float a = fv[i];
            acc = acc * 31 + fbits(__builtin_sqrtf(a)) + bits((double)a);
            if (a > -2e9f && a < 2e9f) acc = acc * 31 + (u64)(i32)a;
            if (a > -1.0f && a < 4e9f) acc = acc * 31 + (u64)(u32)a;
            acc = acc * 31 + fbits((float)(i64)fbits(a)) + fbits((float)(u64)fbits(a) * 3);
        }
        out("float", acc);
        out("fflags", fflags());
    }
    set_frm(0);
    /* A Newton iteration and a series, as numeric code does. */
    double x = 2.0, e = 1.0, t = 1.0;
    for (int i = 0; i < 20; i++) x = 0.5 * (x + 2.0 / x);
    for (int i = 1; i < 25; i++) { t /= i; e += t; }
    out("sqrt2", bits(x));
    out("e", bits(e));
    return 0;
}
