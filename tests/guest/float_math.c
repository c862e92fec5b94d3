// crossrun-test: variants=all compare=native cflags=-ffp-contract=off
/* Scalar float/double arithmetic: + - * / sqrt, fma (exact via libm), mixed
 * precision, subnormals, signed zeros, infinities, comparisons, fabs,
 * copysign, fmin/fmax, and a few numeric kernels (Horner, Kahan sum,
 * Newton iteration). NaN results are only tested with isnan() because
 * the sign of the default NaN differs between architectures.
 * -ffp-contract=off keeps a*b+c from turning into FMADD only on aarch64. */
#include "common.h"
#include <math.h>

static volatile double vd[] = {0.0, -0.0, 1.0, -1.0, 0.1, 1.0 / 3, 2.5e-308, 4.9e-324, 1.7976931348623157e308,
                               123456.789, -1e-300, 3.0, 0.5, 1e16, INFINITY, -INFINITY};
static volatile float vf[] = {0.0f, -0.0f, 1.0f, 0.1f, 1.0f / 3, 1e-40f, 3.4e38f, -7.25f, 1e-45f, INFINITY};

static void pd(double r) { if (isnan(r)) printf(" nan"); else printf(" %a", r); }
static void pf(float r) { if (isnan(r)) printf(" nan"); else printf(" %a", (double)r); }

int main(void)
{
    int nd = sizeof vd / sizeof vd[0], nf = sizeof vf / sizeof vf[0];
    for (int i = 0; i < nd; i++)
        for (int j = 0; j < nd; j++) {
            double a = vd[i], b = vd[j];
            printf("d %a %a:", a, b);
            pd(a + b); pd(a - b); pd(a * b); pd(a / b); pd(fma(a, b, 1.0)); pd(fmin(a, b) + 0.0); pd(fmax(a, b) + 0.0); /* +0.0: the sign of a zero result is unspecified */
            pd(copysign(a, b));
            printf(" %d%d%d%d%d\n", a < b, a <= b, a == b, a != b, isgreater(a, b));
        }
    for (int i = 0; i < nf; i++)
        for (int j = 0; j < nf; j++) {
            float a = vf[i], b = vf[j];
            printf("f %a %a:", (double)a, (double)b);
            pf(a + b); pf(a - b); pf(a * b); pf(a / b); pf(fmaf(a, b, -1.0f)); pf(sqrtf(fabsf(a)));
            printf(" %d%d\n", a < b, a == b);
        }
    for (int i = 0; i < nd; i++) {
        double a = vd[i];
        printf("u %a:", a);
        pd(sqrt(fabs(a))); pd(-a); pd(fabs(a)); pd((double)(float)a); pd(a * 0.5); pd(a * 2);
        printf(" %d %d %d %d\n", fpclassify(a), signbit(a) != 0, isinf(a), isfinite(a));
    }
    /* Horner polynomial, Kahan summation, Newton sqrt */
    double coef[] = {1, -0.5, 1.0 / 24, -1.0 / 720, 1.0 / 40320, -1.0 / 3628800};
    for (double x = 0; x < 3.2; x += 0.4) {
        double p = 0;
        for (int k = 5; k >= 0; k--) p = p * (x * x) + coef[k];
        printf("horner cos~(%g) = %.17g\n", x, p);
    }
    double sum = 0, c = 0, naive = 0;
    for (int k = 1; k <= 100000; k++) {
        double y = 1.0 / ((double)k * k) - c;
        double t = sum + y;
        c = (t - sum) - y;
        sum = t;
        naive += 1.0 / ((double)k * k);
    }
    printf("kahan %.17g naive %.17g\n", sum, naive);
    double g = 1;
    for (int k = 0; k < 8; k++) { g = 0.5 * (g + 2 / g); printf("newton %d %.17g\n", k, g); }
    float fs = 0;
    for (int k = 0; k < 10000; k++) fs += 0.1f;
    printf("float sum %.9g\n", fs);
    uint64_t h = FNV_INIT;
    rng_seed(2024);
    for (int k = 0; k < 30000; k++) {
        double a = bitsd(rng_next() & 0xbfffffffffffffffULL), b = (double)(int64_t)rng_next() / 1e9;
        double r1 = a * b, r2 = a / (b == 0 ? 1 : b), r3 = a + b, r4 = sqrt(fabs(a));
        float f1 = (float)a * (float)b, f2 = (float)b / 3.0f;
        h = fnv_u64(h, isnan(r1) ? 1 : dbits(r1));
        h = fnv_u64(h, isnan(r2) ? 1 : dbits(r2));
        h = fnv_u64(h, dbits(r3) ^ dbits(r4));
        h = fnv_u64(h, isnan(f1) ? 1 : fbits(f1));
        h = fnv_u64(h, fbits(f2));
    }
    printf("hash %016llx\n", (unsigned long long)h);
    return 0;
}
