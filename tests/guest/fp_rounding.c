// crossrun-test: compare=native cflags=-frounding-math armabi=hf
/* Rounding modes via fesetround: rint/nearbyint/lrint/llrint and basic
 * float/double arithmetic, sqrt, fma and conversions in every mode. On
 * aarch64 this exercises FPCR.RMode writes and reads.
 * 32-bit Arm converts 64-bit integers to floating point in libgcc
 * (__aeabi_l2d, __aeabi_l2f), which rounds to nearest whatever FPSCR.RMode says,
 * so its i2d/i2f lines in the directed modes differ from the native reference:
 * fp_rounding.arm.expected (produced under qemu-arm and reviewed: only those
 * lines differ). */
#include "common.h"
#include <fenv.h>
#include <math.h>
#include <limits.h>

static volatile double vd[] = {0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 0.49999999999999994, 1e15 + 0.5,
                               -3.7, 3.3, 4503599627370495.5, -0.0, 1e300};
static volatile float vf[] = {0.5f, 1.5f, -2.5f, 8388607.5f, -0.1f, 3.3f};

int main(void)
{
    int modes[] = {FE_TONEAREST, FE_UPWARD, FE_DOWNWARD, FE_TOWARDZERO};
    const char *mname[] = {"nearest", "upward", "downward", "towardzero"};
    for (int m = 0; m < 4; m++) {
        if (fesetround(modes[m]) != 0) { printf("fesetround failed\n"); return 1; }
        printf("mode %s getround_ok=%d\n", mname[m], fegetround() == modes[m]);
        for (unsigned i = 0; i < sizeof vd / sizeof vd[0]; i++) {
            double x = vd[i];
            /* lrint is printed only where a long holds the result: beyond, it is
             * implementation-defined (32-bit Arm saturates, x86 returns LONG_MIN). */
            printf("  %.17g: rint=%.17g nearbyint=%.17g lrint=%ld llrint=%lld\n", x, rint(x), nearbyint(x),
                   fabs(x) < (double)LONG_MAX ? lrint(x) : 0L, fabs(x) < 1e18 ? llrint(x) : 0LL);
        }
        for (unsigned i = 0; i < sizeof vf / sizeof vf[0]; i++) {
            float x = vf[i];
            printf("  f %.9g: rintf=%.9g lrintf=%ld\n", x, rintf(x), lrintf(x));
        }
        volatile double one = 1.0, three = 3.0, ten = 10.0, big = 1e308, tiny = 4.9e-324, two = 2.0;
        volatile float onef = 1.0f, threef = 3.0f, sevenf = 7.0f;
        printf("  1/3=%a -1/3=%a 2/3=%a\n", one / three, -one / three, two / three);
        printf("  1+2^-53=%a 1-2^-54=%a\n", one + 0x1p-53, one - 0x1p-54);
        printf("  0.1*3=%a 1/10=%a\n", (one / ten) * three, one / ten);
        printf("  big*10=%a -big*10=%a tiny/2=%a -tiny/2=%a\n", big * ten, -big * ten, tiny / two, -tiny / two);
        printf("  sqrt2=%a sqrt3=%a fma=%a\n", sqrt(two), sqrt(three), fma(one / three, three, -one));
        printf("  f 1/3=%a 1/7=%a -1/7=%a\n", (double)(onef / threef), (double)(onef / sevenf),
               (double)(-onef / sevenf));
        volatile double d = 1.0 / 3.0 + 1e-10;
        volatile int64_t big64 = 0x1fffffffffffffffLL;
        printf("  d2f=%a i2d=%a i2f=%a\n", (double)(float)d, (double)big64, (double)(float)big64);
        printf("  sum:");
        double s = 0;
        for (int k = 1; k <= 1000; k++) s += one / k;
        printf(" %a\n", s);
    }
    fesetround(FE_TONEAREST);
    printf("restored %d\n", fegetround() == FE_TONEAREST);
    return 0;
}
